"""Russian for issue 17, item 6 (any period the data covers): the end-month picker's hint."""
RU = {
    "Shipments on record: {first} – {last}.": "Отгрузки в базе: {first} – {last}.",
}
