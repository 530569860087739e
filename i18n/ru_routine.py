"""Russian for the routine work (issue 9): My day, reminders, mailings and labels, the knowledge base."""

RU = {
    # --- navigation -----------------------------------------------------------
    "My day": "Мой день",
    "Mailings and labels": "Рассылки и наклейки",
    "Product knowledge base": "База знаний о товарах",
    "Reminders and mailings": "Напоминания и рассылки",
    # --- My day ---------------------------------------------------------------
    "{n} new reminders from the routine rules are among your tasks.":
        "Среди ваших задач — новые напоминания по регламенту: {n}.",
    "Due for a contact": "Пора связаться",
    "Due to reorder": "Пора повторить заказ",
    "Birthdays this week": "Дни рождения на неделе",
    "Stalled deals": "Зависшие сделки",  # as the funnel says
    "The {n} most overdue of {total}.": "Показаны {n} самых просроченных из {total}.",
    "Tasks": "Задачи",
    "My team": "Моя команда",
    "How your people keep up with the routine: overdue tasks, clients waiting for a contact or a reorder, deals "
    "standing still. The reminders land in each one's own “My day”.":
        "Как ваши люди справляются с рутиной: просроченные задачи, клиенты, ждущие звонка или повторного заказа, "
        "стоящие сделки. Напоминания приходят каждому в его «Мой день».",
    "Last activity": "Последнее действие",
    "Clients due for a contact": "Клиенты, с которыми пора связаться",
    "Birthdays": "Дни рождения",
    "No tasks for today and nothing overdue.": "На сегодня задач нет, просроченных тоже.",
    "Today": "Сегодня",
    "This week": "На неделе",
    "Close a task": "Закрыть задачу",
    "Clients of yours not contacted for longer than their class allows (contact regulations). "
    "Click a row to open the card.":
        "Ваши клиенты, с которыми не связывались дольше, чем допускает регламент для их класса. "
        "Щёлкните строку, чтобы открыть карточку.",
    "Every client of yours has been contacted in time.": "Со всеми вашими клиентами связывались вовремя.",
    "Every, days": "Раз в, дней",
    "Due since": "Пора с",
    "Days overdue": "Дней просрочки",
    "Regular buyers of a product group whose usual interval between orders has passed.":
        "Постоянные покупатели товарной группы, у которых прошёл обычный срок между заказами.",
    "No regular client is late with a reorder.": "Все постоянные клиенты заказывают вовремя.",
    "Usually every, days": "Обычно раз в, дней",
    "Orders placed": "Заказов",
    "Last order": "Последний заказ",
    "Birthdays of decision makers and influential contacts in the next 7 days.":
        "Дни рождения ЛПР и влиятельных контактов в ближайшие 7 дней.",
    "No birthdays of key contacts this week.": "На этой неделе у ключевых контактов дней рождения нет.",
    "Turns": "Исполняется",
    "Your open deals without a stage move or an activity for a long time. Click a row to open the deal.":
        "Ваши открытые сделки, которые давно не двигались по этапам и по которым не было действий. "
        "Щёлкните строку, чтобы открыть сделку.",
    "No stalled deals.": "Зависших сделок нет.",
    "Last movement": "Последнее движение",
    "Days without movement": "Дней без движения",
    "Contact regulations": "Регламент контактов",
    "Stalled deal": "Сделка стоит",
    "Reorder due": "Пора повторить заказ",
    "Set by hand": "Поставлена вручную",
    "Pilot of a new product": "Пилот нового товара",
    "Log what happened": "Записать, что было",
    "Schedule the next step": "Запланировать следующий шаг",
    "Next step": "Следующий шаг",
    "e.g. Send the offer": "например, Отправить КП",
    "Close the task": "Закрыть задачу",
    "Task closed, the activity logged and the next step scheduled for {day}.":
        "Задача закрыта, действие записано, следующий шаг запланирован на {day}.",
    "Task closed and the next step scheduled for {day}.": "Задача закрыта, следующий шаг запланирован на {day}.",
    "Task closed and the activity logged.": "Задача закрыта, действие записано.",
    "A task without a client has nowhere to log the activity.":
        "У задачи нет клиента — действие записать некуда.",
    # --- reminders (text of the tasks they make) --------------------------------
    "No contact logged with the client yet. Class {abc} clients are contacted every {days} days "
    "(contact regulations).":
        "С клиентом ещё не было ни одного контакта. С клиентами класса {abc} связываемся раз в {days} дн. "
        "(регламент контактов).",
    "Last contact on {last}, {ago} days ago. Class {abc} clients are contacted every {days} days "
    "(contact regulations).":
        "Последний контакт — {last}, {ago} дн. назад. С клиентами класса {abc} связываемся раз в {days} дн. "
        "(регламент контактов).",
    "Contact {client} (class {abc})": "Связаться: {client} (класс {abc})",
    "No stage move and no activity on the deal since {last} ({days} days) at the stage «{stage}». "
    "Deals are looked at after {limit} days without movement.":
        "Сделка стоит на этапе «{stage}» без движения и без действий с {last} ({days} дн.). "
        "Сделку нужно посмотреть после {limit} дн. без движения.",
    "Move the deal on: {title}": "Сдвинуть сделку: {title}",
    "The client buys «{group}» about every {interval} days ({orders} orders from {first} to {last}). "
    "The last order was {days} days ago: a reorder was due by {due}.":
        "Клиент берёт «{group}» примерно раз в {interval} дн. (заказов: {orders}, с {first} по {last}). "
        "Последний заказ был {days} дн. назад: повторный ожидался к {due}.",
    "Call {client} about a reorder: {group}": "Позвонить {client} о повторном заказе: {group}",
    # --- knowledge base --------------------------------------------------------
    "Description, advantages and the comparison with competitors of every product, with its documents.":
        "Описание, преимущества и сравнение с конкурентами по каждому товару, с документами.",
    "Name, SKU, or a word from the description": "Название, артикул или слово из описания",
    "New products only": "Только новинки",
    "{n} products found. Click a row to open the product.": "Найдено товаров: {n}. Щёлкните строку, чтобы открыть.",
    "New product": "Новинка",
    "Description": "Описание",
    "Advantages": "Преимущества",
    "Comparison with competitors": "Сравнение с конкурентами",
    "Documents": "Документы",
    "Product not found.": "Товар не найден.",
    "No longer sold": "Снят с продажи",
    "Nothing written yet.": "Пока ничего не написано.",
    "No documents attached.": "Документов нет.",
    "{size} KB · {when} · {who}": "{size} КБ · {when} · {who}",
    "Prepare the download": "Подготовить к скачиванию",
    "Download": "Скачать",
    "Edit the product's knowledge": "Изменить сведения о товаре",
    "Mark as a new product": "Отметить как новинку",
    "Last changed {when} by {who}.": "Последнее изменение: {when}, {who}.",
    "Attach a document": "Прикрепить документ",
    "File": "Файл",
    "Attach": "Прикрепить",
    "The document is attached.": "Документ прикреплён.",
    "Remove a document": "Убрать документ",
    "Choose a document": "Выберите документ",
    "The document is removed.": "Документ убран.",
    "Document not found.": "Документ не найден.",
    "Choose a file (it must not be empty).": "Выберите файл (он не должен быть пустым).",
    "The file is too large: at most {max} MB.": "Файл слишком большой: не более {max} МБ.",
    "The file needs a name.": "У файла должно быть имя.",
    "Products the client buys": "Что покупает клиент",
    "Nothing shipped in the last 12 months.": "За последние 12 месяцев отгрузок не было.",
    "Click a product to read its description, advantages and documents.":
        "Щёлкните товар, чтобы прочитать описание, преимущества и документы.",
    # --- mailings and labels ---------------------------------------------------
    "New mailing": "Новая рассылка",
    "Mailings made": "Сделанные рассылки",
    "3. Address labels": "3. Адресные наклейки",
    "1. Recipients": "1. Получатели",
    "2. The letter": "2. Письмо",
    "Labels with the company, the contact and the postal address of the recipients above, for A4 label sheets.":
        "Наклейки с названием компании, контактным лицом и почтовым адресом получателей, выбранных выше, "
        "— на листы А4.",
    "Recipients": "Получатели",
    "The handed-over list ({n} clients)": "Переданный список (клиентов: {n})",
    "Chosen by a filter": "По фильтру",
    "Only clients with an e-mail address": "Только клиенты с адресом e-mail",
    "No clients match.": "Подходящих клиентов нет.",
    "Only the first {n} clients are shown: narrow the filter.": "Показаны первые {n} клиентов: сузьте фильтр.",
    "Include": "Включить",
    "{n} of {total} clients included.": "Включено клиентов: {n} из {total}.",
    "Name of the mailing": "Название рассылки",
    "e.g. New products, March": "например, Новинки, март",
    "How the letters go": "Как отправить письма",
    "Send by e-mail": "По e-mail",
    "Download (PDF, Word, CSV)": "Скачать (PDF, Word, CSV)",
    "Fields: ": "Поля: ",
    "Preview the letter to": "Показать письмо для",
    "Create the mailing": "Создать рассылку",
    "The mailing is ready. Open it under “Mailings made” to send or download its letters.":
        "Рассылка готова. Откройте её на вкладке «Сделанные рассылки», чтобы отправить или скачать письма.",
    "Labels across": "Наклеек в ряду",
    "Rows of labels": "Рядов на листе",
    "Top margin, mm": "Поле сверху, мм",
    "Left margin, mm": "Поле слева, мм",
    "Make the labels": "Сделать наклейки",
    "{n} labels on {pages} sheets.": "Наклеек: {n}, листов: {pages}.",
    "Download the labels (PDF)": "Скачать наклейки (PDF)",
    "the client's name": "название клиента",
    "the client's legal name": "юридическое название клиента",
    "the contact's full name": "ФИО контактного лица",
    "how to address the contact (name and patronymic)": "обращение к контакту (имя и отчество)",
    "the contact's position": "должность контакта",
    "the client's manager": "менеджер клиента",
    "the manager's phone": "телефон менеджера",
    "the manager's e-mail": "e-mail менеджера",
    "the product groups the client buys": "товарные группы, которые берёт клиент",
    "the products marked new in the knowledge base": "товары, отмеченные в базе знаний как новинки",
    "the client's postal address": "почтовый адрес клиента",
    "today's date": "сегодняшняя дата",
    "Unbalanced braces: write {{ and }} for a brace itself.":
        "Скобки не парные: чтобы написать саму фигурную скобку, удвойте её: {{ или }}.",
    "Unknown field {{{name}}}. Available: {fields}.": "Неизвестное поле {{{name}}}. Есть такие: {fields}.",
    "Write the field as {{{name}}}, without a format.": "Пишите поле просто как {{{name}}}, без формата.",
    "Choose at least one recipient.": "Выберите хотя бы одного получателя.",
    "No e-mail address.": "Нет адреса e-mail.",
    "Mailing not found, or it is not yours.": "Рассылка не найдена или она не ваша.",
    "The mailing is being sent right now.": "Рассылка как раз отправляется.",
    "Sent, but not logged: the client is no longer yours.": "Отправлено, но не записано: клиент уже не ваш.",
    "Interrupted while sending: check whether it arrived before retrying.":
        "Отправка прервалась: прежде чем повторять, проверьте, не дошло ли письмо.",
    "The connection to the mail server broke: {error}. Resume to send the rest.":
        "Связь с почтовым сервером прервалась: {error}. Продолжите, чтобы отправить остальное.",
    "This mailing is sent through the mail server: its letters are logged as they go.":
        "Эта рассылка идёт через почтовый сервер: письма записываются по мере отправки.",
    "This mailing is for download: its letters are not sent from here.":
        "Эта рассылка для скачивания: отсюда письма не отправляются.",
    "The mail server refused the letter: {error}": "Почтовый сервер не принял письмо: {error}",
    "The mail server is not set up: an administrator enters it under “Reminders and mailings”.":
        "Почтовый сервер не настроен: администратор указывает его в разделе «Напоминания и рассылки».",
    "Could not connect to the mail server {host}:{port}: {error}":
        "Не удалось подключиться к почтовому серверу {host}:{port}: {error}",
    "No font with Cyrillic letters was found for the PDF: install fonts-dejavu-core or set CRM_PDF_FONT to a "
    ".ttf file.":
        "Для PDF не найден шрифт с кириллицей: установите fonts-dejavu-core или укажите файл .ttf "
        "в CRM_PDF_FONT.",
    "No mailings yet.": "Рассылок пока нет.",
    "Mailing": "Рассылка",
    "How": "Как",
    "Made on": "Создана",
    "Number of letters": "Писем",
    "To send": "К отправке",
    "Sending": "Отправляется",
    "Sent": "Отправлено",
    "Failed": "Ошибка",
    "Skipped": "Пропущено",
    "{sent} of {total} letters done.": "Готово писем: {sent} из {total}.",
    "Made by {who}: only they send it.": "Рассылку создал(а) {who}: отправляет только автор.",
    "Resume sending ({n} left)": "Продолжить отправку (осталось {n})",
    "Send {n} letters": "Отправить писем: {n}",
    "Log these letters on the clients": "Записать эти письма в историю клиентов",
    "When the letters have gone out by post or another mail tool: each becomes a letter on its client's "
    "timeline.":
        "Когда письма ушли почтой или через другой сервис рассылок: каждое станет письмом в истории клиента.",
    "{n} letters logged on the clients.": "Записано писем в историю клиентов: {n}.",
    "Retry the failed letters": "Повторить неотправленные",
    "The failed letters are queued again.": "Неотправленные письма снова в очереди.",
    "Archive the mailing": "Убрать рассылку в архив",
    "The mailing is archived.": "Рассылка в архиве.",
    "Connecting to the mail server…": "Подключаемся к почтовому серверу…",
    "{done} of {total}": "{done} из {total}",
    "{sent} letters sent, {failed} failed.": "Отправлено писем: {sent}, не ушло: {failed}.",
    "Download the letters": "Скачать письма",
    "Format": "Формат",
    "Prepare the file": "Подготовить файл",
    "What went wrong": "Что не так",
    # --- settings --------------------------------------------------------------
    "Reminder rules": "Правила напоминаний",
    "Mail server": "Почтовый сервер",
    "Label sheets": "Листы наклеек",
    "The rules make a task for the client's manager once per reason, every morning (the command python -m "
    "db.reminders, run by cron) and when the manager opens “My day”.":
        "Правила ставят задачу менеджеру клиента — один раз на каждый повод — каждое утро (команда "
        "python -m db.reminders по расписанию cron) и когда менеджер открывает «Мой день».",
    "The rules make tasks": "Правила ставят задачи",
    "Contact regulations: days without a contact, by client class":
        "Регламент контактов: сколько дней без контакта допустимо для класса клиента",
    "A deal without movement, days": "Сделка без движения, дней",
    "A regular buyer: orders of a product group, at least": "Постоянный покупатель: заказов товарной группы, не меньше",
    "Order history looked at, days": "Учитываемая история заказов, дней",
    "A reorder is due after the usual interval plus, %": "Повторный заказ ждём: обычный интервал плюс, %",
    "Server": "Сервер",
    "Port": "Порт",
    "Encryption": "Шифрование",
    "No encryption": "Без шифрования",
    "User name": "Имя пользователя",
    "stored: leave empty to keep it": "сохранён: оставьте пустым, чтобы не менять",
    "The password comes from the CRM_SMTP_PASSWORD environment variable.":
        "Пароль берётся из переменной окружения CRM_SMTP_PASSWORD.",
    "Forget the stored password": "Удалить сохранённый пароль",
    "Sender's address": "Адрес отправителя",
    "Sender's name": "Имя отправителя",
    "empty: the name of who sends the mailing": "если пусто — имя того, кто отправляет рассылку",
    "Send a test letter to": "Отправить проверочное письмо на адрес",
    "Send a test letter": "Отправить проверочное письмо",
    "The test letter was sent.": "Проверочное письмо отправлено.",
    "A4 sheet: {columns} × {rows} labels of {width} × {height} mm.":
        "Лист А4: {columns} × {rows} наклеек размером {width} × {height} мм.",
    "Gap between columns, mm": "Промежуток между столбцами, мм",
    "Gap between rows, mm": "Промежуток между рядами, мм",
    "Inner margin, mm": "Внутренний отступ, мм",
    "Font size, pt": "Размер шрифта, пт",
    "The labels come out too small ({width} × {height} mm): fewer columns or rows, or smaller margins.":
        "Наклейки получаются слишком маленькими ({width} × {height} мм): уменьшите число столбцов или рядов "
        "либо поля.",
}
