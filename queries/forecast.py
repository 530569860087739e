"""Forecasts for the coming months, the plan beside them, and how well each method did before.

Two methods:
- weighted pipeline: open deals × their probability, by the month they are
  expected to close; it forecasts won deals. A date past by up to
  `OVERDUE_GRACE_DAYS` counts in the current month; a deal whose date passed
  longer ago is "overdue pipeline" — counted apart (how many, their amount and
  its weighted part), in no month, since nobody has said when it will close
  (the backtest leaves such deals out in the same way);
- run rate: the average of the last three complete months, shaped by last
  year's seasonality (the same month a year ago against the same three months
  a year ago, the factor kept within 0.5–2, and only once a full year of data
  lies behind them); of won deals or of shipments, the "basis".

The backtest of both (what each would have said on the first day of each past
month, from what existed then) is in queries/backtest.py. Whose figures: deal
owners and shipment managers among the viewer's people
(`access.people_condition`), narrowed by manager or department.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement, True_

from db import access, config
from db.access import Viewer
from db.models import (
    Deal,
    DealStageChange,
    DealState,
    Department,
    PipelineStage,
    SalesPlan,
    Shipment,
    User,
)

from db.rules.periods import as_date

from . import kept

ZERO = Decimal("0")
OVERDUE_GRACE_DAYS = 30  # an expected close date past by more than this: overdue pipeline, in no month
BASES = ("shipments", "won")
SEASON_CLAMP = (Decimal("0.5"), Decimal("2"))


def month_start(day: dt.date, shift: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 + shift
    return dt.date(index // 12, index % 12 + 1, 1)


def instant(day: dt.date) -> dt.datetime:
    """Midnight starting `day` in the company's time zone, as UTC."""
    return dt.datetime.combine(day, dt.time(), config.timezone()).astimezone(dt.UTC)


def people_filter(session: Session, viewer: Viewer, column, owner_id: int | None,
                  department_id: int | None) -> list:
    """Conditions on a person column (deal owner, shipment manager): the viewer's people, then the filters."""
    conditions = [access.people_condition(session, viewer, column)]
    if owner_id:
        conditions.append(column == owner_id)
    if department_id:
        conditions.append(column.in_(select(User.id).where(User.department_id == department_id)))
    return conditions


def as_money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def series(session: Session, viewer: Viewer, *, basis: str, first: dt.date, last: dt.date,
           owner_id: int | None = None, department_id: int | None = None) -> dict[dt.date, Decimal]:
    """The basis per month, for the months from `first` to `last` (first days, inclusive)."""
    months = [first]
    while months[-1] < last:
        months.append(month_start(months[-1], 1))
    if basis == "shipments":
        return _shipments(session, viewer, months, owner_id, department_id)
    return _won(session, viewer, months, owner_id, department_id)


def _shipments(session, viewer, months, owner_id, department_id) -> dict[dt.date, Decimal]:
    people = people_filter(session, viewer, Shipment.manager_id, owner_id, department_id)
    got: dict[str, Decimal] = {}
    end = month_start(months[-1], 1)
    closed_end = _closed_end()
    closed_first = month_start(closed_end, -KEPT_MONTHS)
    if kept.kept_now() and months[0] < closed_end and end > closed_first:
        # The closed months from the part kept for every viewer, the rest read here.
        whose = whose_ids(session, viewer, owner_id, department_id)
        for (manager, month), amount in kept.part(session, manager_months, first=closed_first,
                                                  end=closed_end).items():
            if whose is None or manager in whose:
                got[month] = got.get(month, ZERO) + amount
        ranges = [(months[0], min(end, closed_first)), (max(months[0], closed_end), end)]
    else:
        ranges = [(months[0], end)]
    month = _month_of(session, Shipment.shipped_on)
    for first, upto in ranges:
        if first >= upto:
            continue
        for m, v in session.execute(select(month.label("m"), func.sum(Shipment.amount))
                                    .where(Shipment.shipped_on >= first, Shipment.shipped_on < upto, *people)
                                    .group_by(month)):
            got[m] = got.get(m, ZERO) + as_money(v)
    return {m: got.get(m.strftime("%Y-%m"), ZERO) for m in months}


