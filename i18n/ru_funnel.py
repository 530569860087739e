"""Russian for the deal funnel, deals, discounts and approvals, forecasts, and the funnel settings (issue 4)."""

RU = {
    # --- menu and page titles ----------------------------------------------
    "Funnel": "Воронка",
    "Forecast": "Прогноз",
    "Approvals": "Согласования",
    "Funnel settings": "Настройки воронки",
    "Deal not found, or it is not among your deals.": "Сделка не найдена или не относится к вашим сделкам.",
    # --- the funnel page ----------------------------------------------------
    "From": "С",
    "To": "По",
    "Stalled after, days without a move": "Зависла: дней без перехода",
    "Show": "Показать",
    "Filters applied.": "Отбор применён.",
    "left": "не работает",
    "Period: {start} – {end}.": "Период: {start} – {end}.",
    "Choose both ends of the period.": "Укажите начало и конец периода.",
    "The period must start before it ends.": "Начало периода должно быть раньше его конца.",
    "The period must lie between {min} and {max}.": "Период должен лежать между {min} и {max}.",
    "Stalled after: a whole number of days from 1 to 3650.": "«Зависла»: целое число дней от 1 до 3650.",
    "Open deals": "Открытые сделки",
    "In the funnel": "В воронке",
    "Weighted amount": "Взвешенная сумма",
    "Amount × probability.": "Сумма × вероятность.",
    "Won in the period": "Выиграно за период",
    "{n} deals, {amount}": "Сделок: {n}, на {amount}",
    "Amount × probability: {amount}": "Сумма × вероятность: {amount}",
    "Win rate": "Доля выигранных",
    "Won of the deals closed in the period.": "Выигранные среди сделок, закрытых за период.",
    "No deals in this funnel for these filters and this period.":
        "В воронке нет сделок с такими отборами за этот период.",
    "Open stages: the deals there now. Won and lost: the deals closed in the period. The dark bar is the weighted "
    "amount (amount × probability); the number, the count of deals.":
        "Открытые этапы — сделки, которые на них сейчас; выигранные и проигранные — закрытые за период. Тёмная "
        "полоса — взвешенная сумма (сумма × вероятность), число — количество сделок.",
    "Entered in the period": "Вошли за период",
    "Went further, %": "Пошли дальше, %",
    "Won later, %": "Выиграны потом, %",
    "Average days at the stage": "Среднее дней на этапе",
    "Went further: of the deals that entered the stage in the period, how many reached a later stage (not a lost "
    "one) by now; won later: how many were won. Average days: of the deals that left the stage in the period.":
        "«Пошли дальше» — из сделок, вошедших на этап за период, сколько к сегодняшнему дню дошли до следующих "
        "этапов (кроме проигрыша); «выиграны потом» — сколько выиграно. Среднее дней — по сделкам, ушедшим с "
        "этапа за период.",
    "By manager": "По менеджерам",
    "Won, amount": "Выиграно, сумма",
    "Win rate, %": "Доля выигранных, %",
    "Stalled deals": "Зависшие сделки",
    "No open deal has waited {days} days or more for a move.":
        "Нет открытых сделок без перехода {days} дней и больше.",
    "{n} open deals without a stage move for {days} days or more, the longest waiting first. Click a row to open "
    "the deal.": "Открытых сделок без перехода {days} дней и больше: {n}; дольше всех ждущие — сверху. Щёлкните "
                 "строку, чтобы открыть сделку.",
    "Days without a move": "Дней без перехода",
    "New deal": "Новая сделка",
    "None of your clients matches the search.": "Среди ваших клиентов таких не нашлось.",
    "Type a part of the client's name or INN.": "Введите часть названия клиента или ИНН.",
    "For the client": "Для клиента",
    # --- the deal page and its forms ----------------------------------------
    "created {when}": "создана {when}",
    "If the deal is lost": "Если сделка проиграна",
    "Won on {when}.": "Выиграна {when}.",
    "Lost on {when}: {reason}": "Проиграна {when}: {reason}",
    "Waiting for a head: a discount of {asked} % (asked by {who}). Until then the lines keep their present "
    "discounts.": "Ждёт решения руководителя: скидка {asked} % (запросил(а) {who}). До тех пор в строках остаются "
                  "нынешние скидки.",
    "Waiting for a head: the move past the credit limit (asked by {who}).":
        "Ждёт решения руководителя: переход сверх кредитного лимита (запросил(а) {who}).",
    "Committing to this deal (contract, won) passes the client's credit limit: exposure {exposure} + this deal "
    "{amount} > limit {limit}. The move needs a head's approval.":
        "Обязательство по этой сделке (договор, выигрыш) превысит кредитный лимит клиента: задолженность "
        "{exposure} + сделка {amount} > лимит {limit}. Переход потребует согласования руководителя.",
    "The deal is closed. A head of sales can reopen it by moving it to an open stage.":
        "Сделка закрыта. Руководитель может вернуть её в работу, переведя на открытый этап.",
    "Move": "Перевести",
    "Probability": "Вероятность",
    "Move the deal": "Перевести сделку",
    "Lines": "Строки",
    "Product": "Товар",
    "SKU": "Артикул",
    "Quantity": "Количество",
    "Unit": "Ед.",
    "Price": "Цена",
    "Discount, %": "Скидка, %",
    "Your discount cap: {cap} %. A larger discount waits for a head's approval.":
        "Ваш предел скидки: {cap} %. Большая скидка ждёт согласования руководителя.",
    "The deal has no lines: its amount was entered without them. Lines replace it with their sum.":
        "В сделке нет строк: её сумма введена без них. Со строками сумма станет их итогом.",
    "Add a line": "Добавить строку",
    "Change quantities and discounts": "Изменить количество и скидки",
    "Edit the deal": "Изменить сделку",
    "Stage history": "История этапов",
    "No stage moves recorded.": "Переходов по этапам не записано.",
    "From stage": "С этапа",
    "To stage": "На этап",
    "Days at the previous stage": "Дней на прежнем этапе",
    "Asked": "Запрошено",
    "What": "Что",
    "Discount": "Скидка",
    "Discount asked": "Запрошенная скидка",
    "Asked by": "Кто запросил",
    "Decided by": "Кто решил",
    "Decided": "Решено",
    "Comment": "Комментарий",
    "Waiting": "Ждёт решения",
    "Approved": "Одобрено",
    "Rejected": "Отклонено",
    "What the deal is about": "Предмет сделки",
    "The first line; add more on the deal's page. Prices come from the catalogue.":
        "Первая строка; остальные добавляются на странице сделки. Цены — из каталога.",
    "Choose a product": "Выберите товар",
    "Open the deal": "Открыть сделку",
    "Deal opened.": "Сделка открыта.",
    "Click a row to open the deal.": "Щёлкните строку, чтобы открыть сделку.",
    "Saved. A discount above your cap waits for a head's approval.":
        "Сохранено. Скидка сверх вашего предела ждёт согласования руководителя.",
    "Add the line": "Добавить строку",
    "Save the lines": "Сохранить строки",
    "Move to the stage": "Перевести на этап",
    "Ask a head to approve": "Запросить согласование руководителя",
    "Needed when committing to the deal passes the client's credit limit.":
        "Нужно, когда обязательство по сделке превышает кредитный лимит клиента.",
    "The move waits for a head's approval.": "Переход ждёт согласования руководителя.",
    "Moved to {stage}.": "Переведена на этап «{stage}».",
    "Choose a reason": "Выберите причину",
    "Mark as lost": "Отметить проигрыш",
    "The funnel has no lost stage: ask the administrator.": "В воронке нет этапа проигрыша: обратитесь к администратору.",
    "The deal is marked as lost.": "Сделка отмечена как проигранная.",
    "Approve": "Одобрить",
    "Reject": "Отклонить",
    "Approved.": "Одобрено.",
    "Rejected.": "Отклонено.",
    # --- the approvals page -------------------------------------------------
    "Nothing waits for your decision.": "Решений от вас ничто не ждёт.",
    "Discount of {asked} (the deal's largest now: {given})": "Скидка {asked} (сейчас наибольшая в сделке: {given})",
    "Move to “{stage}” past the credit limit: exposure {exposure} + deal {amount} > limit {limit}":
        "Переход на этап «{stage}» сверх кредитного лимита: задолженность {exposure} + сделка {amount} > лимит {limit}",
    "Decided in the last 30 days": "Решено за последние 30 дней",
    "{total} requests wait; the oldest {n} are here. Each decision brings up the next.":
        "Ждут решения запросов: {total}; здесь {n} самых давних. Каждое решение поднимает следующий.",
    "No decisions in the last 30 days.": "За последние 30 дней решений не было.",
    # --- the forecast page --------------------------------------------------
    "Won deals": "Выигранные сделки",
    "Weighted pipeline": "Взвешенная воронка",
    "Run rate": "Темп продаж",
    "Months ahead (3–6)": "Месяцев вперёд (3–6)",
    "Run rate of": "Темп продаж по",
    "Months ahead: a whole number from 3 to 6.": "Месяцев вперёд: целое число от 3 до 6.",
    "Method": "Метод",
    "Run rate: {basis}": "Темп продаж: {basis}",
    "So far this month: {basis} {amount}.": "С начала месяца — {basis}: {amount}.",
    "Weighted pipeline: open deals × probability, by expected close month (overdue dates count in this month); it "
    "forecasts won deals. Run rate: the average of the last three complete months, shaped by the same month a year "
    "earlier when a full year of history lies behind it.":
        "Взвешенная воронка — открытые сделки × вероятность по месяцу ожидаемого закрытия (просроченные даты — в "
        "текущем месяце); прогнозирует выигранные сделки. Темп продаж — среднее трёх последних полных месяцев с "
        "поправкой на сезонность (тот же месяц год назад), когда за плечами уже есть полный год истории.",
    "Open deals without an expected close date, weighted: {amount} (not in any month).":
        "Открытые сделки без ожидаемой даты закрытия, взвешенно: {amount} (ни в один месяц не вошли).",
    "How far to trust it: the last twelve months": "Насколько этому верить: последние двенадцать месяцев",
    "Weighted pipeline: mean error (MAPE)": "Взвешенная воронка: средняя ошибка (MAPE)",
    "Run rate: mean error (MAPE)": "Темп продаж: средняя ошибка (MAPE)",
    "Against the deals won in each month.": "По сравнению с выигранными в каждом месяце сделками.",
    "Against the {basis} of each month.": "По сравнению с показателем «{basis}» каждого месяца.",
    "Weighted pipeline said": "Прогноз взвешенной воронки",
    "Error, %": "Ошибка, %",
    "Run rate said": "Прогноз по темпу",
    "Actual: {basis}": "Факт: {basis}",
    "Run rate error, %": "Ошибка темпа, %",
    "Each forecast is the one the method would have made on the first day of that month, from what was recorded "
    "by then: the stage each deal was at, and the amount, probability and expected date a later edit replaced (the "
    "audit log). Deals loaded without a history (imports, the demo) count with their present dates.":
        "Каждый прогноз — тот, что метод дал бы в первый день месяца по записанному к тому времени: этап каждой "
        "сделки, а её сумма, вероятность и ожидаемая дата — такими, какими их застала следующая правка (журнал "
        "изменений). Сделки, загруженные без истории (импорт, демо), учитываются с нынешними датами.",
    # --- funnel settings (administrator) ------------------------------------
    "A new probability applies to the moves made from then on. Moving a deal into a committing stage checks the "
    "client's credit limit.": "Новая вероятность действует для переходов, сделанных после её изменения. При переходе "
                              "сделки на этап с обязательством проверяется кредитный лимит клиента.",
    "Commits (credit check)": "Обязательство (проверка лимита)",
    "yes": "да",
    "switched off": "отключён",
    "Change a stage": "Изменить этап",
    "Choose a stage": "Выберите этап",
    "Add a stage": "Добавить этап",
    "Add the stage": "Добавить этап",
    "Place in the order": "Место в порядке",
    "Discount caps": "Пределы скидок",
    "The largest discount each role gives without approval; above it, a head (or the director) decides.":
        "Наибольшая скидка, которую роль даёт без согласования; сверх неё решает руководитель (или директор).",
    "{role}, %": "{role}, %",
    # --- refusals from the actions ------------------------------------------
    "The request was not found.": "Запрос не найден.",
    "This request has already been decided.": "По этому запросу уже есть решение.",
    "You cannot decide your own request: a head or the director decides it.":
        "Свой запрос решать нельзя: решает руководитель или директор.",
    "Say why the request is rejected: the manager will read it.": "Напишите, почему запрос отклонён: менеджер это прочтёт.",
    "The deal is closed: reject the request.": "Сделка закрыта: отклоните запрос.",
    "The discount asked, {asked} %, is above your own cap of {cap} %: the director decides.":
        "Запрошенная скидка {asked} % больше вашего предела {cap} %: решает директор.",
    "The lines this request was about are gone: reject it.": "Строк, о которых был запрос, уже нет: отклоните его.",
    "The deal has moved since the request: reject it, the manager will ask again if needed.":
        "После запроса сделка перешла на другой этап: отклоните его, при необходимости менеджер запросит снова.",
    "The deal has grown since the request (now {amount}): reject it, the manager will ask again.":
        "После запроса сумма сделки выросла (теперь {amount}): отклоните его, менеджер запросит снова.",
    "The deal is already at this stage.": "Сделка уже на этом этапе.",
    "The deal is closed: a head of sales can reopen it.": "Сделка закрыта: вернуть её в работу может руководитель.",
    "Say why the deal was lost.": "Укажите, почему сделка проиграна.",
    "A credit approval for this deal is already waiting (asked by {who}).":
        "Согласование кредитного лимита по этой сделке уже ждёт решения (запросил(а) {who}).",
    "The client's exposure of {exposure} plus this deal's {amount} passes the credit limit of {limit} by {excess}. "
    "A head of sales must approve: tick “Ask a head to approve” and move again.":
        "Задолженность клиента {exposure} плюс сумма сделки {amount} превышает кредитный лимит {limit} на {excess}. "
        "Нужно согласование руководителя: отметьте «Запросить согласование руководителя» и переведите снова.",
    "The funnel has no open stage: ask the administrator to set up the stages.":
        "В воронке нет открытого этапа: попросите администратора настроить этапы.",
    "A deal needs at least one line from the catalogue.": "В сделке должна быть хотя бы одна строка из каталога.",
    "The client is archived: restore it before opening a deal.":
        "Клиент в архиве: верните его из архива, прежде чем открывать сделку.",
    "The deal is closed: only an open deal can be edited.": "Сделка закрыта: изменять можно только открытую сделку.",
    "Line {line}: it is not a line of this deal. Reload the page.":
        "Строка {line}: это не строка этой сделки. Обновите страницу.",
    "Line {line}: choose a product from the catalogue.": "Строка {line}: выберите товар из каталога.",
    "Line {line}: the quantity must be a number above zero.": "Строка {line}: количество должно быть числом больше нуля.",
    "Line {line}: the discount must be between 0 and 100 %.": "Строка {line}: скидка должна быть от 0 до 100 %.",
    "A stage with this name exists.": "Этап с таким названием уже есть.",
    "A stage cannot be both won and lost.": "Этап не может означать и выигрыш, и проигрыш.",
    "A won stage has the probability 100 %.": "У этапа выигрыша вероятность 100 %.",
    "A lost stage has the probability 0 %.": "У этапа проигрыша вероятность 0 %.",
    "Deals have been at this stage, so whether it means won or lost cannot change. Add a new stage instead.":
        "На этом этапе уже бывали сделки, поэтому его смысл (выигрыш, проигрыш) менять нельзя. Добавьте новый этап.",
    "{n} open deals are at this stage: move them before switching it off.":
        "На этом этапе открытые сделки ({n}): переведите их, прежде чем отключать этап.",
    "The funnel needs at least one active open stage.": "В воронке нужен хотя бы один действующий открытый этап.",
    "The funnel needs an active won stage.": "В воронке нужен действующий этап выигрыша.",
    "The funnel needs an active lost stage.": "В воронке нужен действующий этап проигрыша.",
    "The stage was not found.": "Этап не найден.",
    "The role was not found.": "Роль не найдена.",
}
