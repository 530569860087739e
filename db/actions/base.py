"""The write pattern every business action follows.

    @business_action
    def create_client(session, viewer, *, name, ...):
        ...validate, check access, change rows, audit(...)...

The decorator makes the action one transaction: on success it bumps the
data generation and commits; on any error it rolls back, so nothing of a
refused or failed action is written. Optimistic locking: forms pass the
`version` they loaded, `check_version` refuses a stale one naming who
changed the record and when. A constraint the database enforces anyway is
told by its real cause (db/actions/integrity.py).

The decorated function keeps its own signature for the type checker
(ParamSpec): `create_client(session, viewer, nam="x")` is an error there.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from typing import Concatenate, ParamSpec, Protocol, TypeVar, overload

from sqlalchemy import CursorResult, Result
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..access import Viewer
from ..errors import DomainError, StaleRecord
from ..generation import bump_generation
from ..models import AuditEntry, User, utcnow
from .integrity import (
    CONCURRENT,
    integrity_refusal,
    is_concurrent,
    stale_candidates,
    stale_refusal,
    storage_refusal,
)

P = ParamSpec("P")
R = TypeVar("R")
# (session, viewer, *, the action's own keywords) -> result; the decorator keeps the signature.
Action = Callable[Concatenate[Session, P], R]


class BusinessAction(Protocol[P, R]):
    """A decorated action: called like the action; `__wrapped__` is the action without its transaction
    (for an action that runs others inside its own, db/actions/follow_up.py)."""

    __wrapped__: Action[P, R]

    def __call__(self, session: Session, /, *args: P.args, **kwargs: P.kwargs) -> R: ...


@overload
def business_action(fn: Action[P, R], /) -> BusinessAction[P, R]: ...


@overload
def business_action(*, bumps_generation: bool = True) -> Callable[[Action[P, R]], BusinessAction[P, R]]: ...


def business_action(fn: Action[P, R] | None = None, /, *, bumps_generation: bool = True
                    ) -> BusinessAction[P, R] | Callable[[Action[P, R]], BusinessAction[P, R]]:
    def decorate(action: Action[P, R]) -> BusinessAction[P, R]:
        @functools.wraps(action)
        def run(session: Session, /, *args: P.args, **kwargs: P.kwargs) -> R:
            try:
                result = action(session, *args, **kwargs)
                session.flush()
                if bumps_generation:
                    bump_generation(session)
                session.commit()
            except StaleDataError as exc:
                candidates = stale_candidates(session)
                session.rollback()
                raise stale_refusal(session, exc, candidates) from exc
            except IntegrityError as exc:
                session.rollback()
                raise integrity_refusal(exc) from exc
            except OperationalError as exc:
                session.rollback()
                if is_concurrent(exc):  # a deadlock, a serialization failure, a locked SQLite file
                    raise DomainError(CONCURRENT) from exc
                raise storage_refusal(exc) or exc from exc
            except DBAPIError as exc:  # PostgreSQL's read-only transaction is an InternalError
                session.rollback()
                raise storage_refusal(exc) or exc from exc
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


def changed_rows(result: Result) -> int:
    """How many rows an UPDATE or DELETE matched: `session.execute` types its result as a `Result`,
    for these statements it is a `CursorResult`."""
    assert isinstance(result, CursorResult)
    return result.rowcount


def _plain(value):
    """JSON-friendly form of a value for the audit log."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value
