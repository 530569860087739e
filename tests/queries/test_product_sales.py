"""Product sales and the demand forecast, worked out by hand. Today is 15 December 2020.

P1 (Крепёж, the world's product), all to a1 (Anna's):
    Sep–Nov 2019: 10 pcs / 100 each                  -> a year before: 300
    Sep 2020 10/100, Oct 20/200, Nov 30/300 (the November line came through a deal)
        run-rate (Sep–Nov 2020) 20 pcs a month; outside deals (10 + 20 + 0) / 3 = 10 pcs, 100 a month
        trend: 600 against 300 -> +100 %
    Dec 2020 (running): 5/50
P2 (Инструмент): c1 (Vera's) 100 pcs / 1,000 in June 2020.
Open deals closing in January 2021: a1 40 % × (P1 50 pcs, 500) -> 20 pcs, 200; c1 10 % × (P1 100, 1,000) -> 10, 100.
Closing in February, or lost: not counted.
Closing in February: a1 10 % × (P1 90, 900) -> 9 pcs, 90. Closing later, or lost: not counted.
Seasonality of P1 (24 whole months Dec 2018 – Nov 2020, 900 in all, 37.5 a month):
    September (100 + 100) / 2 / 37.5 = 2.667; October 150 / 37.5 = 4; November 200 / 37.5 = 5.333; others 0.
The selection's (both products, 1,900 in 24 months): nothing was ever sold in January, February
or March, so routine orders expect nothing then (index 0): what is expected is the pipeline.
Expected for P1 (director): January 30 pcs (300), February 9 (90), March 0; 39 pcs, 390 in all.
(Seasonal demand itself is worked out in test_expected_demand_follows_the_season below.)
"""
import datetime as dt
from decimal import Decimal

import pytest

from db.models import Deal, DealLine, Product, ProductGroup, Shipment
from queries import product_sales as ps

TODAY = dt.date(2020, 12, 15)


@pytest.fixture
def sales(world, db):
    tools = ProductGroup(name="Инструмент")
    db.add(tools)
    db.flush()
    p2 = Product(sku="IN-001", name="Дрель", group_id=tools.id, unit="pcs")
    db.add(p2)
    db.flush()
    p1 = world.product_id
    deal = Deal(title="Крупный заказ", client_id=world.clients["a1"], owner_id=world.users["mgr_a"],
                stage_id=world.stages["Proposal"], amount=Decimal(500), probability=40,
                expected_close_on=dt.date(2021, 1, 20))
    deal_c = Deal(title="Вега: крепёж", client_id=world.clients["c1"], owner_id=world.users["mgr_c"],
                  stage_id=world.stages["Lead"], amount=Decimal(1000), probability=10,
                  expected_close_on=dt.date(2021, 1, 5))
    later = Deal(title="Позже", client_id=world.clients["a1"], owner_id=world.users["mgr_a"],
                 stage_id=world.stages["Lead"], amount=Decimal(900), probability=10,
                 expected_close_on=dt.date(2021, 2, 5))
    lost = Deal(title="Проиграна", client_id=world.clients["a1"], owner_id=world.users["mgr_a"],
                stage_id=world.stages["Lost"], state="lost", amount=Decimal(900), probability=0,
                expected_close_on=dt.date(2021, 1, 5))
    db.add_all([deal, deal_c, later, lost])
    db.flush()
    for d, qty, amount in ((deal, 50, 500), (deal_c, 100, 1000), (later, 90, 900), (lost, 90, 900)):
        db.add(DealLine(deal_id=d.id, product_id=p1, quantity=Decimal(qty), price=Decimal(10), amount=Decimal(amount)))

    def ship(key, product, day, qty, amount, deal_id=None):
        db.add(Shipment(client_id=world.clients[key], product_id=product, shipped_on=day, quantity=Decimal(qty),
                        amount=Decimal(amount), deal_id=deal_id))

    for month in (9, 10, 11):
        ship("a1", p1, dt.date(2019, month, 5), 10, 100)
    ship("a1", p1, dt.date(2020, 9, 5), 10, 100)
    ship("a1", p1, dt.date(2020, 10, 5), 20, 200)
    ship("a1", p1, dt.date(2020, 11, 5), 30, 300, deal_id=deal.id)
    ship("a1", p1, dt.date(2020, 12, 2), 5, 50)
    ship("c1", p2.id, dt.date(2020, 6, 10), 100, 1000)
    db.flush()
    world.p2 = p2.id
    return world


def p1_row(df, world):
    return df.set_index("product_id").loc[world.product_id]


