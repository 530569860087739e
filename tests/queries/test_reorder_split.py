"""Reorders due counted from the pairs of two disjoint date ranges (db/rules/regulations.reorder_pairs +
reorder_counts_from, what the team's routine does with the closed days kept) equal `reorder_due`'s own
SQL ranking, whatever the day the window is cut at: regular buyers of two product groups (gaps on the
rule's edge), stray lines, several a day, lines outside the window, archived and unassigned clients."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from db import access
from db.models import Client, ClientStatus, Shipment
from db.routine_config import ReminderRules
from db.rules.regulations import reorder_counts_from, reorder_due, reorder_pairs
from tests.world import add_product

KEYS = ("a1", "a2", "b1", "c1", "u1")


# Regular buyers (a series of orders: days since the last, the gap, how many), on a grid of five
# days with grace in steps of 25 %, so that a gap exactly on the rule's edge is common; and stray
# lines anywhere, some outside the window.
SERIES = st.tuples(st.sampled_from(KEYS), st.booleans(), st.integers(0, 24).map(lambda d: d * 5),
                   st.integers(1, 12).map(lambda g: g * 5), st.integers(1, 6))
STRAY = st.tuples(st.sampled_from(KEYS), st.integers(-400, 1), st.booleans())
RULES = st.builds(ReminderRules, reorder_min_orders=st.integers(1, 4), reorder_grace_pct=st.sampled_from([0, 25, 50]))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(series=st.lists(SERIES, max_size=6), stray=st.lists(STRAY, max_size=15),
       cut_back=st.integers(0, 370), archived=st.sampled_from([None, *KEYS]),
       rules=RULES)
def test_the_split_counts_equal_the_sql_ranking(world, db, series, stray, cut_back, archived, rules):
    today = access.today()
    savepoint = db.begin_nested()
    try:
        tool = add_product(db, group="Инструмент", sku="TL-1", name="Дрель")
        lines = [(key, -(last + gap * k), second) for key, second, last, gap, n in series for k in range(n)]
        for key, days, second in lines + stray:
            db.add(Shipment(client_id=world.clients[key], product_id=tool.id if second else world.product_id,
                            shipped_on=today + dt.timedelta(days=days), quantity=Decimal(1), amount=Decimal(10)))
        if archived:
            db.get(Client, world.clients[archived]).status = ClientStatus.ARCHIVED
        db.flush()
        expected = reorder_due(db, owner_ids=None, today=today, rules=rules)["owner_id"].astype(int).value_counts()
        since = today - dt.timedelta(days=rules.reorder_lookback_days)
        cut = max(since, today - dt.timedelta(days=cut_back))
        owner_of = {int(c): int(o) for c, o in db.execute(select(Client.id, Client.owner_id).where(
            Client.status == ClientStatus.ACTIVE, Client.owner_id.is_not(None)))}
        got = reorder_counts_from([reorder_pairs(db, start=since, end=cut),
                                   reorder_pairs(db, start=cut, end=today + dt.timedelta(days=1))],
                                  owner_of, today=today, rules=rules)
        assert got == {int(o): int(n) for o, n in expected.items()}
    finally:
        savepoint.rollback()


def test_a_gap_exactly_on_the_edge_is_due(world, db):
    """Orders 30, 20 and 10 days ago: a mean gap of 10 days; with no grace, 10 days since the last
    is due (≥), not 9."""
    today = access.today()
    for days in (30, 20, 10):
        db.add(Shipment(client_id=world.clients["b1"], product_id=world.product_id, quantity=Decimal(1),
                        shipped_on=today - dt.timedelta(days=days), amount=Decimal(10)))
    db.flush()
    rules = ReminderRules(reorder_min_orders=3, reorder_grace_pct=0)
    owner_of = {world.clients["b1"]: world.users["mgr_b"]}  # b1 has no other lines in the world
    whole = reorder_pairs(db, start=today - dt.timedelta(days=365), end=today + dt.timedelta(days=1))
    assert reorder_counts_from([whole], owner_of, today=today, rules=rules) == {world.users["mgr_b"]: 1}
    assert reorder_counts_from([whole], owner_of, today=today - dt.timedelta(days=1), rules=rules) == {}
