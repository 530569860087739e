"""The calendar's grid (issue 21): days side by side with a row of whole-day tasks and the hours,
where a task card is dragged to another day or half-hour.

The component (calendar_grid.js / calendar_grid.css beside this file, an `st.components.v2`
component like the deal board: no build step) reports a drop as {task, version, day, start,
minutes}; `apply_drop` turns it into one call of db/actions/activities.reschedule_task, the
action of the "Move a task" form: the same access check, version check and audit row. A
refusal (a stale card, a done task) comes back to be shown; the grid is drawn again from the
database, so the card goes back.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.components.v2 import component

from db.actions.activities import reschedule_task
from db.errors import DomainError
from db.io.ics import DEFAULT_MINUTES
from i18n import N_

from .data import run_action
from .lang import t
from .text import missing

_HERE = Path(__file__).parent
DROP_KEY = "crm_calendar_drop"  # the last drop, waiting for the next run to be applied
ROUND_KEY = "crm_calendar_round"  # drops applied so far: the grid's data changes, so the browser redraws it
FIRST_HOUR, LAST_HOUR = 8, 20  # the hours shown unless a task lies outside them
UNREADABLE = N_("The move could not be read; drag the task again.")

_component = component(
    "crm_calendar_grid", html="", css=(_HERE / "calendar_grid.css").read_text(encoding="utf-8"),
    js=(_HERE / "calendar_grid.js").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Move:
    task_id: int
    version: int | None
    due_on: dt.date
    due_time: dt.time | None
    duration_minutes: int | None


@dataclass(frozen=True)
class DropResult:
    move: Move | None = None
    task: object | None = None
    refusal: DomainError | None = None


def read_drop(drop: Mapping) -> Move:
    """The move a drop asks for: a timed slot keeps the task's duration; the whole-day row drops
    the time and the duration. ValueError for anything the grid would not send."""
    start = drop.get("start")
    version = drop.get("version")
    minutes = drop.get("minutes")
    if start is not None:
        start = int(start)
        if not 0 <= start < 24 * 60:
            raise ValueError(start)
    return Move(task_id=int(drop["task"]), version=None if version is None else int(version),
                due_on=dt.date.fromisoformat(str(drop["day"])),
                due_time=None if start is None else dt.time(start // 60, start % 60),
                duration_minutes=None if start is None or minutes is None else int(minutes))


def apply_drop(drop: Mapping) -> DropResult:
    """Move the dropped task through `reschedule_task` as the current viewer; the version the
    grid showed makes a stale card a refusal that changes nothing."""
    try:
        move = read_drop(drop)
    except (KeyError, TypeError, ValueError):
        return DropResult(refusal=DomainError(UNREADABLE))
    try:
        task = run_action(reschedule_task, task_id=move.task_id, expected_version=move.version,
                          due_on=move.due_on, due_time=move.due_time, duration_minutes=move.duration_minutes)
    except DomainError as exc:
        return DropResult(move=move, refusal=exc)
    return DropResult(move=move, task=task)


def take_drop() -> dict | None:
    """The drop the browser reported on the previous run (or a test put there), once."""
    return st.session_state.pop(DROP_KEY, None)


def next_round() -> None:
    st.session_state[ROUND_KEY] = st.session_state.get(ROUND_KEY, 0) + 1


def _minutes_of(at) -> int | None:
    return None if missing(at) else at.hour * 60 + at.minute


def grid_data(tasks: pd.DataFrame, days: list[dt.date], *, today: dt.date, movable: bool,
              day_label, time_label) -> dict:
    """What the component draws: the days, the hours that hold the tasks (08–20 at least), and
    each task with its day, start and duration in minutes, in the person's language."""
    first, last = FIRST_HOUR, LAST_HOUR
    shown = []
    for row in tasks.to_dict("records"):
        start = _minutes_of(row["due_time"])
        minutes = None if missing(row["duration_minutes"]) else int(row["duration_minutes"])
        if start is not None:
            first = min(first, start // 60)
            last = max(last, min(24, -(-(start + (minutes or DEFAULT_MINUTES)) // 60)))
        shown.append({"id": int(row["id"]), "version": int(row["version"]), "day": row["due_on"].isoformat(),
                      "start": start, "minutes": minutes, "title": str(row["title"]),
                      "client": "" if missing(row["client"]) else str(row["client"]),
                      "when": time_label(row) or t("Whole day"), "done": bool(row["done"]),
                      "movable": movable and not bool(row["done"])})
    return {"days": [{"date": d.isoformat(), "label": day_label(d), "today": d == today} for d in days],
            "tasks": shown, "first_hour": first, "last_hour": last, "default_minutes": DEFAULT_MINUTES,
            "whole_day": t("Whole day"),
            "empty": t("No tasks on this day.") if len(days) == 1 else t("No tasks on these days."),
            "round": st.session_state.get(ROUND_KEY, 0)}


def draw(data: dict, *, key: str = "calendar_grid"):
    """Mount the grid; its triggers (move, open) are in the result for this run only."""
    return _component(data=data, key=key, on_move_change=_noop, on_open_change=_noop)


def _noop() -> None:
    pass
