"""Russian for like-for-like growth, the analysis period's dates and the overdue pipeline (issue 17, items 2, 5, 7)."""

RU = {
    # --- item 2: leaders' growth, like for like ---------------------------------------
    "Growth compares like with like: {start} – {end} against the same dates {months} months earlier, "
    "{prev_start} – {prev_end}.":
        "Рост — за сопоставимые сроки: {start} – {end} против тех же дат на {months} мес. раньше, "
        "{prev_start} – {prev_end}.",
    # --- item 5: what the period is ----------------------------------------------------
    "Whole months: {months}.": "Полных месяцев: {months}.",
    "Calendar months: {months}, the last of them to date.":
        "Календарных месяцев: {months}, последний — по сегодняшний день.",
    # --- item 7: overdue pipeline ------------------------------------------------------
    "Weighted pipeline: open deals × probability, by expected close month (a date past by up to {days} days "
    "counts in this month; one past longer ago is overdue pipeline, in no month); it forecasts won deals. Run "
    "rate: the average of the last three complete months, shaped by the same month a year earlier when a full "
    "year of history lies behind it.":
        "Взвешенная воронка — открытые сделки × вероятность по месяцу ожидаемого закрытия (дата, прошедшая не "
        "более {days} дн. назад, — в текущем месяце; прошедшая раньше — просроченная воронка, ни в одном "
        "месяце); прогнозирует выигранные сделки. Темп продаж — среднее трёх последних полных месяцев с "
        "поправкой на сезонность (тот же месяц год назад), когда за плечами уже есть полный год истории.",
    "Overdue pipeline: {count} open deals expected to close before {date}, for {amount} ({weighted} weighted). "
    "They are in no month's forecast: set a new expected date or close them.":
        "Просроченная воронка: открытых сделок с ожидаемым закрытием до {date} — {count}, на {amount} "
        "(взвешенно {weighted}). Они не входят в прогноз ни одного месяца: назначьте новую ожидаемую дату "
        "или закройте их.",
    "A deal whose expected date was already past by more than {days} days on that day is left out, as overdue "
    "pipeline is now.":
        "Сделка, ожидаемая дата которой к тому дню прошла более {days} дн. назад, не учитывается — как "
        "просроченная воронка сейчас.",
}
