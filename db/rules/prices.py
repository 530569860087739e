"""Which price a client pays for a product on a date, and how far a deal line's price is below it.

The chain, first price found wins (each price valid on the date: `valid_from <= on <= valid_to`,
an open `valid_to` running on):

1. the client's own contract list (an active price type of kind "contract" for that client);
2. the client's price type (`clients.price_type_id`, when active);
3. the base list (the active price type of kind "base");
4. the catalogue price, `Product.price`.

So the catalogue price is the base list's fallback: a product with no base price on the date is
sold at its catalogue price, and a company that never sets up price lists keeps working as before.
A list that has no price for a product on the date passes to the next one; a client on "wholesale"
pays the base price for what the wholesale list does not name.

The price a deal line's discount is measured against (the *list price*) is the same price: a line
priced below it gives a discount, `effective_discount`, which the discount caps and approvals see
(db/actions/deals.py). Queries and actions import this module; it only reads.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from .. import config
from ..models import Client, Price, PriceType, PriceTypeKind, Product

HUNDRED = Decimal("100")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class ListPrice:
    """A product's price for a client on a date and where it comes from (`price_type_id` None: the catalogue)."""

    product_id: int
    price: Decimal
    price_type_id: int | None
    price_type_name: str | None


def price_date(opened_at: dt.datetime | None, today: dt.date) -> dt.date:
    """The date a deal's prices are taken on: the company day it was opened (`today` for a new deal)."""
    if opened_at is None:
        return today
    opened = opened_at if opened_at.tzinfo else opened_at.replace(tzinfo=dt.UTC)
    return opened.astimezone(config.timezone()).date()


def valid_on(on: dt.date) -> ColumnElement[bool]:
    """Prices valid on the date: from `valid_from` to `valid_to`, both inclusive, an open end running on."""
    return and_(Price.valid_from <= on, or_(Price.valid_to.is_(None), Price.valid_to >= on))


def base_price_type_id(session: Session) -> int | None:
    """The active base list (the oldest, should a second one exist)."""
    return session.scalar(select(PriceType.id).where(PriceType.kind == PriceTypeKind.BASE,
                                                     PriceType.active.is_(True)).order_by(PriceType.id).limit(1))


def price_chain(session: Session, client_id: int | None) -> list[int]:
    """The price types asked in turn for a client: its contract list, its price type, the base list."""
    chain: list[int] = []
    if client_id is not None:
        contract = session.scalar(select(PriceType.id).where(
            PriceType.client_id == client_id, PriceType.kind == PriceTypeKind.CONTRACT,
            PriceType.active.is_(True)).order_by(PriceType.id).limit(1))
        if contract is not None:
            chain.append(contract)
        own = session.scalar(select(PriceType.id).join(Client, Client.price_type_id == PriceType.id).where(
            Client.id == client_id, PriceType.active.is_(True),
            # someone else's contract list is never another client's price type
            or_(PriceType.client_id.is_(None), PriceType.client_id == client_id)))
        if own is not None and own not in chain:
            chain.append(own)
    base = base_price_type_id(session)
    if base is not None and base not in chain:
        chain.append(base)
    return chain


def list_prices(session: Session, *, client_id: int | None, product_ids: Iterable[int],
                on: dt.date) -> dict[int, ListPrice]:
    """{product id: its list price for the client on the date}; a product that does not exist is left out.
    Two queries whatever the number of products."""
    ids = sorted({int(p) for p in product_ids})
    if not ids:
        return {}
    chain = price_chain(session, client_id)
    rank = {type_id: n for n, type_id in enumerate(chain)}
    found: dict[int, tuple[int, ListPrice]] = {}
    if chain:
        rows = session.execute(
            select(Price.product_id, Price.price, Price.price_type_id, PriceType.name)
            .join(PriceType, PriceType.id == Price.price_type_id)
            .where(Price.price_type_id.in_(chain), Price.product_id.in_(ids), valid_on(on))
            .order_by(Price.valid_from))
        for product_id, price, type_id, name in rows:
            n = rank[type_id]
            if product_id not in found or n < found[product_id][0]:
                found[product_id] = (n, ListPrice(product_id, Decimal(price), type_id, name))
    result = {product_id: listed for product_id, (_, listed) in found.items()}
    missing = [p for p in ids if p not in result]
    if missing:
        for product_id, price in session.execute(select(Product.id, Product.price).where(Product.id.in_(missing))):
            result[product_id] = ListPrice(product_id, Decimal(price), None, None)
    return result