def test_history_and_the_demand_for_next_month(sales, db):
    result = ps.product_sales(db, sales.viewer("director"), today=TODAY)
    assert result.months[0] == dt.date(2018, 12, 1) and result.months[-1] == dt.date(2020, 12, 1)
    assert result.next_month == dt.date(2021, 1, 1)
    row = p1_row(ps.demand(result), sales)
    assert (row["quantity_12m"], row["amount_12m"]) == (60, 600)  # Dec 2019 – Nov 2020
    assert row["trend"] == pytest.approx(100)
    assert (row["run_rate"], row["routine_run_rate"]) == (pytest.approx(20), pytest.approx(10))
    assert [row[f"pipeline_{k}"] for k in (1, 2, 3)] == pytest.approx([30, 9, 0])
    assert [row[f"expected_{k}"] for k in (1, 2, 3)] == pytest.approx([30, 9, 0])
    assert [row[f"expected_amount_{k}"] for k in (1, 2, 3)] == pytest.approx([300, 90, 0])
    assert row["expected_quantity"] == pytest.approx(39) and row["expected_amount"] == pytest.approx(390)
    assert result.ahead == [dt.date(2021, 1, 1), dt.date(2021, 2, 1), dt.date(2021, 3, 1)]
    assert ps.outlook(result)["seasonal_index"].tolist() == [0, 0, 0]  # nothing was ever sold Jan–Mar
    p2 = ps.demand(result).set_index("product_id").loc[sales.p2]
    assert p2["trend"] != p2["trend"] and p2["expected_quantity"] == 0  # no year before; June only


def test_monthly_totals_and_the_running_month(sales, db):
    totals = ps.monthly_totals(ps.product_sales(db, sales.viewer("director"), product_id=sales.product_id,
                                                today=TODAY)).set_index("month")
    assert len(totals) == 25 and totals.loc[dt.date(2020, 12, 1), "running"]
    assert totals.loc[dt.date(2020, 11, 1), ["quantity", "deal_quantity"]].tolist() == [30, 30]
    assert totals.loc[dt.date(2020, 12, 1), "amount"] == 50 and totals.loc[dt.date(2019, 1, 1), "amount"] == 0


def test_seasonality(sales, db):
    season = ps.seasonality(ps.product_sales(db, sales.viewer("director"), product_id=sales.product_id, today=TODAY))
    index = dict(zip(season["calendar_month"], season["index"], strict=True))
    assert index[9] == pytest.approx(2.6667, abs=1e-4) and index[10] == pytest.approx(4)
    assert index[11] == pytest.approx(5.3333, abs=1e-4) and index[1] == 0 and index[12] == 0


def test_headline(sales, db):
    head = ps.headline(ps.product_sales(db, sales.viewer("director"), today=TODAY))
    # P1 600 + P2 1,000 in the last 12 whole months; Sep–Nov 600 against 300 a year before
    assert head.amount_12m == 1600 and head.trend == pytest.approx(100) and head.run_rate == pytest.approx(200)
    assert head.expected_amounts == pytest.approx((300, 90, 0)) and head.expected_amount == pytest.approx(390)


@pytest.mark.parametrize(("login", "pipeline", "expected", "amount_12m"), [
    ("mgr_a", 20, 20, 600),  # own deal only; nothing expected outside deals in January (index 0)
    ("mgr_b", 0, 0, 0),
    ("mgr_c", 10, 10, 0),  # Vera's deal, no P1 shipments of hers
    ("head_n", 20, 20, 600),
    ("head_s", 10, 10, 0),
    ("director", 30, 30, 600),
    ("admin", 30, 30, 600),
])
def test_a_viewer_sees_the_sales_and_deals_of_own_clients(sales, db, login, pipeline, expected, amount_12m):
    row = p1_row(ps.demand(ps.product_sales(db, sales.viewer(login), group_id=None, today=TODAY)), sales)
    assert (row["pipeline_1"], row["expected_1"], row["amount_12m"]) == (
        pytest.approx(pipeline), pytest.approx(expected), amount_12m)


def test_a_group_or_a_product_narrows_the_selection(sales, db):
    group = ps.product_sales(db, sales.viewer("director"), group_id=db.get(Product, sales.p2).group_id, today=TODAY)
    assert set(group.products["product_id"]) == {sales.p2} and set(group.monthly["product_id"]) == {sales.p2}
    one = ps.product_sales(db, sales.viewer("director"), product_id=sales.product_id, today=TODAY)
    assert set(one.products["product_id"]) == {sales.product_id}
    assert sorted(one.pipeline["month"]) == [dt.date(2021, 1, 1), dt.date(2021, 2, 1)]


