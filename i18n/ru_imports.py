"""Russian for hostile files' refusals and resumed import runs (issue 15, items 7 and 8)."""

RU = {
    "The file takes too long to read (more than {seconds} seconds). Split it into smaller files, or save it as CSV.":
        "Файл читается слишком долго (больше {seconds} секунд). Разделите его на файлы поменьше "
        "или сохраните как CSV.",
    "The file has more than {max} rows. Split it into smaller files.":
        "В файле больше {max} строк. Разделите его на файлы поменьше.",
    "Row {row} cannot be read as CSV: {problem}.": "Строку {row} не удаётся прочитать как CSV: {problem}.",
    "Row {row} has more than {max} columns. Remove the columns the import does not need.":
        "В строке {row} больше {max} столбцов. Удалите столбцы, которые для загрузки не нужны.",
    "A cell in row {row} holds more than {max} characters (Excel's limit for a cell). Check the file: a quote "
    "left open can swallow the rest of it.":
        "В ячейке строки {row} больше {max} символов (предел ячейки в Excel). Проверьте файл: незакрытая "
        "кавычка может поглотить всё, что идёт после неё.",
    "The file looks like Excel but cannot be read. Save it again as .xlsx or CSV.":
        "Файл похож на Excel, но прочитать его не удаётся. Сохраните его заново как .xlsx или CSV.",
    "This run resumed the unfinished import of the same file started at {at} ({batches} batches, {rows} rows "
    "committed then): those rows were matched by their key, not duplicated.":
        "Эта загрузка продолжила незавершённую загрузку того же файла, начатую {at} (тогда записано пакетов: "
        "{batches}, строк: {rows}): эти строки сопоставлены по ключу, а не продублированы.",
}
