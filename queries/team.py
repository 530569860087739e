"""The team's plans: per manager plan, actual, %, pace, commission; departments; the quarter grid.

Who appears is `access.team_condition`: a head their departments' people, a
director everyone, a manager only themselves (the export can never hold
more than this returns).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.models import Department, SalesPlan, User

from .commission import load_schemes, scheme_for
from .frame import frame, text_as_objects
from .plan_actuals import actual_sums, money, month_start, plan_basis
from .plans import ZERO, progress

PEOPLE_COLUMNS = ["user_id", "manager", "department_id", "department", "plan", "actual", "plan_pct",
                  "pace", "pace_pct", "commission", "no_commission"]
DEPARTMENT_COLUMNS = ["department_id", "department", "plan", "actual", "plan_pct", "pace", "pace_pct",
                      "commission", "department_plan", "difference"]


@dataclass(frozen=True)
class TeamView:
    month: dt.date
    basis: str
    people: pd.DataFrame  # PEOPLE_COLUMNS
    departments: pd.DataFrame  # DEPARTMENT_COLUMNS


def _departments_seen(session: Session, viewer: Viewer):
    """A condition on Department: those whose totals and plans the viewer sees."""
    return access.department_condition(viewer)  # a manager: none, their own figures are on their home


def team_view(session: Session, viewer: Viewer, *, month: dt.date | None = None,
              today: dt.date | None = None) -> TeamView:
    """Per manager the viewer may see, for one month (default this one), and the departments' totals."""
    today = today or access.today()
    month = month_start(month or today)
    end = month_start(month, 1)
    basis = plan_basis(session)

    def mine(column):
        return access.team_condition(session, viewer, column)

    actuals = actual_sums(session, basis=basis, months=[month], person_filter=mine)
    plans = select(SalesPlan.user_id, SalesPlan.amount).where(SalesPlan.month == month).subquery()
    stmt = (
        select(User.id, User.full_name, User.role, User.hired_on, User.active, User.department_id,
               Department.name.label("department"), plans.c.amount.label("plan"))
        .outerjoin(Department, User.department_id == Department.id)
        .outerjoin(plans, plans.c.user_id == User.id)
        .where(access.team_members(), mine(User.id))
        .order_by(Department.name, User.full_name)
    )
    schemes = load_schemes(session)
    rows = []
    for r in session.execute(stmt):
        actual = actuals.get((r.id, month), ZERO)
        # Who left (or came after the month) shows only with a plan or sales that month.
        worked = r.active and (r.hired_on is None or r.hired_on < end)
        if not worked and r.plan is None and not actual:
            continue
        p = progress(month=month, today=today, basis=basis, plan=r.plan, actual=actual, hired_on=r.hired_on,
                     scheme=scheme_for(schemes, user_id=r.id, role=r.role, month=month))
        rows.append({"user_id": r.id, "manager": r.full_name, "department_id": r.department_id,
                     "department": r.department, "plan": p.plan, "actual": p.actual, "plan_pct": p.pct,
                     "pace": p.pace, "pace_pct": p.pace_pct, "commission": p.commission.amount,
                     "no_commission": p.commission.missing})
    people = text_as_objects(pd.DataFrame(rows, columns=PEOPLE_COLUMNS))
    return TeamView(month, basis, people, _department_totals(session, viewer, people, month))


def _pct(part, whole) -> float | None:
    return float(part / whole * 100) if whole else None


def _department_totals(session: Session, viewer: Viewer, people: pd.DataFrame, month: dt.date) -> pd.DataFrame:
    """Sums of the people's rows per department, beside the department's own plan."""
    depts = session.execute(
        select(Department.id, Department.name, SalesPlan.amount)
        .outerjoin(SalesPlan, and_(SalesPlan.department_id == Department.id, SalesPlan.month == month))
        .where(_departments_seen(session, viewer), or_(Department.active.is_(True), SalesPlan.id.is_not(None)))
        .order_by(Department.name)).all()
    rows = []
    for dept_id, name, dept_plan in depts:
        own = people[people["department_id"] == dept_id]
        plan = sum((p for p in own["plan"] if p is not None and p == p), ZERO)
        actual = sum(own["actual"], ZERO)
        pace = sum((p for p in own["pace"] if p is not None and p == p), ZERO)
        commission = sum((c for c in own["commission"] if c is not None and c == c), ZERO)
        dept_plan = money(dept_plan) if dept_plan is not None else None
        rows.append({"department_id": dept_id, "department": name, "plan": plan or None, "actual": actual,
                     "plan_pct": _pct(actual, plan), "pace": pace, "pace_pct": _pct(pace, plan),
                     "commission": commission, "department_plan": dept_plan,
                     "difference": None if dept_plan is None else plan - dept_plan})
    return text_as_objects(pd.DataFrame(rows, columns=DEPARTMENT_COLUMNS))


