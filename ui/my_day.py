"""Pieces of "My day": running the reminders on opening, and the close-a-task form."""
from __future__ import annotations

import threading

import pandas as pd
import streamlit as st

from db import access
from db.actions.follow_up import close_task, next_working_day
from db.errors import DomainError
from db.models import ActivityKind
from db.actions.reminders import run_reminders
from i18n import N_
from queries import client_card

from .calendar import time_fields
from .client_forms import KIND_LABELS
from .data import current_viewer, loader, run_action
from .forms import FormState
from .lang import date, t
from .text import md_escape

client_contacts = loader(client_card.contacts)

# (user id, day) the rules last ran for in this process: time makes clients due, so once a
# day per person is enough (the cron command covers everyone); the keys make reruns harmless.
_RAN: set[tuple[int, object]] = set()
_LOCK = threading.Lock()


def run_my_reminders() -> int:
    """Make today's reminders for the viewer's own clients, once a day; how many were made now."""
    viewer, today = current_viewer(), access.today()
    with _LOCK:
        if (viewer.user_id, today) in _RAN:
            return 0
        _RAN.add((viewer.user_id, today))
    try:
        made = run_action(run_reminders).total
    except DomainError:
        _RAN.discard((viewer.user_id, today))  # e.g. a concurrent writer: try again next time
        return 0
    if made:  # kept for the session: the sign-in cookie reruns the page at once, which would hide it
        st.session_state["crm_my_day_made"] = (today, made)
    return made


def reminders_made_today() -> int:
    day, made = st.session_state.get("crm_my_day_made", (None, 0))
    return made if day == access.today() else 0


SOURCE_LABELS = {"contact": N_("Contact regulations"), "stalled": N_("Stalled deal"),
                 "reorder": N_("Reorder due"), "pilot": N_("Pilot of a new product"), "manual": N_("Set by hand"),
                 "abc_slip": N_("An A-client slipping")}


def close_task_form(task: pd.Series) -> None:
    """Done + what happened + the next step, submitted once (db/actions/follow_up.close_task)."""
    task_id = int(task["id"])
    has_client = not pd.isna(task["client_id"])
    form = FormState(f"close_task_{task_id}_{int(task['version'])}")
    people = client_contacts(client_id=int(task["client_id"])) if has_client else pd.DataFrame()
    names = dict(zip(people["id"], people["full_name"], strict=True)) if not people.empty else {}
    kinds = [k.value for k in ActivityKind]
    with st.form(form.key):
        form.top()
        if not pd.isna(task["description"]) and task["description"]:
            st.caption(md_escape(task["description"]))
        log = st.checkbox(t("Log what happened"), value=has_client, disabled=not has_client,
                          key=form.field("log"))
        c1, c2 = st.columns([1, 2])
        with c1:
            kind = form.select("activity.kind", t("Type"), kinds, format_func=lambda k: t(KIND_LABELS[k]))
        with c2:
            contact_id = form.select("activity.contact_id", t("Contact"), [None, *names], placeholder="—",
                                     format_func=lambda i: names.get(i, "—"))
        subject = form.text("activity.subject", t("Subject"), value=str(task["title"]))
        outcome = form.text("activity.outcome", t("Outcome"))
        st.divider()
        follow = st.checkbox(t("Schedule the next step"), value=True, key=form.field("follow"))
        c3, c4 = st.columns([2, 1])
        with c3:
            next_title = form.text("next.title", t("Next step"), placeholder=t("e.g. Send the offer"))
        with c4:
            next_due = form.date("next.due_on", t("Due"), value=next_working_day(access.today(), 7),
                                 format="DD.MM.YYYY")
        next_time, next_minutes = time_fields(form, "next.")
        if st.form_submit_button(t("Close the task"), type="primary"):
            activity = ({"kind": kind, "subject": subject, "outcome": outcome, "contact_id": contact_id}
                        if log and has_client else None)
            next_task = ({"title": next_title, "due_on": next_due, "due_time": next_time,
                          "duration_minutes": next_minutes} if follow else None)
            form.submit(close_task, _success(activity, next_task), task_id=task_id,
                        expected_version=int(task["version"]), activity=activity, next_task=next_task)


def _success(activity, next_task) -> str:
    if activity and next_task:
        return t("Task closed, the activity logged and the next step scheduled for {day}.",
                 day=date(next_task["due_on"]))
    if next_task:
        return t("Task closed and the next step scheduled for {day}.", day=date(next_task["due_on"]))
    if activity:
        return t("Task closed and the activity logged.")
    return t("Task done.")
