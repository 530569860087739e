"""The write pattern every business action follows.

    @business_action
    def create_client(session, viewer, *, name, ...):
        ...validate, check access, change rows, audit(...)...

The decorator makes the action one transaction: on success it bumps the
data generation and commits; on any error it rolls back, so nothing of a
refused or failed action is written. Optimistic locking: forms pass the
`version` they loaded, `check_version` refuses a stale one naming who
changed the record and when.
"""
from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from enum import Enum

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..access import Viewer
from ..errors import DomainError, StaleRecord
from ..generation import bump_generation
from ..models import AuditEntry, User, utcnow


def business_action(fn=None, *, bumps_generation: bool = True):
    def decorate(action):
        @functools.wraps(action)
        def run(session: Session, viewer: Viewer | None, /, **kwargs):
            try:
                result = action(session, viewer, **kwargs)
                session.flush()
                if bumps_generation:
                    bump_generation(session)
                session.commit()
            except StaleDataError as exc:
                session.rollback()
                raise StaleRecord(changed_by=None, changed_at=None) from exc
            except IntegrityError as exc:
                session.rollback()
                # Checks run before writing; this is a concurrent writer that
                # got there first (e.g. the same INN saved at the same moment).
                raise DomainError(
                    "The change conflicts with a record saved at the same moment. Reload and try again."
                ) from exc
            except BaseException:
                session.rollback()
                raise
            return result

        return run

    return decorate(fn) if fn is not None else decorate


def audit(session: Session, viewer: Viewer | None, *, action: str, entity: str,
          entity_id, changes: dict | None = None) -> None:
    session.add(
        AuditEntry(
            user_id=viewer.user_id if viewer else None,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            changes={k: [_plain(old), _plain(new)] for k, (old, new) in (changes or {}).items()},
        )
    )


def apply_changes(obj, values: dict) -> dict[str, tuple]:
    """Set the attributes that differ; return {field: (old, new)} for the audit."""
    changes = {}
    for field, new in values.items():
        old = getattr(obj, field)
        if _plain(old) != _plain(new):
            changes[field] = (old, new)
            setattr(obj, field, new)
    return changes


def created(values: dict) -> dict[str, tuple]:
    """Audit changes for a new record: every given field, from nothing."""
    return {k: (None, v) for k, v in values.items() if v not in (None, "")}


def touch(obj, viewer: Viewer | None) -> None:
    obj.updated_at = utcnow()
    obj.updated_by_id = viewer.user_id if viewer else None


def check_version(session: Session, obj, expected_version: int | None) -> None:
    """Refuse a form loaded before someone else saved the record."""
    if expected_version is None or obj.version == expected_version:
        return
    who = session.get(User, obj.updated_by_id) if obj.updated_by_id else None
    raise StaleRecord(changed_by=who.full_name if who else None, changed_at=obj.updated_at)


def _plain(value):
    """JSON-friendly form of a value for the audit log."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value
