"""The demo's price lists (issue 20): base = the catalogue today, after a past rise; wholesale and large
wholesale below it; key and large clients on them; two contract lists that come first for their clients."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Client, Price, PriceType, Product
from db.rules.prices import price_for, prices_for
from db.session import make_engine
from tests.demo_copy import demo_database

TODAY = dt.date.today()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "crm.sqlite3"
    # as load() leaves it (the password is test_demo's: the same load serves both modules)
    demo_database(tmp_path_factory, path, today=TODAY, password="demo-test-password")
    engine = make_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        yield session
    engine.dispose()


def test_the_lists_and_who_is_on_them(demo):
    kinds = dict(demo.execute(select(PriceType.kind, func.count()).group_by(PriceType.kind)).all())
    assert kinds == {"base": 1, "wholesale": 1, "large_wholesale": 1, "contract": 2}
    on = dict(demo.execute(select(PriceType.kind, func.count(Client.id))
                           .join(Client, Client.price_type_id == PriceType.id).group_by(PriceType.kind)).all())
    clients = demo.scalar(select(func.count(Client.id)))
    assert 0.15 < on["wholesale"] / clients < 0.45 and 0 < on["large_wholesale"] < on["wholesale"]
    assert not {"base", "contract"} & set(on)  # the base list is no one's own; contracts come by client


def test_prices_follow_the_catalogue_with_a_past_rise(demo):
    products = dict(demo.execute(select(Product.id, Product.price)).all())
    base = prices_for(demo, client_id=None, product_ids=products, on=TODAY)
    assert base == products  # the base list today is the catalogue
    earlier = prices_for(demo, client_id=None, product_ids=products, on=TODAY - dt.timedelta(days=200))
    assert all(earlier[p] < products[p] for p in products)  # a rise since
    wholesale_client = demo.scalar(select(Client.id).join(PriceType, Client.price_type_id == PriceType.id)
                                   .where(PriceType.kind == "wholesale").limit(1))
    got = prices_for(demo, client_id=wholesale_client, product_ids=products, on=TODAY)
    assert all(Decimal("0.93") <= got[p] / products[p] <= Decimal("0.97") for p in products)
    for contract in demo.scalars(select(PriceType).where(PriceType.kind == "contract")):
        listed = demo.scalars(select(Price).where(Price.price_type_id == contract.id)).all()
        assert listed
        sample = listed[0]
        assert price_for(demo, client_id=contract.client_id, product_id=sample.product_id, on=TODAY) == sample.price
        assert sample.price < products[sample.product_id] * Decimal("0.9")
