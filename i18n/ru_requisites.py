"""Russian for issue 20's requisites: the client's bank fields and their checks, the company's details,
the VAT and the amount in words (folded into the .po by `python -m i18n.fold`)."""

RU = {
    # The client's bank requisites (db/models/clients.py, db/rules/requisites.py)
    "OGRN": "ОГРН",
    "Bank": "Банк",
    "BIC": "БИК",
    "Settlement account": "Расчётный счёт",
    "Correspondent account": "Корреспондентский счёт",
    "Not a valid KPP: 9 characters — 4 digits, 2 digits or capital Latin letters, 3 digits.":
        "Неверный КПП: 9 знаков — 4 цифры, 2 цифры или заглавные латинские буквы, 3 цифры.",
    "Not a valid OGRN: 13 digits (a company) or 15 (an entrepreneur, OGRNIP) with a correct check digit.":
        "Неверный ОГРН: 13 цифр (организация) или 15 (индивидуальный предприниматель, ОГРНИП) "
        "с верным контрольным разрядом.",
    "Not a valid BIC: 9 digits starting with 04.": "Неверный БИК: 9 цифр, начинается с 04.",
    "An account number is 20 digits.": "Номер счёта — 20 цифр.",
    "Give the bank's BIC too: the account is checked against it.":
        "Укажите и БИК банка: счёт проверяется по нему.",
    "The settlement account does not match the BIC: a digit is wrong in one of them (the account's control key "
    "does not agree).":
        "Расчётный счёт не соответствует БИК: в одном из них ошибка в цифре (не сходится контрольный ключ счёта).",
    "The correspondent account does not match the BIC: it starts with 30101, ends with the BIC's last three "
    "digits, and its control key must agree.":
        "Корреспондентский счёт не соответствует БИК: он начинается с 30101, оканчивается тремя последними "
        "цифрами БИК, и его контрольный ключ должен сходиться.",
    # The company's details (db/company.py, db/actions/company_settings.py, pages/company.py)
    "A company with a 10-digit INN has a 13-digit OGRN.": "У организации с 10-значным ИНН ОГРН из 13 цифр.",
    "An entrepreneur with a 12-digit INN has a 15-digit OGRNIP.":
        "У предпринимателя с 12-значным ИНН ОГРНИП из 15 цифр.",
    "The logo is too large: at most {max} KB (this one is {size} KB).":
        "Логотип слишком большой: не более {max} КБ (этот — {size} КБ).",
    "The logo must be a PNG or JPEG image.": "Логотип должен быть изображением PNG или JPEG.",
    "The logo must be between 16 and {max} pixels a side (this one is {width} × {height}).":
        "Сторона логотипа должна быть от 16 до {max} пикселей (у этого {width} × {height}).",
    "Company details": "Реквизиты компании",
    "Commercial proposals and invoices print these requisites; the bank accounts are checked against the BIC.":
        "Эти реквизиты печатаются в коммерческих предложениях и счетах; банковские счета проверяются по БИК.",
    "An invoice needs: {fields}.": "Для счёта не хватает: {fields}.",
    "Short name": "Краткое наименование",
    "Director's name": "Руководитель (ФИО)",
    "Director's title": "Должность руководителя",
    "Chief accountant's name": "Главный бухгалтер (ФИО)",
    "Without VAT": "Без НДС",
    "VAT rate": "Ставка НДС",
    "A proposal is valid, days": "Срок действия предложения, дней",
    "Closing text of a proposal": "Заключительный текст предложения",
    "Signatures": "Подписи",
    "VAT and proposals": "НДС и предложения",
    "Delivery terms, payment terms, a kind word: printed at the end of every proposal.":
        "Условия доставки и оплаты, доброе слово: печатается в конце каждого предложения.",
    "Logo": "Логотип",
    "No logo yet.": "Логотипа пока нет.",
    "A PNG or JPEG image, at most {size} KB": "Изображение PNG или JPEG, не более {size} КБ",
    "Upload the logo": "Загрузить логотип",
    "Choose a file first.": "Сначала выберите файл.",
    "Remove the logo": "Удалить логотип",
    "The logo was removed.": "Логотип удалён.",
}
