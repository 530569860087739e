"""Logging calls, letters, meetings and notes; scheduling and closing tasks."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from .. import access, config
from ..access import Viewer, require_client, require_deal
from ..errors import DomainError, NotFound
from ..models import Activity, ActivityKind, Contact, Deal, Task, User, utcnow
from . import notifications
from .base import apply_changes, audit, business_action, check_version, created, touch
from ..rules.validate import Checks


def _check_links(session: Session, v: Checks, client_id: int, contact_id, deal_id) -> None:
    """A contact or deal named with an activity or task must belong to the same client."""
    contact = session.get(Contact, contact_id) if contact_id else None
    if contact_id and (contact is None or contact.client_id != client_id):
        v.fail("contact_id", "Choose one of the offered values.")
    deal = session.get(Deal, deal_id) if deal_id else None
    if deal_id and (deal is None or deal.client_id != client_id):
        v.fail("deal_id", "Choose one of the offered values.")


@business_action
def log_activity(session: Session, viewer: Viewer, *, client_id: int, kind: str, subject: str,
                 body: str | None = None, outcome: str | None = None, contact_id: int | None = None,
                 deal_id: int | None = None, occurred_at: dt.datetime | None = None) -> Activity:
    require_client(session, viewer, client_id)
    v = Checks()
    values = {
        "kind": v.choice("kind", kind, [k.value for k in ActivityKind], required=True),
        "subject": v.text("subject", subject, max_len=300, required=True),
        "body": v.text("body", body, max_len=20000, multiline=True),
        "outcome": v.text("outcome", outcome, max_len=5000, multiline=True),
        "contact_id": contact_id or None,
        "deal_id": deal_id or None,
    }
    now = utcnow()
    occurred_at = occurred_at or now
    if occurred_at.tzinfo is None:
        occurred_at = occurred_at.replace(tzinfo=config.timezone())
    if occurred_at > now + dt.timedelta(minutes=5):
        v.fail("occurred_at", "An activity is logged after it happened: the time cannot be in the future.")
    elif occurred_at.year < 2000:
        v.fail("occurred_at", "The date must be between {min} and {max}.", min=dt.date(2000, 1, 1), max=now.date())
    _check_links(session, v, client_id, values["contact_id"], values["deal_id"])
    v.raise_if_any()
    activity = Activity(client_id=client_id, user_id=viewer.user_id, occurred_at=occurred_at, **values)
    session.add(activity)
    session.flush()
    audit(session, viewer, action="log_activity", entity="activity", entity_id=activity.id,
          changes={"client_id": (None, client_id), **created(values)})
    return activity


MAX_TASK_MINUTES = 24 * 60


def task_time(v: Checks, due_time, duration_minutes) -> dict:
    """The optional time and duration of a task, checked: a duration needs a start time, and lasts
    from 5 minutes to a day."""
    at = v.time("due_time", due_time)
    minutes = v.integer("duration_minutes", duration_minutes, minimum=5, maximum=MAX_TASK_MINUTES)
    if minutes is not None and at is None and "due_time" not in v.errors:
        v.fail("duration_minutes", "A duration needs a start time.")
    return {"due_time": at, "duration_minutes": minutes}


@business_action
def schedule_task(session: Session, viewer: Viewer, *, title: str, due_on: dt.date, client_id: int | None = None,
                  assignee_id: int | None = None, description: str | None = None,
                  deal_id: int | None = None, due_time: dt.time | str | None = None,
                  duration_minutes: int | None = None) -> Task:
    """A task for oneself or, for a head, for one of their people; `due_time` (local, the app's
    timezone) and `duration_minutes` are optional — without a time it is an all-day task."""
    if client_id:
        require_client(session, viewer, client_id)
    elif deal_id:  # a deal's task without a client: the deal must be one the viewer sees (its client's, then)
        client_id = require_deal(session, viewer, deal_id).client_id
    v = Checks()
    today = access.today()
    values = {
        "title": v.text("title", title, max_len=300, required=True),
        "description": v.text("description", description, max_len=5000, multiline=True),
        "due_on": v.date("due_on", due_on, required=True, minimum=today - dt.timedelta(days=365),
                         maximum=today + dt.timedelta(days=3 * 365)),
        "assignee_id": assignee_id or viewer.user_id,
        "client_id": client_id or None,
        "deal_id": deal_id or None,
        **task_time(v, due_time, duration_minutes),
    }
    assignee = session.get(User, values["assignee_id"])
    if assignee is None or not assignee.active:
        v.fail("assignee_id", "Choose one of the offered values.")
    elif values["assignee_id"] != viewer.user_id and (
            not access.leads_anyone(viewer) or not access.scope(session, viewer).allows_owner(assignee.id)):
        v.fail("assignee_id", "You may set tasks for yourself and, as a head, for your people.")
    if deal_id and client_id:
        _check_links(session, v, client_id, None, deal_id)
    v.raise_if_any()
    task = Task(created_by_id=viewer.user_id, **values)
    session.add(task)
    session.flush()
    audit(session, viewer, action="schedule_task", entity="task", entity_id=task.id, changes=created(values))
    notifications.task_assigned(session, viewer, task)
    return task


def _task_for(session: Session, viewer: Viewer, task_id: int) -> Task:
    """The task, if the viewer may act on it: on a client they see, or (without a client) their own
    or one of their people's."""
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound("Task not found.")
    if task.client_id:
        require_client(session, viewer, task.client_id)
    elif task.assignee_id != viewer.user_id and not access.scope(session, viewer).allows_owner(task.assignee_id):
        raise NotFound("Task not found.")
    return task


@business_action
def reschedule_task(session: Session, viewer: Viewer, *, task_id: int, expected_version: int | None,
                    due_on: dt.date, due_time: dt.time | str | None = None,
                    duration_minutes: int | None = None) -> Task:
    """Move an open task to another day and time (the calendar, issue 21); no time: a whole-day task."""
    task = _task_for(session, viewer, task_id)
    check_version(session, task, expected_version)
    if task.done:
        raise DomainError("The task is already done.")
    v = Checks()
    today = access.today()
    values = {"due_on": v.date("due_on", due_on, required=True, minimum=today - dt.timedelta(days=365),
                               maximum=today + dt.timedelta(days=3 * 365)),
              **task_time(v, due_time, duration_minutes)}
    v.raise_if_any()
    changes = apply_changes(task, values)
    if changes:
        touch(task, viewer)
        audit(session, viewer, action="reschedule_task", entity="task", entity_id=task.id, changes=changes)
    return task


@business_action
def complete_task(session: Session, viewer: Viewer, *, task_id: int, expected_version: int | None) -> Task:
    task = _task_for(session, viewer, task_id)
    check_version(session, task, expected_version)
    if task.done:
        raise DomainError("The task is already done.")
    changes = apply_changes(task, {"done": True, "done_at": utcnow()})
    touch(task, viewer)
    audit(session, viewer, action="complete_task", entity="task", entity_id=task.id, changes=changes)
    return task
