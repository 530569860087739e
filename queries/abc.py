"""ABC classes of clients: who brings the money.

Over a period, clients are ranked by what they bought (shipments, or margin
where the cost is known). A client is A while the clients ranked above it
bring less than 80 % of the total, B below 95 %, C after that (thresholds
configurable). Clients with equal revenue are ranked together and get the
same class; clients with nothing in the period are C.

Classes are the company's, not the viewer's: a client's class does not
depend on who looks. `client_classes` therefore ranks every client; the
functions that show clients to a viewer filter by access afterwards.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.models import Client, ClientStatus, Setting, Shipment

from .frame import frame

SETTING_KEY = "abc_thresholds"


@dataclass(frozen=True)
class Thresholds:
    a: Decimal = Decimal("80")  # cumulative % of the total where A ends
    b: Decimal = Decimal("95")  # ... and B ends


def thresholds(session: Session) -> Thresholds:
    value = session.scalar(select(Setting.value).where(Setting.key == SETTING_KEY))
    if isinstance(value, dict):
        return Thresholds(a=Decimal(str(value.get("a", 80))), b=Decimal(str(value.get("b", 95))))
    return Thresholds()


def period_ending(end: dt.date, months: int = 12) -> tuple[dt.date, dt.date]:
    """[start, end): the `months` whole months before `end`'s month, plus `end`'s month to date."""
    start = end.replace(day=1)
    for _ in range(months - 1):
        start = (start - dt.timedelta(days=1)).replace(day=1)
    return start, end + dt.timedelta(days=1)


def client_classes(session: Session, *, start: dt.date, end: dt.date, by: str = "revenue",
                   limits: Thresholds | None = None) -> pd.DataFrame:
    """Every active client with `value`, `share` (%), `cumulative_before` (%) and `abc`.

    `by` is "revenue" (shipped amount) or "margin" (amount minus cost, where
    the cost is known; lines without a cost count as no margin).
    """
    limits = limits or thresholds(session)
    amount = Shipment.amount if by == "revenue" else Shipment.amount - func.coalesce(Shipment.cost_amount,
                                                                                      Shipment.amount)
    per_client = (select(Shipment.client_id, func.sum(amount).label("value"))
                  .where(Shipment.shipped_on >= start, Shipment.shipped_on < end)
                  .group_by(Shipment.client_id).subquery())
    value = func.coalesce(per_client.c.value, 0)
    ranked = (
        select(
            Client.id.label("client_id"),
            value.label("value"),
            func.sum(value).over().label("total"),
            # Everything ranked strictly above: the running sum over ties, minus the ties.
            (func.sum(value).over(order_by=value.desc(), range_=(None, 0))
             - func.sum(value).over(partition_by=value)).label("before"),
        )
        .outerjoin(per_client, per_client.c.client_id == Client.id)
        .where(Client.status == ClientStatus.ACTIVE)
        .subquery()
    )
    share_before = case((ranked.c.total > 0, ranked.c.before * 100 / ranked.c.total), else_=literal(100))
    stmt = select(
        ranked.c.client_id,
        ranked.c.value,
        case((ranked.c.total > 0, ranked.c.value * 100 / ranked.c.total), else_=literal(0)).label("share"),
        share_before.label("cumulative_before"),
        case((ranked.c.value <= 0, "C"),
             (share_before < float(limits.a), "A"),
             (share_before < float(limits.b), "B"),
             else_="C").label("abc"),
    ).order_by(ranked.c.value.desc(), ranked.c.client_id)
    return frame(session, stmt)


def class_map(session: Session, *, today: dt.date | None = None, months: int = 12) -> dict[int, str]:
    """client id -> class over the last `months` months (what the list and card show)."""
    start, end = period_ending(today or access.today(), months)
    df = client_classes(session, start=start, end=end)
    return dict(zip(df["client_id"].astype(int), df["abc"], strict=True))


def visible_classes(session: Session, viewer: Viewer, *, today: dt.date | None = None,
                    months: int = 12) -> dict[int, str]:
    """The classes of the clients the viewer may see (a cached loader's friend)."""
    classes = class_map(session, today=today, months=months)
    scope = access.scope(session, viewer)
    if scope.everything:
        return classes
    visible = set(session.scalars(select(Client.id).where(scope.clients())))
    return {cid: cls for cid, cls in classes.items() if cid in visible}
