RU = {
    "{value} is not a number with the file's decimal mark \"{mark}\": a thousands separator must split the digits "
    "in groups of three.":
        "{value} — не число при десятичном разделителе файла «{mark}»: разделитель тысяч должен делить цифры "
        "на группы по три.",
    "No contact {value} at this client: the one a person reports to is a contact of the same client, named by its "
    "id, e-mail or full name.":
        "У этого клиента нет контакта {value}: руководитель контакта — контакт того же клиента, указанный по коду, "
        "e-mail или ФИО.",
    "Several contacts of this client answer to {value}: name the one by its id or e-mail.":
        "Под {value} подходят несколько контактов этого клиента: укажите нужного по коду или e-mail.",
    "The contact this person reports to (row {row}) was rejected.":
        "Строка руководителя этого контакта ({row}) отклонена.",
}
