"""Leaders' growth like for like (issue 17, item 2): the period against the same dates `months` months
earlier, not against whole months.

Looked at on 4 December 2024, 12 months: the period is 1 January – 4 December 2024, compared with
1 January – 4 December 2023. Shipments of the world's product (group Крепёж):

    a1   31.12.2022      7   before both periods
         01.01.2023    100   previous
         04.12.2023     50   previous (its last day)
         05.12.2023  1 000   after the previous period's dates: in neither
         31.12.2023  1 000   in neither
         01.01.2024    120   the period
         04.12.2024     60   the period (today)
    a2   10.12.2023    300   in neither
         02.01.2024    100   the period

a1: purchases 180, previous 150, growth (180 − 150) / 150 = +20 %.
    (Today's code sets the period against the whole of 2023: previous 2 150, growth −91.6 %.)
a2: purchases 100, nothing in the previous period's dates: growth None (today's code: −66.7 %).
"""
import datetime as dt
from decimal import Decimal

import pytest

from db.models import Product, Shipment
from db.rules.periods import same_dates_before
from queries import segments as sg

TODAY = dt.date(2024, 12, 4)


@pytest.fixture
def history(world, db):
    d = dt.date
    for key, day, amount in [("a1", d(2022, 12, 31), 7), ("a1", d(2023, 1, 1), 100), ("a1", d(2023, 12, 4), 50),
                             ("a1", d(2023, 12, 5), 1000), ("a1", d(2023, 12, 31), 1000),
                             ("a1", d(2024, 1, 1), 120), ("a1", d(2024, 12, 4), 60),
                             ("a2", d(2023, 12, 10), 300), ("a2", d(2024, 1, 2), 100)]:
        db.add(Shipment(client_id=world.clients[key], product_id=world.product_id, shipped_on=day,
                        quantity=Decimal(1), amount=Decimal(amount)))
    db.flush()
    return world


def test_growth_against_the_same_dates_a_year_earlier(history, db):
    group_id = db.get(Product, history.product_id).group_id
    rows = sg.leaders(db, history.viewer("director"), segment=(), group_id=group_id, months=12, rank_by="growth",
                      today=TODAY)
    names = {v: k for k, v in history.clients.items()}
    got = {names[int(r.client_id)]: (r.purchases, r.previous, r.growth) for r in rows.itertuples()}
    assert got["a1"] == (180.0, 150.0, pytest.approx(20.0))
    assert got["a2"][:2] == (100.0, 0.0) and got["a2"][2] != got["a2"][2]  # no previous purchases: no growth
    assert sg.growth_periods(TODAY, 12) == (dt.date(2024, 1, 1), dt.date(2024, 12, 5),
                                            dt.date(2023, 1, 1), dt.date(2023, 12, 5))


@pytest.mark.parametrize(("start", "end", "months", "expected"), [
    # 1 January – 4 December against 1 January – 4 December a year earlier.
    (dt.date(2024, 1, 1), dt.date(2024, 12, 5), 12, (dt.date(2023, 1, 1), dt.date(2023, 12, 5))),
    # 1 October – 4 December against 1 July – 4 September.
    (dt.date(2024, 10, 1), dt.date(2024, 12, 5), 3, (dt.date(2024, 7, 1), dt.date(2024, 9, 5))),
    # Up to 30 May against up to 29 February (2024 is a leap year; February has no 30th).
    (dt.date(2024, 3, 1), dt.date(2024, 5, 31), 3, (dt.date(2023, 12, 1), dt.date(2024, 3, 1))),
    # Whole months against whole months: up to 30 November against up to 31 August.
    (dt.date(2024, 9, 1), dt.date(2024, 12, 1), 3, (dt.date(2024, 6, 1), dt.date(2024, 9, 1))),
])
def test_the_same_dates_before(start, end, months, expected):
    assert same_dates_before(start, end, months) == expected
