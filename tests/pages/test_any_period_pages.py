"""Any period the data covers (issue 17, item 6), on the pages: with five years of history the
end-month pickers of ABC/XYZ and of Segments and leaders reach the first shipment's month, and a
period ending four years ago renders — with its exact dates — without an exception.

Shipments, counted in months back from this one (M−n is the month n months ago):
    a1  M−60 (the 10th)  5 000   the first shipment: before the period
    a1  M−50 (the 15th)  1 000
    a2  M−49 (the 5th)     300
    b1  M−55 (the 10th)    100
12 months ending with M−48: the 1st of M−59 to the last day of M−48, twelve whole months;
a1 1 000, a2 300, b1 100 (total 1 400): a1 A, a2 A (1 000 / 1 400 = 71.4 % above it), b1 B
(92.9 %), c1 and u1 C. The leaders of Крепёж in it: a1, a2, b1.
"""
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from db import access
from db.models import Product, Shipment
from i18n.formatting import month

from .conftest import signed_in


def shift(day: dt.date, months: int) -> dt.date:
    """The first of `day`'s month moved by `months`."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def english(day: dt.date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


@pytest.fixture
def history(seeded, engine):
    this = access.today().replace(day=1)
    with Session(engine) as s:
        for key, back, day, amount in (("a1", 60, 10, 5000), ("a1", 50, 15, 1000), ("a2", 49, 5, 300),
                                       ("b1", 55, 10, 100)):
            s.add(Shipment(client_id=seeded.clients[key], product_id=seeded.product_id, quantity=Decimal(1),
                           shipped_on=shift(this, -back).replace(day=day), amount=Decimal(amount)))
        seeded.fasteners_id = s.get(Product, seeded.product_id).group_id
        s.commit()
    seeded.end_month = shift(this, -48)
    seeded.start, seeded.last_day = shift(this, -59), shift(this, -47) - dt.timedelta(days=1)
    seeded.first_month = shift(this, -60)
    return seeded


def show(at):
    """Submit the filters' form (its widgets count only when it is submitted)."""
    next(b for b in at.button if b.label == "Show").click()
    return run(at)


def run(at):
    at.run()
    assert not at.exception, at.exception
    return at


def captions(at) -> str:
    return "\n".join(str(c.value) for c in at.caption)


def test_abc_ending_four_years_ago(history):
    at = signed_in("director", "pages/abc.py")
    assert not at.exception
    picker = at.selectbox(key="abc_end")
    assert picker.options[-1] == month(history.first_month, "en")  # back to the first shipment
    assert picker.value == access.today().replace(day=1)  # today's default kept
    # The first shipment and the last (the world's, on the 1st of this month).
    assert picker.help == (f"Shipments on record: {english(history.first_month.replace(day=10))} – "
                           f"{english(access.today().replace(day=1))}.")
    picker.set_value(history.end_month)
    at = show(at)
    assert (f"Period: {english(history.start)} – {english(history.last_day)}. Whole months: 12."
            in captions(at))
    assert [m.value for m in at.metric] == ["2", "1", "2", "5"]  # A: a1, a2; B: b1; C: c1, u1
    table = at.dataframe[1].value
    assert dict(zip(table["name"], table["abc"], strict=True)) == {
        "Альфа Строй": "A", "Арктика": "A", "Бета Торг": "B", "Вега Пром": "C", "Гамма Снаб": "C"}
    for view in ("movement", "coverage"):
        at.radio(key="abc_view").set_value(view)
        at = run(at)


def test_segments_and_leaders_ending_four_years_ago(history):
    at = signed_in("director", "pages/segments.py")
    assert not at.exception
    picker = at.selectbox(key="seg_end")
    assert picker.options[-1] == month(history.first_month, "en")
    picker.set_value(history.end_month)
    at.multiselect(key="seg_dims").set_value([])
    at = show(at)
    assert f"Period: {english(history.start)} – {english(history.last_day)}. Whole months: 12." in captions(at)
    seg = at.dataframe[0].value
    assert (seg["clients"].tolist(), seg["buyers"].tolist()) == ([5], [3])
    assert seg["revenue"].tolist() == [1400.0]

    at.radio(key="seg_view").set_value("leaders")
    at = run(at)
    at.selectbox(key="lead_group").set_value(history.fasteners_id)
    at = run(at)
    leaders = at.dataframe[0].value
    assert leaders["name"].tolist() == ["Альфа Строй", "Арктика", "Бета Торг"]
    assert leaders["purchases"].tolist() == [1000, 300, 100]
    prev_start, prev_last = shift(history.start, -12), shift(history.end_month, -11) - dt.timedelta(days=1)
    assert (f"{english(history.start)} – {english(history.last_day)} against the same dates 12 months earlier, "
            f"{english(prev_start)} – {english(prev_last)}.") in captions(at)

    at.radio(key="seg_view").set_value("offers")
    at = run(at)
    at.selectbox(key="offer_client").set_value(history.clients["b1"])
    run(at)