# --- shipments of the closed months, kept for every viewer (issue 19) ------------------------------
#
# A line dated before a writer's today bumps "shipments_closed" (db/generation.py); a feed of the
# day's lines does not. So what was shipped before yesterday, per manager and month, is kept by the
# app (queries/kept.py) across such imports and every viewer sums their people's part of it. Months
# count as closed once their last day is before the reader's yesterday (a day's margin for a write
# begun before midnight and committed after it).
KEPT_MONTHS = 30  # closed months kept: the backtest reads 27


def _closed_end() -> dt.date:
    """The first day of the month after the last closed one."""
    return month_start(access.today() - dt.timedelta(days=1))


def whose_ids(session: Session, viewer: Viewer, owner_id: int | None, department_id: int | None) -> set[int] | None:
    """The people `people_filter` lets through, as ids; None: everyone (lines of no manager too)."""
    people = people_filter(session, viewer, User.id, owner_id, department_id)
    if all(isinstance(c, True_) for c in people):
        return None
    return set(session.scalars(select(User.id).where(*people)))


def manager_months(session: Session, viewer: Viewer | None, *, first: dt.date,
                   end: dt.date) -> dict[tuple[int | None, str], Decimal]:
    """Shipped amount per (manager, "YYYY-MM") over [first, end): the company's, every viewer's."""
    month = _month_of(session, Shipment.shipped_on)
    rows = session.execute(select(Shipment.manager_id, month, func.sum(Shipment.amount))
                           .where(Shipment.shipped_on >= first, Shipment.shipped_on < end)
                           .group_by(Shipment.manager_id, month))
    return {(manager, str(m)): as_money(v) for manager, m, v in rows if m is not None}


def first_shipments(session: Session, viewer: Viewer | None, *, end: dt.date) -> dict[int | None, dt.date]:
    """Each manager's first line dated before `end` (the company's, every viewer's)."""
    rows = session.execute(select(Shipment.manager_id, func.min(Shipment.shipped_on))
                           .where(Shipment.shipped_on < end).group_by(Shipment.manager_id))
    return {manager: day for manager, value in rows if (day := as_date(value)) is not None}


def _won(session, viewer, months, owner_id, department_id) -> dict[dt.date, Decimal]:
    """Deals moved into a won stage in each month (the history is written when it happens)."""
    bounds = [instant(m) for m in [*months, month_start(months[-1], 1)]]
    index = case(*[(DealStageChange.changed_at < b, i) for i, b in enumerate(bounds[1:])], else_=None)
    people = [c for c in people_filter(session, viewer, Deal.owner_id, owner_id, department_id)
              if not isinstance(c, True_)]
    # Some people's: start from their deals; everyone's: from the index range of the moves.
    theirs = [DealStageChange.deal_id.in_(select(Deal.id).where(*people))] if people else []
    won = (select(index.label("i"), DealStageChange.deal_id)
           .join(PipelineStage, DealStageChange.to_stage_id == PipelineStage.id)
           .where(PipelineStage.is_won.is_(True), DealStageChange.changed_at >= bounds[0],
                  DealStageChange.changed_at < bounds[-1], *theirs)
           .distinct().subquery())
    rows = session.execute(
        select(won.c.i, func.sum(Deal.amount)).join(Deal, Deal.id == won.c.deal_id).group_by(won.c.i)).all()
    got = {int(i): as_money(v) for i, v in rows}
    return {m: got.get(i, ZERO) for i, m in enumerate(months)}


