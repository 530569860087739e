"""Russian for stand-ins for real (issue 21): the colleague's items in the stand-in's My day."""
RU = {
    # Without a case ending: a name after "за"/"для" would need declining.
    "for {name}": "замещаю: {name}",
    "Whose": "Чьё",
    "You stand in for {name} until {day}: their tasks, clients and deals are here too, marked "
    "\u201cfor {short}\u201d, and the new reminders on their clients come to you.":
        "Вы замещаете коллегу ({name}) до {day} включительно: задачи, клиенты и сделки коллеги тоже здесь, "
        "с пометкой «замещаю: {short}», и новые напоминания по клиентам коллеги приходят вам.",
    "Reminder handed back after a stand-in": "Напоминание возвращено после замещения",
}
