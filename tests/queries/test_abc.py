"""ABC classes, worked out by hand: shares, ties, thresholds, clients with nothing."""
import datetime as dt
from decimal import Decimal

import pytest

from db.models import Client, Setting, Shipment
from db.rules.abc import Thresholds, client_classes, period_ending
from queries.abc import visible_classes

START, END = dt.date(2020, 1, 1), dt.date(2021, 1, 1)


@pytest.fixture
def sales(world, db):
    """In 2020: a1 500, a2 300, b1 100, c1 100 (a tie), u1 nothing — 1,000 in all."""
    for key, amount, cost in (("a1", 500, 450), ("a2", 300, 100), ("b1", 60, None), ("b1", 40, 30),
                              ("c1", 100, 90)):
        db.add(Shipment(client_id=world.clients[key], product_id=world.product_id, shipped_on=dt.date(2020, 6, 1),
                        quantity=Decimal(1), amount=Decimal(amount),
                        cost_amount=None if cost is None else Decimal(cost)))
    db.flush()
    return world


def classes(db, world, **kw):
    df = client_classes(db, start=START, end=END, **kw)
    names = {v: k for k, v in world.clients.items()}
    return {names[int(r.client_id)]: r.abc for r in df.itertuples()}, df


def test_classes_by_revenue(sales, db):
    got, df = classes(db, sales)
    assert got == {"a1": "A", "a2": "A", "b1": "B", "c1": "B", "u1": "C"}
    row = df.set_index("client_id").loc[sales.clients["a2"]]
    assert float(row["share"]) == pytest.approx(30) and float(row["cumulative_before"]) == pytest.approx(50)


def test_ties_share_a_class_whatever_the_threshold(sales, db):
    got, _ = classes(db, sales, limits=Thresholds(a=Decimal("85"), b=Decimal("95")))
    assert got["b1"] == got["c1"] == "A"  # both start at 80 % < 85 %
    got, _ = classes(db, sales, limits=Thresholds(a=Decimal("80"), b=Decimal("80")))
    assert got["b1"] == got["c1"] == "C"


def test_classes_by_margin_where_cost_is_known(sales, db):
    got, df = classes(db, sales, by="margin")
    # margins: a1 50, a2 200, b1 10 (the line without a cost counts nothing), c1 10; total 270
    assert got == {"a2": "A", "a1": "A", "b1": "B", "c1": "B", "u1": "C"}
    assert float(df.set_index("client_id").loc[sales.clients["a1"], "value"]) == 50


def test_a_period_with_no_sales_makes_everyone_c(world, db):
    got, _ = classes(db, world)
    assert set(got.values()) == {"C"}


def test_thresholds_come_from_settings(sales, db):
    db.add(Setting(key="abc_thresholds", value={"a": 85, "b": 99}))
    db.flush()
    got, _ = classes(db, sales)
    assert got["b1"] == "A"


def test_archived_clients_are_not_ranked(sales, db):
    db.get(Client, sales.clients["a1"]).status = "archived"
    db.flush()
    got, _ = classes(db, sales)
    assert "a1" not in got and got["a2"] == "A"


def test_a_viewer_gets_the_company_class_of_own_clients_only(sales, db):
    mine = visible_classes(db, sales.viewer("mgr_a"), today=dt.date(2020, 12, 31))
    assert set(mine) == {sales.clients["a1"], sales.clients["a2"]}
    assert set(visible_classes(db, sales.viewer("director"), today=dt.date(2020, 12, 31))) == set(
        sales.clients.values())


def test_period_ending():
    assert period_ending(dt.date(2026, 11, 27), 12) == (dt.date(2025, 12, 1), dt.date(2026, 11, 28))
    assert period_ending(dt.date(2026, 3, 5), 1) == (dt.date(2026, 3, 1), dt.date(2026, 3, 6))
