"""Russian for the calendar's drag, day view and meeting invitations (issue 21); folded into the .po
by the coordinator."""
RU = {
    "Only a task with a client and a time of day is a meeting to invite to.":
        "Пригласить можно только на встречу: задачу по клиенту с указанным временем.",
    "The meeting has already begun: move it to a later time first.":
        "Встреча уже началась: сначала перенесите её на более позднее время.",
    "Choose whom to invite.": "Выберите, кого пригласить.",
    "The contact has no e-mail address.": "У контакта нет адреса электронной почты.",
    "{name} has no e-mail address in the profile: the guest could not answer the invitation.":
        "У пользователя {name} в профиле нет адреса электронной почты: гость не сможет ответить на приглашение.",
    "This invitation has already been sent to {name}; a new one goes out after the meeting is moved.":
        "Это приглашение уже отправлено: {name}. Новое можно отправить, когда встреча будет перенесена.",
    "Week": "Неделя",
    "Day": "День",
    "Date": "Дата",
    "Previous day": "Предыдущий день",
    "Next day": "Следующий день",
    "{day}. Tasks without a time are for the whole day; the times are the company's time zone.":
        "{day}. Задачи без времени — на весь день; время указано в часовом поясе компании.",
    "Drag a task to another day or time; a click opens it below. Without a mouse: choose it in “Task” below.":
        "Перетащите задачу на другой день или время; щелчок открывает её ниже. Без мыши — выберите её "
        "в поле «Задача» ниже.",
    "Meeting invitation sent": "Отправлено приглашение на встречу",
    "Task moved to {day}, {time}.": "Задача перенесена на {day}, {time}.",
    "Reschedule": "Перенести",
    "Invite the client to this meeting": "Пригласить клиента на эту встречу",
    "None of the client's contacts has an e-mail address: add one on the client's card to send an invitation.":
        "Ни у одного контакта клиента нет адреса электронной почты: добавьте его в карточке клиента, "
        "чтобы отправить приглашение.",
    "Recipient": "Получатель",
    "Invitation: {title}": "Приглашение: {title}",
    "Good day!\n\nI invite you to a meeting: {title}.\nWhen: {when} (time zone: {tz}).\n\nThe invitation is "
    "attached as a calendar file (.ics): open it to add the meeting to your calendar.\n\nKind regards,\n{name}":
        "Добрый день!\n\nПриглашаю вас на встречу: {title}.\nКогда: {when} (часовой пояс: {tz}).\n\n"
        "Приглашение приложено файлом календаря (.ics): откройте его, чтобы добавить встречу в свой "
        "календарь.\n\nС уважением,\n{name}",
    "The letter with the meeting's .ics file goes out from the CRM's outgoing mail and is logged on the "
    "client's timeline.":
        "Письмо с файлом встречи (.ics) уходит через исходящую почту CRM и записывается в историю клиента.",
    "Send invitation": "Отправить приглашение",
    "The invitation to {name} is queued for sending.": "Приглашение для {name} поставлено в очередь на отправку.",
    "The move could not be read; drag the task again.": "Не удалось прочитать перенос; перетащите задачу ещё раз.",
    "No tasks on these days.": "На эти дни задач нет.",
    "No tasks on this day.": "На этот день задач нет.",
}
