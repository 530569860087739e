"""The class map from kept sums (queries/abc.company_classes, db/rules/abc.classes_from) equals the
ranking in SQL (db/rules/abc.class_map) — ties, returns, inactive clients, lines on the period's
edges, yesterday and today — and `classes_from` follows the rule as the module states it
(a client is A while the clients ranked above it bring less than a % of the total)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from db import access
from db.models import Client, ClientStatus, Shipment
from db.rules.abc import Thresholds, class_map, classes_from, period_ending
from queries.abc import company_classes


def _by_rule(values: dict[int, int], a: Decimal, b: Decimal) -> dict[int, str]:
    """The rule, client by client: what the clients ranked strictly above bring, as a share of all."""
    total = sum(values.values())
    out = {}
    for client, value in values.items():
        above = sum(v for v in values.values() if v > value)
        if value <= 0 or total <= 0:
            out[client] = "C"
        elif Fraction(above * 100, total) < Fraction(a):
            out[client] = "A"
        elif Fraction(above * 100, total) < Fraction(b):
            out[client] = "B"
        else:
            out[client] = "C"
    return out


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.integers(min_value=-50_000, max_value=10**12), max_size=40),
       ties=st.lists(st.sampled_from([0, 100, 12_345, 10**9]), max_size=10),
       limits=st.tuples(st.integers(1, 99), st.integers(0, 99)).map(lambda p: (p[0], p[0] + p[1] % (100 - p[0]) + 1)))
def test_classes_from_follows_the_rule(values, ties, limits):
    revenue = dict(enumerate(values + ties))
    active = [*revenue, 10_000]  # and an active client with nothing
    a, b = Decimal(limits[0]), Decimal(min(limits[1], 100))
    expected = _by_rule({c: revenue.get(c, 0) for c in active}, a, b)
    assert classes_from(revenue, active, Thresholds(a=a, b=b)) == expected


def test_inactive_clients_are_neither_ranked_nor_counted():
    revenue = {1: 100, 2: 100, 3: 10_000}
    assert classes_from(revenue, [1, 2], Thresholds()) == {1: "A", 2: "A"}


def test_kept_sums_and_the_sql_ranking_agree(world, db):
    """Lines on every edge of the period: its first day, the day before it, yesterday, today,
    tomorrow; ties; a return; an inactive client with the biggest sum; kopecks."""
    today = access.today()
    start, end = period_ending(today, 12)
    lines = [("a1", start, "500.10"), ("a1", start - dt.timedelta(days=1), "9999"),
             ("a2", today, "300.05"), ("a2", today - dt.timedelta(days=1), "200.05"),
             ("b1", today - dt.timedelta(days=2), "500.10"),
             ("c1", today + dt.timedelta(days=1), "7000"),  # after today: not in the period
             ("c1", today, "40.01"), ("c1", start, "-20.00"),  # a return
             ("u1", today - dt.timedelta(days=30), "0.01")]
    for key, day, amount in lines:
        db.add(Shipment(client_id=world.clients[key], product_id=world.product_id, shipped_on=day,
                        quantity=Decimal(1), amount=Decimal(amount)))
    inactive = Client(name="Закрытый", owner_id=world.users["mgr_a"], status=ClientStatus.ARCHIVED)
    db.add(inactive)
    db.flush()
    db.add(Shipment(client_id=inactive.id, product_id=world.product_id, shipped_on=today,
                    quantity=Decimal(1), amount=Decimal("1000000")))
    db.flush()
    sql = class_map(db, today=today)
    assert company_classes(db, None, today=today) == sql
    assert inactive.id not in sql
    # And on the first days of a period: yesterday before its start.
    first = start.replace(year=start.year + 1)
    assert company_classes(db, None, today=first) == class_map(db, today=first)
