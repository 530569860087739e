"""Russian for the calendar (issue 21): a task's time and duration, the .ics file, the week view."""
RU = {
    "Time": "Время",
    "Duration": "Длительность",
    "Duration, min": "Длительность, мин",
    "Leave empty for a task of the whole day.": "Оставьте пустым для задачи на весь день.",
    "{n} min": "{n} мин",
    "{h} h": "{h} ч",
    "{h} h {m} min": "{h} ч {m} мин",
    "Not a time of day (hh:mm).": "Это не время суток (чч:мм).",
    "A duration needs a start time.": "Для длительности нужно время начала.",
    "Tasks to my calendar (.ics)": "Задачи в мой календарь (.ics)",
    "Your open tasks as a calendar file for the phone or Outlook; tasks with a time become appointments, "
    "the rest whole-day entries.":
        "Ваши открытые задачи файлом календаря для телефона или Outlook: задачи со временем станут встречами, "
        "остальные — записями на весь день.",
    "Calendar": "Календарь",
    "Whose calendar": "Чей календарь",
    "Week of": "Неделя (любой её день)",
    "{first} – {last}. Tasks without a time are for the whole day; the times are the company's time zone.":
        "{first} – {last}. Задачи без времени — на весь день; время указано в часовом поясе компании.",
    "Whole day": "Весь день",
    "Previous week": "Предыдущая неделя",
    "Next week": "Следующая неделя",
    "Move a task": "Перенести задачу",
    "Task moved to {day}.": "Задача перенесена на {day}.",
    "Task moved": "Задача перенесена",
}
