"""Any period the data covers (issue 17, item 6): a company that imported five years of history
can look at a period ending four years ago — ABC, segments, leaders and offers alike — and the
end-month picker reaches back to the first shipment's month.

Looked at on 4 December 2026; 12 months ending with December 2022 are 1 January – 31 December 2022
(twelve whole months), and the leaders' growth compares them with 1 January – 31 December 2021.
Shipments (Крепёж unless marked; due / paid only where given):

    a1   31.12.2021  5 000   the first shipment (December 2021, five years back): the previous period
         01.01.2022    600   due 31.01.2022, paid 600 on 20.01.2022 (on time)
         31.12.2022    400   due 30.01.2023, paid 400 on 01.03.2023 (late)
    a2   15.06.2022    300
         01.07.2022    250   Инструмент
    b1   10.03.2022    100
         01.01.2023  9 000   the day after the period: not counted
    c1   01.06.2023  2 000   after the period
    (the world also ships a1 100 000 and c1 50 000 this month: outside the period too)

In 2022: a1 1 000, a2 550, b1 100, c1 0, u1 0; total 1 650.
ABC (A below 80 % above, B below 95 %): a1 0 % above -> A; a2 1 000 / 1 650 = 60.6 % -> A;
b1 1 550 / 1 650 = 93.9 % -> B; c1, u1 nothing -> C.
Segments, all clients together: 5 clients, 3 bought, 1 650; Крепёж 1 400 (84.8 %), Инструмент 250 (15.2 %).
Leaders of Крепёж: a1 1 000 (previous 5 000: growth (1 000 − 5 000) / 5 000 = −80 %; paid on time
600 of the 1 000 due: 60 %), a2 300 and b1 100 (nothing before: no growth; nothing due: no discipline).
What to offer b1: Инструмент, bought by 1 of the 5 clients (20 %) for 250 — in the 12 months ending
today nobody bought it, and the offer is Крепёж (a1 and c1 bought it this month, b1 did not).
A manager's picker starts at their own first shipment: mgr_b's (b1) 10 March 2022 – 1 January 2023.
"""
import datetime as dt
from decimal import Decimal

import pytest

from db import access
from db.models import Product, Shipment
from db.rules.periods import ending_with
from queries import abc_report as r
from queries import offers as of
from queries import segments as sg
from queries.periods import shipment_span
from tests.world import add_product
from ui.analysis import end_months

TODAY = dt.date(2026, 12, 4)
DECEMBER_2022 = dt.date(2022, 12, 1)


@pytest.fixture
def history(world, db):
    drill = add_product(db, group="Инструмент", sku="IN-001", name="Дрель", price=Decimal(250))
    d = dt.date
    for key, product, day, amount, due, paid_on in [
        ("a1", world.product_id, d(2021, 12, 31), 5000, None, None),
        ("a1", world.product_id, d(2022, 1, 1), 600, d(2022, 1, 31), d(2022, 1, 20)),
        ("a1", world.product_id, d(2022, 12, 31), 400, d(2023, 1, 30), d(2023, 3, 1)),
        ("a2", world.product_id, d(2022, 6, 15), 300, None, None),
        ("a2", drill.id, d(2022, 7, 1), 250, None, None),
        ("b1", world.product_id, d(2022, 3, 10), 100, None, None),
        ("b1", world.product_id, d(2023, 1, 1), 9000, None, None),
        ("c1", world.product_id, d(2023, 6, 1), 2000, None, None),
    ]:
        db.add(Shipment(client_id=world.clients[key], product_id=product, shipped_on=day, quantity=Decimal(1),
                        amount=Decimal(amount), payment_due_on=due, paid_on=paid_on,
                        amount_paid=Decimal(amount) if paid_on else Decimal(0)))
    db.flush()
    world.tools_id, world.fasteners_id = drill.group_id, db.get(Product, world.product_id).group_id
    return world


def named(world, df, columns):
    names = {v: k for k, v in world.clients.items()}
    return {names[int(row["client_id"])]: tuple(row[c] for c in columns) for row in df.to_dict("records")}


def test_the_period_ending_with_any_month():
    assert ending_with(TODAY, 12, DECEMBER_2022) == (dt.date(2022, 1, 1), dt.date(2023, 1, 1))
    assert ending_with(TODAY, 3, DECEMBER_2022) == (dt.date(2022, 10, 1), dt.date(2023, 1, 1))
    assert ending_with(TODAY, 12) == (dt.date(2026, 1, 1), dt.date(2026, 12, 5))  # today's default
    assert ending_with(TODAY, 12, dt.date(2026, 12, 1)) == ending_with(TODAY, 12)
    assert ending_with(TODAY, 12, dt.date(2027, 3, 1)) == ending_with(TODAY, 12)  # no future: to today


