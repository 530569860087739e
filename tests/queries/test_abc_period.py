"""ABC's period (issue 17, item 5): `months` calendar months ending with the chosen month, the
current one to date — for 12 on 4 December 2024, 1 January – 4 December 2024 (11 whole months and
December to date), as the docstring of period_ending now says and the page shows.

    a1  31.12.2023  1 000   the day before the period: not counted (12 whole months + December would count it)
        01.01.2024    300   the period's first day
        04.12.2024    200   today
    a2  15.06.2024    400
a1 500, a2 400: total 900; a1 A (nothing above it), a2 A (500 / 900 = 55.6 % above it, below 80 %).
Ending with November 2024 instead: 1 December 2023 – 30 November 2024, 12 whole months: a1 1 300, a2 400
(1 300 / 1 700 = 76.5 % above it: still A).
"""
import datetime as dt
from decimal import Decimal

import pytest

from db.models import Shipment
from db.rules.abc import period_ending
from queries import abc_report as r

TODAY = dt.date(2024, 12, 4)


@pytest.fixture
def sales(world, db):
    d = dt.date
    for key, day, amount in [("a1", d(2023, 12, 31), 1000), ("a1", d(2024, 1, 1), 300), ("a1", d(2024, 12, 4), 200),
                             ("a2", d(2024, 6, 15), 400)]:
        db.add(Shipment(client_id=world.clients[key], product_id=world.product_id, shipped_on=day,
                        quantity=Decimal(1), amount=Decimal(amount)))
    db.flush()
    return world


def values(world, report) -> dict:
    names = {v: k for k, v in world.clients.items()}
    return {names[int(row.client_id)]: (row.value, row.abc) for row in report.clients.itertuples() if row.value}


def test_twelve_calendar_months_the_last_to_date(sales, db):
    report = r.abc_report(db, sales.viewer("director"), months=12, today=TODAY)
    assert (report.start, report.end) == (dt.date(2024, 1, 1), dt.date(2024, 12, 5))
    assert values(sales, report) == {"a1": (500.0, "A"), "a2": (400.0, "A")}


def test_a_past_month_ends_twelve_whole_months(sales, db):
    report = r.abc_report(db, sales.viewer("director"), months=12, end_month=dt.date(2024, 11, 1), today=TODAY)
    assert (report.start, report.end) == (dt.date(2023, 12, 1), dt.date(2024, 12, 1))
    assert values(sales, report) == {"a1": (1300.0, "A"), "a2": (400.0, "A")}  # 1 300 / 1 700 = 76.5 % above


def test_period_ending_says_what_its_docstring_says():
    assert period_ending(dt.date(2026, 12, 4), 12) == (dt.date(2026, 1, 1), dt.date(2026, 12, 5))
    assert period_ending(dt.date(2026, 11, 30), 12) == (dt.date(2025, 12, 1), dt.date(2026, 12, 1))
