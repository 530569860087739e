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
}
