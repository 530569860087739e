"""The calendar's pieces (issue 21): a task's optional time and duration in the forms, the .ics
download of one's own open tasks, and, under the grid of pages/calendar.py (ui/calendar_grid.py),
the chosen task's panel: move it with a form, invite the client's contact to a meeting."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from db import access, config
from db.actions.activities import reschedule_task
from db.actions.exports import record_export
from db.actions.invitations import send_invitation
from db.io.ics import ics_bytes
from db.session import read_session, write_session
from i18n import N_
from queries import calendar

from .boot import engine
from .data import current_viewer, loader
from .forms import FormState
from .lang import date, language, t
from .text import md_escape, missing

DURATIONS = (None, 15, 30, 45, 60, 90, 120, 180, 240, 480)
ICS_NAME = N_("My tasks")
load_invitees = loader(calendar.invitees)


def duration_label(minutes) -> str:
    """"45 min", "1 h 30 min", "2 h"; "—" for none."""
    if minutes is None or (isinstance(minutes, float) and minutes != minutes):
        return "—"
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return t("{n} min", n=rest)
    return t("{h} h {m} min", h=hours, m=rest) if rest else t("{h} h", h=hours)


def time_fields(form: FormState, prefix: str = "") -> tuple[dt.time | None, int | None]:
    """A task's optional start time and duration, side by side; messages under each
    (fields `<prefix>due_time` and `<prefix>duration_minutes`)."""
    c1, c2 = st.columns(2)
    with c1:
        at = form.widget(f"{prefix}due_time", st.time_input, t("Time"), value=None, step=dt.timedelta(minutes=15),
                         help=t("Leave empty for a task of the whole day."))
    with c2:
        minutes = form.select(f"{prefix}duration_minutes", t("Duration"), list(DURATIONS),
                              format_func=duration_label)
    return at, minutes


def ics_button(*, key: str = "calendar_ics") -> None:
    """Download one's own open tasks as an .ics file; the click makes the file and records the export."""
    viewer = current_viewer()
    bound = engine()  # captured now: the click runs outside the page's run
    name = t(ICS_NAME)

    def make() -> bytes:
        with read_session(bound) as session:
            rows = calendar.my_open_tasks(session, viewer)
        data = ics_bytes(rows, name=name)
        with write_session(bound) as session:
            record_export(session, viewer, what=name, rows=len(rows), file_format="ics")
        return data

    st.download_button(t("Tasks to my calendar (.ics)"), data=make,
                       file_name=f"tasks-{access.today().isoformat()}.ics", mime="text/calendar",
                       icon=":material/calendar_month:", key=key, on_click="ignore",
                       help=t("Your open tasks as a calendar file for the phone or Outlook; "
                              "tasks with a time become appointments, the rest whole-day entries."))


def time_text(row) -> str:
    """"09:30–10:15", "09:30" (no duration) or "" (a whole-day task)."""
    at = row["due_time"]
    if at is None or (isinstance(at, float) and at != at) or at is pd.NaT:
        return ""
    minutes = row["duration_minutes"]
    if minutes is None or (isinstance(minutes, float) and minutes != minutes):
        return at.strftime("%H:%M")
    end = (dt.datetime.combine(dt.date(2000, 1, 1), at) + dt.timedelta(minutes=int(minutes))).time()
    return f"{at.strftime('%H:%M')}–{end.strftime('%H:%M')}"


def week_start(day: dt.date) -> dt.date:
    """The Monday of `day`'s week."""
    return day - dt.timedelta(days=day.weekday())


def day_head(day: dt.date) -> str:
    """"Mon 07.12" / "пн 07.12": a column head of the week grid, in the reader's language."""
    from babel.dates import format_date

    from i18n.formatting import LOCALES

    lang = language()
    return f"{format_date(day, 'EEE', locale=LOCALES.get(lang, 'ru_RU'))} {day.strftime('%d.%m')}"


def long_day(day: dt.date) -> str:
    """"Wednesday, 9 December 2026" / "среда, 9 декабря 2026": the day view's caption."""
    from babel.dates import format_date

    from i18n.formatting import LOCALES

    return format_date(day, "EEEE, d MMMM y", locale=LOCALES.get(language(), "ru_RU"))


def moved_text(due_on: dt.date, due_time: dt.time | None) -> str:
    """What a move says: the new day, and the time when it has one."""
    if due_time is None:
        return t("Task moved to {day}.", day=date(due_on))
    return t("Task moved to {day}, {time}.", day=date(due_on), time=due_time.strftime("%H:%M"))


def _label(row) -> str:
    return " · ".join(filter(None, [date(row["due_on"]), time_text(row), str(row["title"])]))


def open_task(tasks: pd.DataFrame, task_id: int, *, key: str = "calendar_move") -> None:
    """A click on a card in the grid: the task's panel below shows it (an open one: a done task
    has nothing to do)."""
    if len(tasks) and task_id in set(tasks.loc[~tasks["done"].astype(bool), "id"]):
        st.session_state[key] = task_id


