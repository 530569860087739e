"""ABC/XYZ (db/rules/abc.client_abc_xyz: monthly sums in kopecks, ranked in Python, the same code the
app's kept parts feed) equals an independent recomputation from the raw shipment lines, line by line,
on random lines: returns, ties, kopecks, the period's edges, lines before the period (the first
purchase) and after it, inactive clients. (The app's split of it, kept closed months and the days since
yesterday, equals the whole computation: tests/test_kept_abc_report.py.)"""
from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from db import access
from db.models import Client, ClientStatus, Shipment
from db.rules.abc import MIN_XYZ_MONTHS, Thresholds, XyzLimits, client_abc_xyz, period_ending
from db.rules.periods import month_starts, whole_months_end

KEYS = ("a1", "a2", "b1", "c1", "u1")
KOPECKS = st.one_of(st.integers(-5_000, 5_000), st.integers(1, 10**11), st.sampled_from([100, 12_345]))
LINES = st.lists(st.tuples(st.sampled_from(KEYS), st.integers(-420, 3), KOPECKS), max_size=30)


def _recompute(db, start: dt.date, end: dt.date, limits: Thresholds, xyz: XyzLimits) -> dict[int, dict]:
    """Client by client, from every shipment line: the value in kopecks, the class by the rule, the
    months counted and the CV of the whole months' purchases since the first purchase ever."""
    active = set(db.scalars(select(Client.id).where(Client.status == ClientStatus.ACTIVE)))
    kopecks: dict[int, int] = defaultdict(int)
    monthly: dict[tuple[int, dt.date], int] = defaultdict(int)
    first: dict[int, dt.date] = {}
    whole_end = whole_months_end(end)
    for client, day, amount in db.execute(select(Shipment.client_id, Shipment.shipped_on, Shipment.amount)):
        if client is None:
            continue
        if day < end:
            first[client] = min(first.get(client, day), day)
        if start <= day < end:
            cents = int(Decimal(str(amount)) * 100)
            kopecks[client] += cents
            if day < whole_end:
                monthly[client, day.replace(day=1)] += cents
    total = sum(kopecks[c] for c in active)
    out = {}
    for client in active:
        value = kopecks[client]
        above = sum(kopecks[c] for c in active if kopecks[c] > value)
        if value <= 0 or total <= 0:
            klass = "C"
        else:
            klass = ("A" if Fraction(above * 100, total) < Fraction(limits.a)
                     else "B" if Fraction(above * 100, total) < Fraction(limits.b) else "C")
        months = (month_starts(max(start, first[client].replace(day=1)), whole_end)
                  if client in first and whole_end > start else [])
        cv = None
        if len(months) >= MIN_XYZ_MONTHS:
            values = [monthly[client, m] / 100 for m in months]
            mean = sum(values) / len(values)
            if mean > 0:
                cv = math.sqrt(max(sum(v * v for v in values) / len(values) - mean * mean, 0)) / mean * 100
        out[client] = {"value": value, "abc": klass, "months": len(months), "cv": cv,
                       "before": Fraction(above * 100, total) if total > 0 else Fraction(100)}
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=LINES, archived=st.sampled_from([None, *KEYS]))
def test_the_ranking_and_xyz_equal_a_recomputation_line_by_line(world, db, lines, archived):
    today = access.today()
    start, end = period_ending(today, 12)
    limits, xyz = Thresholds(), XyzLimits()
    savepoint = db.begin_nested()
    try:
        for key, days, cents in lines:
            db.add(Shipment(client_id=world.clients[key], product_id=world.product_id, quantity=Decimal(1),
                            shipped_on=today + dt.timedelta(days=days), amount=Decimal(cents) / 100))
        if archived:
            db.get(Client, world.clients[archived]).status = ClientStatus.ARCHIVED
        db.flush()
        got = client_abc_xyz(db, start=start, end=end, limits=limits, xyz=xyz).set_index("client_id")
        expected = _recompute(db, start, end, limits, xyz)
        assert set(got.index) == set(expected)
        for client, row in expected.items():
            mine = got.loc[client]
            assert round(mine["value"] * 100) == row["value"]
            assert mine["abc"] == row["abc"]
            assert mine["months"] == row["months"]
            assert math.isclose(mine["cumulative_before"], float(row["before"]), rel_tol=1e-9, abs_tol=1e-9)
            if row["cv"] is None:
                assert mine["xyz"] is None
            else:
                assert math.isclose(mine["cv"], row["cv"], rel_tol=1e-6, abs_tol=1e-3)
        values = list(got["value"])
        assert values == sorted(values, reverse=True)  # largest first
    finally:
        savepoint.rollback()


def test_a_client_whose_betters_bring_exactly_a_percent_is_b(world, db):
    """The boundary in whole kopecks: 80 % exactly above a client is not "less than 80 %"."""
    today = access.today()
    start, end = period_ending(today, 12)
    for line in db.scalars(select(Shipment)):
        db.delete(line)
    for key, rubles in (("a1", "80.00"), ("a2", "10.00"), ("b1", "10.00"), ("c1", "0.01")):
        db.add(Shipment(client_id=world.clients[key], product_id=world.product_id, quantity=Decimal(1),
                        shipped_on=today, amount=Decimal(rubles)))
    db.flush()
    got = client_abc_xyz(db, start=start, end=end).set_index("client_id")["abc"]
    assert got[world.clients["a1"]] == "A"
    assert got[world.clients["a2"]] == got[world.clients["b1"]] == "A"  # 80 of 100.01: under 80 %
    db.add(Shipment(client_id=world.clients["c1"], product_id=world.product_id, quantity=Decimal(1),
                    shipped_on=today, amount=Decimal("-0.01")))  # c1 returns its kopeck: 80 of 100 exactly
    db.flush()
    got = client_abc_xyz(db, start=start, end=end).set_index("client_id")["abc"]
    assert got[world.clients["a2"]] == got[world.clients["b1"]] == "B"
    assert got[world.clients["c1"]] == "C"
