"""Russian for the approvals list and who decides (issue 18, item 5) and the readable history of changes
with its audit page (issue 18, item 6)."""

RU = {
    # Approvals (item 5)
    "today": "сегодня",
    "{n} d": "{n} дн.",
    "Requests waiting: {n}, the oldest first.": "Ждут решения: {n}, сначала самые давние.",
    "Request": "Запрос",
    "Who decides": "Кто решает",
    "Nobody may approve it: the discount is above every cap.":
        "Одобрить некому: скидка выше предела любой роли.",
    "Above your cap of {cap}: {who} decides.": "Выше вашего предела {cap}: решает {who}.",
    "Why (the manager reads it)": "Почему (менеджер прочтёт)",
    "nobody yet: the discount is above every cap": "пока никого: скидка выше предела любой роли",
    "Saved. A discount above your cap waits for the decision of {who}.":
        "Сохранено. Скидка выше вашего предела ждёт решения: {who}.",
    "The move waits for the decision of {who}.": "Перевод ждёт решения: {who}.",
    "Waiting for {decider}: a discount of {asked} % (asked by {who}). Until then the lines keep their present "
    "discounts.":
        "Ждёт решения ({decider}): скидка {asked} % (запросил {who}). До решения в строках остаются нынешние "
        "скидки.",
    "Waiting for {decider}: the move past the credit limit (asked by {who}).":
        "Ждёт решения ({decider}): перевод сверх кредитного лимита (запросил {who}).",
}