def plannable_managers(session: Session, viewer: Viewer) -> pd.DataFrame:
    """Active managers the viewer may set plans for: id, full_name, department."""
    if not access.can(viewer, access.Can.SET_PLANS):
        return pd.DataFrame(columns=["id", "full_name", "department", "hired_on"])
    stmt = (select(User.id, User.full_name, Department.name.label("department"), User.hired_on)
            .outerjoin(Department, User.department_id == Department.id)
            .where(access.team_members(), User.active.is_(True),
                   access.team_condition(session, viewer, User.id))
            .order_by(Department.name, User.full_name))
    return frame(session, stmt)


@dataclass(frozen=True)
class PlanGrid:
    months: list[dt.date]
    rows: pd.DataFrame  # user_id, manager, department, then one column per month (ISO date): amount
    versions: dict[tuple[int, dt.date], int]  # existing plans' versions


def plan_grid(session: Session, viewer: Viewer, *, quarter: dt.date) -> PlanGrid:
    """The plannable managers × the quarter's three months, as set now."""
    months = [month_start(quarter, k) for k in range(3)]
    people = plannable_managers(session, viewer)
    rows = people.rename(columns={"id": "user_id", "full_name": "manager"})[["user_id", "manager", "department"]]
    found = session.execute(
        select(SalesPlan.user_id, SalesPlan.month, SalesPlan.amount, SalesPlan.version)
        .where(SalesPlan.user_id.in_([int(i) for i in rows["user_id"]]),
               SalesPlan.month >= months[0], SalesPlan.month <= months[-1])).all()
    amounts = {(u, m): money(a) for u, m, a, _ in found}
    for month in months:
        rows[month.isoformat()] = [amounts.get((int(u), month)) for u in rows["user_id"]]
    return PlanGrid(months, rows.reset_index(drop=True),
                    {(u, m): v for u, m, _, v in found if u is not None})  # all are: filtered by user above


def department_plan_check(session: Session, viewer: Viewer, *, quarter: dt.date) -> pd.DataFrame:
    """Per department and month of the quarter: its plan, the sum of its managers' plans, the gap.

    `difference` is managers' sum − department plan: negative means the
    managers' plans fall short of the department's.
    """
    months = [month_start(quarter, k) for k in range(3)]
    managers = session.execute(
        select(User.department_id, SalesPlan.month, func.sum(SalesPlan.amount))
        .join(User, SalesPlan.user_id == User.id).join(Department, User.department_id == Department.id)
        .where(SalesPlan.month.in_(months), _departments_seen(session, viewer))
        .group_by(User.department_id, SalesPlan.month))
    own = (select(SalesPlan.department_id, SalesPlan.month, SalesPlan.amount, SalesPlan.version)
           .join(Department, SalesPlan.department_id == Department.id)
           .where(SalesPlan.month.in_(months), _departments_seen(session, viewer)))
    dept_plans = {(d, m): (money(a), v) for d, m, a, v in session.execute(own)}
    sums = {(d, m): money(s) for d, m, s in managers}
    depts = session.execute(select(Department.id, Department.name)
                            .where(_departments_seen(session, viewer), Department.active.is_(True))
                            .order_by(Department.name)).all()
    rows = []
    for dept_id, name in depts:
        for month in months:
            plan, version = dept_plans.get((dept_id, month), (None, None))
            total = sums.get((dept_id, month), ZERO)
            rows.append({"department_id": dept_id, "department": name, "month": month, "department_plan": plan,
                         "version": version, "managers_plan": total,
                         "difference": None if plan is None else total - plan})
    return text_as_objects(pd.DataFrame(rows, columns=["department_id", "department", "month", "department_plan",
                                                       "version", "managers_plan", "difference"]))


@dataclass(frozen=True)
class PlanCell:
    amount: Decimal | None  # None: no plan set for that month
    version: int  # 0: none yet (what a form passes back as expected_version)


def plan_of(session: Session, viewer: Viewer, *, user_id: int, month: dt.date) -> PlanCell:
    """One manager's plan for a month, if the viewer may see it (otherwise: as if none)."""
    row = session.execute(
        select(SalesPlan.amount, SalesPlan.version)
        .where(SalesPlan.user_id == user_id, SalesPlan.month == month_start(month),
               access.team_condition(session, viewer, SalesPlan.user_id))).first()
    return PlanCell(money(row.amount), row.version) if row else PlanCell(None, 0)


def department_plan_of(session: Session, viewer: Viewer, *, department_id: int, month: dt.date) -> PlanCell:
    row = session.execute(
        select(SalesPlan.amount, SalesPlan.version).join(Department, SalesPlan.department_id == Department.id)
        .where(SalesPlan.department_id == department_id, SalesPlan.month == month_start(month),
               _departments_seen(session, viewer))).first()
    return PlanCell(money(row.amount), row.version) if row else PlanCell(None, 0)


def list_departments(session: Session, viewer: Viewer) -> pd.DataFrame:
    """The active departments whose plans the viewer sees: id, name."""
    return frame(session, select(Department.id, Department.name)
                 .where(Department.active.is_(True), _departments_seen(session, viewer)).order_by(Department.name))
