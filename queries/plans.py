"""One person's plan: % of plan this month, pace, commission, the next tier, 12 months, what-if.

Always the viewer's own figures (`viewer.user_id`): nobody reaches another
person's plan through these functions; the team's are in queries/team.py.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.models import Client, Deal, DealState, PipelineStage, SalesPlan, User

from .commission import Commission, NextTier, Scheme, compute, load_schemes, next_tier, scheme_for
from .frame import frame
from .plan_actuals import actual_sums, money, month_start, pace, plan_basis

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class PlanProgress:
    month: dt.date  # first day
    basis: str  # shipments | won_deals
    plan: Decimal | None  # None: no plan set (missing or zero)
    actual: Decimal
    pace: Decimal | None  # projected month end at the current run-rate
    commission: Commission
    next_tier: NextTier | None
    scheme: Scheme | None
    added: Decimal = ZERO  # what-if: the chosen open deals' amount, included in `actual`

    @property
    def pct(self) -> float | None:
        return float(self.actual / self.plan * 100) if self.plan else None

    @property
    def pace_pct(self) -> float | None:
        return float(self.pace / self.plan * 100) if self.plan and self.pace is not None else None

    @property
    def remaining(self) -> Decimal | None:
        return max(ZERO, self.plan - self.actual) if self.plan else None


def progress(*, month: dt.date, today: dt.date, basis: str, plan, actual: Decimal,
             hired_on: dt.date | None, scheme: Scheme | None, added: Decimal = ZERO) -> PlanProgress:
    """Everything derived from one person-month's plan and actual (no database)."""
    plan = money(plan) if plan else None
    actual = money(actual)
    return PlanProgress(
        month=month, basis=basis, plan=plan, actual=actual,
        pace=pace(actual=actual - added, month=month, today=today, hired_on=hired_on),
        commission=compute(scheme, plan=plan, actual=actual),
        next_tier=next_tier(scheme, plan=plan, actual=actual), scheme=scheme, added=added,
    )


def _me(session: Session, viewer: Viewer) -> tuple[str, dt.date | None]:
    row = session.execute(select(User.role, User.hired_on).where(User.id == viewer.user_id)).one()
    return row.role, row.hired_on


def _own_id(viewer: Viewer) -> int:
    """The viewer's user id: a plan and its commission are a person's (the script viewer has none)."""
    assert viewer.user_id is not None, "a plan is a person's: the script viewer has none"
    return viewer.user_id


def _own(viewer: Viewer):
    return lambda column: column == viewer.user_id


def plan_progress(session: Session, viewer: Viewer, *, today: dt.date | None = None,
                  added: Decimal = ZERO) -> PlanProgress:
    """The viewer's plan this month: actual, %, remaining, pace, commission so far, next tier."""
    today = today or access.today()
    month = month_start(today)
    basis = plan_basis(session)
    role, hired_on = _me(session, viewer)
    user_id = _own_id(viewer)  # after _me, which finds no user for the script viewer, as before
    plan = session.scalar(select(SalesPlan.amount).where(SalesPlan.user_id == viewer.user_id,
                                                         SalesPlan.month == month))
    actual = actual_sums(session, basis=basis, months=[month], person_filter=_own(viewer))
    scheme = scheme_for(load_schemes(session), user_id=user_id, role=role, month=month)
    return progress(month=month, today=today, basis=basis, plan=plan,
                    actual=actual.get((user_id, month), ZERO) + added, hired_on=hired_on,
                    scheme=scheme, added=added)


def my_open_deals(session: Session, viewer: Viewer) -> pd.DataFrame:
    """The viewer's own open deals on clients they may see, for the what-if picker."""
    stmt = (
        select(Deal.id, Deal.title, Client.name.label("client"), Deal.amount, Deal.probability,
               Deal.expected_close_on, PipelineStage.name.label("stage"))
        .join(Client, Deal.client_id == Client.id)
        .join(PipelineStage, Deal.stage_id == PipelineStage.id)
        .where(Deal.owner_id == viewer.user_id, Deal.state == DealState.OPEN,
               access.scope(session, viewer).clients())
        .order_by(Deal.expected_close_on.is_(None), Deal.expected_close_on, Deal.id)
    )
    return frame(session, stmt)


def what_if(session: Session, viewer: Viewer, *, deal_ids: tuple[int, ...] = (),
            today: dt.date | None = None) -> PlanProgress:
    """This month's plan if the chosen open deals closed now, in full.

    Only the viewer's own open deals count: other ids are ignored, so a
    crafted id adds nothing and reveals nothing.
    """
    added = ZERO
    if deal_ids:
        added = money(session.scalar(
            select(func.sum(Deal.amount)).join(Client, Deal.client_id == Client.id)
            .where(Deal.id.in_(sorted({int(i) for i in deal_ids})), Deal.owner_id == viewer.user_id,
                   Deal.state == DealState.OPEN, access.scope(session, viewer).clients())))
    return plan_progress(session, viewer, today=today, added=added)


def plan_history(session: Session, viewer: Viewer, *, months: int = 12,
                 today: dt.date | None = None) -> pd.DataFrame:
    """The viewer's last `months` months (this one included, oldest first):
    month, plan, actual, plan_pct, commission (None where it cannot be computed)."""
    today = today or access.today()
    current = month_start(today)
    span = [month_start(current, k) for k in range(-(months - 1), 1)]
    basis = plan_basis(session)
    role, hired_on = _me(session, viewer)
    user_id = _own_id(viewer)
    plans = dict(session.execute(
        select(SalesPlan.month, SalesPlan.amount)
        .where(SalesPlan.user_id == viewer.user_id, SalesPlan.month >= span[0], SalesPlan.month <= current)).all())
    actuals = actual_sums(session, basis=basis, months=span, person_filter=_own(viewer))
    schemes = load_schemes(session)
    rows = []
    for month in span:
        p = progress(month=month, today=today, basis=basis, plan=plans.get(month),
                     actual=actuals.get((user_id, month), ZERO), hired_on=hired_on,
                     scheme=scheme_for(schemes, user_id=user_id, role=role, month=month))
        rows.append({"month": month, "plan": p.plan, "actual": p.actual, "plan_pct": p.pct,
                     "commission": p.commission.amount})
    return pd.DataFrame(rows, columns=["month", "plan", "actual", "plan_pct", "commission"])


def current_basis(session: Session, viewer: Viewer) -> str:
    """What counts against plans now: "shipments" or "won_deals" (a company setting)."""
    return plan_basis(session)
