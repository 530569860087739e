"""Russian for the windows of inference closed and the database's resources (issue 15, items 10 and 11)."""

RU = {
    # --- a new client like one the viewer may not see -------------------------------
    "A client with this INN already exists among clients you cannot see: ask your head or the director who "
    "works with it.":
        "Клиент с таким ИНН уже есть среди клиентов, которые вам не видны: спросите руководителя или "
        "директора, кто с ним работает.",
    "Similar clients exist: {clients}; a similar name also exists among clients you cannot see (ask your head "
    "or the director). If this is a different company, confirm and save again.":
        "Есть похожие клиенты: {clients}; похожее название есть и среди клиентов, которые вам не видны "
        "(спросите руководителя или директора). Если это другая компания, подтвердите и сохраните ещё раз.",
    "A similar name exists among clients you cannot see: ask your head or the director who works with it. "
    "If this is a different company, confirm and save again.":
        "Похожее название есть среди клиентов, которые вам не видны: спросите руководителя или директора, "
        "кто с ним работает. Если это другая компания, подтвердите и сохраните ещё раз.",
    # --- the holding's total over the members the viewer sees -------------------------
    "Holding shipments this year, members you see": "Отгрузки холдинга за год, видимые вам компании",
    "Only the members whose figures you see count here; other managers' members are left out.":
        "Здесь учтены только компании холдинга, чьи цифры вам видны; клиенты других менеджеров не учтены.",
    # --- the database short of resources ------------------------------------------------
    "The database is short of memory or connections just now, so nothing was saved. Try again in a moment; "
    "if it lasts, tell the administrator.":
        "Базе данных сейчас не хватает памяти или подключений, поэтому ничего не сохранено. Попробуйте ещё "
        "раз через минуту; если не пройдёт, сообщите администратору.",
}