@pytest.mark.parametrize(("login", "expected"), [
    ("director", [("c1", 1000, 60.606), ("a1", 650, 39.394)]),
    ("mgr_a", [("a1", 650, 100)]),
    ("mgr_b", []),
    ("head_s", [("c1", 1000, 100)]),
])
def test_top_clients(sales, db, login, expected):
    top = ps.top_clients(db, sales.viewer(login), today=TODAY)
    names = {v: k for k, v in sales.clients.items()}
    got = [(names[int(c)], a, s) for c, a, s in zip(top["client_id"], top["amount"], top["share"], strict=True)]
    assert [(n, a) for n, a, _ in got] == [(n, a) for n, a, _ in expected]
    assert [s for *_, s in got] == pytest.approx([s for *_, s in expected], abs=1e-3)
    one = ps.top_clients(db, sales.viewer(login), product_id=sales.product_id, today=TODAY)
    assert set(one["name"]) <= {"Альфа Строй"}


@pytest.fixture
def seasonal(world, db):
    """P1 to a1, outside deals, the same year twice (Dec 2018 – Nov 2020), 10 a piece:
        Jan 40, Feb 80, Mar 120, Apr–Aug 100, Sep–Nov 120, Dec 100  -> 1,200 a year, 100 a month
        index: Jan 0.4, Feb 0.8, Mar 1.2, Sep–Nov 1.2
    December 2020 to date: 30 (running, no part of anything below).
    An open deal closing in February 2021: 50 % × 20 pcs, 200 -> 10 pcs, 100; one closing in April: not counted.
    Run-rate Sep–Nov 2020: 12 pcs, 120 a month, at an average index of 1.2 -> 10 pcs, 100 an ordinary month.
    Expected: January 10 × 0.4 = 4 pcs (40); February 10 × 0.8 + 10 = 18 pcs (80 + 100 = 180);
    March 10 × 1.2 = 12 pcs (120). In all 34 pcs, 340. (Before: 12 pcs, 120 for January, whatever the month.)
    """
    pattern = {1: 40, 2: 80, 3: 120, 9: 120, 10: 120, 11: 120}
    for year, months in ((2018, [12]), (2019, range(1, 13)), (2020, range(1, 12))):
        for month in months:
            amount = pattern.get(month, 100)
            db.add(Shipment(client_id=world.clients["a1"], product_id=world.product_id,
                            shipped_on=dt.date(year, month, 10), quantity=Decimal(amount // 10),
                            amount=Decimal(amount)))
    db.add(Shipment(client_id=world.clients["a1"], product_id=world.product_id, shipped_on=dt.date(2020, 12, 3),
                    quantity=Decimal(3), amount=Decimal(30)))
    for close, qty in ((dt.date(2021, 2, 14), 20), (dt.date(2021, 4, 2), 70)):
        deal = Deal(title=f"Сделка {close:%m}", client_id=world.clients["a1"], owner_id=world.users["mgr_a"],
                    stage_id=world.stages["Proposal"], amount=Decimal(qty * 10), probability=50,
                    expected_close_on=close)
        db.add(deal)
        db.flush()
        db.add(DealLine(deal_id=deal.id, product_id=world.product_id, quantity=Decimal(qty), price=Decimal(10),
                        amount=Decimal(qty * 10)))
    db.flush()
    return world


def test_expected_demand_follows_the_season(seasonal, db):
    result = ps.product_sales(db, seasonal.viewer("mgr_a"), today=TODAY)
    ahead = ps.outlook(result)
    assert ahead["month"].tolist() == [dt.date(2021, 1, 1), dt.date(2021, 2, 1), dt.date(2021, 3, 1)]
    assert ahead["seasonal_index"].tolist() == pytest.approx([0.4, 0.8, 1.2])
    assert ahead["factor"].tolist() == pytest.approx([1 / 3, 2 / 3, 1])  # ÷ the run-rate months' 1.2
    row = p1_row(ps.demand(result), seasonal)
    assert (row["run_rate"], row["routine_run_rate"]) == (pytest.approx(12), pytest.approx(12))
    assert [row[f"expected_{k}"] for k in (1, 2, 3)] == pytest.approx([4, 18, 12])
    assert [row[f"expected_amount_{k}"] for k in (1, 2, 3)] == pytest.approx([40, 180, 120])
    assert (row["expected_quantity"], row["expected_amount"]) == (pytest.approx(34), pytest.approx(340))
    head = ps.headline(result)
    assert head.expected_amounts == pytest.approx((40, 180, 120))
    assert head.expected_quantities == pytest.approx((4, 18, 12))
