"""Russian for the bounded lists of issue 19 (duplicates, audit, ABC, handover): folded into the .po by the coordinator."""
RU = {
    "Records": "Записи",
    "How many": "Сколько",
    "Click a group to see its records and merge them.": "Нажмите на группу, чтобы увидеть её записи и объединить их.",
    "Rows {first}–{last} of {total}": "Строки {first}–{last} из {total}",
    "Changes matching the filters: {n}, the newest first.": "Изменений по фильтрам: {n}, сначала новые.",
    "Narrow the filters or page through them.": "Сузьте фильтры или листайте страницы.",
    "Find a client": "Найти клиента",
    "No client matches.": "Ни один клиент не подходит.",
    "The company's classes by the last 12 months' shipments.": "Классы компании по отгрузкам за последние 12 месяцев.",
}