def prices_for(session: Session, *, client_id: int | None, product_ids: Iterable[int],
               on: dt.date) -> dict[int, Decimal]:
    """{product id: the price the client pays on the date} for many products at once."""
    return {p: listed.price for p, listed in list_prices(session, client_id=client_id, product_ids=product_ids,
                                                         on=on).items()}


def price_for(session: Session, *, client_id: int | None, product_id: int, on: dt.date) -> Decimal | None:
    """The price the client pays for the product on the date (None: no such product)."""
    listed = list_prices(session, client_id=client_id, product_ids=[product_id], on=on).get(product_id)
    return listed.price if listed else None


def effective_discount(*, price: Decimal, discount_pct: Decimal, list_price: Decimal | None) -> Decimal:
    """A line's discount in percent measured against the list price: its own `discount_pct` combined with
    a price below the list, 1 − (price × (1 − discount)) / list price; rounded to hundredths.

    A price at or above the list gives the line's own discount (a price above the list does not buy a
    larger discount); no list price (or a zero one) leaves the line's own discount."""
    discount_pct = Decimal(discount_pct)
    if list_price is None or list_price <= 0 or price >= list_price:
        return discount_pct
    combined = HUNDRED - Decimal(price) * (HUNDRED - discount_pct) / Decimal(list_price)
    return min(HUNDRED, max(discount_pct, combined.quantize(CENT, rounding=ROUND_HALF_UP)))


def discount_from_list(*, price: Decimal, list_price: Decimal | None) -> Decimal:
    """How far a price is below the list price, in percent (0 when at or above it)."""
    return effective_discount(price=price, discount_pct=Decimal("0"), list_price=list_price)


@dataclass(frozen=True)
class Period:
    """One stored price of a product in a list."""

    id: int
    price: Decimal
    valid_from: dt.date
    valid_to: dt.date | None


@dataclass(frozen=True)
class PeriodPlan:
    """What setting a price does: nothing (`unchanged`), edit the period starting that day (`update_id`),
    or add a period (`update_id` None), closing the open one before it (`close_id`, to `closes_on`)."""

    unchanged: bool = False
    update_id: int | None = None
    close_id: int | None = None
    closes_on: dt.date | None = None


class PeriodOverlap(Exception):
    """The new period overlaps a stored one (not the open one it closes)."""

    def __init__(self, other: Period) -> None:
        super().__init__(other)
        self.other = other


def plan_period(periods: Iterable[Period], *, price: Decimal, valid_from: dt.date,
                valid_to: dt.date | None) -> PeriodPlan:
    """How a price from `valid_from` to `valid_to` (None: open) joins a product's stored periods in a list.

    - a period starting the same day is edited (its price and end), or left as it is when they agree —
      so importing the same price list again changes nothing;
    - otherwise a new period; when it has no end (a price change), the open period that started
      before it ends the day before;
    - a new or edited period overlapping any other is refused (PeriodOverlap), naming that period —
      so a period with an end inside an open one is refused rather than closing it: that would
      leave the product without a price in the list after the period ends.
    """
    stored = list(periods)
    same = next((p for p in stored if p.valid_from == valid_from), None)
    if same is not None:
        if same.price == price and same.valid_to == valid_to:
            return PeriodPlan(unchanged=True)
        _refuse_overlap([p for p in stored if p.id != same.id], valid_from, valid_to)
        return PeriodPlan(update_id=same.id)
    closing = None
    if valid_to is None:
        closing = max((p for p in stored if p.valid_to is None and p.valid_from < valid_from),
                      key=lambda p: p.valid_from, default=None)
    _refuse_overlap([p for p in stored if closing is None or p.id != closing.id], valid_from, valid_to)
    if closing is None:
        return PeriodPlan()
    return PeriodPlan(close_id=closing.id, closes_on=valid_from - dt.timedelta(days=1))


def _refuse_overlap(others: list[Period], start: dt.date, end: dt.date | None) -> None:
    for other in sorted(others, key=lambda p: p.valid_from):
        if (end is None or other.valid_from <= end) and (other.valid_to is None or other.valid_to >= start):
            raise PeriodOverlap(other)
