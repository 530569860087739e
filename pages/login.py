"""Sign in (the only page for someone not signed in)."""
import streamlit as st

from i18n import LANGUAGES
from ui import auth
from ui.forms import show_flash
from ui.lang import language, set_language, t

_, middle, _ = st.columns([1, 2, 1])
with middle:
    chosen = st.segmented_control(
        "language", options=list(LANGUAGES), format_func=LANGUAGES.get, default=language(),
        key="login_language", label_visibility="collapsed",
    )
    if chosen and chosen != language():
        set_language(chosen)
        st.rerun()
    st.title(t("Sales CRM"))
    st.caption(t("One shared base of clients, deals and plans for the sales department."))
    show_flash()
    auth.login_form()
