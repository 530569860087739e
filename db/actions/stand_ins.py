"""Absences: a colleague stands in for an absent manager for given dates (inclusive).

Ownership does not change. db/access.py gives the stand-in the absent manager's
clients on those days only, so the rights end by themselves after the last day;
cancelling ends them at once.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..access import Can, Viewer, leads, may_own_clients, require, today
from ..errors import DomainError, NotFound
from ..models import StandIn, User
from . import notifications
from .base import audit, business_action, created
from ..rules.validate import Checks

LONGEST = dt.timedelta(days=366)


def _person(session: Session, viewer: Viewer, v: Checks, field: str, user_id: int | None) -> User | None:
    user = session.get(User, user_id) if user_id else None
    if user is None:
        v.fail(field, "This field is required.")
    elif not may_own_clients(user):
        v.fail(field, "Choose an active manager or head.")
    elif not leads(session, viewer, user.id):
        v.fail(field, "Choose someone from your department.")
    else:
        return user
    return None


def _overlapping(session: Session, column, user_id: int, starts_on: dt.date, ends_on: dt.date):
    return session.execute(
        select(StandIn.starts_on, StandIn.ends_on).where(
            column == user_id, StandIn.cancelled.is_(False),
            StandIn.starts_on <= ends_on, StandIn.ends_on >= starts_on)
    ).first()


@business_action
def create_stand_in(session: Session, viewer: Viewer, *, absent_user_id: int | None, stand_in_user_id: int | None,
                    starts_on: dt.date | None, ends_on: dt.date | None, note: str | None = None) -> StandIn:
    require(viewer, Can.ASSIGN_TERRITORIES)
    v = Checks()
    absent = _person(session, viewer, v, "absent_user_id", absent_user_id)
    stand_in = _person(session, viewer, v, "stand_in_user_id", stand_in_user_id)
    starts_on = v.date("starts_on", starts_on, required=True, minimum=today())
    ends_on = v.date("ends_on", ends_on, required=True, minimum=today())
    note = v.text("note", note, max_len=500)
    if starts_on and ends_on:
        if ends_on < starts_on:
            v.fail("ends_on", "The last day cannot be before the first.")
        elif ends_on - starts_on > LONGEST:
            v.fail("ends_on", "A stand-in lasts at most a year; for longer, hand the clients over.")
    if absent and stand_in and absent.id == stand_in.id:
        v.fail("stand_in_user_id", "Choose a colleague, not the absent person.")
    if absent and stand_in and starts_on and ends_on and not v.errors:
        taken = _overlapping(session, StandIn.absent_user_id, absent.id, starts_on, ends_on)
        if taken:
            v.fail("starts_on", "{name} already has a stand-in from {start} to {end}.",
                   name=absent.full_name, start=taken.starts_on, end=taken.ends_on)
        away = _overlapping(session, StandIn.absent_user_id, stand_in.id, starts_on, ends_on)
        if away:
            v.fail("stand_in_user_id", "{name} is away from {start} to {end}.",
                   name=stand_in.full_name, start=away.starts_on, end=away.ends_on)
        covered = _overlapping(session, StandIn.stand_in_user_id, absent.id, starts_on, ends_on)
        if covered:
            v.fail("absent_user_id", "{name} stands in for a colleague from {start} to {end}: "
                                     "cancel that first.", name=absent.full_name, start=covered.starts_on,
                   end=covered.ends_on)
    v.raise_if_any()
    assert absent is not None and stand_in is not None  # _person refuses no one
    values = {"absent_user_id": absent.id, "stand_in_user_id": stand_in.id, "starts_on": starts_on,
              "ends_on": ends_on, "note": note}
    row = StandIn(**values, created_by_id=viewer.user_id)
    session.add(row)
    session.flush()
    audit(session, viewer, action="create_stand_in", entity="stand_in", entity_id=row.id, changes=created(values))
    notifications.stand_in_set(session, row)
    return row


@business_action
def cancel_stand_in(session: Session, viewer: Viewer, *, stand_in_id: int) -> StandIn:
    """Ends the stand-in's rights at once (or before they start)."""
    require(viewer, Can.ASSIGN_TERRITORIES)
    row = session.get(StandIn, stand_in_id)
    if row is None or not leads(session, viewer, row.absent_user_id):
        raise NotFound("Stand-in not found, or not in your department.")
    if row.cancelled:
        raise DomainError("This stand-in is already cancelled.")
    if row.ends_on < today():
        raise DomainError("This stand-in is over already.")
    row.cancelled = True
    audit(session, viewer, action="cancel_stand_in", entity="stand_in", entity_id=row.id,
          changes={"cancelled": (False, True)})
    return row
