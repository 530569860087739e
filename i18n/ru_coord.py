RU = {
    "Include all {n} clients found": "Отметить всех найденных клиентов ({n})",
    "Yes, hand over all clients found": "Да, передать всех найденных клиентов",
    "Asked only when \u201cAll clients found\u201d is chosen.": "Нужно, только когда выбрано \u00abВсех найденных\u00bb.",
    "Tick \u201cYes, hand over all clients found\u201d to hand over all {n} of them.":
        "Отметьте \u00abДа, передать всех найденных клиентов\u00bb, чтобы передать их всех ({n}).",
    "Ask for approval": "Запросить согласование",
    "The client's exposure of {exposure} (unpaid shipments {shipments}, committed open deals {committed}, won but "
    "not shipped {won}) plus this deal's {amount} passes the credit limit of {limit} by {excess}. It needs "
    "approval: tick “Ask for approval” and move again.":
        "Кредитная нагрузка клиента {exposure} (неоплаченные отгрузки {shipments}, сделки на этапе обязательств "
        "{committed}, выигранные, но не отгруженные {won}) плюс сумма сделки {amount} превышает кредитный лимит "
        "{limit} на {excess}. Нужно согласование: отметьте «Запросить согласование» и переведите снова.",
    "Each forecast is the one the method would have made on the first day of that month, from what was recorded "
    "by then: the stage each deal was at, and the amount, probability and expected date a later edit replaced "
    "(the audit log). Deals imported without a history count with their present dates.":
        "Каждый прогноз — тот, что метод дал бы в первый день месяца по записанному к тому времени: этап каждой "
        "сделки, а её сумма, вероятность и ожидаемая дата — такими, какими их застала следующая правка (журнал "
        "изменений). Сделки, импортированные без истории, учитываются с нынешними датами.",
    "Merged into {name}: its deals, shipments, contacts and history are there now.":
        "Объединён с клиентом {name}: его сделки, отгрузки, контакты и история теперь там.",
    "Open {name}": "Открыть: {name}",
    "Merged into another client, not among yours.": "Объединён с другим клиентом, не из ваших.",
}