def run_rate(values: dict[dt.date, Decimal], *, start: dt.date, month: dt.date,
             since: dt.date | None = None) -> Decimal | None:
    """What the run rate says on `start` (a first day) for `month`, from the months before `start` only.

    `since`: the first month with any data (else the first in `values` with some); it is usually partial,
    so seasonality needs its comparison months after it.
    """
    before = {m: v for m, v in values.items() if m < start}  # never what was not known yet
    recent = [month_start(start, -k) for k in (1, 2, 3)]
    if any(m not in before for m in recent):
        return None
    rate = sum((before[m] for m in recent), ZERO) / 3
    with_data = [m for m, v in sorted(before.items()) if v > 0]
    first = since if since is not None else (with_data[0] if with_data else None)
    if first is None or first >= start:
        return rate.quantize(Decimal("0.01"))
    first_full = month_start(first, 1)
    year_ago = [month_start(start, -k) for k in (13, 14, 15)]
    same_month = month_start(month, -12)
    if min(*year_ago, same_month) < first_full or same_month >= start:
        return rate.quantize(Decimal("0.01"))
    base = sum((before.get(m, ZERO) for m in year_ago), ZERO) / 3
    if base <= 0:
        return rate.quantize(Decimal("0.01"))
    factor = min(max(before.get(same_month, ZERO) / base, SEASON_CLAMP[0]), SEASON_CLAMP[1])
    return (rate * factor).quantize(Decimal("0.01"))


def first_month(session: Session, viewer: Viewer, *, basis: str, owner_id: int | None = None,
                department_id: int | None = None) -> dt.date | None:
    """The first month with any data of the basis for the people in view (one index lookup)."""
    if basis == "shipments":
        people = people_filter(session, viewer, Shipment.manager_id, owner_id, department_id)
        if kept.kept_now():
            # The lines before yesterday from the part kept for every viewer, the days since read here.
            closed = access.today() - dt.timedelta(days=1)
            whose = whose_ids(session, viewer, owner_id, department_id)
            firsts = [d for manager, d in kept.part(session, first_shipments, end=closed).items()
                      if whose is None or manager in whose]
            since = session.scalar(select(func.min(Shipment.shipped_on)).where(Shipment.shipped_on >= closed, *people))
            days = [*firsts, *([as_date(since)] if since is not None else [])]
            day = min(days) if days else None
        else:
            day = session.scalar(select(func.min(Shipment.shipped_on)).where(*people))
    else:
        moment = session.scalar(
            select(func.min(DealStageChange.changed_at))
            .join(PipelineStage, DealStageChange.to_stage_id == PipelineStage.id)
            .join(Deal, Deal.id == DealStageChange.deal_id)
            .where(PipelineStage.is_won.is_(True),
                   *people_filter(session, viewer, Deal.owner_id, owner_id, department_id)))
        if isinstance(moment, str):  # SQLite returns MIN() of a timestamp as text
            moment = dt.datetime.fromisoformat(moment).replace(tzinfo=dt.UTC)
        day = moment.astimezone(config.timezone()).date() if moment else None
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return month_start(day) if day else None


