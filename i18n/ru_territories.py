"""Russian for territories, assignment rules, handover, departure and absences (issue 6)."""

RU = {
    # --- menu and pages ----------------------------------------------------------
    "Territories and assignment": "Территории и закрепление",
    "Handover": "Передача клиентов",
    "Absences": "Отсутствия",
    # --- territories, industries, the matrix ------------------------------------
    "Country": "Страна",
    "Region": "Регион",
    "City": "Город",
    "District": "Район",
    "Any territory": "Любая территория",
    "Any industry": "Любая отрасль",
    "Assignment matrix": "Матрица закрепления",
    "Territories": "Территории",
    "Industries": "Отрасли",
    "Who gets a new client without an owner: the most specific rule wins — territory and industry over territory "
    "only over industry only, and a city's rule over its region's. A client no rule places waits in the unassigned "
    "queue. The shade is the manager's experience.":
        "Кому достаётся новый клиент без менеджера: побеждает самое точное правило — территория с отраслью "
        "важнее одной территории, та важнее одной отрасли, а правило города важнее правила его региона. "
        "Клиент, которому не подошло ни одно правило, ждёт в очереди нераспределённых. Цвет — стаж менеджера.",
    "No assignment rules yet: every new client without an owner waits in the unassigned queue.":
        "Правил закрепления пока нет: каждый новый клиент без менеджера ждёт в очереди нераспределённых.",
    "Workload": "Нагрузка",
    "A-clients": "A-клиенты",
    "A-clients: the top 20 % of clients by shipments in the last 12 months.":
        "A-клиенты — верхние 20 % клиентов по отгрузкам за последние 12 месяцев.",
    "Experience, years": "Стаж, лет",
    "Shipped in 12 months": "Отгружено за 12 месяцев",
    "Set a rule": "Задать правило",
    "Save the rule": "Сохранить правило",
    "The rule is saved.": "Правило сохранено.",
    "Remove a rule": "Удалить правило",
    "Remove": "Удалить",
    "The rule is removed.": "Правило удалено.",
    "Who gets a new client?": "Кому достанется новый клиент?",
    "Check": "Проверить",
    "No rule matches: the client would wait in the unassigned queue.":
        "Ни одно правило не подходит: клиент попадёт в очередь нераспределённых.",
    "{manager}, by the rule {territory} × {industry}.": "{manager}, по правилу {territory} × {industry}.",
    "{name} (left)": "{name} (уволен)",
    "New territory": "Новая территория",
    "Part of": "Входит в",
    "Territory {name} created.": "Территория {name} создана.",
    "Edit a territory": "Изменить территорию",
    "Choose a territory": "Выберите территорию",
    "In use (unticked: retired, kept for existing clients)":
        "Используется (без галочки — выведена из оборота, у клиентов сохраняется)",
    "New industry": "Новая отрасль",
    "Industry {name} created.": "Отрасль {name} создана.",
    "Edit an industry": "Изменить отрасль",
    "Choose an industry": "Выберите отрасль",
    "By the assignment rules": "По правилам закрепления",
    # --- reassignment ------------------------------------------------------------
    "Reassign clients": "Переназначить клиентов",
    "Departure": "Увольнение",
    "Unassigned queue": "Очередь нераспределённых",
    "Name or INN": "Название или ИНН",
    "{n} clients found. Tick the rows to hand over, or hand over all of them.":
        "Найдено клиентов: {n}. Отметьте строки для передачи или передайте всех найденных.",
    "The first {shown} are listed.": "Показаны первые {shown}.",
    "Which clients": "Каких клиентов",
    "The ticked rows": "Отмеченных",
    "All clients found": "Всех найденных",
    "Ticked: {ticked} of {n} found.": "Отмечено: {ticked} из {n} найденных.",
    "New owner": "Новый менеджер",
    "Open deals and open tasks move with each client; closed deals and past shipments keep their manager.":
        "Открытые сделки и задачи переходят вместе с клиентом; закрытые сделки и прошлые отгрузки остаются "
        "за прежним менеджером.",
    "Hand over": "Передать",
    "{clients} clients handed over to {name}, with {deals} open deals and {tasks} open tasks.":
        "Передано менеджеру {name}: клиентов — {clients}, открытых сделок — {deals}, открытых задач — {tasks}.",
    "Some of the chosen clients were not found, or are not among your clients. Reload the list and choose again.":
        "Часть выбранных клиентов не найдена или не входит в ваши. Обновите список и выберите снова.",
    "Choose at least one client.": "Выберите хотя бы одного клиента.",
    # --- departure -----------------------------------------------------------------
    "Manager not found, or not in your department.": "Менеджер не найден или не из вашего отдела.",
    "{name} has already left.": "{name} уже уволен(а).",
    "{name}'s clients changed since the preview ({added} new, {gone} no longer theirs). Make the preview again.":
        "Клиенты сотрудника {name} изменились после предпросмотра (новых: {added}, ушедших: {gone}). "
        "Сделайте предпросмотр заново.",
    "The counts did not reconcile, so nothing was changed. Make the preview again.":
        "Счётчики не сошлись, поэтому ничего не изменено. Сделайте предпросмотр заново.",
    "Choose at least one colleague.": "Выберите хотя бы одного коллегу.",
    "All to one colleague": "Всех одному коллеге",
    "Balanced across chosen colleagues": "Поровну между выбранными коллегами",
    "Chosen colleague": "Выбранный коллега",
    "Rule": "Правило",
    "No rule: the successor": "Нет правила: преемник",
    "Balanced by load and value": "По нагрузке и ценности",
    "1. Who leaves": "1. Кто уходит",
    "Leaving manager": "Уходящий менеджер",
    "Choose a manager": "Выберите менеджера",
    "Their clients, open deals and tasks will get new owners; then the account is closed.":
        "Его клиенты, открытые сделки и задачи получат новых владельцев, затем учётная запись будет закрыта.",
    "2. What is at risk": "2. Что под угрозой",
    "Valuable clients little known": "Ценные, но малоизученные",
    "Shipped in the last 12 months, completeness below {score} %.":
        "Были отгрузки за последние 12 месяцев, полнота знаний ниже {score} %.",
    "Assignment rules": "Правила закрепления",
    "Also: {deals} open deals and {tasks} tasks outside their own clients go to those clients' owners or the "
    "successor; {stand_ins} current or coming stand-ins are cancelled.":
        "Кроме того: открытые сделки ({deals}) и задачи ({tasks}) вне собственных клиентов перейдут владельцам "
        "этих клиентов или преемнику; текущие и будущие замещения ({stand_ins}) будут отменены.",
    "Most valuable first. A low completeness score means what is known lives only in the manager's head: ask them "
    "to fill in the card before the last day.":
        "Сначала самые ценные. Низкая полнота знаний значит, что всё известное — только в голове менеджера: "
        "попросите заполнить карточки до последнего дня.",
    "Completeness, %": "Полнота знаний, %",
    "3. Distribute": "3. Распределение",
    "How": "Как",
    "Successor": "Преемник",
    "Takes all the clients in the first way; in the others, the clients no rule places. Always: the deals and "
    "tasks no one else takes, and the leaving manager's assignment rules.":
        "В первом способе получает всех клиентов, в остальных — тех, кому не нашлось правила. Всегда — сделки "
        "и задачи, которые больше некому взять, и правила закрепления уходящего менеджера.",
    "Colleagues to balance across": "Коллеги для распределения поровну",
    "Only for the balanced way: client counts come out as even as possible, and the biggest clients are dealt "
    "out in turn, so that each colleague gets a fair share of the shipments.":
        "Только для распределения поровну: число клиентов у коллег выравнивается, а крупнейшие клиенты "
        "раздаются по очереди, чтобы каждому досталась справедливая доля отгрузок.",
    "Preview": "Предпросмотр",
    "4. Preview and apply": "4. Проверка и применение",
    "Colleague": "Коллега",
    "Clients now": "Клиентов сейчас",
    "Receives": "Получит",
    "Clients after": "Клиентов после",
    "Shipped in 12 months, now": "Отгрузки за 12 мес., сейчас",
    "Shipped in 12 months, received": "Отгрузки за 12 мес., получит",
    "Shipped in 12 months, after": "Отгрузки за 12 мес., после",
    "Why": "Почему",
    "I have checked the preview: hand everything over and close {name}'s account.":
        "Я проверил(а) предпросмотр: передать всё и закрыть учётную запись сотрудника {name}.",
    "Apply and close the account": "Применить и закрыть учётную запись",
    "Tick the box to confirm.": "Поставьте галочку для подтверждения.",
    "The preview changed: check it and apply again.": "Предпросмотр изменился: проверьте его и примените снова.",
    "See out another manager": "Оформить уход другого менеджера",
    "{name} has left. The counts reconcile: {clients} clients, {deals} open deals and {tasks} open tasks all have "
    "new owners; nothing is lost.":
        "{name} — учётная запись закрыта. Счётчики сходятся: клиенты ({clients}), открытые сделки ({deals}) "
        "и открытые задачи ({tasks}) получили новых владельцев, ничего не потеряно.",
    "The counts do not reconcile. Tell the administrator.": "Счётчики не сходятся. Сообщите администратору.",
    "{name} before": "{name}: было",
    "Handed over": "Передано",
    "{name} after": "{name}: стало",
    "Company before": "Всего в компании: было",
    "Company after": "Всего в компании: стало",
    "Assignment rules moved to the successor: {rules}. Stand-ins cancelled: {stand_ins}. The account is closed.":
        "Правил закрепления передано преемнику: {rules}. Замещений отменено: {stand_ins}. "
        "Учётная запись закрыта.",
    # --- territories' and rules' checks ------------------------------------------
    "A country is the top of the tree: it has no parent.": "Страна — вершина дерева: она ни во что не входит.",
    "Choose where this territory belongs.": "Выберите, куда входит эта территория.",
    "Territory not found.": "Территория не найдена.",
    "An industry with this name exists.": "Отрасль с таким названием уже есть.",
    "Industry not found.": "Отрасль не найдена.",
    "This rule gives clients to a manager of another department: their head or the director changes it.":
        "Это правило отдаёт клиентов менеджеру другого отдела: менять его может их руководитель или директор.",
    "Choose a territory, an industry or both: a rule for everything would leave no client to the unassigned "
    "queue.":
        "Выберите территорию, отрасль или и то и другое: правило «на всё» не оставило бы клиентов очереди "
        "нераспределённых.",
    "The rule was not found: someone may have removed it. Reload the page.":
        "Правило не найдено: возможно, его кто-то удалил. Обновите страницу.",
    "This territory already has a part with this name.": "Здесь уже есть территория с таким названием.",
    "A territory cannot be placed inside itself or inside one of its own parts.":
        "Территорию нельзя поместить в неё саму или в одну из её частей.",
    # --- absences ------------------------------------------------------------------
    "Now": "Сейчас",
    "Over": "Завершено",
    "Cancelled": "Отменено",
    "A stand-in sees and works the absent colleague's clients on the days given, first and last included. The "
    "clients stay with their owner; the rights end by themselves after the last day.":
        "Замещающий видит клиентов отсутствующего коллеги и работает с ними в указанные дни, включая первый "
        "и последний. Клиенты остаются за своим менеджером; права заканчиваются сами после последнего дня.",
    "Show past and cancelled": "Показать прошедшие и отменённые",
    "Nobody is away or planned to be.": "Никто не отсутствует, и отсутствий не запланировано.",
    "New absence": "Новое отсутствие",
    "Absent": "Отсутствует",
    "Stands in": "Замещает",
    "First day": "Первый день",
    "Last day": "Последний день",
    "State": "Состояние",
    "Planned by": "Кто оформил",
    "Vacation, sick leave, business trip": "Отпуск, больничный, командировка",
    "{stand_in} stands in for {absent}.": "Отсутствует {absent}, замещает {stand_in}.",
    "Cancel a stand-in": "Отменить замещение",
    "{stand_in} for {absent}, {start} – {end}": "Отсутствует {absent}, замещает {stand_in}, {start} – {end}",
    "Stand-in": "Замещение",
    "The stand-in loses access to the clients at once.": "Замещающий сразу теряет доступ к клиентам.",
    "Cancel the stand-in": "Отменить замещение",
    "The stand-in is cancelled.": "Замещение отменено.",
    "Choose a colleague, not the absent person.": "Выберите коллегу, а не самого отсутствующего.",
    "Stand-in not found, or not in your department.": "Замещение не найдено или не относится к вашему отделу.",
    "This stand-in is already cancelled.": "Это замещение уже отменено.",
    "This stand-in is over already.": "Это замещение уже завершилось.",
    "Choose an active manager or head.": "Выберите работающего менеджера или руководителя.",
    "The last day cannot be before the first.": "Последний день не может быть раньше первого.",
    "{name} already has a stand-in from {start} to {end}.": "У сотрудника {name} уже есть замещающий с {start} по {end}.",
    "{name} is away from {start} to {end}.": "{name} сам(а) отсутствует с {start} по {end}.",
    "{name} stands in for a colleague from {start} to {end}: cancel that first.":
        "{name} замещает коллегу с {start} по {end}: сначала отмените это замещение.",
    "Choose someone from your department.": "Выберите сотрудника своего отдела.",
    "A stand-in lasts at most a year; for longer, hand the clients over.":
        "Замещение длится не больше года; на больший срок передайте клиентов.",
}
