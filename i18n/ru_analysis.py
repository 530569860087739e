"""Russian for the analyses: ABC/XYZ, segments and leaders, product sales."""

RU = {
    # --- navigation and shared pieces ----------------------------------------
    "Analysis": "Аналитика",
    "ABC/XYZ": "ABC/XYZ",
    "Segments and leaders": "Сегменты и лидеры",
    "Product sales": "Продажи товаров",
    "Period, months": "Период, месяцев",
    "Ending with": "Заканчивается",
    "{month} (to date)": "{month} (по сегодня)",
    "View": "Вид",
    "Class {abc}": "Класс {abc}",
    "The client's ABC class by shipments over the last 12 months (the ABC/XYZ page explains the classes).":
        "ABC-класс клиента по отгрузкам за последние 12 месяцев (подробно — на странице ABC/XYZ).",
    "No industry": "Отрасль не указана",
    "No size segment": "Размер не указан",
    "No territory": "Территория не указана",
    "You have no active clients yet.": "Активных клиентов пока нет.",
    "Value": "Объём",
    "Share, %": "Доля, %",
    "Then": "Было",
    "Class": "Класс",
    "Total": "Всего",
    # --- ABC/XYZ -------------------------------------------------------------
    "ABC": "ABC",
    "XYZ": "XYZ",
    "Classes": "Классы",
    "Movement": "Движение",
    "Coverage": "Охват",
    "Up": "Выросли",
    "Down": "Опустились",
    "Same": "Без изменений",
    "Margin": "Маржа",
    "Ranked by": "Считать по",
    "A: the clients that bring the first {a} % of the company's shipments; B: up to {b} %; "
    "C: the rest and everyone without shipments.":
        "A — клиенты, дающие первые {a} % отгрузок компании; B — до {b} %; C — остальные и все без отгрузок.",
    "A: the clients that bring the first {a} % of the company's margin (where the cost is known); "
    "B: up to {b} %; C: the rest and everyone without margin.":
        "A — клиенты, дающие первые {a} % маржи компании (там, где известна себестоимость); B — до {b} %; "
        "C — остальные и все без маржи.",
    "XYZ: how much monthly purchases vary (standard deviation ÷ mean, whole months {start} – {end}): "
    "X up to {x} %, Y up to {y} %, Z above.":
        "XYZ — насколько ровно клиент покупает по месяцам (стандартное отклонение ÷ среднее, полные месяцы "
        "{start} – {end}): X до {x} %, Y до {y} %, Z — больше.",
    "Classes are the company's: your clients are ranked among all clients.":
        "Классы общие для компании: ваши клиенты ранжированы среди всех клиентов.",
    "Clients of the class, and what they brought in the period (share of your clients' total).":
        "Клиенты класса и их объём за период (доля от объёма всех ваших клиентов).",
    "Clients above, %": "Клиенты выше, %",
    "Variation, %": "Вариация, %",
    "All classes": "Все классы",
    "The first {n} of {total} clients by value: choose classes to see others.":
        "Первые {n} из {total} клиентов по объёму: выберите классы, чтобы увидеть остальных.",
    "Click a row to open the client's card.": "Нажмите на строку, чтобы открыть карточку клиента.",
    "Compared with {start} – {end}: rows are the class then, columns the class now.":
        "Сравнение с периодом {start} – {end}: строки — класс тогда, столбцы — класс сейчас.",
    "Nobody moved this way.": "Таких клиентов нет.",
    "A-clients with no call, letter, e-mail or meeting since {since}.":
        "Клиенты класса A без звонков, писем и встреч с {since}.",
    "No A-clients in this period.": "В этом периоде нет клиентов класса A.",
    "No contact for 30 days": "Без контакта 30 дней",
    "Covered, %": "Охвачено, %",
    "Every A-client was contacted in the last 30 days.":
        "Со всеми клиентами класса A был контакт за последние 30 дней.",
    "Call them": "Кому позвонить",
    "Class limits": "Границы классов",
    "A ends at, %": "Граница A, %",
    "B ends at, %": "Граница B, %",
    "X up to, %": "X до, %",
    "Y up to, %": "Y до, %",
    "Class limits saved.": "Границы классов сохранены.",
    "The B limit cannot be below the A limit.": "Граница B не может быть меньше границы A.",
    "The Y limit must be above the X limit.": "Граница Y должна быть больше границы X.",
    # --- segments and leaders ------------------------------------------------
    "Segments": "Сегменты",
    "Leaders": "Лидеры",
    "What to offer": "Что предложить",
    "Segments by": "Сегменты по",
    "Only your clients count: a segment here is the part of it you see.":
        "Учитываются только ваши клиенты: сегмент здесь — та его часть, что вам видна.",
    "Segment": "Сегмент",
    "Bought": "Покупали",
    "Main product groups": "Основные товарные группы",
    "No group": "Без группы",
    "What each segment buys": "Что покупает каждый сегмент",
    "Share of the segment's shipments": "Доля в отгрузках сегмента",
    "Purchases of the group": "Закупкам группы",
    "Growth": "Росту",
    "Payment discipline": "Платёжной дисциплине",
    "Rank by": "Ранжировать по",
    "new products: {n}": "новинок: {n}",
    "Rank": "Место",
    "Purchases": "Закупки",
    "Previous period": "Прошлый период",
    "Growth, %": "Рост, %",
    "Paid on time, %": "Оплачено в срок, %",
    "The clients of the segment that bought the group in the period, with what they bought in the period before "
    "and the share of their due payments paid on time. Pilot a new product with the leaders, then spread the "
    "experience across the segment.":
        "Клиенты сегмента, покупавшие группу в периоде, их закупки в предыдущем периоде и доля платежей, "
        "оплаченных в срок. Запустите пилот новинки с лидерами, затем распространите опыт на весь сегмент.",
    "Nobody in this segment bought this group in the period.": "В этом сегменте группу в периоде никто не покупал.",
    "Follow-up tasks for the owners": "Задачи менеджерам клиентов",
    "How many leaders, from the top": "Сколько лидеров, сверху списка",
    "Pilot: offer the new {group} products": "Пилот: предложить новинки группы «{group}»",
    "Create the tasks": "Создать задачи",
    "Tasks created: {created}. Already had one: {skipped}.": "Создано задач: {created}. Уже были: {skipped}.",
    "Each task goes to the client's manager; a client that already has a pilot task for this group gets no "
    "second one.":
        "Задача ставится менеджеру клиента; если у клиента уже есть пилотная задача по этой группе, вторая "
        "не создаётся.",
    "At most {max} clients at once.": "Не больше {max} клиентов за раз.",
    "Choose a client": "Выберите клиента",
    "Choose a client to see what its segment buys and it does not.":
        "Выберите клиента — и увидите, что покупает его сегмент, а он нет.",
    "Compared with the {n} clients of the segment you see. The client bought: {groups}.":
        "Сравнение с клиентами сегмента, которые вам видны ({n}). Клиент покупал: {groups}.",
    "The client already buys every group its segment buys.": "Клиент уже покупает всё, что покупает его сегмент.",
    "Clients who buy it": "Покупают",
    "Of the segment, %": "Доля сегмента, %",
    "Per client": "На клиента",
    # --- product sales -------------------------------------------------------
    "All groups": "Все группы",
    "All products": "Все товары",
    "Trend": "Тренд",
    "The last three whole months against the same months a year before.":
        "Последние три полных месяца против тех же месяцев годом раньше.",
    "Run-rate a month": "Темп в месяц",
    "The average of the last three whole months.": "Среднее за последние три полных месяца.",
    "Expected in {month}": "Ожидается: {month}",
    "Routine orders (shipments outside deals) at their run-rate, plus the lines of open deals expected to close "
    "next month weighted by their probability.":
        "Регулярные заказы (отгрузки вне сделок) в их среднем темпе плюс строки открытых сделок, которые "
        "ожидаются к закрытию в следующем месяце, с учётом вероятности.",
    "Quantity, {unit}": "Количество, {unit}",
    "Month to date": "Месяц по сегодня",
    "By month": "По месяцам",
    "Seasonality": "Сезонность",
    "Each calendar month's average against the average month (1 = an ordinary month).":
        "Среднее каждого календарного месяца к среднему месяцу (1 — обычный месяц).",
    "Index": "Индекс",
    "Demand for {month}": "Спрос: {month}",
    "Sold in 12 months": "Продано за 12 месяцев",
    "Trend, %": "Тренд, %",
    "Of it outside deals": "Из них вне сделок",
    "Open deals, weighted": "Открытые сделки с учётом вероятности",
    "Expected": "Ожидается",
    "Season index": "Индекс сезона",
    "Expected, amount": "Ожидается, сумма",
    "Demand": "Спрос",
    "Quantities are in each product's unit. Season index: how next month's calendar month usually compares with "
    "an average month; the expectation does not apply it.":
        "Количества — в единицах каждого товара. Индекс сезона: как календарный месяц следующего месяца обычно "
        "соотносится со средним; в ожидании он не применяется.",
    "Top clients in 12 months": "Крупнейшие клиенты за 12 месяцев",
    "None of your clients bought this in the last 12 months.": "Никто из ваших клиентов не покупал это за 12 месяцев.",
    "{n} clients shown.": "Показано клиентов: {n}.",
}
