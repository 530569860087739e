"""Handing clients over: one or many to a colleague, and a manager's departure.

A client moves with what its owner held on it: its open deals and open tasks
(contacts have no owner of their own: they follow the client). Closed deals
and shipments keep their owner, so past statistics do not move. Deals and tasks
someone else holds on the client (a head's own reminder) stay with them.

Set-based on purpose: a few UPDATE … WHERE id IN (…) per chunk of clients, and
the audit rows inserted in bulk — thousands of clients in one transaction.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session

from ..access import Can, Viewer, require, scope
from ..errors import NotFound
from ..models import AuditEntry, Client, Deal, DealState, Task, utcnow
from ..rules.handover import loose_work, recipient_problem
from . import notifications
from .base import _plain, business_action
from ..rules.validate import Checks

CHUNK = 500  # ids per statement: well inside every database's parameter limit


@dataclass
class Moved:
    clients: int = 0
    deals: int = 0
    tasks: int = 0

    def add(self, other: Moved) -> None:
        self.clients += other.clients
        self.deals += other.deals
        self.tasks += other.tasks


@dataclass
class Handover:
    """What moved, per new holder (user id → counts), and what was left as it was."""

    by_recipient: dict[int, Moved] = field(default_factory=dict)
    unchanged: int = 0  # clients that already belonged to the new owner

    @property
    def total(self) -> Moved:
        total = Moved()
        for moved in self.by_recipient.values():
            total.add(moved)
        return total


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def _audit_rows(viewer: Viewer, entity: str, action: str, moves: Iterable[tuple[int, int | None]], to_id: int,
                field_name: str, at) -> list[dict]:
    return [{"at": at, "user_id": viewer.user_id, "action": action, "entity": entity, "entity_id": str(rid),
             "changes": {field_name: [_plain(old), to_id]}} for rid, old in moves]


def _stamp(model, viewer: Viewer, at) -> dict:
    """What every moved row gets: a new version (stale forms are refused), who and when."""
    return {"version": model.version + 1, "updated_at": at, "updated_by_id": viewer.user_id}


def move_clients(session: Session, viewer: Viewer, client_ids: list[int], to_id: int) -> Moved:
    """Move the clients, their owner's open deals and open tasks to `to_id`. No checks:
    the callers (actions below) have made them. Returns the counts moved."""
    at, moved, audit_rows = utcnow(), Moved(), []
    for chunk in _chunks(client_ids):
        stmt = select(Client.id, Client.owner_id).where(
            Client.id.in_(chunk), or_(Client.owner_id.is_(None), Client.owner_id != to_id))
        if session.get_bind().dialect.name == "postgresql":  # SQLite's writer holds the whole database
            stmt = stmt.with_for_update()
        owners = session.execute(stmt).all()
        if not owners:
            continue
        ids = [cid for cid, _ in owners]
        deals = session.execute(
            select(Deal.id, Deal.owner_id).join(Client, Deal.client_id == Client.id)
            .where(Deal.client_id.in_(ids), Deal.state == DealState.OPEN, Deal.owner_id == Client.owner_id)
        ).all()
        deal_ids = [d for d, _ in deals]
        tasks = list(session.execute(
            select(Task.id, Task.assignee_id).join(Client, Task.client_id == Client.id)
            .where(Task.client_id.in_(ids), Task.done.is_(False), Task.assignee_id == Client.owner_id)
        ).all())
        if deal_ids:  # tasks on a moving deal that name no client follow the deal
            tasks += session.execute(
                select(Task.id, Task.assignee_id).join(Deal, Task.deal_id == Deal.id)
                .where(Task.deal_id.in_(deal_ids), Task.client_id.is_(None), Task.done.is_(False),
                       Task.assignee_id == Deal.owner_id)
            ).all()
        _update(session, Deal, [d for d, _ in deals], {"owner_id": to_id}, viewer, at)
        _update(session, Task, [t for t, _ in tasks], {"assignee_id": to_id}, viewer, at)
        _update(session, Client, ids, {"owner_id": to_id}, viewer, at)
        audit_rows += _audit_rows(viewer, "client", "hand_over_client", owners, to_id, "owner_id", at)
        audit_rows += _audit_rows(viewer, "deal", "hand_over_deal", deals, to_id, "owner_id", at)
        audit_rows += _audit_rows(viewer, "task", "hand_over_task", tasks, to_id, "assignee_id", at)
        moved.add(Moved(len(ids), len(deals), len(tasks)))
    if audit_rows:
        session.execute(insert(AuditEntry), audit_rows)
    return moved


def _update(session: Session, model, ids: list[int], values: dict, viewer: Viewer, at) -> None:
    for chunk in _chunks(ids):
        session.execute(update(model).where(model.id.in_(chunk)).values(**values, **_stamp(model, viewer, at))
                        .execution_options(synchronize_session=False))


def _require_visible(session: Session, client_ids: list[int], viewer: Viewer) -> None:
    """Every client exists and is within the viewer's access; one message either way."""
    condition = scope(session, viewer).clients()
    seen = 0
    for chunk in _chunks(client_ids):
        seen += session.scalar(select(func.count(Client.id)).where(Client.id.in_(chunk), condition)) or 0
    if seen != len(client_ids):
        raise NotFound("Some of the chosen clients were not found, or are not among your clients. "
                       "Reload the list and choose again.")


