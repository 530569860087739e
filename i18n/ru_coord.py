RU = {
    "Include all {n} clients found": "Отметить всех найденных клиентов ({n})",
}
