"""Russian for import and export: the wizard, the command line, the refusals of files and rows."""

RU = {
    # --- the page ---------------------------------------------------------------
    "Import": "Импорт",
    "Clients, contacts, deals, shipments, products and people from Excel (.xlsx) or CSV. "
    "Large files: python -m db.io import (see README).":
        "Клиенты, контакты, сделки, отгрузки, товары и сотрудники из Excel (.xlsx) или CSV. "
        "Большие файлы: python -m db.io import (см. README).",
    "What to import": "Что импортируем",
    "Saved mapping": "Сохранённое сопоставление",
    "none": "нет",
    "Upload a file: the first row holds the column names. Encoding, separator, decimal mark and date format "
    "are detected; you confirm them and map the columns before anything is written.":
        "Загрузите файл: в первой строке — названия колонок. Кодировка, разделитель, десятичный знак и формат дат "
        "определяются сами; вы проверяете их и сопоставляете колонки до того, как что-либо будет записано.",
    "A mapping file (JSON), as for the command line": "Файл сопоставления (JSON), как для командной строки",
    "Mapping": "Сопоставление",
    "1. The file": "1. Файл",
    "detected": "определить",
    "Encoding": "Кодировка",
    "Separator": "Разделитель",
    "Decimal mark": "Десятичный знак",
    "Dates": "Даты",
    "Rows with errors": "Строки с ошибками",
    "Import the good rows, return the bad ones": "Загрузить верные строки, вернуть ошибочные",
    "All or nothing: import only if every row is good": "Всё или ничего: загрузить, только если верны все строки",
    "Read as: {how}. About {n} rows.": "Читается как: {how}. Строк около {n}.",
    "2. Columns": "2. Колонки",
    "template: {template}": "шаблон: {template}",
    "Match existing records by": "Находить существующие записи по полю",
    "Apply the columns": "Применить колонки",
    "3. Values": "3. Значения",
    "How the file's values become ours. Left as in the file, an unknown industry, territory, group or "
    "department is added; an unknown stage, product or person is refused.":
        "Как значения файла становятся нашими. Если оставить как в файле, неизвестная отрасль, территория, группа "
        "или отдел будут добавлены; неизвестный этап, товар или сотрудник — отклонены.",
    "as in the file": "как в файле",
    "{name} (new)": "{name} (новое)",
    "Apply the values": "Применить значения",
    "{step}. Check and import": "{step}. Проверка и импорт",
    "Check the file": "Проверить файл",
    "Reading and checking…": "Чтение и проверка…",
    "Importing…": "Импорт…",
    "{done} of about {total} rows": "{done} из примерно {total} строк",
    "A check: nothing was written. This is what an import would do.":
        "Это проверка: ничего не записано. Так прошёл бы импорт.",
    "Nothing was imported: {n} rows have errors and you chose all or nothing.":
        "Ничего не загружено: строк с ошибками — {n}, а выбрано «всё или ничего».",
    "Imported from {file}.": "Загружено из {file}.",
    "Rows": "Строк",
    "Created": "Создано",
    "Updated": "Обновлено",
    "Unchanged": "Без изменений",
    "Rejected": "Отклонено",
    "{what}: {n}": "{what}: {n}",
    "lines added to a deal of an earlier row: {n}": "строк, добавленных к сделке из строки выше: {n}",
    "good rows not imported: {n}": "не загружено верных строк: {n}",
    "Download the rejected rows": "Скачать отклонённые строки",
    "First problem, row {row}: {reason}": "Первая ошибка, строка {row}: {reason}",
    "Save this mapping for next time": "Сохранить сопоставление на будущее",
    "Save the mapping": "Сохранить сопоставление",
    "The mapping is saved.": "Сопоставление сохранено.",
    # --- export buttons -------------------------------------------------------------
    "Excel": "Excel",
    "CSV": "CSV",
    "Download this list as an Excel workbook": "Скачать этот список как книгу Excel",
    "Download this list as CSV (UTF-8)": "Скачать этот список как CSV (UTF-8)",
    "Managers": "Менеджеры",
    # --- kinds and fields -----------------------------------------------------------
    "Products": "Товары",
    "Id in the file": "Код в файле",
    "Influence (1–5)": "Влияние (1–5)",
    "Title": "Название сделки",
    "Opened on": "Дата открытия",
    "Closed on": "Дата закрытия",
    "Line discount, %": "Скидка строки, %",
    "Head of the department": "Руководитель отдела",
    "Hired on": "Дата приёма",
    "Cost": "Себестоимость",
    "Line id": "Код строки",
    "Deal id": "Код сделки",
    "Shipped on": "Дата отгрузки",
    "Cost amount": "Себестоимость, сумма",
    "Payment due": "Оплатить до",
    "Paid": "Оплачено",
    "Paid on": "Дата оплаты",
    # --- the file and the mapping -----------------------------------------------------
    "UTF-8 with BOM": "UTF-8 с BOM",
    "Tab": "табуляция",
    "Excel workbook; dates {dates}, decimal mark «{mark}»": "книга Excel; даты {dates}, десятичный знак «{mark}»",
    "CSV, {encoding}, separator «{separator}», decimal mark «{mark}», dates {dates}":
        "CSV, {encoding}, разделитель «{separator}», десятичный знак «{mark}», даты {dates}",
    "This is an old Excel file (.xls). Save it as .xlsx or as CSV and upload it again.":
        "Это файл старого Excel (.xls). Сохраните его как .xlsx или CSV и загрузите снова.",
    "The file is not text (it holds zero bytes). Upload a CSV or an .xlsx file.":
        "Это не текстовый файл (в нём нулевые байты). Загрузите CSV или файл .xlsx.",
    "Unknown encoding {encoding}: choose UTF-8, UTF-8 with BOM or Windows-1251.":
        "Неизвестная кодировка {encoding}: выберите UTF-8, UTF-8 с BOM или Windows-1251.",
    "The file cannot be read as {encoding}: byte {position} does not belong to it. Choose another encoding, "
    "or save the file as CSV UTF-8.":
        "Файл не читается как {encoding}: байт {position} в ней невозможен. Выберите другую кодировку "
        "или сохраните файл как CSV UTF-8.",
    "The file's encoding is neither UTF-8 nor Windows-1251. Save it as CSV UTF-8 (in Excel: Save as → CSV UTF-8) "
    "and upload it again.":
        "Кодировка файла — не UTF-8 и не Windows-1251. Сохраните его как CSV UTF-8 (в Excel: Сохранить как → "
        "CSV UTF-8) и загрузите снова.",
    "Unknown separator {separator}: choose a comma, a semicolon or a tab.":
        "Неизвестный разделитель {separator}: выберите запятую, точку с запятой или табуляцию.",
    "The file is empty: it needs a header row and rows of data.":
        "Файл пуст: нужна строка с названиями колонок и строки с данными.",
    "Unknown decimal mark {mark}: choose a point or a comma.":
        "Неизвестный десятичный знак {mark}: выберите точку или запятую.",
    "The file looks like Excel but cannot be opened. Save it again as .xlsx or CSV.":
        "Файл похож на Excel, но не открывается. Сохраните его заново как .xlsx или CSV.",
    "The workbook has no sheet {sheet}.": "В книге нет листа {sheet}.",
    "The mapping is not a JSON object.": "Сопоставление — не объект JSON.",
    "The mapping is for {kind}, not for {wanted}.": "Сопоставление для «{kind}», а не для «{wanted}».",
    "The mapping does not say which kind of records it is for (\"kind\").":
        "В сопоставлении не указано, для каких записей оно («kind»).",
    "The mapping's \"{part}\" must be a JSON object.": "Часть сопоставления «{part}» должна быть объектом JSON.",
    "The mapping file cannot be read: {problem}": "Файл сопоставления не читается: {problem}",
    "The mapping names a field {field} that this kind of record does not have.":
        "В сопоставлении есть поле {field}, которого у этих записей нет.",
    "The file has no column for the required field {field}. Map a column to it, or add a column named {field} "
    "to the file.":
        "В файле нет колонки для обязательного поля «{field}». Сопоставьте ему колонку или добавьте в файл "
        "колонку «{field}».",
    "Records cannot be matched by {field}: choose one of {keys}.":
        "Записи нельзя находить по полю {field}: выберите одно из: {keys}.",
    "The key {field} has no column in the file: map one to it.":
        "Для ключа «{field}» в файле нет колонки: сопоставьте ему колонку.",
    "A column in the mapping must be a column name or {\"template\": \"...\"}.":
        "Колонка в сопоставлении — это название колонки или {\"template\": \"...\"}.",
    "The mapping uses the column {column}, which the file lacks. Check the header row, or change the mapping.":
        "Сопоставление использует колонку «{column}», которой в файле нет. Проверьте строку заголовков "
        "или измените сопоставление.",
    "The import was interrupted by a change saved at the same moment, or by a busy database. Run it again: what "
    "was imported is matched by its key, not duplicated.":
        "Импорт прерван изменением, сохранённым в тот же момент, или занятой базой. Запустите его снова: "
        "загруженное будет найдено по ключу, а не задвоено.",
    "Nothing in the file identifies a record: map a column to one of {keys}, so that importing the file again "
    "updates instead of duplicating.":
        "В файле нет ничего, что отличает одну запись от другой: сопоставьте колонку одному из полей ({keys}), "
        "чтобы повторный импорт обновлял, а не задваивал.",
    "Unknown kind of records {kind}: choose one of {kinds}.": "Неизвестный вид записей {kind}: выберите из {kinds}.",
    "The mapping's option opened_stage names no stage of the funnel: {value}.":
        "Параметр сопоставления opened_stage не называет этап воронки: {value}.",
    # --- rows -----------------------------------------------------------------------
    "The row has {n} cells but the header {m}: a separator inside a value without quotes?":
        "В строке ячеек {n}, а в заголовке {m}: разделитель внутри значения без кавычек?",
    "The same record as row {row}: each record may appear once in a file.":
        "Та же запись, что в строке {row}: запись может встречаться в файле один раз.",
    "Write yes or no (1 or 0).": "Напишите да или нет (1 или 0).",
    "No such date: {value}.": "Такой даты нет: {value}.",
    "Not a date in the file's format ({format}).": "Не дата в формате файла ({format}).",
    "Several records are called {value}: the file must tell them apart (by an id, an INN or a login).":
        "Записей с названием {value} несколько: файл должен различать их (кодом, ИНН или логином).",
    "This client is not among yours: the import may not change it.":
        "Этот клиент не из ваших: импорт не может его изменить.",
    "The same INN as row {row}.": "Тот же ИНН, что в строке {row}.",
    "No parent client {value} among your clients or in the file.":
        "Головной компании {value} нет ни среди ваших клиентов, ни в файле.",
    "The parent company's row {row} was rejected.": "Строка головной компании ({row}) отклонена.",
    "No client {value}: import the clients first, or translate the name in the mapping.":
        "Клиента {value} нет: сначала импортируйте клиентов или сопоставьте название.",
    "This contact is at a client that is not among yours: the import may not change it.":
        "Этот контакт — у клиента не из ваших: импорт не может его изменить.",
    "The client cell is empty: a deal belongs to a client.": "Клиент не указан: сделка всегда принадлежит клиенту.",
    "The deal closes before it opens.": "Сделка закрывается раньше, чем открыта.",
    "A line needs a product.": "Для строки нужен товар.",
    "The quantity must be above zero.": "Количество должно быть больше нуля.",
    "Several deals of this client have this title: add an id column to tell them apart.":
        "У клиента несколько сделок с таким названием: добавьте колонку с кодом, чтобы различать их.",
    "The deal needs a manager: map a column to Manager, or give the client an owner first.":
        "Сделке нужен менеджер: сопоставьте колонку полю «Менеджер» или сначала назначьте клиенту менеджера.",
    "The department is headed by someone else already.": "У отдела уже другой руководитель.",
    "A head leads one department: {name} already heads another.":
        "Руководитель ведёт один отдел: {name} уже руководит другим.",
    "The head of a department must have the head role.": "Руководитель отдела должен иметь роль руководителя.",
    "An administrator's role is changed on the Users page, not by an import.":
        "Роль администратора меняется на странице пользователей, не импортом.",
    "Another product has this SKU.": "Этот артикул у другого товара.",
    "No industry called {value}. Add it first, or translate the value in the mapping.":
        "Отрасли {value} нет. Сначала добавьте её или сопоставьте значение.",
    "No territory called {value}. Add it first, or translate the value in the mapping.":
        "Территории {value} нет. Сначала добавьте её или сопоставьте значение.",
    "No product group called {value}. Add it first, or translate the value in the mapping.":
        "Товарной группы {value} нет. Сначала добавьте её или сопоставьте значение.",
    "No department called {value}. Add it first, or translate the value in the mapping.":
        "Отдела {value} нет. Сначала добавьте его или сопоставьте значение.",
    "No user called {value}: import the users first, or translate the name in the mapping.":
        "Пользователя {value} нет: сначала импортируйте пользователей или сопоставьте имя.",
    "No product {value} in the catalogue: import the products first, or translate the name in the mapping.":
        "Товара {value} нет в каталоге: сначала импортируйте товары или сопоставьте название.",
    "No stage {value} in the funnel: translate it to one of ours in the mapping.":
        "Этапа {value} нет в воронке: сопоставьте его одному из наших.",
    "The deal is another client's.": "Сделка принадлежит другому клиенту.",
    "The quantity must not be zero.": "Количество не должно быть нулём.",
    "No deal with the id {value}.": "Сделки с кодом {value} нет.",
    # --- the summary ------------------------------------------------------------------
    "Row": "Строка",
    "Why rejected": "Причина",
    "{kind} from {file}: {rows} rows": "{kind} из {file}: строк {rows}",
    "  created {n}": "  создано {n}",
    "  updated {n}": "  обновлено {n}",
    "  unchanged {n}": "  без изменений {n}",
    "  rejected {n}": "  отклонено {n}",
    "  lines added to a deal of an earlier row {n}": "  строк, добавленных к сделке из строки выше, {n}",
    "  not imported (all or nothing: some rows were rejected) {n}":
        "  не загружено (всё или ничего: есть отклонённые строки) {n}",
    "  empty lines skipped {n}": "  пропущено пустых строк {n}",
    "  also: {what} {n}": "  кроме того: {what} {n}",
    "  a dry run: nothing was written": "  пробный прогон: ничего не записано",
    "  {seconds} s": "  {seconds} с",
    "new industries": "новых отраслей",
    "new territories": "новых территорий",
    "new product groups": "новых товарных групп",
    "new departments": "новых отделов",
    "new heads of departments": "новых руководителей отделов",
    "clients given to the manager with most of their deals":
        "клиентов передано менеджеру с наибольшим числом их сделок",
    "Rejected rows, with the reason for each: {path}": "Отклонённые строки с причиной для каждой: {path}",
    "No file {file}.": "Файла {file} нет.",
    "{n} rows written to {path}": "Записано строк: {n}, в {path}",
}
