"""Reminders and mailings (administrator): the contact regulations and the other reminder rules,
the mail server the mailings go through, the label sheet layout, and the CRM's own outgoing mail."""
import streamlit as st

from db.actions.routine_settings import SECURITY, save_label_layout, save_reminder_rules, save_smtp
from db.mailing.labels import label_size
from db.mailing.sender import send_test
from db.routine_config import LABELS_KEY, REMINDERS_KEY, SMTP_KEY
from queries import routine_settings
from ui.data import loader
from ui.forms import FormState, show_flash
from ui.lang import number, t
from ui.outbox import outbox_banner, outbox_section

reminder_rules = loader(routine_settings.reminder_rules)
label_layout = loader(routine_settings.label_layout)
smtp_settings = loader(routine_settings.smtp_settings)
versions = loader(routine_settings.versions)

st.title(t("Reminders and mailings"))
show_flash()
seen = versions()


def stamp(key: str) -> int:
    """The setting's save time as a number: part of the form's key, so a saved form starts afresh."""
    at = seen.get(key)
    return int(at.timestamp() * 1_000_000) if at else 0


failed_mail = outbox_banner()
tab_rules, tab_mail, tab_labels, tab_outbox = st.tabs(
    [t("Reminder rules"), t("Mail server"), t("Label sheets"),
     t("Outgoing mail ({n})", n=failed_mail) if failed_mail else t("Outgoing mail")])

with tab_rules:
    rules = reminder_rules()
    st.caption(t("The rules make a task for the client's manager once per reason, every morning (the command "
                 "python -m db.reminders, run by cron) and when the manager opens \u201cMy day\u201d."))
    form = FormState(f"reminder_rules_{stamp(REMINDERS_KEY)}")
    with st.form(form.key):
        form.top()
        on = st.checkbox(t("The rules make tasks"), value=rules.on, key=form.field("on"))
        st.markdown(f"**{t('Contact regulations: days without a contact, by client class')}**")
        cols = st.columns(3)
        fields = {}
        for col, klass in zip(cols, ("A", "B", "C"), strict=True):
            with col:
                fields[f"contact_{klass.lower()}"] = form.number(
                    f"contact_{klass.lower()}", t("Class {abc}", abc=klass), min_value=1, max_value=730, step=1,
                    value=rules.contact_days[klass])
        c1, c2 = st.columns(2)
        with c1:
            fields["stalled_days"] = form.number("stalled_days", t("A deal without movement, days"), min_value=1,
                                                 max_value=730, step=1, value=rules.stalled_days)
            fields["reorder_min_orders"] = form.number(
                "reorder_min_orders", t("A regular buyer: orders of a product group, at least"), min_value=2,
                max_value=50, step=1, value=rules.reorder_min_orders)
        with c2:
            fields["reorder_lookback_days"] = form.number(
                "reorder_lookback_days", t("Order history looked at, days"), min_value=30, max_value=1095, step=1,
                value=rules.reorder_lookback_days)
            fields["reorder_grace_pct"] = form.number(
                "reorder_grace_pct", t("A reorder is due after the usual interval plus, %"), min_value=0,
                max_value=500, step=5, value=rules.reorder_grace_pct)
        if st.form_submit_button(t("Save"), type="primary"):
            form.submit(save_reminder_rules, t("Saved."), expected_updated_at=seen.get(REMINDERS_KEY), on=on, **fields)

with tab_mail:
    view = smtp_settings()
    smtp = view.config
    form = FormState(f"smtp_{stamp(SMTP_KEY)}")
    with st.form(form.key):
        form.top()
        c1, c2, c3 = st.columns([3, 1, 1])
        with c1:
            host = form.text("host", t("Server"), value=smtp.host, placeholder="smtp.example.ru")
        with c2:
            port = form.number("port", t("Port"), min_value=1, max_value=65535, step=1, value=smtp.port)
        with c3:
            security = form.select("security", t("Encryption"), list(SECURITY), index=SECURITY.index(smtp.security)
                                   if smtp.security in SECURITY else 0,
                                   format_func=lambda s: {"starttls": "STARTTLS", "ssl": "SSL/TLS"}.get(
                                       s, t("No encryption")))
        c4, c5 = st.columns(2)
        with c4:
            username = form.text("username", t("User name"), value=smtp.username)
        with c5:
            password = form.text("password", t("Password"), type="password",
                                 placeholder=t("stored: leave empty to keep it") if view.has_password else "")
        if view.password_from_environment:
            st.caption(t("The password comes from the CRM_SMTP_PASSWORD environment variable."))
        forget = st.checkbox(t("Forget the stored password"), key=form.field("forget"), disabled=not view.has_password)
        c6, c7 = st.columns(2)
        with c6:
            from_address = form.text("from_address", t("Sender's address"), value=smtp.from_address)
        with c7:
            from_name = form.text("from_name", t("Sender's name"), value=smtp.from_name,
                                  placeholder=t("empty: the name of who sends the mailing"))
        if st.form_submit_button(t("Save"), type="primary"):
            form.submit(save_smtp, t("Saved."), expected_updated_at=seen.get(SMTP_KEY), host=host, port=port,
                        security=security, username=username, password=password, forget_password=forget,
                        from_address=from_address, from_name=from_name)
    if smtp.configured:
        test = FormState("smtp_test")
        with st.form(test.key):
            test.top()
            to_address = test.text("to_address", t("Send a test letter to"))
            if st.form_submit_button(t("Send a test letter")):
                test.submit(send_test, t("The test letter was sent."), to_address=to_address)

with tab_labels:
    layout = label_layout()
    width, height = label_size(layout)
    st.caption(t("A4 sheet: {columns} × {rows} labels of {width} × {height} mm.", columns=layout.columns,
                 rows=layout.rows, width=number(width, 1), height=number(height, 1)))
    form = FormState(f"labels_{stamp(LABELS_KEY)}")
    with st.form(form.key):
        form.top()
        c1, c2, c3, c4 = st.columns(4)
        values = {}
        with c1:
            values["columns"] = form.number("columns", t("Labels across"), min_value=1, max_value=6, step=1,
                                            value=layout.columns)
            values["rows"] = form.number("rows", t("Rows of labels"), min_value=1, max_value=20, step=1,
                                         value=layout.rows)
        with c2:
            values["margin_top"] = form.number("margin_top", t("Top margin, mm"), min_value=0.0, max_value=50.0,
                                               step=0.5, value=float(layout.margin_top))
            values["margin_left"] = form.number("margin_left", t("Left margin, mm"), min_value=0.0, max_value=50.0,
                                                step=0.5, value=float(layout.margin_left))
        with c3:
            values["gap_x"] = form.number("gap_x", t("Gap between columns, mm"), min_value=0.0, max_value=50.0,
                                          step=0.5, value=float(layout.gap_x))
            values["gap_y"] = form.number("gap_y", t("Gap between rows, mm"), min_value=0.0, max_value=50.0,
                                          step=0.5, value=float(layout.gap_y))
        with c4:
            values["padding"] = form.number("padding", t("Inner margin, mm"), min_value=0.0, max_value=50.0,
                                            step=0.5, value=float(layout.padding))
            values["font_size"] = form.number("font_size", t("Font size, pt"), min_value=5.0, max_value=20.0,
                                              step=0.5, value=float(layout.font_size))
        if st.form_submit_button(t("Save"), type="primary"):
            form.submit(save_label_layout, t("Saved."), expected_updated_at=seen.get(LABELS_KEY), **values)

with tab_outbox:
    outbox_section()
