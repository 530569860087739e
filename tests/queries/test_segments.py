"""Segments, leaders and offers, worked out by hand (period: 2020; the period before: 2019).

Clients (industry, size): a1, a2, a6 (Строительство, large; a6 «Дельта» is Anna's, made here),
b1 (Строительство, small), c1 (Торговля, large), u1 (Строительство, no size).
Groups: Крепёж (P1, the world's product), Инструмент (P2), Краска (P3).

2020 shipments           2019       due / paid
  a1  P1 1,000  P2 500    P1 500     P1 paid on time; P2 paid late          -> 1,000 of 1,500 on time: 66.7 %
  a6  the same as a1                                                         -> 66.7 %
  a2  P1 1,000  P3 200    P1 2,000   both paid on time                       -> 100 %
  b1  P1 300                         due in 2021: nothing has fallen due     -> None
  c1  P2 700                         due in June, unpaid                     -> 0 %
Leaders of (Строительство, large) in Крепёж by purchases: a1 and a6 tie on everything
(1,000, +100 %, 66.7 %) and share rank 1; a2 (1,000, −50 %, 100 %) is 3rd.
"""
import datetime as dt
from decimal import Decimal

import pytest

from db.errors import NotFound
from db.models import Client, Industry, Product, ProductGroup, Shipment
from queries import offers as of
from queries import segments as sg

TODAY = dt.date(2020, 12, 31)
SEES = {"mgr_a": {"a1", "a2", "a6"}, "mgr_b": {"b1"}, "mgr_c": {"c1"}, "head_n": {"a1", "a2", "a6", "b1", "u1"},
        "head_s": {"c1", "u1"}, "director": {"a1", "a2", "a6", "b1", "c1", "u1"}}
SEES["admin"] = SEES["director"]


@pytest.fixture
def market(world, db):
    trade = Industry(name="Торговля")
    tools, paint = ProductGroup(name="Инструмент"), ProductGroup(name="Краска")
    db.add_all([trade, tools, paint])
    db.flush()
    p2 = Product(sku="IN-001", name="Дрель", group_id=tools.id)
    p3 = Product(sku="KR-100", name="Эмаль", group_id=paint.id, is_new=True)
    a6 = Client(name="Дельта", owner_id=world.users["mgr_a"], industry_id=world.industry_id, size_segment="large")
    db.add_all([p2, p3, a6])
    db.flush()
    world.clients["a6"], world.client_names["a6"] = a6.id, "Дельта"
    sizes = {"a1": "large", "a2": "large", "a6": "large", "b1": "small", "c1": "large", "u1": None}
    for key, size in sizes.items():
        db.get(Client, world.clients[key]).size_segment = size
    db.get(Client, world.clients["c1"]).industry_id = trade.id
    p1, p2, p3 = world.product_id, p2.id, p3.id

    def ship(key, product, day, amount, due, paid_on=None, paid=0):
        db.add(Shipment(client_id=world.clients[key], product_id=product, shipped_on=day, quantity=Decimal(1),
                        amount=Decimal(amount), payment_due_on=due, paid_on=paid_on, amount_paid=Decimal(paid)))

    d = dt.date
    for key in ("a1", "a6"):
        ship(key, p1, d(2020, 3, 2), 1000, d(2020, 4, 1), d(2020, 3, 30), 1000)
        ship(key, p2, d(2020, 4, 2), 500, d(2020, 5, 1), d(2020, 5, 10), 500)
        ship(key, p1, d(2019, 3, 2), 500, d(2019, 4, 1), d(2019, 4, 1), 500)
    ship("a2", p1, d(2020, 3, 5), 1000, d(2020, 4, 1), d(2020, 4, 1), 1000)
    ship("a2", p3, d(2020, 7, 1), 200, d(2020, 8, 1), d(2020, 7, 30), 200)
    ship("a2", p1, d(2019, 6, 1), 2000, d(2019, 7, 1), d(2019, 7, 1), 2000)
    ship("b1", p1, d(2020, 12, 20), 300, d(2021, 1, 15))
    ship("c1", p2, d(2020, 5, 1), 700, d(2020, 6, 1))
    db.flush()
    world.groups = {"Крепёж": db.get(Product, p1).group_id, "Инструмент": tools.id, "Краска": paint.id}
    world.trade_id = trade.id
    return world


