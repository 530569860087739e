"""Segments of the viewer's clients (by industry, size segment, territory), the leaders of
a segment in a product group, and what to offer a client that its segment already buys.

A segment is a tuple of (dimension, value) pairs, e.g. (("industry", 3), ("size", "large"));
a value of None means "not set". Every figure counts the viewer's clients only: a
manager's segments are made of their own clients.

Shipments are summed per client (and product group) first, from the covering index, and
only then joined to clients: joined line by line, SQLite picks a plan that reads the
table a line at a time (seconds instead of tenths at a million lines).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import ColumnElement, Float, and_, case, func, literal, or_, select, true, type_coerce
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.models import Client, ClientStatus, Industry, Product, ProductGroup, Shipment, Territory, User

from .frame import frame
from db.rules.periods import ending_with, same_dates_before

DIMENSIONS = ("industry", "size", "territory")
COLUMNS = {"industry": Client.industry_id, "size": Client.size_segment, "territory": Client.territory_id}
RANKINGS = ("purchases", "growth", "discipline")
Segment = tuple[tuple[str, object], ...]


def dimensions(dims) -> tuple[str, ...]:
    """The known dimensions among `dims`, in their canonical order."""
    wanted = set(dims or ())
    return tuple(d for d in DIMENSIONS if d in wanted)


def segment_condition(segment: Segment):
    """WHERE on clients: in this segment (unknown dimensions are ignored)."""
    parts = [COLUMNS[dim].is_(None) if value is None else COLUMNS[dim] == value
             for dim, value in segment if dim in COLUMNS]
    return and_(*parts) if parts else true()


def _plain(value):
    """A segment value as a plain Python value (pandas turns int columns with gaps into floats)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value.item() if hasattr(value, "item") else value


def _keys(df: pd.DataFrame, dims: tuple[str, ...]) -> list[Segment]:
    cols = {"industry": "industry_id", "size": "size", "territory": "territory_id"}
    if not dims:
        return [()] * len(df)
    columns = [[_plain(v) for v in df[cols[d]]] for d in dims]
    return [tuple(zip(dims, values, strict=True)) for values in zip(*columns, strict=True)]


def _visible_clients(session: Session, viewer: Viewer, segment: Segment = ()):
    return select(Client.id).where(access.scope(session, viewer).clients(), Client.status == ClientStatus.ACTIVE,
                                   segment_condition(segment))


def _in_scope(session: Session, viewer: Viewer, segment: Segment = ()):
    """Shipments of the viewer's clients (no condition at all for a director: no IN list)."""
    if access.scope(session, viewer).everything and not segment:
        return true()
    return Shipment.client_id.in_(_visible_clients(session, viewer, segment))


def _dimension_columns(dims: tuple[str, ...]):
    """(select columns, group-by columns, outer joins) for the chosen dimensions."""
    cols, group = [], []
    joins: list[tuple[type[Industry] | type[Territory], ColumnElement[bool]]] = []
    if "industry" in dims:
        cols += [Client.industry_id, Industry.name.label("industry")]
        group += [Client.industry_id, Industry.name]
        joins.append((Industry, Client.industry_id == Industry.id))
    if "size" in dims:
        cols.append(Client.size_segment.label("size"))
        group.append(Client.size_segment)
    if "territory" in dims:
        cols += [Client.territory_id, Territory.name.label("territory")]
        group += [Client.territory_id, Territory.name]
        joins.append((Territory, Client.territory_id == Territory.id))
    return cols, group, joins


@dataclass(frozen=True)
class SegmentView:
    segments: pd.DataFrame  # segment, dimension columns, clients, buyers, revenue, share
    mix: pd.DataFrame  # segment, group_id, group, revenue, buyers, share (of the segment's revenue)
    start: dt.date
    end: dt.date  # exclusive


def segments(session: Session, viewer: Viewer, *, dims=(), months: int = 12, end_month: dt.date | None = None,
             today: dt.date | None = None) -> SegmentView:
    """The viewer's active clients split by `dims`: how many, how many bought in the
    period (`months` months ending with `end_month`, default today's: see ending_with),
    for how much, and the mix of product groups they bought."""
    dims = dimensions(dims)
    start, end = ending_with(today or access.today(), max(1, min(int(months), 36)), end_month)
    cols, group, joins = _dimension_columns(dims)
    in_period = and_(Shipment.shipped_on >= start, Shipment.shipped_on < end, _in_scope(session, viewer))
    per_client = (select(Shipment.client_id, func.sum(Shipment.amount).label("value"))
                  .where(in_period).group_by(Shipment.client_id).subquery())
    stmt = select(*cols, func.count(Client.id).label("clients"),
                  func.sum(case((per_client.c.value > 0, 1), else_=0)).label("buyers"),
                  type_coerce(func.coalesce(func.sum(per_client.c.value), 0), Float).label("revenue")
                  ).select_from(Client).outerjoin(per_client, per_client.c.client_id == Client.id)
    for table, on in joins:
        stmt = stmt.outerjoin(table, on)
    stmt = stmt.where(access.scope(session, viewer).clients(), Client.status == ClientStatus.ACTIVE)
    seg = frame(session, stmt.group_by(*group) if group else stmt)
    seg.insert(0, "segment", _keys(seg, dims))
    total = seg["revenue"].sum()
    seg["share"] = seg["revenue"] * 100.0 / total if total else 0.0
    seg = seg.sort_values("revenue", ascending=False, kind="stable").reset_index(drop=True)

    per_group = _per_client_group(session, in_period)
    mix_stmt = (select(*cols, per_group.c.group_id, ProductGroup.name.label("group"),
                       type_coerce(func.sum(per_group.c.value), Float).label("revenue"),
                       func.count(per_group.c.client_id).label("buyers"))
                .select_from(per_group).outerjoin(ProductGroup, ProductGroup.id == per_group.c.group_id)
                .join(Client, Client.id == per_group.c.client_id))
    for table, on in joins:
        mix_stmt = mix_stmt.outerjoin(table, on)
    mix_stmt = mix_stmt.where(Client.status == ClientStatus.ACTIVE).group_by(*group, per_group.c.group_id,
                                                                             ProductGroup.name)
    mix = frame(session, mix_stmt)
    mix.insert(0, "segment", _keys(mix, dims))
    seg_revenue = dict(zip(seg["segment"], seg["revenue"], strict=True))
    mix["share"] = [r * 100.0 / seg_revenue[s] if seg_revenue.get(s) else 0.0
                    for s, r in zip(mix["segment"], mix["revenue"], strict=True)]
    mix = mix.sort_values(["revenue"], ascending=False, kind="stable").reset_index(drop=True)
    return SegmentView(segments=seg, mix=mix, start=start, end=end)


