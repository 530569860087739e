"""Russian for the import's reading and parsing (issue 16, items 1, 2, 4, 6, 7): encodings, dates, null markers,
the columns table, repeated rows. Folded into the .po by the coordinator (python -m i18n.fold)."""
RU = {
    "The same as row {row}, which was rejected.": "То же, что строка {row}, а она отклонена.",
    "The mapping's \"null_values\" must be a list of texts, such as [\"NULL\", \"N/A\"].":
        "«null_values» в сопоставлении должно быть списком строк, например [\"NULL\", \"N/A\"].",
    "Windows-1252 (Western European)": "Windows-1252 (западноевропейская)",
    "Windows-1250 (Central European)": "Windows-1250 (центральноевропейская)",
    "DOS-866 (Cyrillic)": "DOS-866 (кириллица)",
    "Windows-1257 (Baltic)": "Windows-1257 (балтийская)",
    "Windows-1254 (Turkish)": "Windows-1254 (турецкая)",
    "The file starts as {encoding} but does not read as it to the end. Save it as CSV UTF-8 (in Excel: Save as → "
    "CSV UTF-8) and upload it again.":
        "Файл начинается как {encoding}, но дальше не читается в этой кодировке. Сохраните его как CSV UTF-8 "
        "(в Excel: Сохранить как → CSV UTF-8) и загрузите снова.",
    "Unknown encoding {encoding}: give a name Python knows, such as utf-8, cp1251 (Windows-1251), cp1252 "
    "(Windows-1252) or latin-1.":
        "Неизвестная кодировка {encoding}: укажите имя, известное Python, например utf-8, cp1251 (Windows-1251), "
        "cp1252 (Windows-1252) или latin-1.",
    "The file's encoding is uncertain: it reads as {candidates}. Choose the encoding that shows the names right "
    "(on the command line: --encoding NAME).":
        "Кодировка файла не определена однозначно: он читается как {candidates}. Выберите кодировку, в которой "
        "названия читаются правильно (в командной строке: --encoding ИМЯ).",
    "The file's encoding cannot be told: it is not UTF-8 and reads as none of the usual code pages. Save it as "
    "CSV UTF-8 (in Excel: Save as → CSV UTF-8) and upload it again, or give its encoding.":
        "Кодировку файла определить не удалось: это не UTF-8 и ни одна из обычных кодовых страниц. Сохраните его "
        "как CSV UTF-8 (в Excel: Сохранить как → CSV UTF-8) и загрузите снова или укажите кодировку.",
    "Every date in the file reads both as day/month and as month/day ({examples}): say which (on the command "
    "line: --dates dmy_slash for D/M/YYYY, --dates mdy for M/D/YYYY).":
        "Каждую дату в файле можно прочитать и как день/месяц, и как месяц/день ({examples}): укажите порядок "
        "(в командной строке: --dates dmy_slash для Д/М/ГГГГ, --dates mdy для М/Д/ГГГГ).",
    "Unknown date format {dates}: choose auto, iso (YYYY-MM-DD), dmy (DD.MM.YYYY), dmy_slash (D/M/YYYY) or mdy "
    "(M/D/YYYY).":
        "Неизвестный формат дат {dates}: выберите auto, iso (ГГГГ-ММ-ДД), dmy (ДД.ММ.ГГГГ), dmy_slash (Д/М/ГГГГ) "
        "или mdy (М/Д/ГГГГ).",
    "column {n}": "столбец {n}",
    "Fields and the columns they come from:": "Поля и столбцы, из которых они заполняются:",
    "  rows repeating an earlier row (not written again) {n}":
        "  строк, повторяющих предыдущую (повторно не записаны) {n}",
    "The encoding is uncertain: the file reads in more than one way. Choose the one in which the names look "
    "right.":
        "Кодировка не определена однозначно: файл читается по-разному. Выберите вариант, в котором названия "
        "выглядят правильно.",
    "Read as {encoding}": "Читать как {encoding}",
    "Every date in the file reads both as day/month and as month/day ({examples}). Which is it?":
        "Каждую дату в файле можно прочитать и как день/месяц, и как месяц/день ({examples}). Какой порядок "
        "верный?",
    "rows repeating an earlier row (not written again): {n}": "строк, повторяющих предыдущую (не записаны): {n}",
    "Fields and the columns they come from": "Поля и столбцы, из которых они заполняются",
    "Columns not imported: {columns}": "Не импортируются столбцы: {columns}",
    "The workbook's formulas have no saved values (it was written by a program and never opened in Excel): "
    "their cells would be read as empty. Open it in Excel and save it, or save it as CSV.":
        "У формул книги нет сохранённых значений (её записала программа, и в Excel её не открывали): их ячейки "
        "читались бы как пустые. Откройте её в Excel и сохраните или сохраните как CSV.",
    "Field": "Поле",
    "Column": "Столбец",
}
