"""The calendar's pieces (issue 21): a task's optional time and duration in the forms, the .ics
download of one's own open tasks, and the week grid of pages/calendar.py."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from db import access
from db.actions.activities import reschedule_task
from db.actions.exports import record_export
from db.io.ics import ics_bytes
from db.session import read_session, write_session
from i18n import N_
from queries import calendar

from .boot import engine
from .data import current_viewer
from .forms import FormState
from .lang import date, language, t
from .text import md_escape, missing

DURATIONS = (None, 15, 30, 45, 60, 90, 120, 180, 240, 480)
ICS_NAME = N_("My tasks")


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


def week_grid(tasks: pd.DataFrame, start: dt.date, *, today: dt.date) -> None:
    """Seven columns, Monday to Sunday: each day's whole-day tasks, then the timed ones by time."""
    columns = st.columns(7)
    for offset, column in enumerate(columns):
        day = start + dt.timedelta(days=offset)
        rows = tasks[tasks["due_on"] == day] if len(tasks) else tasks
        with column:
            head = day_head(day)
            st.markdown(f"**{md_escape(head)}**" if day == today else md_escape(head))
            if rows.empty:
                st.caption("—")
            for row in rows.to_dict("records"):
                with st.container(border=True):
                    when = time_text(row) or t("Whole day")
                    title = md_escape(row["title"])
                    st.markdown(f"~~{title}~~" if row["done"] else title)
                    client = f" · {md_escape(row['client'])}" if not missing(row["client"]) else ""
                    st.caption(f"{when}{client}")


def move_task_form(tasks: pd.DataFrame, *, key: str = "calendar_move") -> None:
    """Move one of the week's open tasks to another day and time (db/actions/activities.reschedule_task):
    what a drag in the grid will do later (issue 21)."""
    open_tasks = tasks[~tasks["done"].astype(bool)] if len(tasks) else tasks
    if open_tasks.empty:
        return
    by_id = open_tasks.set_index("id", drop=False)
    chosen = st.selectbox(t("Move a task"), list(by_id.index), index=None, placeholder=t("Choose a task"),
                          format_func=lambda i: " · ".join(filter(None, [
                              date(by_id.loc[i, "due_on"]), time_text(by_id.loc[i]), str(by_id.loc[i, "title"])])),
                          key=key)
    if chosen is None:
        return
    task = by_id.loc[chosen]
    form = FormState(f"{key}_{int(chosen)}_{int(task['version'])}")
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
        if st.form_submit_button(t("Move"), type="primary"):
            form.submit(reschedule_task, t("Task moved to {day}.", day=date(due_on)), task_id=int(chosen),
                        expected_version=int(task["version"]), due_on=due_on, due_time=due_time,
                        duration_minutes=duration)
