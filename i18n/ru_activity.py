"""Russian for the activity report (issue 21, "What the team did")."""

RU = {
    "Activity report": "Отчёт об активности",
    "Weeks": "По неделям",
    "Months": "По месяцам",
    "By": "Разбивка",
    "Last": "Последних",
    "Contacts: calls, e-mails, meetings and letters (notes are not contacts). In time: of the person's "
    "clients of a class on the period's last day (today for the current period), those contacted within "
    "the regulation — A every {a} days, B every {b}, C every {c} (the admin's reminder settings).":
        "Контакты: звонки, письма по e-mail, встречи и письма (заметки контактами не считаются). Вовремя: из "
        "клиентов класса у сотрудника на последний день периода (для текущего — на сегодня) те, с кем связались "
        "в срок по регламенту — A раз в {a} дн., B раз в {b}, C раз в {c} (настройки напоминаний у администратора).",
    "No managers to show.": "Нет менеджеров для показа.",
    "week of {day}": "неделя с {day}",
    "{abc} clients": "Клиентов {abc}",
    "{abc} in time": "{abc} вовремя",
    "In time, %": "Вовремя, %",
    "Period": "Период",
    "Activities": "Активности",
    "{who}: {n} activities from {start} to {end}.": "{who}: активностей с {start} по {end}: {n}.",
}
