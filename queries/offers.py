"""What to offer a client: the product groups its segment buys that it does not (yet).

The segment is the client's own values of the chosen dimensions (industry, size
segment, territory), among the viewer's clients — a manager compares a client
with their own other clients of the same kind.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Float, func, select, type_coerce
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.models import Client, Industry, Product, ProductGroup, Shipment, Territory

from db.rules.periods import ending_with
from .frame import frame
from .segments import COLUMNS, Segment, _in_scope, _visible_clients, dimensions


@dataclass(frozen=True)
class Offers:
    rows: pd.DataFrame  # group_id, group, buyers, penetration (%), revenue, per_buyer
    segment: Segment  # the client's segment
    labels: dict[str, str | None]  # dimension -> the client's value as shown (name; size as stored)
    segment_clients: int  # the viewer's active clients in the segment, the client included
    bought: tuple[str, ...]  # the groups the client bought in the period
    start: dt.date
    end: dt.date  # exclusive


def offers(session: Session, viewer: Viewer, *, client_id: int, dims=(), months: int = 12,
           end_month: dt.date | None = None, today: dt.date | None = None) -> Offers:
    """Groups bought in the period by the client's segment and not by the client, the most
    widely bought first: `buyers` (segment clients who bought the group), `penetration`
    (% of the segment's clients), `revenue`, `per_buyer` (revenue ÷ buyers)."""
    client = access.require_client(session, viewer, client_id)
    dims = dimensions(dims)
    start, end = ending_with(today or access.today(), max(1, min(int(months), 36)), end_month)
    segment: Segment = tuple((d, getattr(client, COLUMNS[d].key)) for d in dims)
    in_period = (Shipment.shipped_on >= start, Shipment.shipped_on < end)
    bought_ids = (select(Product.group_id).join(Shipment, Shipment.product_id == Product.id)
                  .where(Shipment.client_id == client_id, *in_period, Product.group_id.is_not(None)).distinct())
    bought = tuple(session.scalars(select(ProductGroup.name).where(ProductGroup.id.in_(bought_ids))
                                   .order_by(ProductGroup.name)))
    members = session.scalar(select(func.count()).select_from(_visible_clients(session, viewer, segment).subquery()))
    per_product = (select(Shipment.client_id, Shipment.product_id, func.sum(Shipment.amount).label("value"))
                   .where(*in_period, _in_scope(session, viewer, segment))
                   .group_by(Shipment.client_id, Shipment.product_id).subquery())
    buyers = func.count(func.distinct(per_product.c.client_id))
    stmt = (select(Product.group_id, ProductGroup.name.label("group"), buyers.label("buyers"),
                   type_coerce(func.sum(per_product.c.value), Float).label("revenue"))
            .select_from(per_product).join(Product, Product.id == per_product.c.product_id)
            .join(ProductGroup, ProductGroup.id == Product.group_id)
            .where(Product.group_id.not_in(bought_ids), ProductGroup.active.is_(True))
            .group_by(Product.group_id, ProductGroup.name)
            .order_by(buyers.desc(), func.sum(per_product.c.value).desc(), ProductGroup.name))
    rows = frame(session, stmt)
    rows["penetration"] = rows["buyers"] * 100.0 / members if members else 0.0
    rows["per_buyer"] = rows["revenue"] / rows["buyers"].where(rows["buyers"] > 0)
    return Offers(rows=rows, segment=segment, labels=_labels(session, client, dims),
                  segment_clients=members or 0, bought=bought, start=start, end=end)


def _labels(session: Session, client: Client, dims: tuple[str, ...]) -> dict[str, str | None]:
    labels: dict[str, str | None] = {}
    if "industry" in dims:
        labels["industry"] = session.get_one(Industry, client.industry_id).name if client.industry_id else None
    if "size" in dims:
        labels["size"] = client.size_segment
    if "territory" in dims:
        labels["territory"] = session.get_one(Territory, client.territory_id).name if client.territory_id else None
    return labels


def segment_clients(session: Session, viewer: Viewer, *, segment: Segment = (), limit: int = 2000) -> pd.DataFrame:
    """The viewer's active clients of a segment (id, name), by name: a picker's options."""
    stmt = (select(Client.id, Client.name).where(Client.id.in_(_visible_clients(session, viewer, segment)))
            .order_by(Client.name, Client.id).limit(limit))
    return frame(session, stmt)
