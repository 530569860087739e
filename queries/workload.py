"""Who carries how much: clients, A-clients, open deals, overdue tasks per manager.

The A class here is a stand-in until the ABC analysis exists: see `a_clients_by_shipments`.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Select, case, cast, false, func, null, select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.models import Client, ClientStatus, Deal, DealState, Department, Shipment, Task, User

from . import kept
from .frame import frame

VALUE_DAYS = 365


def client_values(today: dt.date) -> Select:
    """client_id, value: shipments of the last 12 months (through today), per client that had any."""
    since = today - dt.timedelta(days=VALUE_DAYS)
    return (select(Shipment.client_id.label("client_id"), func.sum(Shipment.amount).label("value"))
            .where(Shipment.shipped_on > since, Shipment.shipped_on <= today)
            .group_by(Shipment.client_id))


def ranked_values(today: dt.date):
    """client_id, value, is_a — one pass over the year's shipments, materialised once
    (SQLite would otherwise run the aggregate again for every row it is joined to)."""
    values = client_values(today).subquery()
    ranked = select(values.c.client_id, values.c.value,
                    func.row_number().over(order_by=(values.c.value.desc(), values.c.client_id)).label("rank"),
                    func.count().over().label("shipped")).where(values.c.value > 0).subquery()
    is_a = (ranked.c.rank <= (ranked.c.shipped + 4) // 5).label("is_a")
    return select(ranked.c.client_id, ranked.c.value, is_a).cte("ranked_values").prefix_with("MATERIALIZED")


def a_clients_by_shipments(today: dt.date) -> Select:
    """The ids of "A" clients: the top 20 % (rounded up) of the clients that shipped in the
    last 12 months, by the amount shipped, company-wide.

    PLACEHOLDER for the ABC analysis (issue 7): when it classifies clients, this
    function (and `ranked_values`, which it reads) is the one place to point at its classes.
    """
    ranked = ranked_values(today)
    return select(ranked.c.client_id).where(ranked.c.is_a)


def workload(session: Session, viewer: Viewer, *, user_ids: tuple[int, ...] | None = None,
             today: dt.date | None = None) -> pd.DataFrame:
    """Per active manager and head the viewer leads (or the given ones among them):
    clients, A-clients, their 12-month value, open deals and amount, overdue tasks."""
    today = today or access.today()
    active = Client.status == ClientStatus.ACTIVE
    clients = (select(Client.owner_id.label("uid"), func.count(Client.id).label("clients"))
               .where(active, Client.owner_id.is_not(None)).group_by(Client.owner_id).subquery())
    deals = (select(Deal.owner_id.label("uid"), func.count(Deal.id).label("open_deals"),
                    func.sum(Deal.amount).label("open_amount"))
             .where(Deal.state == DealState.OPEN).group_by(Deal.owner_id).subquery())
    tasks = (select(Task.assignee_id.label("uid"), func.count(Task.id).label("overdue_tasks"))
             .where(Task.done.is_(False), Task.due_on < today).group_by(Task.assignee_id).subquery())
    stmt = (
        select(User.id.label("user_id"), User.full_name, User.role, Department.name.label("department"),
               User.hired_on,
               func.coalesce(clients.c.clients, 0).label("clients"),
               func.coalesce(deals.c.open_deals, 0).label("open_deals"),
               func.coalesce(deals.c.open_amount, 0).label("open_amount"),
               func.coalesce(tasks.c.overdue_tasks, 0).label("overdue_tasks"))
        .outerjoin(Department, User.department_id == Department.id)
        .outerjoin(clients, clients.c.uid == User.id)
        .outerjoin(deals, deals.c.uid == User.id)
        .outerjoin(tasks, tasks.c.uid == User.id)
        .where(access.client_owners(),
               _led(session, viewer))
        .order_by(Department.name, User.role.desc(), User.full_name)
    )
    if user_ids is not None:
        stmt = stmt.where(User.id.in_(user_ids))
    df = frame(session, stmt)
    # The A-clients and values per owner: a company-wide part, kept across deals' and tasks' writes.
    worth = kept.part(session, owner_worth, today=today) if len(df) else {}
    zero = session.scalar(select(func.coalesce(func.sum(cast(null(), Shipment.amount.type)), 0)))  # the SQL's 0
    df.insert(6, "a_clients", pd.Series([int(worth[u][0]) if u in worth else 0 for u in df["user_id"]],
                                        index=df.index, dtype="int64" if len(df) else object))
    df.insert(7, "value", pd.Series([worth[u][1] if u in worth else zero for u in df["user_id"]],
                                    index=df.index, dtype=object))
    df["experience_years"] = [_years(h, today) for h in df["hired_on"]] if not df.empty else []
    return df


def owner_worth(session: Session, viewer: Viewer | None, *, today: dt.date) -> dict[int, tuple[int, object]]:
    """Company-wide (the viewer is not read): per owner of active clients, (A-clients, their 12-month value)
    of those that shipped — a part `workload` keeps (queries/kept.py) while deals and tasks are written.
    From the shipped clients to their owners (a primary-key lookup each), not the other way round:
    SQLite would scan the whole CTE for every client."""
    ranked = ranked_values(today)
    rows: Sequence[Any] = session.execute(
        select(Client.owner_id, func.sum(case((ranked.c.is_a, 1), else_=0)), func.sum(ranked.c.value))
        .select_from(ranked).join(Client, Client.id == ranked.c.client_id)
        .where(Client.status == ClientStatus.ACTIVE, Client.owner_id.is_not(None)).group_by(Client.owner_id)).all()
    return {int(uid): (int(a_clients), value) for uid, a_clients, value in rows}


def _led(session: Session, viewer: Viewer):
    """The people the viewer leads (a manager: nobody — this is a leader's view)."""
    if not access.leads_anyone(viewer):
        return false()
    return access.team_condition(session, viewer, User.id)


def _years(hired_on, today: dt.date) -> float | None:
    if hired_on is None or pd.isna(hired_on):
        return None
    return round((today - hired_on).days / 365.25, 1)


def portfolio(session: Session, *, user_ids: tuple[int, ...], today: dt.date) -> pd.DataFrame:
    """user_id, clients, value (12-month shipments of their active clients) for a few people
    — through their clients' shipment index, not the whole year's shipments."""
    since = today - dt.timedelta(days=VALUE_DAYS)
    theirs = (Client.owner_id.in_(user_ids), Client.status == ClientStatus.ACTIVE)
    counts = dict(session.execute(select(Client.owner_id, func.count(Client.id)).where(*theirs)
                                  .group_by(Client.owner_id)).all())
    values = dict(session.execute(
        select(Client.owner_id, func.sum(Shipment.amount)).join(Shipment, Shipment.client_id == Client.id)
        .where(*theirs, Shipment.shipped_on > since, Shipment.shipped_on <= today).group_by(Client.owner_id)).all())
    return pd.DataFrame({"user_id": list(user_ids),
                         "clients": [int(counts.get(u, 0)) for u in user_ids],
                         "value": [float(values.get(u) or 0) for u in user_ids]})
