"""Price lists: the price a client pays (the rule is db/rules/prices.py), the lists and their prices.

Base, wholesale and large wholesale lists are catalogue data: everyone reads them. A contract list
is one client's and shows only to those who see that client (db/access.py): a manager never learns
another manager's client, nor its prices.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.errors import NotFound
from db.models import Client, Price, PriceType, PriceTypeKind, Product
from db.rules.prices import (
    ListPrice,
    discount_from_list,
    effective_discount,
    list_prices,
    price_for,
    prices_for,
    valid_on,
)

from .frame import frame

__all__ = ["ClientPriceType", "ListPrice", "PriceTypeInfo", "client_catalogue", "client_price_type",
           "discount_from_list", "effective_discount", "get_price_type", "list_price_types", "list_prices",
           "price_for", "price_history", "price_type_choices", "prices_for", "prices_on"]


def _visible_types(session: Session, viewer: Viewer) -> ColumnElement[bool]:
    """Common lists, and the contract lists of clients the viewer sees."""
    return or_(PriceType.client_id.is_(None), PriceType.client_id.in_(access.visible_client_ids(session, viewer)))


def list_price_types(session: Session, viewer: Viewer, *, include_inactive: bool = True) -> pd.DataFrame:
    """Price lists: id, name, kind, client (a contract list's), active, version; common lists first."""
    stmt = (select(PriceType.id, PriceType.name, PriceType.kind, PriceType.client_id,
                   Client.name.label("client"), PriceType.active, PriceType.version)
            .outerjoin(Client, Client.id == PriceType.client_id)
            .where(_visible_types(session, viewer))
            .order_by(PriceType.client_id.is_not(None), PriceType.kind, PriceType.name))
    if not include_inactive:
        stmt = stmt.where(PriceType.active.is_(True))
    return frame(session, stmt)


def price_type_choices(session: Session, viewer: Viewer) -> dict[int, str]:
    """{id: name} of the active common lists: what a client's price type may be set to."""
    return dict(session.execute(select(PriceType.id, PriceType.name).where(
        PriceType.active.is_(True), PriceType.client_id.is_(None)).order_by(PriceType.kind, PriceType.name)).all())


@dataclass(frozen=True)
class PriceTypeInfo:
    id: int
    name: str
    kind: str
    client_id: int | None
    client_name: str | None
    active: bool
    version: int


def get_price_type(session: Session, viewer: Viewer, price_type_id: int) -> PriceTypeInfo:
    row = session.execute(
        select(PriceType.id, PriceType.name, PriceType.kind, PriceType.client_id, Client.name, PriceType.active,
               PriceType.version)
        .outerjoin(Client, Client.id == PriceType.client_id)
        .where(PriceType.id == price_type_id, _visible_types(session, viewer))).one_or_none()
    if row is None:
        raise NotFound("Price list not found.")
    return PriceTypeInfo(*row)


def prices_on(session: Session, viewer: Viewer, *, price_type_id: int, on: dt.date) -> pd.DataFrame:
    """The prices of a list valid on the date, with the catalogue price beside them: product, sku, name,
    price, catalogue_price, vs_catalogue_pct, valid_from, valid_to, price_id."""
    get_price_type(session, viewer, price_type_id)  # not found, or not the viewer's client's
    stmt = (select(Price.id.label("price_id"), Product.id.label("product_id"), Product.sku, Product.name,
                   Price.price, Product.price.label("catalogue_price"), Price.valid_from, Price.valid_to)
            .join(Product, Product.id == Price.product_id)
            .where(Price.price_type_id == price_type_id, valid_on(on))
            .order_by(Product.sku))
    df = frame(session, stmt)
    df["vs_catalogue_pct"] = [
        None if not catalogue else ((Decimal(price) - Decimal(catalogue)) * 100 / Decimal(catalogue)).quantize(
            Decimal("0.1"))
        for price, catalogue in zip(df["price"], df["catalogue_price"], strict=True)]
    return df


def price_history(session: Session, viewer: Viewer, *, price_type_id: int, product_id: int) -> pd.DataFrame:
    """Every period of a product's price in a list, newest first: price_id, price, valid_from, valid_to."""
    get_price_type(session, viewer, price_type_id)
    return frame(session, select(Price.id.label("price_id"), Price.price, Price.valid_from, Price.valid_to)
                 .where(Price.price_type_id == price_type_id, Price.product_id == product_id)
                 .order_by(Price.valid_from.desc()))


@dataclass(frozen=True)
class ClientPriceType:
    """A client's price type for its card: the list it is on and its contract list, if any."""

    price_type_id: int | None
    price_type_name: str | None  # None: the base list
    contract_id: int | None
    contract_name: str | None
    contract_active: bool


def client_price_type(session: Session, viewer: Viewer, client_id: int) -> ClientPriceType:
    client = access.require_client(session, viewer, client_id)
    own = session.get(PriceType, client.price_type_id) if client.price_type_id else None
    contract = session.scalars(select(PriceType).where(
        PriceType.client_id == client.id, PriceType.kind == PriceTypeKind.CONTRACT).order_by(
        PriceType.active.desc(), PriceType.id)).first()
    return ClientPriceType(own.id if own else None, own.name if own else None,
                           contract.id if contract else None, contract.name if contract else None,
                           bool(contract and contract.active))


def client_catalogue(session: Session, viewer: Viewer, *, client_id: int, on: dt.date) -> pd.DataFrame:
    """The active catalogue for a client's deal lines, at the client's list prices on the date: id, sku, name,
    unit, price, price_list (the list's name; None: the catalogue price)."""
    access.require_client(session, viewer, client_id)
    df = frame(session, select(Product.id, Product.sku, Product.name, Product.unit)
               .where(Product.active.is_(True)).order_by(Product.name, Product.sku))
    listed = list_prices(session, client_id=client_id, product_ids=[int(i) for i in df["id"]], on=on)
    df["price"] = [listed[int(i)].price for i in df["id"]]
    df["price_list"] = [listed[int(i)].price_type_name for i in df["id"]]
    return df
