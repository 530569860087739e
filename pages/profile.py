"""My profile: language, password, and where I am signed in."""
import streamlit as st

from db.actions.users import change_own_password, set_own_language
from i18n import LANGUAGES
from ui.auth import current_session_id
from ui.data import current_viewer
from ui.forms import FormState, show_flash
from ui.lang import code, language, t
from ui.outbox import mail_section
from ui.sessions_view import own_sessions_section
from ui.text import md_escape

viewer = current_viewer()
st.title(t("My profile"))
show_flash()
st.markdown(f"**{md_escape(viewer.full_name)}** · {code('role', viewer.role)}")

st.subheader(t("Language"))
lang_form = FormState("my_language")
with st.form(lang_form.key):
    lang_form.top()
    lang = lang_form.select("language", t("Language"), list(LANGUAGES), format_func=LANGUAGES.get,
                            index=list(LANGUAGES).index(language()))
    if st.form_submit_button(t("Save")):
        lang_form.submit(set_own_language, t("Saved."), language=lang)

mail_section()

st.subheader(t("Password"))
pw_form = FormState("my_password")
with st.form(pw_form.key):
    pw_form.top()
    current = pw_form.text("current_password", t("Current password"), type="password")
    new = pw_form.text("new_password", t("New password"), type="password")
    repeat = pw_form.text("repeat", t("Repeat the new password"), type="password")
    if st.form_submit_button(t("Change the password")):
        if new != repeat:
            pw_form.slots["repeat"].error(t("The passwords differ."))
        else:
            pw_form.submit(change_own_password, t("The password is changed. Your other sessions are ended."),
                           current_password=current, new_password=new, keep_session=current_session_id())

st.subheader(t("Where you are signed in"))
own_sessions_section(current_session_id())
