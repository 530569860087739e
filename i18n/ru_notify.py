"""Russian for issue 21's in-app notifications and ABC movement as action (db/actions/notifications.py,
db/actions/abc_watch.py, ui/notifications.py, pages/notifications.py); folded into the .po by
`python -m i18n.fold`."""

RU = {
    # The page and the menu
    "Notifications": "Уведомления",
    "Unread": "Непрочитанные",
    "Mark all read": "Прочитать все",
    "Mark read": "Прочитано",
    "All notifications are marked read.": "Все уведомления отмечены прочитанными.",
    "Unread: {n}. Notifications are kept 90 days.": "Непрочитанных: {n}. Уведомления хранятся 90 дней.",
    "No unread notifications.": "Непрочитанных уведомлений нет.",
    "No notifications in the last 90 days.": "За последние 90 дней уведомлений не было.",
    "The newest {n} of {total} are shown.": "Показаны последние {n} из {total}.",
    "Unread notifications: {n}": "Непрочитанных уведомлений: {n}",
    "Notification not found.": "Уведомление не найдено.",
    # The messages, written in the reader's language when shown
    "{by} asks for a discount of {pct} % on the deal «{deal}» ({client}).":
        "{by} просит скидку {pct} % по сделке «{deal}» ({client}).",
    "{by} asks to move the deal «{deal}» ({client}) past the client's credit limit.":
        "{by} просит перевести сделку «{deal}» ({client}) сверх кредитного лимита клиента.",
    "{by} approved your request on the deal «{deal}» ({client}).":
        "{by} одобрил(а) ваш запрос по сделке «{deal}» ({client}).",
    "{by} rejected your request on the deal «{deal}» ({client}): {comment}":
        "{by} отклонил(а) ваш запрос по сделке «{deal}» ({client}): {comment}",
    "{by} handed over to you: clients {clients}, open deals {deals}, open tasks {tasks}.":
        "{by} передал(а) вам: клиентов — {clients}, открытых сделок — {deals}, открытых задач — {tasks}.",
    "{stand_in} stands in for you from {start} to {end}: your clients are in good hands.":
        "{stand_in} замещает вас с {start} по {end}: ваши клиенты в надёжных руках.",
    "From {start} to {end} you stand in for {absent}: their clients, tasks and reminders are in your lists and "
    "My day.":
        "С {start} по {end} вы замещаете коллегу {absent}: его (её) клиенты, задачи и напоминания — в ваших "
        "списках и в «Моём дне».",
    "Task due today: «{title}».": "Задача на сегодня: «{title}».",
    "New reminders from the routine rules for today: {n}.": "Новых напоминаний по регламентам на сегодня: {n}.",
    "Task overdue since {due}: «{title}».": "Задача просрочена с {due}: «{title}».",
    "{by} set you a task for {due}: «{title}».": "{by} поставил(а) вам задачу на {due}: «{title}».",
    "The A-client {client} of {manager} slipped to class {abc}; a task is set for the manager.":
        "Клиент класса A {client} (менеджер {manager}) опустился в класс {abc}; менеджеру поставлена задача.",
    "The A-client {client} of {manager} has no contact logged; class A clients are contacted every {days} days.":
        "С клиентом класса A {client} (менеджер {manager}) нет ни одного контакта; с клиентами класса A "
        "связываются каждые {days} дн.",
    "The A-client {client} of {manager} was last contacted on {last}; class A clients are contacted every "
    "{days} days.":
        "С клиентом класса A {client} (менеджер {manager}) последний контакт был {last}; с клиентами класса A "
        "связываются каждые {days} дн.",
    "A notification of a kind this version does not know ({kind}).":
        "Уведомление неизвестного этой версии вида ({kind}).",
    # ABC movement as a task (db/actions/abc_watch.py) and its label in My day
    "A-client slipped to {abc}: {client}": "Клиент A опустился в {abc}: {client}",
    "Class A from {prev_start} to {prev_end} ({prev_value}), class {abc} from {start} to {end} ({value}): find "
    "out why the client buys less and agree on the next order.":
        "Класс A с {prev_start} по {prev_end} ({prev_value}), класс {abc} с {start} по {end} ({value}): узнайте, "
        "почему клиент покупает меньше, и договоритесь о следующем заказе.",
    "An A-client slipping": "Клиент A опускается",
}