@business_action
def hand_over_clients(session: Session, viewer: Viewer, *, client_ids: Iterable[int],
                      to_user_id: int | None) -> Handover:
    """One client or many to one colleague, in one transaction, audited (heads and above)."""
    require(viewer, Can.ASSIGN_TERRITORIES)
    ids = sorted({int(c) for c in client_ids})
    v = Checks()
    if not ids:
        v.fail("client_ids", "Choose at least one client.")
    problem = recipient_problem(session, viewer, to_user_id)
    if problem:
        v.fail("to_user_id", problem)
    v.raise_if_any()
    assert to_user_id is not None  # recipient_problem refuses no one
    _require_visible(session, ids, viewer)
    moved = move_clients(session, viewer, ids, int(to_user_id))
    result = Handover(by_recipient={int(to_user_id): moved}, unchanged=len(ids) - moved.clients)
    session.add(AuditEntry(user_id=viewer.user_id, action="hand_over_clients", entity="user",
                           entity_id=str(to_user_id),
                           changes={"clients": [None, moved.clients], "deals": [None, moved.deals],
                                    "tasks": [None, moved.tasks]}))
    notifications.clients_handed(session, viewer, result.by_recipient)
    session.flush()
    session.expire_all()  # the ORM's copies of the moved rows are out of date
    return result


def move_loose_work(session: Session, viewer: Viewer, user_id: int, successor_id: int) -> dict[int, Moved]:
    """Give `user_id`'s remaining open deals and tasks to the owners of their clients, or to
    the successor; returns the counts per new holder."""
    work = loose_work(session, user_id)
    at, audit_rows = utcnow(), []
    result: defaultdict[int, Moved] = defaultdict(Moved)
    for kind, model, column, field_name in (("deals", Deal, "owner_id", "owner_id"),
                                            ("tasks", Task, "assignee_id", "assignee_id")):
        groups: dict[int, list[int]] = defaultdict(list)
        for rid, heir in work[kind]:
            groups[heir or successor_id].append(rid)
        for to_id, ids in groups.items():
            _update(session, model, ids, {column: to_id}, viewer, at)
            audit_rows += _audit_rows(viewer, kind[:-1], f"hand_over_{kind[:-1]}", [(i, user_id) for i in ids],
                                      to_id, field_name, at)
            setattr(result[to_id], kind, getattr(result[to_id], kind) + len(ids))
    if audit_rows:
        session.execute(insert(AuditEntry), audit_rows)
    return dict(result)

