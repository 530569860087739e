"""What counts against a plan, and how fast it comes: the plan basis, monthly actuals, the pace.

The basis is the company setting "plan_basis": "shipments" (default) — what
left the warehouse, credited to `Shipment.manager_id` on its `shipped_on`
date; or "won_deals" — deals won, credited to their owner on the day they
closed (in the company's time zone).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from db import config
from db.models import Deal, DealState, Setting, Shipment

BASES = ("shipments", "won_deals")
DEFAULT_BASIS = "shipments"
BASIS_KEY = "plan_basis"
KOPECK = Decimal("0.01")


def plan_basis(session: Session) -> str:
    value = session.scalar(select(Setting.value).where(Setting.key == BASIS_KEY))
    return value if value in BASES else DEFAULT_BASIS


def month_start(day: dt.date, shift: int = 0) -> dt.date:
    """The first day of `day`'s month, moved by `shift` months."""
    index = day.year * 12 + day.month - 1 + shift
    return dt.date(index // 12, index % 12 + 1, 1)


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def money(value) -> Decimal:
    """A sum from the database as kopecks-exact Decimal (SQLite returns floats)."""
    if value is None:
        return Decimal("0.00")
    return Decimal(str(value)).quantize(KOPECK)


def _instant(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in the company's time zone, as an aware UTC moment."""
    return dt.datetime.combine(day, dt.time(0), config.timezone()).astimezone(dt.UTC)


def _source(basis: str):
    """(person column, date column, amount column, extra condition, bound maker) of a basis."""
    if basis == "won_deals":
        return Deal.owner_id, Deal.closed_at, Deal.amount, Deal.state == DealState.WON, _instant
    return Shipment.manager_id, Shipment.shipped_on, Shipment.amount, None, lambda d: d


def actual_sums(session: Session, *, basis: str, months: list[dt.date],
                person_filter: Callable[[ColumnElement], ColumnElement[bool]] | None = None,
                ) -> dict[tuple[int, dt.date], Decimal]:
    """{(person id, month): actual} for consecutive `months` (first days), in one GROUP BY query.

    `person_filter(column)` returns the WHERE condition on the person column
    (the access rule); months without sales are absent from the result.
    """
    if not months:
        return {}
    person, day, amount, extra, bound = _source(basis)
    edges = [*months, month_start(months[-1], 1)]
    sums = [
        func.sum(case((and_(day >= bound(lo), day < bound(hi)), amount), else_=0)).label(f"m{i}")
        for i, (lo, hi) in enumerate(zip(edges, edges[1:], strict=False))
    ]
    conditions = [day >= bound(edges[0]), day < bound(edges[-1]), person.is_not(None)]
    if extra is not None:
        conditions.append(extra)
    if person_filter is not None:
        conditions.append(person_filter(person))
    stmt = select(person.label("uid"), *sums).where(*conditions).group_by(person)
    result = {}
    for row in session.execute(stmt):
        for i, month in enumerate(months):
            value = row[i + 1]
            if value:
                result[(row[0], month)] = money(value)
    return result


def pace(*, actual: Decimal, month: dt.date, today: dt.date, hired_on: dt.date | None) -> Decimal | None:
    """The projected month end at the current run-rate, in calendar days.

    Counted from the later of the month's first day and the hire date: a
    newcomer's first days are not diluted by days before they worked. A past
    month's pace is its actual; a month not begun (for this person) has none.
    """
    end = month_start(month, 1)
    if today >= end:
        return actual
    start = max(month, hired_on) if hired_on else month
    if today < start or start >= end:
        return None
    elapsed = (today - start).days + 1  # today counts: its sales may already be in
    working = (end - start).days
    return (Decimal(actual) * working / elapsed).quantize(KOPECK)


def actual_subquery(basis: str, month: dt.date):
    """A subquery (uid, actual) of everyone's actual in the month starting `month`, for joins."""
    person, day, amount, extra, bound = _source(basis)
    conditions = [day >= bound(month), day < bound(month_start(month, 1)), person.is_not(None)]
    if extra is not None:
        conditions.append(extra)
    return (select(person.label("uid"), func.sum(amount).label("actual"))
            .where(*conditions).group_by(person).subquery())
