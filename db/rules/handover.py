"""Handing work over: who may receive clients, what a person holds, their loose work.

The departure wizard previews with these (queries/handover.py, departure_plan.py) and
the handover and departure actions check with the same ones (db/actions/handover.py,
departure.py).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..access import Viewer, may_assign_owner, may_own_clients
from ..models import Client, Deal, DealState, Task, User


def recipient_problem(session: Session, viewer: Viewer, user_id: int | None, *,
                      leaving_id: int | None = None) -> str | None:
    """Why this person cannot receive clients from this viewer (a message id), or None."""
    user = session.get(User, user_id) if user_id else None
    if user is None:
        return "This field is required."
    if user.id == leaving_id:
        return "Choose a colleague who stays, not the leaving manager."
    if not may_own_clients(user):
        return "The owner must be an active manager or head."
    if not may_assign_owner(session, viewer, user.id):
        return "You may not give a client to this manager."
    return None


@dataclass(frozen=True)
class Holdings:
    """What a person holds: their clients (any status), open deals and open tasks."""

    clients: int
    deals: int
    tasks: int


def holdings(session: Session, user_id: int) -> Holdings:
    return Holdings(
        clients=session.scalar(select(func.count(Client.id)).where(Client.owner_id == user_id)) or 0,
        deals=session.scalar(select(func.count(Deal.id)).where(Deal.owner_id == user_id,
                                                               Deal.state == DealState.OPEN)) or 0,
        tasks=session.scalar(select(func.count(Task.id)).where(Task.assignee_id == user_id,
                                                               Task.done.is_(False))) or 0,
    )


def company_totals(session: Session) -> Holdings:
    """Clients with an owner, open deals, open tasks — the same before and after a departure."""
    return Holdings(
        clients=session.scalar(select(func.count(Client.id)).where(Client.owner_id.is_not(None))) or 0,
        deals=session.scalar(select(func.count(Deal.id)).where(Deal.state == DealState.OPEN)) or 0,
        tasks=session.scalar(select(func.count(Task.id)).where(Task.done.is_(False))) or 0,
    )


def loose_work(session: Session, user_id: int, *, except_clients: Iterable[int] = ()) -> dict[str, list]:
    """What a person holds outside their own clients: open deals and open tasks on
    colleagues' clients, and tasks about no client — with who would naturally take each
    (the client's owner, if active and not the person), else None."""
    skip = set(except_clients)
    deals = session.execute(
        select(Deal.id, Deal.client_id, Client.owner_id, User.active)
        .join(Client, Deal.client_id == Client.id).outerjoin(User, Client.owner_id == User.id)
        .where(Deal.owner_id == user_id, Deal.state == DealState.OPEN)
    ).all()
    tasks = session.execute(
        select(Task.id, Task.client_id, Client.owner_id, User.active)
        .outerjoin(Client, Task.client_id == Client.id).outerjoin(User, Client.owner_id == User.id)
        .where(Task.assignee_id == user_id, Task.done.is_(False))
    ).all()

    def heir(owner_id, active):
        return owner_id if owner_id is not None and owner_id != user_id and active else None

    return {"deals": [(d, heir(o, a)) for d, c, o, a in deals if c not in skip],
            "tasks": [(t, heir(o, a)) for t, c, o, a in tasks if c is None or c not in skip]}
