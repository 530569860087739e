"""What each role's home page shows: one's own numbers, the team's, the company's."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from sqlalchemy import case, func, or_, select
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
    SalesPlan,
    Task,
    User,
)

from .frame import frame, month_bounds
from .plan_actuals import actual_subquery, plan_basis

ZERO = Decimal("0")


@dataclass(frozen=True)
class PersonalSummary:
    """The counts beside the plan (the plan itself: queries/plans.plan_progress)."""

    clients: int
    open_deals: int
    open_amount: Decimal
    weighted_amount: Decimal
    tasks_overdue: int
    tasks_today: int


def personal_summary(session: Session, viewer: Viewer, *, today: dt.date | None = None) -> PersonalSummary:
    """The viewer's own figures: their clients, open deals and tasks."""
    today = today or access.today()
    me = viewer.user_id
    clients = session.scalar(
        select(func.count(Client.id)).where(Client.owner_id == me, Client.status == ClientStatus.ACTIVE))
    deals = session.execute(
        select(func.count(Deal.id), func.coalesce(func.sum(Deal.amount), 0),
               func.coalesce(func.sum(Deal.amount * Deal.probability / 100), 0))
        .where(Deal.owner_id == me, Deal.state == DealState.OPEN)
    ).one()
    tasks = session.execute(
        select(func.coalesce(func.sum(case((Task.due_on < today, 1), else_=0)), 0),
               func.coalesce(func.sum(case((Task.due_on == today, 1), else_=0)), 0))
        .where(Task.assignee_id == me, Task.done.is_(False))
    ).one()
    return PersonalSummary(
        clients=clients or 0, open_deals=deals[0], open_amount=Decimal(deals[1]),
        weighted_amount=Decimal(deals[2]).quantize(Decimal("0.01")),
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
    """Per manager the viewer may see: clients, open deals, this month's actual (on the plan
    basis: queries/plan_actuals.py) against plan."""
    today = today or access.today()
    start, _end = month_bounds(today)
    clients = (select(Client.owner_id.label("uid"), func.count(Client.id).label("clients"))
               .where(Client.status == ClientStatus.ACTIVE).group_by(Client.owner_id).subquery())
    deals = (select(Deal.owner_id.label("uid"), func.count(Deal.id).label("open_deals"),
                    func.sum(Deal.amount).label("open_amount"))
             .where(Deal.state == DealState.OPEN).group_by(Deal.owner_id).subquery())
    actual = actual_subquery(plan_basis(session), start)
    plans = (select(SalesPlan.user_id.label("uid"), SalesPlan.amount.label("plan"))
             .where(SalesPlan.month == start).subquery())
    stmt = (
        select(User.id.label("user_id"), User.full_name.label("manager"), Department.name.label("department"),
               func.coalesce(clients.c.clients, 0).label("clients"),
               func.coalesce(deals.c.open_deals, 0).label("open_deals"),
               func.coalesce(deals.c.open_amount, 0).label("open_amount"),
               func.coalesce(actual.c.actual, 0).label("actual"),
               plans.c.plan)
        .outerjoin(Department, User.department_id == Department.id)
        .outerjoin(clients, clients.c.uid == User.id)
        .outerjoin(deals, deals.c.uid == User.id)
        .outerjoin(actual, actual.c.uid == User.id)
        .outerjoin(plans, plans.c.uid == User.id)
        .where(access.client_owners(),
               access.team_condition(session, viewer, User.id),
               # A head may own clients; one who owns nothing, sells nothing and has no plan is
               # not a row of zeros among the managers.
               or_(access.team_members(), clients.c.clients.is_not(None), deals.c.open_deals.is_not(None),
                   actual.c.actual.is_not(None), plans.c.plan.is_not(None)))
        .order_by(Department.name, User.full_name)
    )
    df = frame(session, stmt)
    df["plan_pct"] = [
        float(a / p * 100) if p else None for a, p in zip(df["actual"], df["plan"], strict=True)
    ]
    return df
