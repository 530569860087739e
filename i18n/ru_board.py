"""Russian for the deal board (issue 18, New: a deal board)."""

RU = {
    "Deal board": "Доска сделок",
    "Move one card at a time.": "Переносите по одной карточке.",
    "All {n} deals of the stage": "Все сделки этапа: {n}",
    "Deals: {n} · {amount}": "Сделок: {n} · {amount}",
    "No deals": "Нет сделок",
    "{n} d": "{n} дн.",
    "Send the move of “{deal}” to a head for approval?": "Отправить перевод «{deal}» на одобрение руководителю?",
    "The move waits for the decision of {who}.": "Перевод ждёт решения: {who}.",
    "Cancel": "Отмена",
    "Back to the board": "К доске",
    "Days at the stage": "Дней на этапе",
    "No open deals on the board.": "На доске нет открытых сделок.",
    "Drag a card to another stage to move the deal; the client's name opens it.":
        "Перетащите карточку на другой этап, чтобы перевести сделку; название клиента открывает её.",
    "The client's name opens the deal.": "Название клиента открывает сделку.",
}
