"""Russian for plans and commission: the manager's home plan block, Team, Plans and commission."""

RU = {
    # --- navigation and tabs -------------------------------------------------
    "Team": "Команда",
    "Plans and commission": "Планы и премии",
    "Managers' plans": "Планы менеджеров",
    "Department plans": "Планы отделов",
    "Commission": "Премия",
    "My work": "Моя работа",
    # --- the manager's plan on the home page --------------------------------
    "My plan for {month}": "Мой план на {month}",
    "Counted on shipments": "Считается по отгрузкам",
    "Counted on won deals": "Считается по выигранным сделкам",
    "Won this month": "Выиграно в этом месяце",
    "Remaining": "Осталось",
    "Pace": "Темп",
    "{pct} of plan": "{pct} плана",
    "The month's end projected at the current daily rate.":
        "Прогноз на конец месяца при нынешнем темпе продаж в день.",
    "Commission so far": "Премия на сегодня",
    "no scheme": "схемы нет",
    "To the next tier": "До следующей ступени",
    "top tier reached": "высшая ступень достигнута",
    "At {pct} of plan you get {rate} of the part above the plan.":
        "При {pct} плана — {rate} с суммы сверх плана.",
    "At {pct} of plan you get {rate} of everything counted.": "При {pct} плана — {rate} со всего факта.",
    "The last 12 months": "Последние 12 месяцев",
    "What if my open deals close?": "А если мои открытые сделки закроются?",
    "You have no open deals.": "Открытых сделок нет.",
    "Open deals that close this month": "Сделки, которые закроются в этом месяце",
    "Choose deals": "Выберите сделки",
    "Choose deals to see the % of plan and the commission if they close this month, in full.":
        "Выберите сделки — и увидите % плана и премию, если они закроются в этом месяце на всю сумму.",
    "Added": "Добавится",
    "{pct} now": "сейчас {pct}",
    # --- how commission is computed -----------------------------------------
    "How commission is computed": "Как считается премия",
    "Commission is recomputed from the data every time you look: nobody types it in.\n\n"
    "- **% of plan** = actual ÷ plan for the month. A tier counts from its threshold, inclusive: "
    "exactly 80 % reaches the 80 % tier.\n"
    "- Tiers **of everything counted**: only the highest one reached pays, on the whole month's actual.\n"
    "- Tiers **of the part above the plan**: only the highest one reached pays, on the amount above "
    "the plan — on top of the first kind.\n"
    "- Below the lowest tier nothing is paid. Without a plan a tiered scheme cannot be applied: "
    "no plan set, no commission. A flat scheme pays its rate on everything counted.\n"
    "- A scheme applies from the first month of its start; months before keep the scheme they had. "
    "A personal scheme comes before the one for the role.\n"
    "- The pace is the month's end projected at the current daily rate, counted in calendar days "
    "from the first of the month (or the day you joined).":
        "Премия пересчитывается по данным при каждом просмотре: её никто не вводит вручную.\n\n"
        "- **% плана** = факт ÷ план за месяц. Ступень действует с её порога включительно: "
        "ровно 80 % — это уже ступень 80 %.\n"
        "- Ступени **со всего факта**: платит только высшая из достигнутых, со всего факта месяца.\n"
        "- Ступени **с суммы сверх плана**: платит только высшая из достигнутых, с суммы сверх плана — "
        "в дополнение к первым.\n"
        "- Ниже самой нижней ступени премии нет. Без плана ступенчатую схему применить нельзя: "
        "план не задан — премии нет. Фиксированная схема платит свою ставку со всего факта.\n"
        "- Схема действует с месяца, с которого введена; прошлые месяцы считаются по прежней схеме. "
        "Личная схема важнее схемы для роли.\n"
        "- Темп — прогноз на конец месяца при нынешнем темпе в день, по календарным дням "
        "с первого числа (или со дня выхода на работу).",
    "No commission scheme applies to you this month.": "В этом месяце к вам не применяется ни одна схема премии.",
    "No scheme for managers applies this month.": "В этом месяце для менеджеров схема не действует.",
    "Your scheme": "Ваша схема",
    "The managers' scheme this month": "Схема менеджеров в этом месяце",
    "For example, with a plan of {plan}:": "Например, при плане {plan}:",
    "from {pct} of plan: {rate} of everything counted in the month": "от {pct} плана: {rate} со всего факта месяца",
    "from {pct} of plan: plus {rate} of the part above the plan": "от {pct} плана: плюс {rate} с суммы сверх плана",
    "{rate} of everything counted in the month, whatever the plan": "{rate} со всего факта месяца, независимо от плана",
    # --- team ----------------------------------------------------------------
    "Actual": "Факт",
    "Pace, % of plan": "Темп, % плана",
    "Department plan": "План отдела",
    "Plans − department plan": "Планы − план отдела",
    "No managers to show for this month.": "За этот месяц показать некого.",
    "No commission is shown where no plan is set: a tiered scheme needs a plan.":
        "Где план не задан, премия не показана: ступенчатой схеме нужен план.",
    "pace: the month's end projected at the current daily rate":
        "темп — прогноз на конец месяца при нынешнем темпе в день",
    "a closed month: the pace is the actual": "месяц закрыт: темп равен факту",
    # --- setting plans -------------------------------------------------------
    "A manager's plan for a month": "План менеджера на месяц",
    "There are no managers you can set plans for.": "Нет менеджеров, которым вы можете ставить план.",
    "Plan amount": "Сумма плана",
    "Now: {plan}": "Сейчас: {plan}",
    "Save the plan": "Сохранить план",
    "Plan saved: {name}, {month}.": "План сохранён: {name}, {month}.",
    "Plans for a quarter": "Планы на квартал",
    "Quarter": "Квартал",
    "Q{q} {year}": "{q} кв. {year}",
    "A past month: closed.": "Прошедший месяц: закрыт.",
    "Type the amounts; an empty cell means no plan. Nothing is saved until you press the button, "
    "and nothing at all if any cell is wrong.":
        "Введите суммы; пустая ячейка — плана нет. Ничего не сохраняется до нажатия кнопки "
        "и ничего вообще, если хоть одна ячейка неверна.",
    "Save the quarter": "Сохранить квартал",
    "Nothing changed.": "Ничего не изменилось.",
    "Nothing was saved. Correct these cells:": "Ничего не сохранено. Исправьте ячейки:",
    "Plans saved: {n} changed.": "Планы сохранены, изменено: {n}.",
    "A department's plan for a month": "План отдела на месяц",
    "No departments yet.": "Отделов пока нет.",
    "Do the managers' plans add up?": "Сходятся ли планы менеджеров?",
    "Difference": "Разница",
    "Where a department plan is set, the managers' plans add up to it exactly.":
        "Там, где план отдела задан, планы менеджеров в сумме точно равны ему.",
    "Managers' plans of {dept} for {month} fall short of the department plan by {amount}.":
        "Планы менеджеров отдела «{dept}» на {month} меньше плана отдела на {amount}.",
    "Managers' plans of {dept} for {month} exceed the department plan by {amount}.":
        "Планы менеджеров отдела «{dept}» на {month} больше плана отдела на {amount}.",
    # --- commission schemes and the basis -----------------------------------
    "What counts against plans": "Что засчитывается в план",
    "Plan basis": "Основа плана",
    "Shipments: what left the warehouse, credited to the manager of the shipment on its date. "
    "Won deals: deals won, credited to their owner on the day they closed. "
    "A change recomputes every month, past ones included.":
        "Отгрузки — то, что ушло со склада, засчитывается менеджеру отгрузки в день отгрузки. "
        "Выигранные сделки — засчитываются ответственному в день закрытия. "
        "Смена основы пересчитывает все месяцы, и прошлые тоже.",
    "The plan basis is saved.": "Основа плана сохранена.",
    "Commission schemes": "Схемы премий",
    "No commission schemes yet: nobody earns commission until one is saved.":
        "Схем премий пока нет: пока схема не сохранена, премия не начисляется.",
    "Tiered by % of plan": "Ступенчатая по % плана",
    "Flat rate": "Фиксированная ставка",
    "of everything counted": "со всего факта",
    "of the part above the plan": "с суммы сверх плана",
    "Every manager": "Все менеджеры",
    "Every head of sales": "Все руководители отделов",
    "{name} (personal)": "{name} (личная)",
    "Scheme": "Схема",
    "For": "Для кого",
    "from {date}": "с {date}",
    "Kind": "Вид",
    "Withdrawn": "Отозвана",
    "Planned": "Запланирована",
    "Applies": "Действует",
    "A newer scheme for the same role or person takes over from its month; a personal scheme comes "
    "before the role's. Schemes that have applied to a past month cannot change.":
        "Более новая схема для той же роли или человека действует с её месяца; личная схема важнее схемы "
        "для роли. Схемы, уже применённые к прошлым месяцам, менять нельзя.",
    "New or planned scheme": "Новая или запланированная схема",
    "A new scheme": "Новая схема",
    "Applies from": "Действует с",
    "Flat rate, % of everything counted": "Фиксированная ставка, % со всего факта",
    "Only for a flat scheme.": "Только для фиксированной схемы.",
    "Tiers (only for a tiered scheme): from which % of plan, what rate, and of what.":
        "Ступени (только для ступенчатой схемы): с какого % плана, какая ставка и с чего.",
    "From % of plan": "С % плана",
    "Rate, %": "Ставка, %",
    "Of": "С чего",
    "Save the scheme": "Сохранить схему",
    "The scheme is saved.": "Схема сохранена.",
    "Withdraw this scheme": "Отозвать схему",
    "The scheme is withdrawn.": "Схема отозвана.",
    # --- refusals -------------------------------------------------------------
    "Plans of past months are closed: their results and commission are history.":
        "Планы прошедших месяцев закрыты: их итоги и премии уже история.",
    "A plan cannot be emptied: enter 0 for no plan.": "План нельзя стереть: введите 0, если плана нет.",
    "A tiered scheme needs at least one tier.": "Ступенчатой схеме нужна хотя бы одна ступень.",
    "Choose either a role or a person.": "Выберите либо роль, либо человека.",
    "A scheme starts on the first day of a month.": "Схема начинает действовать с первого числа месяца.",
    "A scheme cannot start in a past month: commission already earned would change.":
        "Схема не может начаться в прошедшем месяце: изменилась бы уже заработанная премия.",
    "They already have a scheme from this month: change that one instead.":
        "С этого месяца у них уже есть схема: измените её.",
    "Commission scheme not found.": "Схема премии не найдена.",
    "This scheme has applied to past months, which must not change. "
    "Save a new scheme from a coming month instead.":
        "Эта схема уже применена к прошлым месяцам, их менять нельзя. "
        "Сохраните новую схему с одного из следующих месяцев.",
    "Tier {row}: the threshold must be a number from 0 to 1000 %.":
        "Ступень {row}: порог — число от 0 до 1000 %.",
    "Tier {row}: the rate must be a number from 0 to 100 %.": "Ступень {row}: ставка — число от 0 до 100 %.",
    "Tier {row}: choose what the rate is of.": "Ступень {row}: выберите, с чего считается ставка.",
    "Two tiers of the same base start at {pct} %.": "Две ступени одного вида начинаются с {pct} %.",
}
