"""Monthly sales plans that fit each manager's history; per department the sum.

A head sets next month's plan at the end of this one (`_plan_set`) from two things:

- the manager's routine shipments (reorders, not deals) over the last LOOKBACK whole months,
  seasonally adjusted (SEASON) — or over the last RECENT months if those were better (a new
  big client) — times a modest growth target, put back into the month's season;
- the order book: deliveries of deals already won that fall in the month, plus the share of
  deal deliveries that usually comes from deals won later, at the manager's recent rate.

So a year's plans add up to about what the manager ships (80–120 %), and a month's % grows
with its days. Until a manager has MIN_HISTORY whole months of their own, the plan is what
their clients buy (or, with none yet, a colleague's average).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..models import SalesPlan
from .bulk import Writer
from .context import SEASON, Ctx, month_start
from .shipments import ship_day

MEAN_SEASON = sum(SEASON.values()) / 12
ROUND_TO = 10_000_00  # plans are set in tens of thousands of roubles (in kopecks)
LOOKBACK = 6  # whole months of history a plan is set from
MIN_HISTORY = 3
RECENT = 3  # the last quarter, when it is better than the half-year
GROWTH = (1.0, 1.08)  # the target over the recent level
HAGGLE = (0.95, 1.05)


def load(ctx: Ctx, w: Writer) -> None:
    rng = ctx.rng("plans")
    current = month_start(ctx.today)
    months = [month_start(ctx.today, k) for k in range(-12, 4)]
    deals, booked = _deal_deliveries(ctx)
    past = [k for k in deals if k[1] < current]
    later = 1 - sum(booked.get(k, 0) for k in past) / max(1, sum(deals[k] for k in past))
    rows: list[dict] = []
    totals: dict[tuple[int, dt.date], int] = {}
    for manager in ctx.managers:
        uid = manager["id"]
        portfolio = ctx.portfolio_month_kop.get(uid, 0)
        if portfolio == 0:  # no sales history yet: what a colleague of the department sells
            team = [ctx.portfolio_month_kop.get(m["id"], 0) for m in ctx.managers
                    if m["department_id"] == manager["department_id"]]
            portfolio = sum(team) // max(1, len(team))
        hired = month_start(manager["hired_on"])
        for month in months:
            if month < hired:
                continue
            known = _known(ctx, month, hired, current)
            season = SEASON[month.month] / MEAN_SEASON
            if len(known) < MIN_HISTORY:
                kop = portfolio * season * rng.uniform(*HAGGLE)
            else:
                adjusted = [(ctx.month_kop.get((uid, m), 0) - deals.get((uid, m), 0)) / SEASON[m.month] * MEAN_SEASON
                            for m in known]  # the latest first
                # a manager whose last quarter was better than the half-year is planned at it
                routine = max(sum(adjusted) / len(adjusted), sum(adjusted[:RECENT]) / RECENT)
                deal_rate = sum(deals.get((uid, m), 0) for m in known) / len(known)
                kop = (routine * rng.uniform(*GROWTH) * rng.uniform(*HAGGLE) * season
                       + booked.get((uid, month), 0) + later * deal_rate * rng.uniform(*HAGGLE))
            kop = max(ROUND_TO, round(kop / ROUND_TO) * ROUND_TO)
            rows.append({"id": len(rows) + 1, "user_id": uid, "department_id": None,
                         "month": month, "amount": Decimal(kop) / 100,
                         "created_at": ctx.dt(_plan_set(ctx, month))})
            key = (manager["department_id"], month)
            totals[key] = totals.get(key, 0) + kop
    for (dept, month), kop in sorted(totals.items()):
        rows.append({"id": len(rows) + 1, "user_id": None, "department_id": dept, "month": month,
                     "amount": Decimal(kop) / 100, "created_at": ctx.dt(_plan_set(ctx, month))})
    w.insert(SalesPlan.__table__, rows)


def _deal_deliveries(ctx: Ctx) -> tuple[dict[tuple[int, dt.date], int], dict[tuple[int, dt.date], int]]:
    """Won deals' deliveries per (manager, month), and the part of them from deals won
    before that month's plan was set (the order book the head saw)."""
    deals: dict[tuple[int, dt.date], int] = {}
    booked: dict[tuple[int, dt.date], int] = {}
    for lines in ctx.deal_shipments.values():
        for t, _product, _quantity, amount, deal_id, owner in lines:
            month = ship_day(ctx, t).replace(day=1)
            key = (owner, month)
            deals[key] = deals.get(key, 0) + amount
            if ctx.won_at[deal_id] < _plan_set(ctx, month):
                booked[key] = booked.get(key, 0) + amount
    return deals, booked


def _known(ctx: Ctx, month: dt.date, hired: dt.date, current: dt.date) -> list[dt.date]:
    """The LOOKBACK whole months before `month` a plan can be set from: none later than the
    last whole month, before the hire or before the history's first whole month."""
    last = min(month, current)
    return [m for m in (month_start(last, -k) for k in range(1, LOOKBACK + 1))
            if m >= hired and m >= month_start(ctx.window_start, 1)]


def _plan_set(ctx: Ctx, month: dt.date) -> float:
    """Plans are set in the last week of the month before (or now, for the first ones)."""
    before = dt.datetime.combine(month_start(month, -1), dt.time(9), dt.UTC) + dt.timedelta(days=24)
    return min(before.timestamp(), ctx.horizon_ts - 3600)
