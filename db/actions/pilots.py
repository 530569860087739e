"""Pilot lists: a follow-up task for the owner of each leader chosen for a product group.

The seed's method — pilot a new product with a segment's leaders, then spread the
experience — starts with these tasks. Each carries the key "pilot:<group>:<client>",
unique in the tasks table, so a second click (or a colleague's) makes no duplicates.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import access
from ..access import Viewer, require_client
from ..models import ProductGroup, Task, User
from .base import audit, business_action, created
from ..rules.validate import Checks

MAX_CLIENTS = 200
SOURCE = "pilot"


@dataclass(frozen=True)
class PilotResult:
    created: int
    skipped: int  # clients that already had a pilot task for this group


def source_key(product_group_id: int, client_id: int) -> str:
    return f"{SOURCE}:{product_group_id}:{client_id}"


@business_action
def create_pilot_tasks(session: Session, viewer: Viewer, *, product_group_id: int | None, client_ids,
                       title: str, due_on: dt.date | None, description: str | None = None) -> PilotResult:
    """One task per client, for the client's owner (for the viewer when the client has no
    active owner), unless the client already has a pilot task for the group."""
    v = Checks()
    today = access.today()
    values = {
        "title": v.text("title", title, max_len=300, required=True),
        "description": v.text("description", description, max_len=5000, multiline=True),
        "due_on": v.date("due_on", due_on, required=True, minimum=today, maximum=today + dt.timedelta(days=365)),
    }
    group = session.get(ProductGroup, product_group_id) if product_group_id else None
    if group is None:
        v.fail("product_group_id", "Choose one of the offered values.")
    ids = list(dict.fromkeys(int(i) for i in (client_ids or ())))
    if not ids:
        v.fail("client_ids", "Choose at least one client.")
    elif len(ids) > MAX_CLIENTS:
        v.fail("client_ids", "At most {max} clients at once.", max=MAX_CLIENTS)
    v.raise_if_any()
    assert group is not None  # refused above otherwise
    clients = [require_client(session, viewer, cid) for cid in ids]  # all visible, or nothing is written
    keys = {c.id: source_key(group.id, c.id) for c in clients}
    existing = set(session.scalars(select(Task.source_key).where(Task.source_key.in_(list(keys.values())))))
    active = set(session.scalars(select(User.id).where(User.id.in_({c.owner_id for c in clients if c.owner_id}),
                                                       User.active.is_(True))))
    made = 0
    for client in clients:
        if keys[client.id] in existing:
            continue
        task_values = {**values, "client_id": client.id, "source": SOURCE, "source_key": keys[client.id],
                       "assignee_id": client.owner_id if client.owner_id in active else viewer.user_id}
        task = Task(created_by_id=viewer.user_id, **task_values)
        session.add(task)
        session.flush()
        audit(session, viewer, action="create_pilot_task", entity="task", entity_id=task.id,
              changes={**created(task_values), "product_group_id": (None, group.id)})
        made += 1
    return PilotResult(created=made, skipped=len(clients) - made)