def test_the_picker_offers_every_month_back_to_the_first_shipment(history, db):
    first, last = shipment_span(db, history.viewer("director"))
    assert first == dt.date(2021, 12, 31)
    assert last == access.today().replace(day=1)  # the world's shipments of this month
    months = end_months(TODAY, first)
    assert months[0] == dt.date(2026, 12, 1) and months[-1] == dt.date(2021, 12, 1)
    assert len(months) == 61 and DECEMBER_2022 in months
    assert end_months(TODAY, None) == [dt.date(2026, 12, 1)]  # no shipments: this month only


def test_the_span_is_the_viewers_own(history, db):
    assert shipment_span(db, history.viewer("mgr_b")) == (dt.date(2022, 3, 10), dt.date(2023, 1, 1))
    assert shipment_span(db, history.viewer("mgr_a"))[0] == dt.date(2021, 12, 31)


def test_abc_ending_four_years_ago(history, db):
    report = r.abc_report(db, history.viewer("director"), months=12, end_month=DECEMBER_2022, today=TODAY)
    assert (report.start, report.end, report.prev_start) == (dt.date(2022, 1, 1), dt.date(2023, 1, 1),
                                                             dt.date(2021, 1, 1))
    got = named(history, report.clients, ("value", "abc", "cumulative_before"))
    assert {k: v[:2] for k, v in got.items()} == {"a1": (1000.0, "A"), "a2": (550.0, "A"), "b1": (100.0, "B"),
                                                  "c1": (0.0, "C"), "u1": (0.0, "C")}
    assert got["a2"][2] == pytest.approx(1000 * 100 / 1650)
    assert got["b1"][2] == pytest.approx(1550 * 100 / 1650)


def test_segments_ending_four_years_ago(history, db):
    view = sg.segments(db, history.viewer("director"), dims=(), months=12, end_month=DECEMBER_2022, today=TODAY)
    assert (view.start, view.end) == (dt.date(2022, 1, 1), dt.date(2023, 1, 1))
    row = view.segments.iloc[0]
    assert (int(row["clients"]), int(row["buyers"]), float(row["revenue"])) == (5, 3, 1650.0)
    mix = {g: (r, s) for g, r, s in zip(view.mix["group"], view.mix["revenue"], view.mix["share"], strict=True)}
    assert mix["Крепёж"] == (1400.0, pytest.approx(1400 * 100 / 1650))
    assert mix["Инструмент"] == (250.0, pytest.approx(250 * 100 / 1650))
    mine = sg.segments(db, history.viewer("mgr_b"), dims=(), months=12, end_month=DECEMBER_2022, today=TODAY)
    assert (int(mine.segments.iloc[0]["buyers"]), float(mine.segments.iloc[0]["revenue"])) == (1, 100.0)


def test_leaders_ending_four_years_ago(history, db):
    assert sg.growth_periods(TODAY, 12, DECEMBER_2022) == (dt.date(2022, 1, 1), dt.date(2023, 1, 1),
                                                           dt.date(2021, 1, 1), dt.date(2022, 1, 1))
    rows = sg.leaders(db, history.viewer("director"), segment=(), group_id=history.fasteners_id, months=12,
                      end_month=DECEMBER_2022, today=TODAY)
    got = named(history, rows, ("rank", "purchases", "previous", "growth", "discipline"))
    assert set(got) == {"a1", "a2", "b1"}
    assert got["a1"][:3] == (1, 1000.0, 5000.0)
    assert got["a1"][3:] == (pytest.approx(-80.0), pytest.approx(60.0))
    for key, rank, purchases in (("a2", 2, 300.0), ("b1", 3, 100.0)):
        assert got[key][:3] == (rank, purchases, 0.0)
        assert all(v != v or v is None for v in got[key][3:])  # no growth, no discipline


def test_offers_ending_four_years_ago(history, db):
    viewer = history.viewer("director")
    found = of.offers(db, viewer, client_id=history.clients["b1"], months=12, end_month=DECEMBER_2022, today=TODAY)
    assert (found.start, found.end) == (dt.date(2022, 1, 1), dt.date(2023, 1, 1))
    assert found.rows[["group", "buyers", "penetration", "revenue"]].to_dict("records") == [
        {"group": "Инструмент", "buyers": 1, "penetration": 20.0, "revenue": 250.0}]
    now = of.offers(db, viewer, client_id=history.clients["b1"], months=12, today=TODAY).rows
    assert list(now["group"]) == ["Крепёж"]  # this year only the world's a1 and c1 bought, and no tools
