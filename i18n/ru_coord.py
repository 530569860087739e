RU = {
    "Include all {n} clients found": "Отметить всех найденных клиентов ({n})",
    "Yes, hand over all clients found": "Да, передать всех найденных клиентов",
    "Asked only when \u201cAll clients found\u201d is chosen.": "Нужно, только когда выбрано \u00abВсех найденных\u00bb.",
    "Tick \u201cYes, hand over all clients found\u201d to hand over all {n} of them.":
        "Отметьте \u00abДа, передать всех найденных клиентов\u00bb, чтобы передать их всех ({n}).",
}
