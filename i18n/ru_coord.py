RU = {
    "Calls": "Звонки",
    "E-mails": "Письма (e-mail)",
    "Meetings": "Встречи",
    "Letters": "Письма",
}