def task_panel(tasks: pd.DataFrame, *, key: str = "calendar_move") -> None:
    """One of the shown open tasks, chosen here or by a click in the grid: move it to another day
    and time (db/actions/activities.reschedule_task — the grid's drag without a mouse) and, for a
    meeting, invite the client's contact."""
    open_tasks = tasks[~tasks["done"].astype(bool)] if len(tasks) else tasks
    if open_tasks.empty:
        return
    by_id = open_tasks.set_index("id", drop=False)
    chosen = st.selectbox(t("Task"), list(by_id.index), index=None, placeholder=t("Choose a task"),
                          format_func=lambda i: _label(by_id.loc[i]) if i in by_id.index else "—", key=key)
    if chosen is None or chosen not in by_id.index:
        return
    task = by_id.loc[chosen]
    with st.container(border=True):
        st.markdown(f"**{md_escape(task['title'])}**")
        if not missing(task["client"]):
            st.page_link("pages/client.py", label=md_escape(str(task["client"])),
                         query_params={"id": str(int(task["client_id"]))}, icon=":material/business:")
        if not missing(task["description"]):
            st.caption(md_escape(str(task["description"])))
        move_form(task, key=key)
        invitation_form(task, key=f"{key}_invite")


def move_form(task, *, key: str) -> None:
    """The task's day, time and duration: "Move" saves them."""
    form = FormState(f"{key}_{int(task['id'])}_{int(task['version'])}")
    st.markdown(f"**{t('Move a task')}**")
    with st.form(form.key):
        form.top()
        due_on = form.date("due_on", t("Due"), value=task["due_on"], format="DD.MM.YYYY")
        at = None if missing(task["due_time"]) else task["due_time"]
        minutes = None if missing(task["duration_minutes"]) else int(task["duration_minutes"])
        c1, c2 = st.columns(2)
        with c1:
            due_time = form.widget("due_time", st.time_input, t("Time"), value=at, step=dt.timedelta(minutes=15),
                                   help=t("Leave empty for a task of the whole day."))
        with c2:
            options = list(DURATIONS) if minutes in DURATIONS else [*DURATIONS, minutes]
            duration = form.select("duration_minutes", t("Duration"), options, index=options.index(minutes),
                                   format_func=duration_label)
        if st.form_submit_button(t("Reschedule"), type="primary"):
            form.submit(reschedule_task, moved_text(due_on, due_time), task_id=int(task["id"]),
                        expected_version=int(task["version"]), due_on=due_on, due_time=due_time,
                        duration_minutes=duration)


def invitation_form(task, *, key: str) -> None:
    """A meeting (a task on a client at a time of day): a letter to one of the client's contacts
    with the meeting as an .ics file, queued in the outgoing mail and logged on the client's timeline."""
    if missing(task["client_id"]) or missing(task["due_time"]):
        return
    if dt.datetime.combine(task["due_on"], task["due_time"], tzinfo=config.timezone()) <= dt.datetime.now(dt.UTC):
        return  # begun or over: nobody is invited to the past (db/actions/invitations refuses it too)
    contacts = load_invitees(client_id=int(task["client_id"]))
    st.markdown(f"**{t('Invite the client to this meeting')}**")
    if contacts.empty:
        st.caption(t("None of the client's contacts has an e-mail address: add one on the client's card to send "
                     "an invitation."))
        return
    people = {int(r.id): f"{r.full_name} <{r.email}>" for r in contacts.itertuples()}
    names = {int(r.id): str(r.full_name) for r in contacts.itertuples()}
    viewer = current_viewer()
    form = FormState(f"{key}_{int(task['id'])}_{int(task['version'])}")
    when = f"{long_day(task['due_on'])}, {time_text(task)}"
    with st.form(form.key):
        form.top()
        named = "" if missing(task["description"]) else str(task["description"])
        first = next((i for i, r in enumerate(contacts.itertuples()) if r.full_name and r.full_name in named), 0)
        contact_id = form.select("contact_id", t("Recipient"), list(people), index=first,  # the one the task names
                                 format_func=people.get)
        subject = form.text("subject", t("Subject"), value=t("Invitation: {title}", title=str(task["title"])),
                            max_chars=300)
        body = form.area("body", t("Letter"), height=180, value=t(
            "Good day!\n\nI invite you to a meeting: {title}.\nWhen: {when} (time zone: {tz}).\n\n"
            "The invitation is attached as a calendar file (.ics): open it to add the meeting to your "
            "calendar.\n\nKind regards,\n{name}", title=str(task["title"]), when=when, tz=str(config.timezone()),
            name=viewer.full_name))
        st.caption(t("The letter with the meeting's .ics file goes out from the CRM's outgoing mail and is logged "
                     "on the client's timeline."))
        if st.form_submit_button(t("Send invitation"), icon=":material/send:"):
            form.submit(send_invitation, t("The invitation to {name} is queued for sending.",
                                           name=md_escape(names.get(contact_id, ""))),
                        task_id=int(task["id"]), expected_version=int(task["version"]), contact_id=contact_id,
                        subject=subject, body=body)
