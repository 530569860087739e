"""Russian for the database's refusals told by their real cause, and stale forms (issue 14, point 5)."""

RU = {
    # --- a unique constraint ---------------------------------------------------
    "A client with this INN already exists.": "Клиент с таким ИНН уже есть.",
    "A user with this login already exists.": "Пользователь с таким логином уже есть.",
    "A product with this SKU already exists.": "Товар с таким артикулом уже есть.",
    "A department with this name already exists.": "Отдел с таким названием уже есть.",
    "An industry with this name already exists.": "Отрасль с таким названием уже есть.",
    "A territory with this name already exists at this place.": "Территория с таким названием здесь уже есть.",
    "This person already has a plan for this month.": "У этого сотрудника уже есть план на этот месяц.",
    "This department already has a plan for this month.": "У этого отдела уже есть план на этот месяц.",
    "A rule for this territory and industry already exists.": "Правило для этой территории и отрасли уже есть.",
    "A mapping with this name already exists.": "Сопоставление с таким названием уже есть.",
    "This client already has a letter in this mailing.": "У этого клиента уже есть письмо в этой рассылке.",
    "Another record already has this {field}.": "Такое значение поля «{field}» уже есть у другой записи.",
    "Another record already has these values.": "Такие значения уже есть у другой записи.",
    # --- a foreign key, NOT NULL, CHECK -------------------------------------------
    "The chosen {field} no longer exists. Reload and choose again.":
        "Выбранное значение поля «{field}» больше не существует. Обновите страницу и выберите заново.",
    "The change refers to a record that no longer exists. Reload and try again.":
        "Изменение ссылается на запись, которой больше нет. Обновите страницу и попробуйте снова.",
    "{field} is required.": "Поле «{field}» обязательно.",
    "The value of {field} is out of the allowed range.": "Значение поля «{field}» вне допустимых пределов.",
    "The values break a rule of the data ({rule}).": "Значения нарушают правило данных ({rule}).",
    "The database refused the change: {reason}": "База данных отклонила изменение: {reason}",
    "The last day comes before the first day.": "Последний день раньше первого.",
    "A person cannot stand in for themselves.": "Сотрудник не может замещать сам себя.",
    "A plan is either a person's or a department's.": "План ставится либо сотруднику, либо отделу.",
    "A scheme is either for a role or for a person.": "Схема задаётся либо для роли, либо для сотрудника.",
    "A stage cannot be both won and lost.": "Этап не может быть одновременно выигранным и проигранным.",
    # --- field names the models do not label ------------------------------------------
    "Decision role": "Роль в решении",
    "External id": "Внешний код",
    "Channel": "Канал",
    "Base": "База",
    "Person": "Сотрудник",
    "Owner": "Владелец",
    # --- a stale form ---------------------------------------------------------------
    "This record was changed by {who} in the meantime. Reload it and make your change again.":
        "Эту запись тем временем изменил(а) {who}. Обновите её и внесите изменения заново.",
    "This record was changed by someone else at {when}. Reload it and make your change again.":
        "Эту запись изменил другой пользователь в {when}. Обновите её и внесите изменения заново.",
    "This record was changed by someone else in the meantime. Reload it and make your change again.":
        "Эту запись тем временем изменил другой пользователь. Обновите её и внесите изменения заново.",
}
