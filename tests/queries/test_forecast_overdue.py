"""Overdue pipeline (issue 17, item 7): an open deal whose expected close date passed more than
`OVERDUE_GRACE_DAYS` (30) days ago is in no month's weighted forecast, but counted apart — now and
in the backtest alike.

Looked at on 15 November 2025 (Moscow); overdue means expected before 16 October 2025.
All deals are Anna's, at Lead (10 %), 2.50 a piece; the world's two undated deals stay undated.

    D1  100 000, made 07-01, expected 08-07  → overdue (100 days):        weighted 10 000, in no month
    D3   10 000, made 10-01, expected 10-15  → overdue (31 days):         weighted  1 000, in no month
    D2   20 000, made 10-01, expected 10-16  → past by 30 days: November  weighted  2 000
    D4    5 000, made 11-15, expected 12-05  → December                   weighted    500

Weighted pipeline: November 2 000 (today's code: 2 000 + 10 000 + 1 000 = 13 000), December 500, January 0.
Overdue pipeline: 2 deals, 110 000, weighted 11 000.

Backtest, on the first of each month (D1 made in July; D2 and D3 on October 1, after midnight):
    September 1: overdue before August 2 — D1 (August 7, 25 days past) still counts: 10 000.
    October 1:   overdue before September 1 — D1 is out: 0 (today's code: 10 000).
    November 1:  overdue before October 2 — D1 out, D2 and D3 in: 3 000 (today's code: 13 000).
"""
import datetime as dt
from decimal import Decimal

import pytest

from queries import backtest, forecast
from tests.deal_fixtures import clock, open_deal  # noqa: F401 - the clock fixture

TODAY = dt.date(2025, 11, 15)


@pytest.fixture
def deals(world, db, clock):
    clock.at("2025-07-01 10:00")
    open_deal(db, world, "mgr_a", "a1", quantity="40000", title="D1", close_in_days=37, clock=clock)
    clock.at("2025-10-01 10:00")
    open_deal(db, world, "mgr_a", "a1", quantity="4000", title="D3", close_in_days=14, clock=clock)
    open_deal(db, world, "mgr_a", "a1", quantity="8000", title="D2", close_in_days=15, clock=clock)
    clock.at("2025-11-15 10:00")
    open_deal(db, world, "mgr_a", "a1", quantity="2000", title="D4", close_in_days=20, clock=clock)
    return world


@pytest.mark.parametrize("login", ["director", "mgr_a", "head_n"])
def test_overdue_deals_are_apart_from_the_months(deals, db, login):
    ahead = forecast.forecast(db, deals.viewer(login), months=3, basis="shipments", today=TODAY)
    assert list(ahead["weighted"]) == [2000.0, 500.0, 0.0]
    overdue = ahead.attrs["overdue"]
    assert (overdue["count"], overdue["amount"], overdue["weighted"]) == (2, 110000.0, 11000.0)
    assert forecast.overdue_since(TODAY) == dt.date(2025, 10, 16)


def test_nobody_elses_overdue_deals(deals, db):
    ahead = forecast.forecast(db, deals.viewer("mgr_b"), months=3, basis="shipments", today=TODAY)
    assert list(ahead["weighted"]) == [0.0, 0.0, 0.0]
    assert (ahead.attrs["overdue"]["count"], ahead.attrs["overdue"]["amount"]) == (0, 0.0)


def test_the_backtest_leaves_overdue_deals_out_the_same_way(deals, db):
    director = deals.viewer("director")
    said = {m: backtest.weighted_at(db, director, month=m) for m in
            (dt.date(2025, 9, 1), dt.date(2025, 10, 1), dt.date(2025, 11, 1))}
    assert said == {dt.date(2025, 9, 1): Decimal("10000.00"), dt.date(2025, 10, 1): Decimal("0.00"),
                    dt.date(2025, 11, 1): Decimal("3000.00")}
