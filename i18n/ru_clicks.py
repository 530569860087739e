"""Russian for lists that open on a click, saves that keep the person where they were, and
tel:/mailto: links (issue 18, items 3 and 4)."""

RU = {
    "Contact added: {name}.": "Контакт добавлен: {name}.",
    "Contact saved: {name}.": "Контакт сохранён: {name}.",
    "Logged: {kind} «{subject}».": "Записано: {kind} «{subject}».",
    "Just logged": "Только что",
    "Mark the task done": "Отметить задачу выполненной",
    "Close with a note": "Закрыть с записью",
    "Task done: «{title}».": "Задача выполнена: «{title}».",
    "Click a contact to edit it; a phone or an e-mail to call or write.":
        "Щёлкните контакт, чтобы изменить его; телефон или e-mail — чтобы позвонить или написать.",
}
