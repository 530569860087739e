"""Russian for exports' audit and alerts, escaping, stale forms, bounds and inference windows (issue 15)."""

RU = {
    "Unusually large exports: {who} took {rows} rows in {n} files in the last 24 hours (the largest: «{what}», "
    "{largest} rows; last at {at}). The alert starts at {threshold} rows a day.":
        "Необычно большие выгрузки: {who} — {rows} строк в {n} файлах за последние 24 часа (самый большой: "
        "«{what}», {largest} строк; последний в {at}). Предупреждение включается с {threshold} строк в день.",
    "The command line (no login)": "Командная строка (без логина)",
    "Unknown file format.": "Неизвестный формат файла.",
}