def _month_of(session: Session, column) -> ColumnElement[str | None]:
    """'YYYY-MM' of a date column (None where it is empty)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.substr(column, 1, 7)


def overdue_since(day: dt.date) -> dt.date:
    """An open deal expected to close before this date is overdue pipeline on `day` (or on the first of a month)."""
    return day - dt.timedelta(days=OVERDUE_GRACE_DAYS)


def weighted_pipeline(session: Session, viewer: Viewer, *, months: list[dt.date], today: dt.date,
                      owner_id: int | None = None, department_id: int | None = None) -> tuple[dict, Decimal]:
    """Open deals now: amount × probability per expected close month (dates past by up to the grace
    period in the first), and the undated. Overdue pipeline is in neither (`overdue_pipeline`)."""
    month = _month_of(session, Deal.expected_close_on)
    rows = session.execute(
        select(month.label("m"), func.sum(Deal.amount * Deal.probability / 100))
        .where(Deal.state == DealState.OPEN, *people_filter(session, viewer, Deal.owner_id, owner_id, department_id),
               or_(Deal.expected_close_on.is_(None), Deal.expected_close_on >= overdue_since(today)))
        .group_by(month)).all()
    out = {m: ZERO for m in months}
    undated = ZERO
    first = months[0].strftime("%Y-%m")
    for m, value in rows:
        if m is None:
            undated += as_money(value)
            continue
        key = max(m, first)
        target = next((x for x in months if x.strftime("%Y-%m") == key), None)
        if target is not None:
            out[target] += as_money(value)
    return out, undated


def overdue_pipeline(session: Session, viewer: Viewer, *, today: dt.date, owner_id: int | None = None,
                     department_id: int | None = None) -> dict[str, int | Decimal]:
    """Open deals whose expected close date passed more than the grace period ago: `count`, `amount`
    and `weighted` (amount × probability)."""
    count, amount, weighted = session.execute(
        select(func.count(Deal.id), func.sum(Deal.amount), func.sum(Deal.amount * Deal.probability / 100))
        .where(Deal.state == DealState.OPEN, Deal.expected_close_on < overdue_since(today),
               *people_filter(session, viewer, Deal.owner_id, owner_id, department_id))).one()
    return {"count": int(count or 0), "amount": as_money(amount), "weighted": as_money(weighted)}


def plan(session: Session, viewer: Viewer, *, months: list[dt.date], owner_id: int | None = None,
         department_id: int | None = None) -> dict[dt.date, Decimal | None]:
    """The plan of the people in view per month: their departments' plans, else the sum of personal plans."""
    if owner_id or not access.leads_anyone(viewer):
        person = owner_id or viewer.user_id
        rows = session.execute(select(SalesPlan.month, SalesPlan.amount).where(
            SalesPlan.user_id == person, SalesPlan.month.in_(months),
            access.people_condition(session, viewer, SalesPlan.user_id))).all()
        got = {m: as_money(a) for m, a in rows}
        return {m: got.get(m) for m in months}
    departments = select(Department.id)
    if department_id:
        departments = departments.where(Department.id == department_id)
    departments = departments.where(access.department_condition(viewer))
    by_department = dict(session.execute(
        select(SalesPlan.month, func.sum(SalesPlan.amount))
        .where(SalesPlan.department_id.in_(departments), SalesPlan.month.in_(months))
        .group_by(SalesPlan.month)).all())
    personal = dict(session.execute(
        select(SalesPlan.month, func.sum(SalesPlan.amount))
        .where(SalesPlan.user_id.is_not(None), SalesPlan.month.in_(months),
               *people_filter(session, viewer, SalesPlan.user_id, None, department_id))
        .group_by(SalesPlan.month)).all())
    out = {}
    for m in months:
        value = by_department.get(m) if by_department.get(m) is not None else personal.get(m)
        out[m] = None if value is None else as_money(value)
    return out


def forecast(session: Session, viewer: Viewer, *, months: int = 3, basis: str = "shipments",
             owner_id: int | None = None, department_id: int | None = None,
             today: dt.date | None = None) -> pd.DataFrame:
    """The coming `months` months (this one first): weighted pipeline, run rate, plan, and this month so far.

    `attrs["undated"]`: the weighted amount of open deals with no expected close date;
    `attrs["overdue"]`: the overdue pipeline (`overdue_pipeline`, as floats): expected before
    `overdue_since(today)`, in no month either.
    """
    today = today or access.today()
    months = max(3, min(6, int(months)))
    current = month_start(today)
    ahead = [month_start(current, k) for k in range(months)]
    who = {"owner_id": owner_id, "department_id": department_id}
    history = series(session, viewer, basis=basis, first=month_start(current, -15), last=current, **who)
    since = first_month(session, viewer, basis=basis, **who)
    weighted, undated = weighted_pipeline(session, viewer, months=ahead, today=today, **who)
    plans = plan(session, viewer, months=ahead, **who)
    df = pd.DataFrame({
        "month": ahead,
        "weighted": [float(weighted[m]) for m in ahead],
        "run_rate": [as_float(run_rate(history, start=current, month=m, since=since)) for m in ahead],
        "plan": [as_float(plans[m]) for m in ahead],
        "so_far": [float(history[current])] + [None] * (len(ahead) - 1),
    })
    df.attrs["undated"] = float(undated)
    overdue = overdue_pipeline(session, viewer, today=today, **who)
    df.attrs["overdue"] = {"count": overdue["count"], "amount": float(overdue["amount"]),
                           "weighted": float(overdue["weighted"])}
    return df


def as_float(value) -> float | None:
    return None if value is None else float(value)
