"""Writes on price lists: the lists themselves, prices with their validity periods, a client's price type.

Who: heads, the director and the administrator (`Can.MANAGE_PRICES`); a contract list (one client's
prices) only by those who see that client — the head of its manager's department, the director, the
administrator. Everyone reads the common lists (queries/prices.py).

Periods (db/rules/prices.plan_period): a new price closes the open one before it the day before it
starts; a period starting on the same day is edited; an overlap with another period is refused,
naming it. A price is never deleted: a period ends (its `valid_to`).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from i18n import N_

from ..access import Can, Viewer, can, require, require_client
from ..errors import NotFound, ValidationError
from ..models import Client, Price, PriceType, PriceTypeKind, Product
from ..rules.prices import Period, PeriodOverlap, plan_period
from ..rules.validate import Checks
from .base import apply_changes, audit, business_action, check_version, created, touch

KINDS = tuple(kind.value for kind in PriceTypeKind)
OVERLAP = N_("The period overlaps the price {price} valid from {start} to {end}: change that period or choose "
             "other dates.")
OVERLAP_OPEN = N_("The period overlaps the price {price} valid from {start} with no end: to replace it, give the "
                  "new price no end date; for a price for a while, end that one first.")


def _price_type(session: Session, viewer: Viewer, price_type_id: int) -> PriceType:
    """The list, if the viewer may change it (a contract list: of a client the viewer sees)."""
    require(viewer, Can.MANAGE_PRICES)
    price_type = session.get(PriceType, price_type_id)
    if price_type is None:
        raise NotFound("Price list not found.")
    if price_type.client_id is not None:
        require_client(session, viewer, price_type.client_id)
    return price_type


def _check_name(session: Session, v: Checks, name, exclude_id: int | None = None) -> str | None:
    value = v.text("name", name, max_len=200, required=True)
    # compared in Python: SQLite's lower() folds no Cyrillic (the lists are few)
    taken = {name.casefold() for name in session.scalars(select(PriceType.name).where(
        PriceType.id != (exclude_id or -1)))}
    if value and value.casefold() in taken:
        v.fail("name", "A price list with this name exists.")
    return value


def _check_single_base(session: Session, v: Checks, exclude_id: int | None = None) -> None:
    other = session.scalar(select(PriceType.name).where(
        PriceType.kind == PriceTypeKind.BASE, PriceType.active.is_(True), PriceType.id != (exclude_id or -1)))
    if other is not None:
        v.fail("kind", "There is an active base price list already ({name}): deactivate it first.", name=other)


@business_action
def create_price_type(session: Session, viewer: Viewer, *, name: str, kind: str,
                      client_id: int | None = None) -> PriceType:
    """A new price list; a contract list belongs to one client (one such list per client)."""
    require(viewer, Can.MANAGE_PRICES)
    v = Checks()
    value = _check_name(session, v, name)
    kind = v.choice("kind", kind, KINDS, required=True)
    if kind == PriceTypeKind.CONTRACT:
        if client_id is None:
            v.fail("client_id", "A contract price list belongs to a client: choose one.")
        else:
            client = require_client(session, viewer, client_id)
            other = session.scalar(select(PriceType.name).where(PriceType.client_id == client.id))
            if other is not None:
                v.fail("client_id", "The client has a contract price list already: {name}.", name=other)
    elif client_id is not None:
        v.fail("client_id", "Only a contract price list belongs to a client.")
    if kind == PriceTypeKind.BASE:
        _check_single_base(session, v)
    v.raise_if_any()
    price_type = PriceType(name=value, kind=kind, client_id=client_id if kind == PriceTypeKind.CONTRACT else None,
                           active=True, updated_by_id=viewer.user_id)
    session.add(price_type)
    session.flush()
    audit(session, viewer, action="create_price_type", entity="price_type", entity_id=price_type.id,
          changes=created({"name": value, "kind": kind, "client_id": price_type.client_id}))
    return price_type


@business_action
def update_price_type(session: Session, viewer: Viewer, *, price_type_id: int, expected_version: int | None,
                      name: str, active: bool) -> PriceType:
    """Rename a list, deactivate it (its clients then buy at the base list) or bring it back."""
    price_type = _price_type(session, viewer, price_type_id)
    check_version(session, price_type, expected_version)
    v = Checks()
    values = {"name": _check_name(session, v, name, exclude_id=price_type.id), "active": bool(active)}
    if values["active"] and not price_type.active and price_type.kind == PriceTypeKind.BASE:
        _check_single_base(session, v, exclude_id=price_type.id)
    v.raise_if_any()
    changes = apply_changes(price_type, values)
    if changes:
        touch(price_type, viewer)
        audit(session, viewer, action="update_price_type", entity="price_type", entity_id=price_type.id,
              changes=changes)
    return price_type


@business_action
def deactivate_price_type(session: Session, viewer: Viewer, *, price_type_id: int,
                          expected_version: int | None) -> PriceType:
    price_type = _price_type(session, viewer, price_type_id)
    check_version(session, price_type, expected_version)
    if price_type.active:
        price_type.active = False
        touch(price_type, viewer)
        audit(session, viewer, action="update_price_type", entity="price_type", entity_id=price_type.id,
              changes={"active": (True, False)})
    return price_type


def stored_periods(session: Session, price_type_id: int, product_id: int) -> list[Period]:
    return [Period(*row) for row in session.execute(
        select(Price.id, Price.price, Price.valid_from, Price.valid_to)
        .where(Price.price_type_id == price_type_id, Price.product_id == product_id))]


def overlap_message(exc: PeriodOverlap) -> tuple[str, dict]:
    """The refusal naming the period overlapped (the form's and the import's)."""
    other = exc.other
    params = {"price": other.price, "start": other.valid_from}  # formatted by the reader's locale
    if other.valid_to is None:
        return OVERLAP_OPEN, params
    return OVERLAP, {**params, "end": other.valid_to}


@business_action
def set_price(session: Session, viewer: Viewer, *, price_type_id: int, product_id: int, price,
              valid_from: dt.date | None, valid_to: dt.date | None = None,
              expected_version: int | None = None) -> Price | None:
    """A product's price in a list from `valid_from` to `valid_to` (inclusive; None: until a new price).
    Returns the period set, None when it was already so."""
    price_type = _price_type(session, viewer, price_type_id)
    check_version(session, price_type, expected_version)
    v = Checks()
    product = session.get(Product, product_id) if product_id is not None else None
    if product is None:
        v.fail("product_id", "Choose a product from the catalogue.")
    amount = v.money("price", price, required=True)
    start = v.date("valid_from", valid_from, required=True)
    end = v.date("valid_to", valid_to)
    if start and end and end < start:
        v.fail("valid_to", "The end of the period must not be before its start.")
    v.raise_if_any()
    assert product is not None and amount is not None and start is not None
    try:
        plan = plan_period(stored_periods(session, price_type.id, product.id), price=amount, valid_from=start,
                           valid_to=end)
    except PeriodOverlap as exc:
        raise ValidationError({"valid_from": overlap_message(exc)}) from exc
    if plan.unchanged:
        return None
    changes: dict[str, tuple] = {"product": (None, product.sku)}
    if plan.update_id is not None:
        row = session.get(Price, plan.update_id)
        assert row is not None
        changes |= {"valid_from": (start, start)} | apply_changes(row, {"price": amount, "valid_to": end})
    else:
        if plan.close_id is not None:
            closing = session.get(Price, plan.close_id)
            assert closing is not None
            changes["closed"] = (f"{closing.valid_from.isoformat()}…", plan.closes_on)
            closing.valid_to = plan.closes_on
            session.flush()  # the old period ends before the new one starts (and the unique key holds)
        row = Price(price_type_id=price_type.id, product_id=product.id, price=amount, valid_from=start,
                    valid_to=end, created_by_id=viewer.user_id)
        session.add(row)
        changes |= {"price": (None, amount), "valid_from": (None, start), "valid_to": (None, end)}
    touch(price_type, viewer)  # the list's version moves: a form loaded before is stale
    session.flush()
    audit(session, viewer, action="set_price", entity="price_type", entity_id=price_type.id, changes=changes)
    return row


def check_client_price_type(session: Session, viewer: Viewer, v: Checks, client: Client | None,
                            value: int | None) -> None:
    """A client's price type (the client form, db/actions/clients.py): an active common list; changing it
    is a pricing decision (`Can.MANAGE_PRICES`). None: the base list."""
    current = client.price_type_id if client is not None else None
    if value == current:
        return
    if not can(viewer, Can.MANAGE_PRICES):
        v.fail("price_type_id", "Only a head or the director sets a client's price type.")
        return
    if value is None:
        return
    price_type = session.get(PriceType, value)
    if price_type is None or not price_type.active or price_type.client_id is not None:
        v.fail("price_type_id", "Choose one of the offered values.")