def keyed(world, df, column):
    names = {v: k for k, v in world.clients.items()}
    return {names[int(cid)]: value for cid, value in zip(df["client_id"], df[column], strict=True)}


@pytest.mark.parametrize("login", sorted(SEES))
def test_segments_count_the_viewers_clients_only(market, db, login):
    view = sg.segments(db, market.viewer(login), dims=("size", "industry"), today=TODAY)
    expected = {
        ((("industry", market.industry_id), ("size", "large"))): ({"a1", "a2", "a6"}, 4200),
        ((("industry", market.industry_id), ("size", "small"))): ({"b1"}, 300),
        ((("industry", market.trade_id), ("size", "large"))): ({"c1"}, 700),
        ((("industry", market.industry_id), ("size", None))): ({"u1"}, 0),
    }
    want = {}
    for segment, (members, revenue) in expected.items():
        mine = members & SEES[login]
        if mine:
            buyers = len(mine - {"u1"})
            want[segment] = (len(mine), buyers, revenue if mine == members else None)
    got = {s: (c, b, r) for s, c, b, r in zip(view.segments["segment"], view.segments["clients"],
                                               view.segments["buyers"], view.segments["revenue"], strict=True)}
    assert set(got) == set(want)
    for segment, (clients, buyers, revenue) in want.items():
        assert got[segment][:2] == (clients, buyers)
        if revenue is not None:
            assert got[segment][2] == pytest.approx(revenue)
    assert view.segments["share"].sum() == pytest.approx(100) or view.segments["revenue"].sum() == 0
    assert (view.start, view.end) == (dt.date(2020, 1, 1), dt.date(2021, 1, 1))


def test_the_mix_of_product_groups(market, db):
    view = sg.segments(db, market.viewer("director"), dims=("industry", "size"), today=TODAY)
    big = (("industry", market.industry_id), ("size", "large"))
    mix = view.mix[view.mix["segment"] == big]
    got = {g: (r, b, round(s, 2)) for g, r, b, s in zip(mix["group"], mix["revenue"], mix["buyers"], mix["share"],
                                                        strict=True)}
    assert got == {"Крепёж": (3000, 3, 71.43), "Инструмент": (1000, 2, 23.81), "Краска": (200, 1, 4.76)}
    assert view.segments.iloc[0]["segment"] == big  # the largest first


def test_no_dimensions_make_one_segment(market, db):
    view = sg.segments(db, market.viewer("head_s"), dims=(), today=TODAY)
    assert list(view.segments["segment"]) == [()]
    assert (int(view.segments.iloc[0]["clients"]), view.segments.iloc[0]["revenue"]) == (2, pytest.approx(700))


def test_unknown_dimensions_are_ignored(market, db):
    assert sg.dimensions(["territory", "bogus", "industry"]) == ("industry", "territory")


BIG = "big"


def segment_of(market, name):
    return {"big": (("industry", market.industry_id), ("size", "large")), "all": ()}[name]


@pytest.mark.parametrize(("rank_by", "expected"), [
    ("purchases", [("a1", 1), ("a6", 1), ("a2", 3)]),
    ("growth", [("a1", 1), ("a6", 1), ("a2", 3)]),
    ("discipline", [("a2", 1), ("a1", 2), ("a6", 2)]),
])
def test_leaders_ranked_with_ties(market, db, rank_by, expected):
    rows = sg.leaders(db, market.viewer("director"), segment=segment_of(market, BIG),
                      group_id=market.groups["Крепёж"], rank_by=rank_by, today=TODAY)
    names = {v: k for k, v in market.clients.items()}
    assert [(names[int(c)], int(r)) for c, r in zip(rows["client_id"], rows["rank"], strict=True)] == expected
    assert keyed(market, rows, "growth") == pytest.approx({"a1": 100, "a6": 100, "a2": -50})
    assert keyed(market, rows, "discipline") == pytest.approx({"a1": 66.6667, "a6": 66.6667, "a2": 100}, abs=1e-3)
    assert keyed(market, rows, "purchases") == {"a1": 1000, "a6": 1000, "a2": 1000}


