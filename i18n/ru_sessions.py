"""Russian for sessions that end and sign-in hygiene (issue 15, items 1-3, 10, 12)."""

RU = {
    # --- signing in and out ------------------------------------------------------
    "Wrong login or password, or too many attempts: wait a little and try again.":
        "Неверный логин или пароль, либо слишком много попыток: подождите немного и попробуйте снова.",
    "Your session has ended. Sign in again.": "Сеанс завершён. Войдите снова.",
    # --- passwords ----------------------------------------------------------------
    "The password is too easy to guess: add another word or two (uncommon words are better), "
    "avoid your name, login and common passwords.":
        "Пароль слишком легко подобрать: добавьте ещё одно-два слова (лучше редких), не используйте "
        "своё имя, логин и распространённые пароли.",
    "At least 8 characters, not easy to guess. Tell it to the person; they can change it in their profile.":
        "Не короче 8 символов и не из тех, что легко подобрать. Сообщите его сотруднику — он сможет "
        "сменить пароль в своём профиле.",
    "The password is changed. Your other sessions are ended.":
        "Пароль изменён. Остальные ваши сеансы завершены.",
    "The password is set. {name} is signed out everywhere.":
        "Пароль установлен. Все сеансы сотрудника {name} завершены.",
    "The stored mail server password cannot be read (the app's secret was changed): an administrator enters it "
    "again under “Reminders and mailings”.":
        "Сохранённый пароль почтового сервера не удаётся прочитать (секретный ключ приложения сменился): "
        "администратор вводит его заново в разделе «Напоминания и рассылки».",
    # --- sessions -------------------------------------------------------------------
    "Session not found.": "Сеанс не найден.",
    "Use “Sign out” to end the session you are using.":
        "Чтобы завершить текущий сеанс, нажмите «Выйти».",
    "Where you are signed in": "Где выполнен вход",
    "Open sessions": "Открытые сеансы",
    "since": "с",
    "Browser": "Браузер",
    "Address": "Адрес",
    "Signed in": "Вход",
    "Last active": "Последняя активность",
    "Ends at the latest": "Истекает не позже",
    "This browser": "Этот браузер",
    "You are signed in only here.": "Вход выполнен только здесь.",
    "Another session": "Другой сеанс",
    "Choose a session": "Выберите сеанс",
    "End this session": "Завершить этот сеанс",
    "The session is ended.": "Сеанс завершён.",
    "End all other sessions": "Завершить все остальные сеансы",
    "Every other session is ended: those browsers must sign in again.":
        "Все остальные сеансы завершены: в тех браузерах нужно войти заново.",
    "{name} is not signed in anywhere.": "{name} нигде не выполнил(а) вход.",
    "Session": "Сеанс",
    "End all sessions of {name}": "Завершить все сеансы: {name}",
    "{name} is signed out everywhere.": "{name}: все сеансы завершены.",
}
