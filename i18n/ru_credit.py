"""Russian for the credit check that counts committed orders and the overdue block (issue 17, item 1)."""

RU = {
    # --- the refusals (db/actions/deal_moves.py, approvals.py; the deal page) ----------------------
    "The client's exposure of {exposure} (unpaid shipments {shipments}, committed open deals {committed}, won but "
    "not shipped {won}) plus this deal's {amount} passes the credit limit of {limit} by {excess}. A head of sales "
    "must approve: tick “Ask a head to approve” and move again.":
        "Кредитная нагрузка клиента {exposure} (неоплаченные отгрузки {shipments}, сделки на этапе обязательств "
        "{committed}, выигранные, но не отгруженные {won}) плюс сумма сделки {amount} превышает кредитный лимит "
        "{limit} на {excess}. Нужно согласование руководителя: отметьте «Запросить согласование руководителя» "
        "и переведите снова.",
    "The client's overdue debt of {overdue} is {days} days past due, more than the {limit} days allowed: no "
    "committing move until it is paid.":
        "Просроченный долг клиента {overdue} просрочен на {days} дн. — больше допустимых {limit} дн.: перевод "
        "сделок на этапы обязательств невозможен, пока долг не погашен.",
    # --- the client card's credit block (ui/client_card.py) ------------------------------------------
    "Unpaid shipments": "Неоплаченные отгрузки",
    "Committed open deals": "Сделки на этапе обязательств",
    "Open deals at a committing stage (contract), less what was shipped against them.":
        "Открытые сделки на этапе обязательств (договор) за вычетом того, что по ним уже отгружено.",
    "Won, not shipped": "Выиграно, не отгружено",
    "Won deals less what was shipped against them.": "Выигранные сделки за вычетом того, что по ним отгружено.",
    "Total exposure": "Кредитная нагрузка",
    "Unpaid shipments + committed open deals + won, not shipped: what the credit check counts.":
        "Неоплаченные отгрузки + сделки на этапе обязательств + выиграно, но не отгружено: то, что учитывает "
        "проверка кредитного лимита.",
    "Available": "Доступно",
    "Overdue debt {amount}, the oldest {days} days past due — more than the {limit} days allowed: no deal can be "
    "committed (contract, won) until it is paid.":
        "Просроченный долг {amount}, самый давний просрочен на {days} дн. — больше допустимых {limit} дн.: "
        "ни одну сделку нельзя перевести на этап обязательств (договор, выиграна), пока долг не погашен.",
    "Exposure {exposure} is over the credit limit {limit} by {excess}: committing to a deal (contract, won) needs "
    "a head's approval.":
        "Кредитная нагрузка {exposure} превышает кредитный лимит {limit} на {excess}: перевод сделки на этап "
        "обязательств (договор, выиграна) требует согласования руководителя.",
    # --- the funnel settings' credit rule (pages/pipeline_settings.py) ------------------------------
    "Credit rules": "Кредитные правила",
    "Exposure = unpaid shipments + open deals at committing stages + won deals not yet shipped; a committing move "
    "past the client's credit limit needs a head's approval. Overdue debt more days past due than this blocks "
    "committing moves outright (0: any overdue debt blocks).":
        "Кредитная нагрузка = неоплаченные отгрузки + открытые сделки на этапах обязательств + выигранные, но ещё "
        "не отгруженные сделки; перевод на этап обязательств сверх кредитного лимита клиента требует согласования "
        "руководителя. Просроченный долг старше указанного числа дней блокирует такие переводы полностью "
        "(0 — блокирует любая просрочка).",
    "Overdue debt blocks committing after, days": "Просрочка блокирует обязательства через, дней",
    # --- the deal page's notice (pages/deal.py) ------------------------------------------------------
    "Committing to this deal (contract, won) passes the client's credit limit: exposure {exposure} (unpaid "
    "shipments {shipments}, committed open deals {committed}, won but not shipped {won}) + this deal {amount} > "
    "limit {limit} by {excess}. The move needs a head's approval.":
        "Перевод сделки на этап обязательств (договор, выиграна) превысит кредитный лимит клиента: кредитная "
        "нагрузка {exposure} (неоплаченные отгрузки {shipments}, сделки на этапе обязательств {committed}, "
        "выигранные, но не отгруженные {won}) + сделка {amount} > лимит {limit} на {excess}. Нужно согласование "
        "руководителя.",
    # --- the approval queue (pages/approvals.py) -----------------------------------------------------
    "Move to “{stage}” past the credit limit: exposure {exposure} (unpaid shipments {shipments}, committed open "
    "deals {committed}, won but not shipped {won}) + deal {amount} > limit {limit}":
        "Перевод на этап «{stage}» сверх кредитного лимита: кредитная нагрузка {exposure} (неоплаченные отгрузки "
        "{shipments}, сделки на этапе обязательств {committed}, выигранные, но не отгруженные {won}) + сделка "
        "{amount} > лимит {limit}",
}