def test_new_buyers_have_no_growth_and_not_due_has_no_discipline(market, db):
    rows = sg.leaders(db, market.viewer("director"), segment=(), group_id=market.groups["Крепёж"],
                      rank_by="growth", today=TODAY)
    names = {v: k for k, v in market.clients.items()}
    assert [names[int(c)] for c in rows["client_id"]] == ["a1", "a6", "a2", "b1"]  # None ranks last
    last = rows.iloc[-1]
    # NaN: nothing bought before, nothing fell due yet
    assert last["growth"] != last["growth"] and last["discipline"] != last["discipline"]
    rows = sg.leaders(db, market.viewer("director"), segment=(), group_id=market.groups["Инструмент"], today=TODAY)
    assert keyed(market, rows, "discipline") == pytest.approx({"c1": 0, "a1": 66.6667, "a6": 66.6667}, abs=1e-3)
    assert [names[int(c)] for c in rows["client_id"]] == ["c1", "a1", "a6"]


def test_clients_without_purchases_of_the_group_are_no_leaders(market, db):
    rows = sg.leaders(db, market.viewer("director"), segment=(), group_id=market.groups["Краска"], today=TODAY)
    assert set(keyed(market, rows, "rank")) == {"a2"}
    assert sg.leaders(db, market.viewer("director"), segment=((("industry", market.trade_id),)),
                      group_id=market.groups["Краска"], today=TODAY).empty


@pytest.mark.parametrize("login", sorted(SEES))
def test_leaders_show_the_viewers_clients_only(market, db, login):
    rows = sg.leaders(db, market.viewer(login), segment=(), group_id=market.groups["Крепёж"], today=TODAY)
    assert set(keyed(market, rows, "rank")) == SEES[login] & {"a1", "a2", "a6", "b1"}


def test_offers_what_the_segment_buys_and_the_client_does_not(market, db):
    found = of.offers(db, market.viewer("director"), client_id=market.clients["a2"], dims=("industry", "size"),
                      today=TODAY)
    assert found.segment == (("industry", market.industry_id), ("size", "large"))
    assert found.labels == {"industry": "Строительство", "size": "large"}
    assert found.segment_clients == 3 and found.bought == ("Краска", "Крепёж")
    assert found.rows[["group", "buyers"]].values.tolist() == [["Инструмент", 2]]
    row = found.rows.iloc[0]
    assert (row["revenue"], row["per_buyer"]) == (1000, 500) and row["penetration"] == pytest.approx(66.6667)


def test_offers_over_all_the_viewers_clients(market, db):
    found = of.offers(db, market.viewer("director"), client_id=market.clients["c1"], dims=(), today=TODAY)
    assert found.rows[["group", "buyers", "revenue"]].values.tolist() == [["Крепёж", 4, 3300], ["Краска", 1, 200]]
    assert found.segment_clients == 6
    # Vera's head sees c1 and the unassigned u1 only: nobody else to learn from.
    found = of.offers(db, market.viewer("head_s"), client_id=market.clients["c1"], dims=(), today=TODAY)
    assert found.rows.empty and found.segment_clients == 2


def test_a_manager_compares_with_own_clients_only(market, db):
    found = of.offers(db, market.viewer("mgr_a"), client_id=market.clients["a2"], dims=(), today=TODAY)
    assert found.segment_clients == 3
    assert found.rows[["group", "buyers"]].values.tolist() == [["Инструмент", 2]]


@pytest.mark.parametrize("login", ["mgr_b", "mgr_c", "head_s"])
def test_offers_for_a_foreign_client_are_not_found(market, db, login):
    with pytest.raises(NotFound):
        of.offers(db, market.viewer(login), client_id=market.clients["a2"], dims=("industry",), today=TODAY)


@pytest.mark.parametrize("login", sorted(SEES))
def test_segment_clients_for_the_picker(market, db, login):
    rows = of.segment_clients(db, market.viewer(login), segment=(("size", "large"),))
    names = {v: k for k, v in market.clients.items()}
    assert {names[int(i)] for i in rows["id"]} == SEES[login] & {"a1", "a2", "a6", "c1"}
