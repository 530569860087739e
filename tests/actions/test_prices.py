"""Price lists (issue 20): which price a client pays on a date, validity periods, access to the lists."""
import datetime as dt
from decimal import Decimal

import pytest


from db.models import Client, Price, PriceType, PriceTypeKind, Product
from db.rules.prices import effective_discount, list_prices, price_for, prices_for

D = dt.date


def add_type(db, name, kind, client_id=None, active=True) -> int:
    row = PriceType(name=name, kind=kind, client_id=client_id, active=active)
    db.add(row)
    db.flush()
    return row.id


def add_price(db, type_id, product_id, price, start, end=None) -> None:
    db.add(Price(price_type_id=type_id, product_id=product_id, price=Decimal(price), valid_from=start, valid_to=end))
    db.flush()


def second_product(db) -> int:
    product = Product(sku="P-2", name="Второй", price=Decimal("10.00"))
    db.add(product)
    db.flush()
    return product.id


def test_price_for_falls_back_from_contract_to_type_to_base_to_catalogue(world, db):
    a1, p = world.clients["a1"], world.product_id  # the catalogue price is 2.50
    assert price_for(db, client_id=a1, product_id=p, on=D(2026, 3, 1)) == Decimal("2.50")
    base = add_type(db, "Базовая", PriceTypeKind.BASE)
    add_price(db, base, p, "2.40", D(2026, 1, 1))
    assert price_for(db, client_id=a1, product_id=p, on=D(2026, 3, 1)) == Decimal("2.40")
    assert price_for(db, client_id=a1, product_id=p, on=D(2025, 12, 31)) == Decimal("2.50")  # before the base
    wholesale = add_type(db, "Опт", PriceTypeKind.WHOLESALE)
    add_price(db, wholesale, p, "2.20", D(2026, 2, 1), D(2026, 2, 28))
    db.get(Client, a1).price_type_id = wholesale
    db.flush()
    assert price_for(db, client_id=a1, product_id=p, on=D(2026, 2, 28)) == Decimal("2.20")  # to inclusive
    assert price_for(db, client_id=a1, product_id=p, on=D(2026, 3, 1)) == Decimal("2.40")  # ended: the base
    assert price_for(db, client_id=world.clients["a2"], product_id=p, on=D(2026, 2, 15)) == Decimal("2.40")
    contract = add_type(db, "Договор Альфа", PriceTypeKind.CONTRACT, client_id=a1)
    add_price(db, contract, p, "2.00", D(2026, 2, 10))
    assert price_for(db, client_id=a1, product_id=p, on=D(2026, 2, 15)) == Decimal("2.00")
    listed = list_prices(db, client_id=a1, product_ids=[p], on=D(2026, 2, 15))[p]
    assert (listed.price_type_id, listed.price_type_name) == (contract, "Договор Альфа")
    db.get(PriceType, contract).active = False
    db.flush()
    assert price_for(db, client_id=a1, product_id=p, on=D(2026, 2, 15)) == Decimal("2.20")
    db.get(PriceType, wholesale).active = False
    db.flush()
    assert price_for(db, client_id=a1, product_id=p, on=D(2026, 2, 15)) == Decimal("2.40")
    assert price_for(db, client_id=a1, product_id=10 ** 6, on=D(2026, 2, 15)) is None


def test_batch_form_mixes_lists_per_product(world, db):
    a1, p = world.clients["a1"], world.product_id
    q = second_product(db)
    base = add_type(db, "Базовая", PriceTypeKind.BASE)
    add_price(db, base, q, "9.50", D(2026, 1, 1))
    wholesale = add_type(db, "Опт", PriceTypeKind.WHOLESALE)
    add_price(db, wholesale, p, "2.25", D(2026, 1, 1))
    db.get(Client, a1).price_type_id = wholesale
    db.flush()
    on = D(2026, 3, 1)
    assert prices_for(db, client_id=a1, product_ids=[p, q], on=on) == {p: Decimal("2.25"), q: Decimal("9.50")}
    # no client: the base list, else the catalogue
    assert prices_for(db, client_id=None, product_ids=[p, q], on=on) == {p: Decimal("2.50"), q: Decimal("9.50")}
    assert prices_for(db, client_id=a1, product_ids=[], on=on) == {}


def test_another_clients_contract_list_is_never_a_clients_price_type(world, db):
    p = world.product_id
    theirs = add_type(db, "Договор Бета", PriceTypeKind.CONTRACT, client_id=world.clients["b1"])
    add_price(db, theirs, p, "1.00", D(2026, 1, 1))
    db.execute(Client.__table__.update().where(Client.id == world.clients["a1"]).values(price_type_id=theirs))
    assert price_for(db, client_id=world.clients["a1"], product_id=p, on=D(2026, 3, 1)) == Decimal("2.50")


@pytest.mark.parametrize(("price", "discount", "listed", "expected"), [
    ("100", "0", "100", "0"),
    ("90", "0", "100", "10.00"),
    ("90", "10", "100", "19.00"),  # 1 − 0.9 × 0.9
    ("110", "5", "100", "5"),  # above the list: only its own discount
    ("2.37", "0", "2.50", "5.20"),
    ("50", "3", None, "3"),
])
def test_effective_discount(price, discount, listed, expected):
    got = effective_discount(price=Decimal(price), discount_pct=Decimal(discount),
                             list_price=None if listed is None else Decimal(listed))
    assert got == Decimal(expected)


