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
    # the page and the card (pages/prices.py, ui/prices.py)
    "Price lists": "Прайс-листы",
    "A client buys at its contract prices, else at its price type, else at the base list, else at the catalogue "
    "price — each valid on the deal's date.":
        "Клиент покупает по договорным ценам, если их нет — по своему типу цен, затем по базовым ценам, затем по "
        "цене каталога — по ценам, действующим на дату сделки.",
    "No price lists yet: every client buys at the catalogue price.":
        "Прайс-листов пока нет: все клиенты покупают по цене каталога.",
    "Every price of every list, each period a row (the import's columns):":
        "Все цены всех прайс-листов, по строке на период (в колонках импорта):",
    "Prices on": "Цены на дату",
    "{name} on {date}": "{name} на {date}",
    "Set a price": "Установить цену",
    "Edit the list": "Изменить прайс-лист",
    "New price list": "Новый прайс-лист",
    "Whole price lists come in on the Import page (kind \"Prices\") and go out with its export.":
        "Прайс-листы целиком загружаются на странице «Импорт» (вид «Цены») и выгружаются кнопками выше.",
    "Base price list": "Базовый",
    "Wholesale price list": "Оптовый",
    "Large wholesale price list": "Крупный опт",
    "Contract price list": "Договорный",
    "no": "нет",
    "No prices in this list on {date}: its clients buy at the base list, else at the catalogue price.":
        "На {date} в этом прайс-листе нет цен: его клиенты покупают по базовым ценам, а без них — по цене каталога.",
    "Catalogue price": "Цена каталога",
    "Against the catalogue, %": "К цене каталога, %",
    "A client's own contract prices are set up on the client's card.":
        "Договорные цены клиента настраиваются в карточке клиента.",
    "Create the list": "Создать прайс-лист",
    "Price list created.": "Прайс-лист создан.",
    "An inactive list gives no prices: its clients buy at the base list.":
        "Отключённый прайс-лист не даёт цен: его клиенты покупают по базовым ценам.",
    "Empty: until a new price.": "Пусто — до новой цены.",
    "A new price ends the current one the day before it starts; a price from the same day corrects it.":
        "Новая цена завершает действующую накануне своего начала; цена с той же даты исправляет её.",
    "Set the price": "Установить цену",
    "Price set.": "Цена установлена.",
    "base list": "базовые цены",
    "Contract prices": "Договорные цены",
    "inactive": "отключены",
    "Deal lines take the client's prices on the deal's date.": "Строки сделок берут цены клиента на дату сделки.",
    "Set a contract price": "Установить договорную цену",
    "Set up contract prices": "Завести договорные цены",
    "The client's own prices: they come before its price type.":
        "Собственные цены клиента: они важнее его типа цен.",
    "Contract prices set up: add their prices below.": "Договорные цены заведены: добавьте цены ниже.",
    "Contract: {client}": "Договор: {client}",
    # the history of changes (ui/audit_text.py)
    "Price list created": "Создан прайс-лист",
    "Price list changed": "Изменён прайс-лист",
    "Price set": "Установлена цена",
    "Price imported": "Цена загружена импортом",
    "Previous price ended": "Прежняя цена завершена",
}
