"""The CRM's own mail on screen (issue 21): the profile's two switches, and the administrator's view of
the outgoing queue with "Retry" for the letters that failed."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from db.actions.outgoing_mail import retry_outgoing_mail
from db.actions.users import set_own_mail_preferences
from i18n import N_
from queries import outbox
from ui import tables
from ui.data import loader
from ui.forms import FormState
from ui.lang import datetime, t
from ui.text import md_escape

STATUS_LABELS = {"pending": N_("To send"), "sending": N_("Sending"), "sent": N_("Sent"), "failed": N_("Failed")}
KIND_LABELS = {"digest": N_("Morning digest"), "approval_asked": N_("Approval asked"),
               "approval_decided": N_("Approval decided"), "invitation": N_("Meeting invitation"),
               "document_proposal": N_("Proposal"), "document_invoice": N_("Invoice")}

mail_preferences = loader(outbox.mail_preferences)
outbox_queue = loader(outbox.outbox_queue)


def mail_section() -> None:
    """"E-mail" on the profile page: the morning digest (opt-in) and letters about approvals."""
    prefs = mail_preferences()
    st.subheader(t("Mail from the CRM"))
    form = FormState(f"my_mail_{prefs.version}")
    with st.form(form.key):
        form.top()
        if prefs.email:
            st.caption(t("Letters go to {email}.", email=md_escape(prefs.email)))
        else:
            st.caption(t("Your profile has no e-mail address: ask the administrator to add one."))
        digest = form.widget("email_digest", st.checkbox, t("Morning digest by e-mail"), value=prefs.email_digest,
                             help=t("On working days at 7:00: your tasks for today and overdue ones, clients due "
                                    "for a contact or a reorder, stalled deals, birthdays and approvals waiting "
                                    "for you, with today's meetings as a calendar file."))
        notices = form.widget("email_notifications", st.checkbox, t("E-mail me about approvals"),
                              value=prefs.email_notifications,
                              help=t("A letter when a request waits for your decision, and when your own request "
                                     "is decided."))
        if st.form_submit_button(t("Save")):
            form.submit(set_own_mail_preferences, t("Saved."), expected_version=prefs.version, email_digest=digest,
                        email_notifications=notices)


def outbox_banner() -> int:
    """Above the page's tabs: a banner when letters failed (or wait too long); the failed count."""
    view = outbox_queue()
    if view.failed:
        st.error(t("Letters that could not be sent: {n}. Check the mail server settings and the addresses, then "
                   "retry them under \u201cOutgoing mail\u201d.", n=view.failed), icon=":material/error:")
    if view.long_pending:
        st.warning(t("Letters waiting for more than an hour: {n}. Is the command python -m db.mail run by cron?",
                     n=view.long_pending), icon=":material/schedule:")
    return view.failed


def outbox_section() -> None:
    """The administrator's view of the outgoing mail: the queue, "Retry" for the failed letters."""
    view = outbox_queue()
    st.caption(t("Approval letters and morning digests wait here until the command python -m db.mail (cron, "
                 "every few minutes) sends them through the mail server. A failed attempt is tried again after "
                 "5 minutes, 30 minutes, 2 hours and 6 hours; after the fifth the letter is failed."))
    rows = view.rows
    if rows.empty:
        st.caption(t("No letters in the queue."))
        return
    shown = rows.assign(
        status=rows["status"].map(lambda s: t(STATUS_LABELS[s]) if s in STATUS_LABELS else s),
        kind=rows["kind"].map(lambda k: t(KIND_LABELS[k]) if k in KIND_LABELS else k),
        created_at=rows["created_at"].map(lambda d: datetime(d) if not pd.isna(d) else "—"),
        last_error=rows["last_error"].map(lambda e: e if isinstance(e, str) and e else ""))
    tables.show(shown, {"status": t("Status"), "kind": t("Letter"), "to_address": t("E-mail"),
                        "subject": t("Subject"), "attempts": t("Attempts"), "created_at": t("Queued"),
                        "last_error": t("What went wrong")}, integer=("attempts",))
    failed = rows[rows["status"] == "failed"]
    if failed.empty:
        return
    choices = {int(r.id): f"{r.to_address} \u2014 {r.subject}" for r in failed.itertuples()}
    form = FormState(f"outbox_retry_{'-'.join(map(str, choices))}")
    with st.form(form.key):
        form.top()
        chosen = form.widget("mail_ids", st.multiselect, t("Failed letters to send again"), list(choices),
                             default=list(choices), format_func=choices.get)
        if st.form_submit_button(t("Retry"), type="primary"):
            form.submit(retry_outgoing_mail, t("The letters are queued again: they go out with the next run of "
                                               "python -m db.mail."), mail_ids=chosen)
