"""Russian for the CRM's own mail (issue 21): approval letters, the morning digest, the queue, the profile."""

RU = {
    # approval letters (db/actions/mail_notices.py)
    "This letter was sent by the CRM. You get such letters because \u201cE-mail me about approvals\u201d is "
    "on in your profile.":
        "Это письмо отправила CRM. Вы получаете такие письма, потому что в вашем профиле включён параметр "
        "\u00abПисать мне о согласованиях\u00bb.",
    "a discount of {pct} on the deal \u00ab{deal}\u00bb of {client} ({amount})":
        "скидку {pct} по сделке \u00ab{deal}\u00bb клиента {client} ({amount})",
    "moving the deal \u00ab{deal}\u00bb of {client} ({amount}) to \u00ab{stage}\u00bb past the client's credit "
    "limit of {limit} (exposure {exposure})":
        "перевод сделки \u00ab{deal}\u00bb клиента {client} ({amount}) на этап \u00ab{stage}\u00bb сверх "
        "кредитного лимита клиента {limit} (задолженность и обязательства {exposure})",
    "{who} asks for your approval: {what}.": "{who} просит вашего согласования: {what}.",
    "Decide it in the CRM, on the page \u201cApprovals\u201d.": "Решение принимается в CRM, на странице "
                                                               "\u00abСогласования\u00bb.",
    "Approval asked: {deal} ({client})": "Нужно согласование: {deal} ({client})",
    "Approved: {deal} ({client})": "Согласовано: {deal} ({client})",
    "Rejected: {deal} ({client})": "Отклонено: {deal} ({client})",
    "{who} approved your request: {what}.": "{who} {who:согласовал|согласовала} ваш запрос: {what}.",
    "{who} rejected your request: {what}.": "{who} {who:отклонил|отклонила} ваш запрос: {what}.",
    "Comment: {comment}": "Комментарий: {comment}",
    # the queue (db/actions/outgoing_mail.py)
    "Choose the letters to send again.": "Выберите письма, которые нужно отправить снова.",
    "These letters are not failed any more: reload the page.":
        "Эти письма уже не в числе неотправленных: обновите страницу.",
    # the morning digest (db/mailing/digest.py)
    "You get this letter because \u201cMorning digest by e-mail\u201d is on in your profile in the CRM.":
        "Вы получаете это письмо, потому что в вашем профиле в CRM включён параметр \u00abУтренняя сводка по почте\u00bb.",
    "last contact {date}": "последний контакт {date}",
    "no contact yet": "контактов ещё не было",
    "class {abc}": "класс {abc}",
    "due since {date}": "пора с {date}",
    "Reorders due": "Пора повторить заказ",
    "Approvals waiting for you": "Согласования ждут вашего решения",
    "days without movement: {n}": "дней без движения: {n}",
    "My day {date}": "Мой день {date}",
    "My day, {date}": "Мой день, {date}",
    "Good morning, {name}!": "Доброе утро, {name}!",
    # the profile (ui/outbox.py, db/actions/users.py)
    "Your profile has no e-mail address: ask the administrator to add one.":
        "В вашем профиле нет адреса электронной почты: попросите администратора его добавить.",
    "Mail from the CRM": "Письма из CRM",
    "Letters go to {email}.": "Письма приходят на {email}.",
    "Morning digest by e-mail": "Утренняя сводка по почте",
    "On working days at 7:00: your tasks for today and overdue ones, clients due for a contact or a reorder, "
    "stalled deals, birthdays and approvals waiting for you, with today's meetings as a calendar file.":
        "По рабочим дням в 7:00: задачи на сегодня и просроченные, клиенты, с которыми пора связаться или "
        "которым пора повторить заказ, зависшие сделки, дни рождения и согласования, ждущие вашего решения; "
        "сегодняшние встречи — файлом календаря.",
    "E-mail me about approvals": "Писать мне о согласованиях",
    "A letter when a request waits for your decision, and when your own request is decided.":
        "Письмо, когда запрос ждёт вашего решения и когда по вашему запросу принято решение.",
    # the administrator's queue (pages/routine_settings.py, ui/outbox.py)
    "Outgoing mail": "Исходящая почта",
    "Outgoing mail ({n})": "Исходящая почта ({n})",
    "Morning digest": "Утренняя сводка",
    "Approval asked": "Запрос согласования",
    "Approval decided": "Решение по согласованию",
    "Meeting invitation": "Приглашение на встречу",
    "Letters that could not be sent: {n}. Check the mail server settings and the addresses, then retry them "
    "under \u201cOutgoing mail\u201d.":
        "Не удалось отправить писем: {n}. Проверьте настройки почтового сервера и адреса, затем отправьте их "
        "снова на вкладке \u00abИсходящая почта\u00bb.",
    "Letters waiting for more than an hour: {n}. Is the command python -m db.mail run by cron?":
        "Писем ждут отправки больше часа: {n}. Запускается ли команда python -m db.mail по расписанию (cron)?",
    "Approval letters and morning digests wait here until the command python -m db.mail (cron, every few "
    "minutes) sends them through the mail server. A failed attempt is tried again after 5 minutes, 30 minutes, "
    "2 hours and 6 hours; after the fifth the letter is failed.":
        "Письма о согласованиях и утренние сводки ждут здесь, пока команда python -m db.mail (cron, каждые "
        "несколько минут) не отправит их через почтовый сервер. Неудачная попытка повторяется через 5 минут, "
        "30 минут, 2 часа и 6 часов; после пятой письмо считается неотправленным.",
    "No letters in the queue.": "В очереди нет писем.",
    "Attempts": "Попытки",
    "Queued": "В очереди с",
    "Failed letters to send again": "Неотправленные письма, которые нужно отправить снова",
    "Retry": "Отправить снова",
    "The letters are queued again: they go out with the next run of python -m db.mail.":
        "Письма снова в очереди: они уйдут при следующем запуске python -m db.mail.",
}
