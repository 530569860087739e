"""Windows of inference on the pages (issue 15, item 11): the holding's total on a manager's card
counts only the members she sees; the new-client form names no client she may not see."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import access
from db.models import Client, Shipment

from .conftest import signed_in, texts


@pytest.fixture
def holding(seeded, engine):
    """Бета Торг (Boris) › Альфа Строй (Anna) › Арктика (Anna); this year 70 000 / 100 000 / 5 000."""
    w = seeded
    today = access.today()
    with Session(engine) as s:
        s.get(Client, w.clients["a1"]).parent_id = w.clients["b1"]
        s.get(Client, w.clients["a2"]).parent_id = w.clients["a1"]
        for key, owner, amount in (("b1", "mgr_b", "70000"), ("a2", "mgr_a", "5000")):
            s.add(Shipment(client_id=w.clients[key], product_id=w.product_id, manager_id=w.users[owner],
                           shipped_on=today.replace(month=1, day=2), quantity=Decimal(1), amount=Decimal(amount)))
        s.commit()
    return w


def _holding_metric(login: str, client_id: int):
    at = signed_in(login, "pages/client.py", query_params={"id": client_id})
    assert not at.exception
    return next(m for m in at.metric if m.label.startswith("Holding shipments this year"))


def test_a_managers_holding_total_counts_only_the_members_she_sees(holding):
    metric = _holding_metric("mgr_a", holding.clients["a2"])
    assert metric.label == "Holding shipments this year, members you see"
    assert "105" in metric.value and "175" not in metric.value  # not Boris's 70 000 by subtraction


def test_a_head_who_sees_every_member_gets_the_whole_total(holding):
    metric = _holding_metric("head_n", holding.clients["a2"])
    assert metric.label == "Holding shipments this year" and "175" in metric.value


def test_the_new_client_form_names_no_hidden_inn_twin(seeded, engine):
    with Session(engine) as s:
        inn = s.scalar(select(Client.inn).where(Client.id == seeded.clients["c1"]))  # Vera's
    at = signed_in("mgr_a", "pages/clients.py")
    field = {ti.key.rsplit(".", 1)[-1]: ti for ti in at.text_input if ti.key and ti.key.startswith("new_client")}
    field["name"].input("Совсем новая")
    field["inn"].input(inn)
    next(b for b in at.button if b.label == "Create").click().run()
    assert not at.exception
    assert any("A client with this INN already exists among clients you cannot see" in e.value for e in at.error)
    shown = texts(at)
    assert "Вега Пром" not in shown and "Vera" not in shown
    with Session(engine) as s:
        assert s.scalar(select(Client).where(Client.name == "Совсем новая")) is None
