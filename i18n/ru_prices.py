"""Russian for price lists (issue 20): lists, prices and their periods, the import kind, deal line prices."""

RU = {
    # deal lines (db/actions/deals.py, ui/deal_forms.py)
    "Line {line}: the price must be a number, zero or above.": "Строка {line}: цена должна быть числом, не меньше нуля.",
    "List price": "Цена по прайсу",
    "Empty: the client's list price. A price below it counts as a discount.":
        "Пусто — цена по типу цен клиента. Цена ниже неё считается скидкой.",
    "The first line; add more on the deal's page. Prices come from the client's price list.":
        "Первая строка; остальные добавьте на странице сделки. Цены берутся из типа цен клиента.",
    # actions (db/actions/prices.py)
    "The period overlaps the price {price} valid from {start} to {end}: change that period or choose other dates.":
        "Период пересекается с ценой {price}, действующей с {start} по {end}: измените тот период или выберите "
        "другие даты.",
    "The period overlaps the price {price} valid from {start} with no end: to replace it, give the new price no end "
    "date; for a price for a while, end that one first.":
        "Период пересекается с ценой {price}, действующей с {start} без даты окончания: чтобы заменить её, "
        "не указывайте дату окончания новой цены; для временной цены сначала задайте окончание той.",
    "Price list not found.": "Тип цен не найден.",
    "A price list with this name exists.": "Тип цен с таким названием уже есть.",
    "There is an active base price list already ({name}): deactivate it first.":
        "Действующий базовый тип цен уже есть ({name}): сначала отключите его.",
    "A contract price list belongs to a client: choose one.": "Договорные цены относятся к клиенту: выберите его.",
    "The client has a contract price list already: {name}.": "У клиента уже есть договорные цены: {name}.",
    "Only a contract price list belongs to a client.": "К клиенту относятся только договорные цены.",
    "Choose a product from the catalogue.": "Выберите товар из каталога.",
    "The end of the period must not be before its start.": "Окончание периода не может быть раньше его начала.",
    "Only a head or the director sets a client's price type.":
        "Тип цен клиента устанавливает руководитель отдела или директор.",
    # import (db/io/kinds/prices.py, clients.py)
    "No active price list is called {value}.": "Нет действующего типа цен с названием {value}.",
    "No price list is called {value}: create it on the Price lists page first.":
        "Нет типа цен с названием {value}: сначала создайте его на странице «Прайс-листы».",
    "No product has the SKU {value}.": "Нет товара с артикулом {value}.",
    "Prices": "Цены",
    "Price list": "Тип цен",
    "Valid from": "Действует с",
    "Valid to": "Действует по",
    "Price type": "Тип цен",
}
