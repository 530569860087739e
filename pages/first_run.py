"""First start: the database is empty, so create the administrator."""
import streamlit as st

from db.actions.users import create_first_admin
from db.errors import DomainError
from db.session import write_session
from i18n import LANGUAGES
from ui.boot import engine
from ui.forms import FormState, flash
from ui.lang import language, t

st.title(t("Welcome to the Sales CRM"))
st.write(t("The database is empty. Create the administrator account; the administrator then "
           "adds departments and users. To look around with sample data instead, run "
           "`python -m db.demo --scale small` and reload this page."))

form = FormState("first_admin")
with st.form(form.key):
    form.top()
    login = form.text("login", t("Login"))
    full_name = form.text("full_name", t("Full name"))
    email = form.text("email", t("E-mail"))
    password = form.text("password", t("Password"), type="password")
    repeat = form.text("repeat", t("Repeat the password"), type="password")
    lang = form.select("language", t("Language"), list(LANGUAGES), format_func=LANGUAGES.get,
                       index=list(LANGUAGES).index(language()))
    submitted = st.form_submit_button(t("Create the administrator"), type="primary")

if submitted:
    if password != repeat:
        form.slots["repeat"].error(t("The passwords differ."))
    else:
        # Nobody is signed in yet, so this one action runs without a viewer.
        try:
            with write_session(engine()) as session:
                create_first_admin(session, None, login=login, full_name=full_name, email=email,
                                   password=password, language=lang)
        except DomainError as exc:
            form.show(exc)
        else:
            flash(t("The administrator is created. Sign in with the login and password you chose."))
            st.rerun()
