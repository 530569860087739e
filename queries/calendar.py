"""The calendar (issue 21): a person's tasks with their time of day, for a week grid and the .ics file.

A task's `due_time` is local time in the company's time zone (db/config.timezone);
without one the task is an all-day task. A task on a client the viewer no longer
sees is left out, as on "My day".
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.models import Client, Contact, Task, User

from .frame import frame

_COLUMNS = (Task.id, Task.due_on, Task.due_time, Task.duration_minutes, Task.title, Task.description,
            Task.done, Task.client_id, Client.name.label("client"), Task.version)


def _tasks(session: Session, viewer: Viewer, *conditions) -> pd.DataFrame:
    visible = access.visible_client_ids(session, viewer)
    stmt = (select(*_COLUMNS).outerjoin(Client, Task.client_id == Client.id)
            .where(*conditions, or_(Task.client_id.is_(None), Task.client_id.in_(visible)))
            .order_by(Task.due_on, Task.due_time.is_(None).desc(), Task.due_time, Task.id))
    return frame(session, stmt)


def my_open_tasks(session: Session, viewer: Viewer) -> pd.DataFrame:
    """The viewer's own open tasks (whatever their date): what the .ics file holds. Never a
    colleague's — a head's file is their own calendar too."""
    return _tasks(session, viewer, Task.assignee_id == viewer.user_id, Task.done.is_(False))


def people(session: Session, viewer: Viewer) -> pd.DataFrame:
    """Whose calendar the viewer may open (id, full_name): themselves first, then, for a head,
    the active people of their scope by name; for a manager, a colleague they stand in for today."""
    if not access.leads_anyone(viewer):  # oneself, and a colleague one stands in for today
        covered = access.covered_by(session, viewer.user_id, access.today())
        return frame(session, select(User.id, User.full_name).where(User.id.in_([viewer.user_id, *sorted(covered)]))
                     .order_by(User.id != viewer.user_id, User.full_name, User.id))
    rows = frame(session, select(User.id, User.full_name).where(User.active.is_(True))
                 .where(access.people_condition(session, viewer, User.id)).order_by(User.full_name, User.id))
    rows = rows[[access.may_see_tasks_of(session, viewer, int(i)) for i in rows["id"]]] if len(rows) else rows
    own = rows["id"] == viewer.user_id
    return pd.concat([rows[own], rows[~own]], ignore_index=True)


def days(session: Session, viewer: Viewer, *, user_id: int, start: dt.date, count: int = 7) -> pd.DataFrame:
    """`user_id`'s tasks due in the `count` days from `start` (a week, or one day), done ones too;
    empty for a person the viewer may not follow (db/access.may_see_tasks_of)."""
    if not access.may_see_tasks_of(session, viewer, user_id):
        return _tasks(session, viewer, Task.id.is_(None))
    return _tasks(session, viewer, Task.assignee_id == user_id, Task.due_on >= start,
                  Task.due_on < start + dt.timedelta(days=count))


def week(session: Session, viewer: Viewer, *, user_id: int, start: dt.date) -> pd.DataFrame:
    """`user_id`'s tasks due in the 7 days from `start`."""
    return days(session, viewer, user_id=user_id, start=start, count=7)


def invitees(session: Session, viewer: Viewer, *, client_id: int) -> pd.DataFrame:
    """The active contacts with an e-mail address of a client the viewer sees (id, full_name,
    email), for a meeting's invitation; empty for a client the viewer does not see."""
    return frame(session, select(Contact.id, Contact.full_name, Contact.email)
                 .where(Contact.client_id == client_id,
                        Contact.client_id.in_(access.visible_client_ids(session, viewer)),
                        Contact.active.is_(True), Contact.email.is_not(None), Contact.email != "")
                 .order_by(Contact.full_name, Contact.id))
