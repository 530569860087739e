RU = {
    "Show {n} more": "Показать ещё {n}",
}
