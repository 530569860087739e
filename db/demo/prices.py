"""Price lists (issue 20): base, wholesale and large wholesale from the catalogue, one past price rise,
key and large clients on the wholesale lists, two key accounts with contract prices.

- **Base** (Базовая): the catalogue price since the last rise RISE_DAYS ago; before it, the price
  RISE lower, from the start of the history. So the base list today is the catalogue.
- **Wholesale** (Оптовая) and **large wholesale** (Крупный опт): WHOLESALE and LARGE below the base,
  with the same two periods.
- Key clients buy at large wholesale, large clients at wholesale, a share of medium ones
  (MEDIUM_WHOLESALE) at wholesale too; small ones at the base list.
- The two first active key clients have contract prices: CONTRACT below the base on the products of the
  groups they buy, from CONTRACT_DAYS ago.

Roubles are rounded as a price list is: whole roubles from 100 ₽, kopecks below. Its own random stream,
the last step, so nothing else in the demo changes.
"""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import update

from ..models import Client, Price, PriceType
from .bulk import Writer
from .context import Ctx

RISE_DAYS = 75  # the last price rise, days before today
RISE = Decimal("0.06")
WHOLESALE = Decimal("0.05")
LARGE = Decimal("0.10")
CONTRACT = Decimal("0.13")
CONTRACT_DAYS = 120
MEDIUM_WHOLESALE = 0.3
HISTORY_DAYS = 730
LISTS = [  # id, name, kind, below the base
    (1, "Базовая", "base", Decimal("0")),
    (2, "Оптовая", "wholesale", WHOLESALE),
    (3, "Крупный опт", "large_wholesale", LARGE),
]


def list_price(base_kop: int, below: Decimal) -> Decimal:
    price = Decimal(base_kop) / 100 * (1 - below)
    step = Decimal("1") if price >= 100 else Decimal("0.01")
    return price.quantize(step, rounding=ROUND_HALF_UP).quantize(Decimal("0.01"))


def load(ctx: Ctx, w: Writer) -> None:
    rng = ctx.rng("prices")
    created = ctx.horizon - dt.timedelta(days=HISTORY_DAYS)
    rise_on = ctx.today - dt.timedelta(days=RISE_DAYS)
    start = ctx.today - dt.timedelta(days=HISTORY_DAYS)
    contracts = [c for c in ctx.clients if c.segment == "key" and not c.archived][:2]
    types = [{"id": i, "name": name, "kind": kind, "client_id": None, "active": True, "version": 1,
              "created_at": created} for i, name, kind, _below in LISTS]
    for n, client in enumerate(contracts, start=len(LISTS) + 1):
        types.append({"id": n, "name": f"Договор: {client.name}"[:200], "kind": "contract", "client_id": client.id,
                      "active": True, "version": 1,
                      "created_at": ctx.horizon - dt.timedelta(days=CONTRACT_DAYS)})
    w.insert(PriceType.__table__, types)
    rows: list[dict] = []
    for type_id, _name, _kind, below in LISTS:
        for product in ctx.products:
            before = int((Decimal(product.price_kop) / (1 + RISE)).to_integral_value(rounding=ROUND_HALF_UP))
            rows.append({"price_type_id": type_id, "product_id": product.id, "price": list_price(before, below),
                         "valid_from": start, "valid_to": rise_on - dt.timedelta(days=1), "created_at": created})
            rows.append({"price_type_id": type_id, "product_id": product.id,
                         "price": list_price(product.price_kop, below), "valid_from": rise_on, "valid_to": None,
                         "created_at": ctx.horizon - dt.timedelta(days=RISE_DAYS + 7)})
    for type_id, client in enumerate(contracts, start=len(LISTS) + 1):
        for product in ctx.products:
            if product.group_id in client.groups:
                rows.append({"price_type_id": type_id, "product_id": product.id,
                             "price": list_price(product.price_kop, CONTRACT),
                             "valid_from": ctx.today - dt.timedelta(days=CONTRACT_DAYS), "valid_to": None,
                             "created_at": ctx.horizon - dt.timedelta(days=CONTRACT_DAYS)})
    w.insert(Price.__table__, rows)
    on_list: dict[int, list[int]] = {2: [], 3: []}
    for client in ctx.clients:
        if client.segment == "key":
            on_list[3].append(client.id)
        elif client.segment == "large" or (client.segment == "medium" and rng.random() < MEDIUM_WHOLESALE):
            on_list[2].append(client.id)
    for type_id, ids in on_list.items():
        for begin in range(0, len(ids), 500):
            w.conn.execute(update(Client.__table__).where(Client.id.in_(ids[begin:begin + 500]))
                           .values(price_type_id=type_id))
