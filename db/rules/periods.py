"""Months and periods for the analyses: the same arithmetic in every query and page.

A period is half-open, [start, end): `end` is the first day not counted.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, func
from sqlalchemy.orm import Session


def shift_month(day: dt.date, months: int) -> dt.date:
    """The first day of `day`'s month moved by `months` (negative: back)."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    """First days of the months that [start, end) touches."""
    months, month = [], start.replace(day=1)
    while month < end:
        months.append(month)
        month = shift_month(month, 1)
    return months


def whole_months_end(end: dt.date) -> dt.date:
    """Where the whole months of a period ending at `end` (exclusive) stop: a month
    still running (today's) is left out of figures that compare months."""
    return end if end.day == 1 else end.replace(day=1)


def ending_with(today: dt.date, months: int, end_month: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """[start, end): `months` calendar months ending with `end_month`'s month — any month the
    data covers. A past month ends the period whole; this month (the default, and any later
    one) runs to `today` inclusive. For 4 December 2026 and 12: 1 January – 4 December 2026;
    ending with December 2022: 1 January – 31 December 2022."""
    last_day = today
    if end_month is not None and end_month.replace(day=1) < today.replace(day=1):
        last_day = shift_month(end_month, 1) - dt.timedelta(days=1)
    return shift_month(last_day, 1 - months), last_day + dt.timedelta(days=1)


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period of as many months just before `start` (`start` is a month's first day)."""
    months = len(month_starts(start, end))
    return shift_month(start, -months), start


def same_dates_before(start: dt.date, end: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """[start, end) moved back by `months` months, date for date, to compare like with like:
    1 January – 4 December against 1 January – 4 December a year earlier, not the whole year.
    A day the earlier month lacks becomes its last day (31 May → 28 February); a period that
    ends with a whole month compares with whole months."""
    def back(day: dt.date) -> dt.date:
        first = shift_month(day, -months)
        last = shift_month(first, 1) - dt.timedelta(days=1)
        return first.replace(day=min(day.day, last.day))

    if end.day == 1:
        return back(start), shift_month(end, -months)
    return back(start), back(end - dt.timedelta(days=1)) + dt.timedelta(days=1)


def month_of(session: Session, column):
    """SQL: the first day of the month of a date column, in the database's dialect."""
    if session.get_bind().dialect.name == "postgresql":
        return func.cast(func.date_trunc("month", column), Date)
    return func.date(column, "start of month")


def month_number(session: Session, column):
    """SQL: year × 12 + month − 1 of a date column, an integer (grouped and compared as it comes)."""
    if session.get_bind().dialect.name == "postgresql":
        return (func.cast(func.extract("year", column), Integer) * 12
                + func.cast(func.extract("month", column), Integer) - 1)
    return (func.cast(func.strftime("%Y", column), Integer) * 12
            + func.cast(func.strftime("%m", column), Integer) - 1)


def as_date(value) -> dt.date | None:
    """A date from the database (SQLite gives text for computed dates)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
