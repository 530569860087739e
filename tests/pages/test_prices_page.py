"""Issue 20: the "Price lists" page — a head makes a list and sets a price, an overlap is named on screen and
nothing is saved; a manager reads the prices without forms and never sees another manager's contract list;
the client card shows the client's price type and, to a head, its contract prices."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import access
from db.actions.prices import create_price_type, set_price
from db.models import Client, Price, PriceType, Product
from ui.navigation import PAGES

from .conftest import signed_in, texts


def ids(engine):
    with Session(engine) as s:
        users = dict(s.execute(select(__import__("db.models", fromlist=["User"]).User.login,
                                      __import__("db.models", fromlist=["User"]).User.id)).all())
        clients = dict(s.execute(select(Client.name, Client.id)).all())
        product = s.scalars(select(Product).order_by(Product.id)).first()
        return users, clients, product.id, product.sku


def viewer(users, login, role):
    return access.Viewer(user_id=users[login], role=role, full_name=login)


def field(at, name: str, kind: str):
    return next(w for w in getattr(at, kind) if w.key and w.key.endswith(f".{name}"))


def test_everyone_has_the_page():
    (spec,) = [p for p in PAGES if p.path == "pages/prices.py"]
    assert {r.value for r in spec.roles} == {"manager", "head", "director", "admin"}


def test_a_head_makes_a_list_and_sets_a_price_and_an_overlap_is_refused(seeded, engine):
    at = signed_in("head_n", "pages/prices.py")
    assert not at.exception and "No price lists yet" in texts(at)
    field(at, "name", "text_input").input("Оптовая")
    field(at, "kind", "selectbox").set_value("wholesale")
    next(b for b in at.button if b.label == "Create the list").click().run()
    assert not at.exception and "Price list created." in texts(at)
    with Session(engine) as s:
        wholesale = s.scalars(select(PriceType).where(PriceType.name == "Оптовая")).one()
        product = s.scalars(select(Product).order_by(Product.id)).first()
    at.selectbox(key="pl_type").set_value(wholesale.id).run()
    field(at, "product_id", "selectbox").set_value(product.id)
    field(at, "price", "number_input").set_value(2.2)
    field(at, "valid_from", "date_input").set_value(dt.date(2026, 1, 1))
    next(b for b in at.button if b.label == "Set the price").click().run()
    assert not at.exception and "Price set." in texts(at)
    at.date_input(key="pl_on").set_value(dt.date(2026, 2, 1)).run()
    assert "2,20" in texts(at) or "2.20" in texts(at)
    # a period with an end inside the open one: refused on screen, nothing written, the typing kept
    field(at, "product_id", "selectbox").set_value(product.id)
    field(at, "price", "number_input").set_value(2.0)
    field(at, "valid_from", "date_input").set_value(dt.date(2026, 3, 1))
    field(at, "valid_to", "date_input").set_value(dt.date(2026, 3, 10))
    next(b for b in at.button if b.label == "Set the price").click().run()
    assert any("with no end" in e.value for e in at.error)
    assert field(at, "price", "number_input").value == 2.0
    with Session(engine) as s:
        assert s.scalars(select(Price.price).where(Price.price_type_id == wholesale.id)).all() == [Decimal("2.20")]


def test_a_manager_reads_without_forms_and_sees_no_other_managers_contract(seeded, engine):
    from db.models import Role
    users, clients, product_id, _sku = ids(engine)
    with Session(engine, expire_on_commit=False) as s:
        head = viewer(users, "head_n", Role.HEAD)
        base = create_price_type(s, head, name="Базовая", kind="base")
        set_price(s, head, price_type_id=base.id, product_id=product_id, price="2.40", valid_from=dt.date(2020, 1, 1))
        theirs = next(n for n in clients if n.startswith("Бета"))
        create_price_type(s, head, name="Договор с Бетой", kind="contract", client_id=clients[theirs])
    at = signed_in("mgr_a", "pages/prices.py")
    shown = texts(at)
    assert not at.exception and "Базовая" in shown and "Договор с Бетой" not in shown
    assert not [b for b in at.button if b.label in ("Set the price", "Create the list")]
    at = signed_in("mgr_b", "pages/prices.py")
    assert "Договор с Бетой" in texts(at)


def test_the_client_card_shows_the_price_type_and_a_head_sets_up_contract_prices(seeded, engine):
    users, clients, _product_id, _sku = ids(engine)
    alpha = next(n for n in clients if n.startswith("Альфа"))
    at = signed_in("head_n", "pages/client.py", query_params={"id": clients[alpha]})
    next(tab for tab in at.tabs if tab.label == "Shipments")
    shown = texts(at)
    assert not at.exception and "Price type" in shown
    button = next(b for b in at.button if b.label == "Set up contract prices")
    button.click().run()
    assert not at.exception
    with Session(engine) as s:
        assert s.scalar(select(PriceType.name).where(PriceType.client_id == clients[alpha])) == f"Contract: {alpha}"
    at = signed_in("mgr_a", "pages/client.py", query_params={"id": clients[alpha]})
    assert not [b for b in at.button if b.label == "Set up contract prices"]


def test_a_deal_line_is_offered_at_the_clients_price_and_below_it_asks_for_approval(seeded, engine):
    from db.actions.clients import update_client
    from db.actions.deals import create_deal
    from db.models import ApprovalRequest, Deal, Role
    users, clients, product_id, _sku = ids(engine)
    alpha = next(n for n in clients if n.startswith("Альфа"))
    with Session(engine, expire_on_commit=False) as s:
        head = viewer(users, "head_n", Role.HEAD)
        wholesale = create_price_type(s, head, name="Оптовая", kind="wholesale")
        set_price(s, head, price_type_id=wholesale.id, product_id=product_id, price="2.00",
                  valid_from=dt.date(2020, 1, 1))
        update_client(s, head, client_id=clients[alpha], expected_version=s.get(Client, clients[alpha]).version,
                      price_type_id=wholesale.id)
        deal = create_deal(s, viewer(users, "mgr_a", Role.MANAGER), client_id=clients[alpha], title="Прайс",
                           expected_close_on=access.today() + dt.timedelta(days=10),
                           lines=[{"product_id": product_id, "quantity": "10"}])
        assert deal.lines[0].price == Decimal("2.00")
    at = signed_in("mgr_a", "pages/deal.py", query_params={"id": deal.id})
    assert not at.exception
    box = field(at, "product_id", "selectbox")
    (option,) = box.options  # the client's 2 ₽, not the catalogue's 2.50
    assert "\xa02/" in option and "2.5" not in option and "2,5" not in option
    box.set_value(product_id)
    field(at, "quantity", "number_input").set_value(100.0)
    field(at, "price", "number_input").set_value(1.7)  # 15 % below the list: above the manager's 5 %
    next(b for b in at.button if b.label == "Add the line").click().run()
    assert not at.exception and "waits for the decision" in texts(at)
    with Session(engine) as s:
        request = s.scalars(select(ApprovalRequest).where(ApprovalRequest.deal_id == deal.id)).one()
        assert request.payload["discount_pct"] == "15"
        lines = s.get(Deal, deal.id).lines
        assert sorted((line.price, line.discount_pct) for line in lines) == [
            (Decimal("2.00"), Decimal("0.00")), (Decimal("2.00"), Decimal("5.00"))]
