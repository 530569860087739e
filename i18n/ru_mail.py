"""Russian for the CRM's own mail (issue 21): approval letters, the morning digest, the queue, the profile."""

RU = {
    # approval letters (db/actions/mail_notices.py)
    "This letter was sent by the CRM. You get such letters because \u201cE-mail me about approvals\u201d is "
    "on in your profile.":
        "Это письмо отправила CRM. Вы получаете такие письма, потому что в вашем профиле включено "
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
        "Вы получаете это письмо, потому что в вашем профиле в CRM включено \u00abУтренняя сводка по почте\u00bb.",
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
}
