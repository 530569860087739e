"""Russian for the duplicates view and the merge of twin clients and contacts (issue 16, duplicates)."""

RU = {
    # db/actions/duplicates.py
    "Take the value from one of the records being merged.": "Возьмите значение из одной из объединяемых записей.",
    "Choose the records to merge into the one that stays.": "Выберите записи, которые войдут в остающуюся.",
    "At most {n} records are merged at once.": "За один раз объединяется не больше {n} записей.",
    "{name} was already merged into another client.": "{name} уже объединён с другим клиентом.",
    "The client that stays is archived: restore it first, or keep another one.":
        "Остающийся клиент в архиве: сначала верните его из архива или оставьте другого.",
    "{name} was already merged into another contact.": "{name} уже объединён с другим контактом.",
    "Only contacts of one client are merged: merge the clients first.":
        "Объединяются только контакты одного клиента: сначала объедините клиентов.",
    "The contact that stays is archived: keep another one.": "Остающийся контакт в архиве: оставьте другой.",
    "One of the two was already merged.": "Одна из двух записей уже объединена.",
    "Choose two different records.": "Выберите две разные записи.",
    "This merge is already proposed: it waits for your head.":
        "Это объединение уже предложено: оно ждёт решения руководителя.",
    "The proposal was not found.": "Предложение не найдено.",
    "This proposal has already been decided.": "По этому предложению уже принято решение.",
    # pages/duplicates.py
    "Duplicates": "Дубли",
    "Clients linked by the same name (legal form, quotes, case and ё aside), phone, e-mail or a contact's, or by "
    "names alike; contacts of one client by the same name, phone or e-mail.":
        "Клиенты с одинаковым названием (без учёта правовой формы, кавычек, регистра и ё), телефоном, e-mail — "
        "своим или контакта — или с похожими названиями; контакты одного клиента с одинаковым именем, телефоном "
        "или e-mail.",
    "Twins among your clients. Propose a merge: your head merges them or says why not.":
        "Дубли среди ваших клиентов. Предложите объединение: руководитель объединит или объяснит, почему нет.",
    "No twins found.": "Дублей не найдено.",
    (None, ("{n} group of probable twins.", "{n} groups of probable twins.")):
        ("{n} группа вероятных дублей.", "{n} группы вероятных дублей.", "{n} групп вероятных дублей."),
    # ui/duplicates.py
    "the same INN": "одинаковый ИНН",
    "the same name": "одинаковое название",
    "the same phone": "одинаковый телефон",
    "the same e-mail": "одинаковый e-mail",
    "a contact's phone or e-mail": "телефон или e-mail контакта",
    "similar names": "похожие названия",
    "Linked by": "Совпадает",
    "Activities": "Действия",
    "The record that stays": "Остаётся запись",
    "Merge into it": "Объединить с ней",
    "Where the records differ, pick the value to keep; every other field keeps the staying record's value, or a "
    "twin's where it has none.":
        "Где записи расходятся, выберите, какое значение оставить; остальные поля берутся из остающейся записи, "
        "а где она пуста — из дубля.",
    "As in the record that stays": "Как в остающейся записи",
    "Deals, shipments, contacts, activities, tasks and holding links move to the record that stays; the others are "
    "archived with a link to it.":
        "Сделки, отгрузки, контакты, действия, задачи и связи холдинга переходят к остающейся записи; остальные "
        "уходят в архив со ссылкой на неё.",
    "Merge": "Объединить",
    "Merged: {n} into {name}.": "Объединено: {n} в {name}.",
    "Its twin": "Её дубль",
    "Note for your head": "Комментарий для руководителя",
    "Propose the merge": "Предложить объединение",
    "Proposed: your head will merge them or say why not.":
        "Предложено: руководитель объединит записи или объяснит, почему нет.",
    "Proposed merges": "Предложенные объединения",
    "No proposed merges wait.": "Предложенных объединений нет.",
    "You have no proposals waiting.": "У вас нет ожидающих предложений.",
    "Proposed by": "Предложил",
    "Not twins: dismiss": "Не дубли: отклонить",
    "The proposal is dismissed.": "Предложение отклонено.",
    # db/io/kinds/clients.py: the import's "duplicates": "flag"
    'The mapping\'s "duplicates" is "create" (the default) or "flag".':
        'Параметр «duplicates» в сопоставлении: "create" (по умолчанию) или "flag".',
    "Looks like the client {name} (manager: {owner}): not created. Merge them on the Duplicates page, or import it "
    "as that client.":
        "Похоже на клиента {name} (менеджер: {owner}): не создан. Объедините их на странице «Дубли» или "
        "загрузите строку как этого клиента.",
    "Looks like a client among those you cannot see: not created. Ask your head or the director who works with it.":
        "Похоже на клиента, которого вы не видите: не создан. Спросите руководителя или директора, кто с ним "
        "работает.",
    "Looks like the client of row {row}: not created.": "Похоже на клиента из строки {row}: не создан.",
    "Not twins": "Не дубли",
    "These records are different: the list stops linking them.":
        "Это разные записи: список больше не будет их связывать.",
    "Marked as different.": "Отмечены как разные.",
}
