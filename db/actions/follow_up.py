"""Closing a task the way a manager works: log what happened and set the next step, in one go.

One transaction: the task is done, the activity is on the client's timeline
and the next task is scheduled — or, if any part is refused, none of it.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from i18n import N_

from ..access import Viewer
from ..errors import ValidationError
from .activities import complete_task, log_activity, schedule_task
from .base import business_action


def _prefixed(exc: ValidationError, prefix: str) -> dict:
    return {f"{prefix}{field}": message for field, message in exc.errors.items()}


@business_action
def close_task(session: Session, viewer: Viewer, *, task_id: int, expected_version: int | None,
               activity: dict | None = None, next_task: dict | None = None) -> dict:
    """Mark the task done; optionally log `activity` (kind, subject, outcome, body, contact_id)
    and schedule `next_task` (title, due_on, description) on the same client and deal.

    Field errors come back as `activity.<field>` and `next.<field>`, all at once.
    """
    # The undecorated actions: their checks and audit rows, inside this one transaction.
    task = complete_task.__wrapped__(session, viewer, task_id=task_id, expected_version=expected_version)
    errors: dict = {}
    made: dict = {"task": task}
    if activity is not None:
        if not task.client_id:
            errors["activity.subject"] = N_("A task without a client has nowhere to log the activity.")
        else:
            try:
                made["activity"] = log_activity.__wrapped__(
                    session, viewer, client_id=task.client_id, deal_id=task.deal_id, **activity)
            except ValidationError as exc:
                errors |= _prefixed(exc, "activity.")
    if next_task is not None:
        try:
            made["next_task"] = schedule_task.__wrapped__(
                session, viewer, client_id=task.client_id, deal_id=task.deal_id,
                assignee_id=viewer.user_id, **next_task)
        except ValidationError as exc:
            errors |= _prefixed(exc, "next.")
    if errors:
        raise ValidationError(errors)  # the decorator rolls back the task and whatever was added
    return made


def next_working_day(day: dt.date, days: int = 1) -> dt.date:
    """`days` days on, moved off a weekend: the default date of the next step."""
    day = day + dt.timedelta(days=days)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day
