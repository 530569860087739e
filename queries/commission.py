"""Commission: which scheme applies to whom in a month, and what it pays. Never stored.

How a scheme pays (the one reading used everywhere, shown in the app under
"How commission is computed"):

- The % of plan is actual ÷ plan × 100 for the month. Thresholds compare
  exactly (actual × 100 ≥ plan × from %), so 80 % of plan reaches the 80 % tier.
- A tier pays from its threshold (inclusive) until the next tier *of the same
  base*: of the "actual" tiers reached, only the highest pays, its rate × the
  whole actual; of the "excess" tiers reached, only the highest pays, its rate
  × the part of the actual above the plan. An "actual" and an "excess" tier
  reached together both pay.
  The standard scheme (0 % → 0; 80 % → 3 % of actual; 100 % → 5 % of excess)
  on a plan of 1 000 000: actual 790 000 → 0; 800 000 → 24 000;
  1 000 000 → 30 000; 1 200 000 → 36 000 + 10 000 = 46 000.
- Below the lowest tier nothing is paid. Without a plan (missing or zero) a
  tiered scheme cannot be applied: "no plan set", no commission.
- A flat scheme pays its rate × the actual, plan or no plan.
- The total is rounded to kopecks (half up), once.

Which scheme: for a person and month, the active scheme with the latest
`effective_from` on or before the month's first day — a personal one if the
person has any, else one for their role. A scheme starting mid-month applies
from the next month: commission is monthly, and a change never reaches back.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db import access
from db.models import CommissionScheme, User

from .frame import text_as_objects

ZERO = Decimal("0")
KOPECK = Decimal("0.01")
HUNDRED = Decimal("100")


@dataclass(frozen=True)
class Tier:
    from_pct: Decimal
    rate_pct: Decimal
    base: str  # actual | excess


@dataclass(frozen=True)
class Scheme:
    id: int
    name: str
    kind: str  # tiered | flat
    role: str | None
    user_id: int | None
    effective_from: dt.date
    flat_rate_pct: Decimal | None
    tiers: tuple[Tier, ...]
    version: int = 1


@dataclass(frozen=True)
class NextTier:
    from_pct: Decimal
    rate_pct: Decimal
    base: str
    needed: Decimal  # how much more to sell to reach it


@dataclass(frozen=True)
class Commission:
    amount: Decimal | None  # None: cannot be computed (see `missing`)
    missing: str | None = None  # "plan" | "scheme"
    actual_rate_pct: Decimal = ZERO  # of the whole actual
    excess_rate_pct: Decimal = ZERO  # of the part above the plan


def _reached(plan: Decimal, actual: Decimal, from_pct: Decimal) -> bool:
    return actual * HUNDRED >= plan * from_pct


def _has_plan(plan) -> bool:
    return plan is not None and Decimal(plan) > 0


def compute(scheme: Scheme | None, *, plan: Decimal | None, actual: Decimal) -> Commission:
    """What `scheme` pays for a month with this plan and actual (see the module docstring)."""
    actual = Decimal(actual)
    if scheme is None:
        return Commission(None, missing="scheme")
    if scheme.kind == "flat":
        rate = scheme.flat_rate_pct or ZERO
        return Commission((actual * rate / HUNDRED).quantize(KOPECK, ROUND_HALF_UP), actual_rate_pct=rate)
    if plan is None or not _has_plan(plan):
        return Commission(None, missing="plan")
    plan = Decimal(plan)
    rates = {"actual": ZERO, "excess": ZERO}
    for tier in sorted(scheme.tiers, key=lambda t: t.from_pct):
        if _reached(plan, actual, tier.from_pct):
            rates[tier.base] = tier.rate_pct
    excess = max(ZERO, actual - plan)
    total = actual * rates["actual"] / HUNDRED + excess * rates["excess"] / HUNDRED
    return Commission(total.quantize(KOPECK, ROUND_HALF_UP), actual_rate_pct=rates["actual"],
                      excess_rate_pct=rates["excess"])


def next_tier(scheme: Scheme | None, *, plan: Decimal | None, actual: Decimal) -> NextTier | None:
    """The lowest tier not reached yet and how much more it takes; None if none is left
    (or the scheme is flat, or there is no plan)."""
    if scheme is None or scheme.kind != "tiered" or plan is None or not _has_plan(plan):
        return None
    plan, actual = Decimal(plan), Decimal(actual)
    for tier in sorted(scheme.tiers, key=lambda t: t.from_pct):
        if not _reached(plan, actual, tier.from_pct):
            needed = (plan * tier.from_pct / HUNDRED - actual).quantize(KOPECK, ROUND_CEILING)
            return NextTier(tier.from_pct, tier.rate_pct, tier.base, max(needed, KOPECK))
    return None


def scheme_for(schemes: list[Scheme], *, user_id: int, role: str, month: dt.date) -> Scheme | None:
    """The scheme in force for a person in the month starting `month` (personal before role)."""
    month = month.replace(day=1)
    started = [s for s in schemes if s.effective_from <= month]
    own = [s for s in started if s.user_id == user_id]
    candidates = own or [s for s in started if s.user_id is None and s.role == role]
    return max(candidates, key=lambda s: (s.effective_from, s.id), default=None)


def load_schemes(session: Session) -> list[Scheme]:
    """Every active scheme with its tiers (a handful of rows: two small queries)."""
    rows = session.scalars(
        select(CommissionScheme).where(CommissionScheme.active.is_(True))
        .options(selectinload(CommissionScheme.tiers)).order_by(CommissionScheme.effective_from)
    ).all()
    return [
        Scheme(id=s.id, name=s.name, kind=s.kind, role=s.role, user_id=s.user_id,
               effective_from=s.effective_from,
               flat_rate_pct=None if s.flat_rate_pct is None else Decimal(s.flat_rate_pct),
               tiers=tuple(Tier(Decimal(t.from_pct), Decimal(t.rate_pct), t.base) for t in s.tiers),
               version=s.version)
        for s in rows
    ]


def list_schemes(session: Session, viewer) -> pd.DataFrame:
    """Every scheme, for those who set them (a personal scheme is that person's pay terms):
    id, name, kind, role, user_id, person, effective_from, flat_rate_pct, tiers, active, version."""
    columns = ["id", "name", "kind", "role", "user_id", "person", "effective_from", "flat_rate_pct",
               "tiers", "active", "version"]
    if not access.can(viewer, access.Can.SET_COMMISSION):
        return pd.DataFrame(columns=columns)
    rows = session.scalars(select(CommissionScheme).options(selectinload(CommissionScheme.tiers))
                           .order_by(CommissionScheme.effective_from.desc(), CommissionScheme.id.desc())).all()
    names = dict(session.execute(select(User.id, User.full_name)
                                 .where(User.id.in_({s.user_id for s in rows if s.user_id}))).all())
    return text_as_objects(pd.DataFrame([
        {"id": s.id, "name": s.name, "kind": s.kind, "role": s.role, "user_id": s.user_id,
         "person": names.get(s.user_id) if s.user_id is not None else None, "effective_from": s.effective_from,
         "flat_rate_pct": None if s.flat_rate_pct is None else Decimal(s.flat_rate_pct),
         "tiers": [Tier(Decimal(t.from_pct), Decimal(t.rate_pct), t.base) for t in s.tiers],
         "active": s.active, "version": s.version}
        for s in rows], columns=columns))


def scheme_targets(session: Session, viewer) -> pd.DataFrame:
    """Whom a personal scheme can be for: active managers and heads (id, full_name, role)."""
    if not access.can(viewer, access.Can.SET_COMMISSION):
        return pd.DataFrame(columns=["id", "full_name", "role"])
    result = session.execute(select(User.id, User.full_name, User.role)
                             .where(access.client_owners())
                             .order_by(User.full_name))
    return text_as_objects(pd.DataFrame(result.all(), columns=["id", "full_name", "role"]))
