"""Monthly sales plans: per manager around what their clients buy, per department the sum."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..models import SalesPlan
from .bulk import Writer
from .context import SEASON, Ctx, month_start

MEAN_SEASON = sum(SEASON.values()) / 12
ROUND_TO = 10_000_00  # plans are set in tens of thousands of roubles (in kopecks)


def load(ctx: Ctx, w: Writer) -> None:
    rng = ctx.rng("plans")
    months = [month_start(ctx.today, k) for k in range(-12, 4)]
    rows: list[dict] = []
    totals: dict[tuple[int, dt.date], int] = {}
    for manager in ctx.managers:
        base = ctx.portfolio_month_kop.get(manager["id"], 0)
        if base == 0:  # no sales history yet: what a colleague of the department sells
            team = [ctx.portfolio_month_kop.get(m["id"], 0) for m in ctx.managers
                    if m["department_id"] == manager["department_id"]]
            base = sum(team) // max(1, len(team))
        hired = month_start(manager["hired_on"])
        for month in months:
            if month < hired:
                continue
            kop = base * SEASON[month.month] / MEAN_SEASON * rng.uniform(0.95, 1.15)
            kop = max(ROUND_TO, round(kop / ROUND_TO) * ROUND_TO)
            rows.append({"id": len(rows) + 1, "user_id": manager["id"], "department_id": None,
                         "month": month, "amount": Decimal(kop) / 100,
                         "created_at": ctx.dt(_plan_set(ctx, month))})
            key = (manager["department_id"], month)
            totals[key] = totals.get(key, 0) + kop
    for (dept, month), kop in sorted(totals.items()):
        rows.append({"id": len(rows) + 1, "user_id": None, "department_id": dept, "month": month,
                     "amount": Decimal(kop) / 100, "created_at": ctx.dt(_plan_set(ctx, month))})
    w.insert(SalesPlan.__table__, rows)


def _plan_set(ctx: Ctx, month: dt.date) -> float:
    """Plans are set in the last week of the month before (or now, for the first ones)."""
    before = dt.datetime.combine(month_start(month, -1), dt.time(9), dt.UTC) + dt.timedelta(days=24)
    return min(before.timestamp(), ctx.horizon_ts - 3600)
