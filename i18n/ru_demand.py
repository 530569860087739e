"""Russian for issue 17, items 3 (expected demand with the season, three months ahead) and 4 (XYZ)."""
RU = {
    "Expected in {first} – {last}": "Ожидается: {first} – {last}",
    "Demand for {first} – {last}": "Спрос: {first} – {last}",
    "Expected in three months": "Ожидается за три месяца",
    "Expected in a month = routine orders (shipments outside deals) at the run-rate of the last three whole "
    "months × that month's season index ÷ the average index of those three months, plus the lines of open "
    "deals expected to close that month weighted by their probability.":
        "Ожидание на месяц = регулярные заказы (отгрузки вне сделок) в темпе трёх последних полных месяцев × "
        "индекс сезона этого месяца ÷ средний индекс тех трёх месяцев, плюс строки открытых сделок, которые "
        "ожидается закрыть в этом месяце, с учётом их вероятности.",
    "Season index: {indices}.": "Индекс сезона: {indices}.",
    "Quantities are in each product's unit.": "Количество — в единицах каждого товара.",
}
