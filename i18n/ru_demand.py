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
    "XYZ: the coefficient of variation of monthly purchases (standard deviation ÷ mean) over the whole months "
    "{start} – {end}, counted from the month of the client's first purchase; with fewer than {n} such months, "
    "no class yet. X up to {x} %, Y up to {y} %, Z above. For orders of equal size it is 0 % every month, "
    "100 % every other month, 141 % every third.":
        "XYZ: коэффициент вариации месячных покупок (стандартное отклонение ÷ среднее) за полные месяцы "
        "{start} – {end}, считая с месяца первой покупки клиента; если таких месяцев меньше {n}, класса пока нет. "
        "X — до {x} %, Y — до {y} %, Z — выше. При заказах равного размера это 0 % при покупке каждый месяц, "
        "100 % — раз в два месяца, 141 % — раз в три.",
}
