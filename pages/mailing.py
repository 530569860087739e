"""Mailings and labels: choose clients once, then write them a letter from a template (sent by
e-mail or downloaded) and/or print their address labels; the mailings made so far."""
import streamlit as st

from queries import routine_settings
from ui import mail_runs
from ui.data import loader
from ui.forms import show_flash
from ui.lang import t
from ui.mailing import choose_recipients, labels_form, template_form

layouts = loader(routine_settings.label_layout)

st.title(t("Mailings and labels"))
with st.container():  # always there, so the tabs below keep their place (and the open tab) on reruns
    show_flash()
tab_new, tab_runs = st.tabs([t("New mailing"), t("Mailings made")])

with tab_new:
    st.subheader(t("1. Recipients"))
    chosen = choose_recipients("mail", email_filter=True)
    st.subheader(t("2. The letter"))
    template_form(chosen)
    st.subheader(t("3. Address labels"))
    st.caption(t("Labels with the company, the contact and the postal address of the recipients above, "
                 "for A4 label sheets."))
    labels_form(chosen, layouts())

with tab_runs:
    run_id = mail_runs.runs_table()
    if run_id is not None:
        mail_runs.run_view(run_id)