def _per_client_group(session: Session, in_period):
    """Per client and product group, the shipped amount of the lines `in_period` (a subquery)."""
    if session.get_bind().dialect.name == "postgresql":
        # Joined: PostgreSQL hashes the small products table (a lookup per line took it 2 s for
        # the director's year at --scale large, issue 19).
        return (select(Shipment.client_id, Product.group_id.label("group_id"),
                       func.sum(Shipment.amount).label("value"))
                .join(Product, Product.id == Shipment.product_id)
                .where(in_period).group_by(Shipment.client_id, Product.group_id).subquery())
    # The group of each line by a lookup into the small products table: joined, SQLite
    # walks the products first and reads the shipments table line by line.
    group_of = select(Product.group_id).where(Product.id == Shipment.product_id).scalar_subquery()
    return (select(Shipment.client_id, group_of.label("group_id"), func.sum(Shipment.amount).label("value"))
            .where(in_period).group_by(Shipment.client_id, group_of).subquery())


def leaders(session: Session, viewer: Viewer, *, segment: Segment = (), group_id: int, months: int = 12,
            end_month: dt.date | None = None, rank_by: str = "purchases",
            today: dt.date | None = None) -> pd.DataFrame:
    """The segment's buyers of a product group, ranked: `rank` (ties share it), client,
    owner, `purchases` of the group in the period, `previous` (the same dates `months`
    months earlier: like for like, so that a period running to today is not set against
    whole months), `growth` (%; None when nothing was bought before), `discipline` (% of
    what was shipped in the period and fell due by today that was paid by its due date;
    None when nothing fell due). Ranked by `rank_by`, then by the other two; None ranks last.
    The two periods: `growth_periods`."""
    today = today or access.today()
    months = max(1, min(int(months), 36))
    start, end, prev_start, prev_end = growth_periods(today, months, end_month)
    in_group = Shipment.product_id.in_(select(Product.id).where(Product.group_id == group_id))
    purchases = (select(Shipment.client_id,
                        func.sum(case((Shipment.shipped_on >= start, Shipment.amount), else_=0)).label("cur"),
                        func.sum(case((Shipment.shipped_on < prev_end, Shipment.amount), else_=0)).label("prev"))
                 .where(Shipment.shipped_on >= prev_start, Shipment.shipped_on < end,
                        or_(Shipment.shipped_on >= start, Shipment.shipped_on < prev_end), in_group,
                        _in_scope(session, viewer, segment))
                 .group_by(Shipment.client_id).subquery())
    fell_due = Shipment.payment_due_on <= today
    on_time = and_(fell_due, Shipment.paid_on.is_not(None), Shipment.paid_on <= Shipment.payment_due_on)
    payments = (select(Shipment.client_id,
                       func.sum(case((fell_due, Shipment.amount), else_=0)).label("due"),
                       func.sum(case((on_time, Shipment.amount_paid), else_=0)).label("on_time"))
                .where(Shipment.shipped_on >= start, Shipment.shipped_on < end, _in_scope(session, viewer, segment))
                .group_by(Shipment.client_id).subquery())
    cur, prev = purchases.c.cur, purchases.c.prev
    growth = case((prev > 0, (cur - prev) * 100.0 / prev), else_=None)
    due, paid = payments.c.due, payments.c.on_time
    discipline = case((due > 0, case((paid >= due, literal(100.0)), else_=paid * 100.0 / due)), else_=None)
    keys = {"purchases": cur.desc(), "growth": growth.desc().nulls_last(),
            "discipline": discipline.desc().nulls_last()}
    rank_by = rank_by if rank_by in RANKINGS else "purchases"
    order = [keys[rank_by], *(keys[k] for k in RANKINGS if k != rank_by)]
    stmt = (select(func.rank().over(order_by=order).label("rank"), Client.id.label("client_id"), Client.name,
                   Client.owner_id, User.full_name.label("owner"), type_coerce(cur, Float).label("purchases"),
                   type_coerce(prev, Float).label("previous"), type_coerce(growth, Float).label("growth"),
                   type_coerce(discipline, Float).label("discipline"))
            .select_from(purchases).join(Client, Client.id == purchases.c.client_id)
            .outerjoin(payments, payments.c.client_id == Client.id)
            .outerjoin(User, User.id == Client.owner_id)
            .where(cur > 0, Client.status == ClientStatus.ACTIVE)
            .order_by(*order, Client.name, Client.id))
    return frame(session, stmt)


def growth_periods(today: dt.date, months: int,
                   end_month: dt.date | None = None) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    """The leaders' period (the segments' period, ending with `end_month`: default today) and
    the one their growth is measured against (the same dates `months` months earlier):
    start, end, prev_start, prev_end."""
    start, end = ending_with(today, months, end_month)
    return (start, end, *same_dates_before(start, end, months))
