"""What each role's home page shows: one's own numbers, the team's, the company's."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.models import (
    Activity,
    Client,
    ClientStatus,
    Deal,
    DealState,
    Department,
    Role,
    SalesPlan,
    Shipment,
    Task,
    User,
)

from .frame import frame, month_bounds

ZERO = Decimal("0")


@dataclass(frozen=True)
class PersonalSummary:
    clients: int
    open_deals: int
    open_amount: Decimal
    weighted_amount: Decimal
    shipped_this_month: Decimal
    plan_this_month: Decimal | None  # None: no plan set
    tasks_overdue: int
    tasks_today: int

    @property
    def plan_pct(self) -> float | None:
        if not self.plan_this_month:
            return None
        return float(self.shipped_this_month / self.plan_this_month * 100)


def personal_summary(session: Session, viewer: Viewer, *, today: dt.date | None = None) -> PersonalSummary:
    """The viewer's own figures: their clients, deals, this month's shipments and plan."""
    today = today or access.today()
    start, end = month_bounds(today)
    me = viewer.user_id
    clients = session.scalar(
        select(func.count(Client.id)).where(Client.owner_id == me, Client.status == ClientStatus.ACTIVE))
    deals = session.execute(
        select(func.count(Deal.id), func.coalesce(func.sum(Deal.amount), 0),
               func.coalesce(func.sum(Deal.amount * Deal.probability / 100), 0))
        .where(Deal.owner_id == me, Deal.state == DealState.OPEN)
    ).one()
    shipped = session.scalar(
        select(func.coalesce(func.sum(Shipment.amount), 0))
        .where(Shipment.manager_id == me, Shipment.shipped_on >= start, Shipment.shipped_on < end))
    plan = session.scalar(select(SalesPlan.amount).where(SalesPlan.user_id == me, SalesPlan.month == start))
    tasks = session.execute(
        select(func.coalesce(func.sum(case((Task.due_on < today, 1), else_=0)), 0),
               func.coalesce(func.sum(case((Task.due_on == today, 1), else_=0)), 0))
        .where(Task.assignee_id == me, Task.done.is_(False))
    ).one()
    return PersonalSummary(
        clients=clients or 0, open_deals=deals[0], open_amount=Decimal(deals[1]),
        weighted_amount=Decimal(deals[2]).quantize(Decimal("0.01")),
        shipped_this_month=Decimal(shipped), plan_this_month=plan,
        tasks_overdue=int(tasks[0]), tasks_today=int(tasks[1]),
    )


def my_open_tasks(session: Session, viewer: Viewer, *, limit: int = 10) -> pd.DataFrame:
    """The viewer's own open tasks, soonest first (overdue on top)."""
    stmt = (
        select(Task.id, Task.due_on, Task.title, Client.name.label("client"), Task.client_id)
        .outerjoin(Client, Task.client_id == Client.id)
        .where(Task.assignee_id == viewer.user_id, Task.done.is_(False))
        .order_by(Task.due_on, Task.id)
        .limit(limit)
    )
    return frame(session, stmt)


def recent_activities(session: Session, viewer: Viewer, *, limit: int = 10) -> pd.DataFrame:
    """The latest calls, letters and meetings on the clients the viewer may see."""
    stmt = (
        select(Activity.occurred_at, Activity.kind, Activity.subject, Client.name.label("client"),
               User.full_name.label("who"), Activity.client_id)
        .join(Client, Activity.client_id == Client.id)
        .outerjoin(User, Activity.user_id == User.id)
        .where(access.scope(session, viewer).clients())
        .order_by(Activity.occurred_at.desc(), Activity.id.desc())
        .limit(limit)
    )
    return frame(session, stmt)


def team_summary(session: Session, viewer: Viewer, *, today: dt.date | None = None) -> pd.DataFrame:
    """Per manager the viewer may see: clients, open deals, this month's shipments against plan."""
    today = today or access.today()
    start, end = month_bounds(today)
    clients = (select(Client.owner_id.label("uid"), func.count(Client.id).label("clients"))
               .where(Client.status == ClientStatus.ACTIVE).group_by(Client.owner_id).subquery())
    deals = (select(Deal.owner_id.label("uid"), func.count(Deal.id).label("open_deals"),
                    func.sum(Deal.amount).label("open_amount"))
             .where(Deal.state == DealState.OPEN).group_by(Deal.owner_id).subquery())
    shipped = (select(Shipment.manager_id.label("uid"), func.sum(Shipment.amount).label("shipped"))
               .where(Shipment.shipped_on >= start, Shipment.shipped_on < end)
               .group_by(Shipment.manager_id).subquery())
    plans = (select(SalesPlan.user_id.label("uid"), SalesPlan.amount.label("plan"))
             .where(SalesPlan.month == start).subquery())
    stmt = (
        select(User.id.label("user_id"), User.full_name.label("manager"), Department.name.label("department"),
               func.coalesce(clients.c.clients, 0).label("clients"),
               func.coalesce(deals.c.open_deals, 0).label("open_deals"),
               func.coalesce(deals.c.open_amount, 0).label("open_amount"),
               func.coalesce(shipped.c.shipped, 0).label("shipped"),
               plans.c.plan)
        .outerjoin(Department, User.department_id == Department.id)
        .outerjoin(clients, clients.c.uid == User.id)
        .outerjoin(deals, deals.c.uid == User.id)
        .outerjoin(shipped, shipped.c.uid == User.id)
        .outerjoin(plans, plans.c.uid == User.id)
        .where(User.role.in_([Role.MANAGER, Role.HEAD]), User.active.is_(True),
               access.people_condition(session, viewer, User.id))
        .order_by(Department.name, User.full_name)
    )
    df = frame(session, stmt)
    df["plan_pct"] = [
        float(s / p * 100) if p else None for s, p in zip(df["shipped"], df["plan"], strict=True)
    ]
    return df
