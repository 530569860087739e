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
}
