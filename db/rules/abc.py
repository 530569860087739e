"""ABC classes of clients: who brings the money.

Over a period, clients are ranked by what they bought (shipments, or margin
where the cost is known). A client is A while the clients ranked above it
bring less than 80 % of the total, B below 95 %, C after that (thresholds
configurable). Clients with equal revenue are ranked together and get the
same class; clients with nothing in the period are C.

Classes are the company's, not the viewer's: a client's class does not
depend on who looks. `client_classes` therefore ranks every client; the
functions that show clients to a viewer filter by access afterwards.

XYZ (`client_abc_xyz`) says how steadily a client buys: the coefficient of
variation of its monthly purchases. The default limits (X up to 25 %, Y up
to 50 %) are wider than the textbook 10/25 % for the demand for a product: a
wholesale client's orders are lumpy, and at 10/25 nearly every client is Z,
which tells a manager nothing. Both sets of limits are company settings.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from sqlalchemy import Float, case, func, literal, select, type_coerce
from sqlalchemy.orm import Session

from .. import access
from ..models import Client, ClientStatus, Setting, Shipment
from .frame import frame
from .periods import month_of, month_starts, whole_months_end

SETTING_KEY = "abc_thresholds"
XYZ_SETTING_KEY = "xyz_thresholds"


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
    """[start, end): `months` calendar months ending with `end`'s month, that one up to `end`
    (inclusive) — the `months` − 1 whole months before it and `end`'s month to date. For
    4 December 2026 and 12: 1 January – 4 December 2026. For the last day of a month, `months`
    whole months."""
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
    per_client = (select(Shipment.client_id, func.sum(_basis(by)).label("value"))
                  .where(Shipment.shipped_on >= start, Shipment.shipped_on < end)
                  .group_by(Shipment.client_id).subquery())
    return frame(session, _ranked(per_client, limits or thresholds(session)))


def _basis(by: str):
    if by == "revenue":
        return Shipment.amount
    return Shipment.amount - func.coalesce(Shipment.cost_amount, Shipment.amount)


def _ranked(per_client, limits: Thresholds, extra: tuple[str, ...] = ()):
    """Every active client ranked by `per_client.c.value` (absent: 0), with its class;
    `extra` columns of `per_client` are carried through."""
    # Rounded to kopecks: SQLite sums money as floats, and equal sums must tie.
    value = func.round(func.coalesce(per_client.c.value, 0), 2)
    ranked = (
        select(
            Client.id.label("client_id"),
            value.label("value"),
            func.sum(value).over().label("total"),
            # Everything ranked strictly above: the running sum over ties, minus the ties.
            (func.sum(value).over(order_by=value.desc(), range_=(None, 0))
             - func.sum(value).over(partition_by=value)).label("before"),
            *(per_client.c[name] for name in extra),
        )
        .outerjoin(per_client, per_client.c.client_id == Client.id)
        .where(Client.status == ClientStatus.ACTIVE)
        .subquery()
    )
    share_before = case((ranked.c.total > 0, ranked.c.before * 100 / ranked.c.total), else_=literal(100))
    # Floats, not Decimals: turning 20,000 rows of sums into Decimals costs more than the
    # ranking itself, and shares and classes need no kopecks.
    return select(
        ranked.c.client_id,
        type_coerce(ranked.c.value, Float).label("value"),
        type_coerce(case((ranked.c.total > 0, ranked.c.value * 100 / ranked.c.total), else_=literal(0)),
                    Float).label("share"),
        type_coerce(share_before, Float).label("cumulative_before"),
        case((ranked.c.value <= 0, "C"),
             (share_before < float(limits.a), "A"),
             (share_before < float(limits.b), "B"),
             else_="C").label("abc"),
        *(type_coerce(ranked.c[name], Float).label(name) for name in extra),
    ).order_by(ranked.c.value.desc(), ranked.c.client_id)


@dataclass(frozen=True)
class XyzLimits:
    x: Decimal = Decimal("25")  # coefficient of variation, %, up to which (inclusive) a client is X
    y: Decimal = Decimal("50")  # ... and Y; above it, Z


def xyz_limits(session: Session) -> XyzLimits:
    value = session.scalar(select(Setting.value).where(Setting.key == XYZ_SETTING_KEY))
    if isinstance(value, dict):
        return XyzLimits(x=Decimal(str(value.get("x", 25))), y=Decimal(str(value.get("y", 50))))
    return XyzLimits()


def client_abc_xyz(session: Session, *, start: dt.date, end: dt.date, by: str = "revenue",
                   limits: Thresholds | None = None, xyz: XyzLimits | None = None) -> pd.DataFrame:
    """`client_classes` plus XYZ, in one pass over the period's shipments.

    XYZ is the coefficient of variation (population standard deviation ÷ mean,
    %) of the client's monthly purchases (shipped amount) over the whole months
    of the period — a month still running is left out; a month without
    purchases counts as 0. Adds `cv` and `xyz` (None for a client who bought
    nothing in those months).
    """
    xyz = xyz or xyz_limits(session)
    whole_end = whole_months_end(end)
    month = month_of(session, Shipment.shipped_on)
    per_month = (select(Shipment.client_id, month.label("month"), func.sum(_basis(by)).label("value"),
                        func.sum(Shipment.amount).label("revenue"))
                 .where(Shipment.shipped_on >= start, Shipment.shipped_on < end)
                 .group_by(Shipment.client_id, month).subquery())
    whole = per_month.c.month < whole_end
    per_client = (select(per_month.c.client_id, func.sum(per_month.c.value).label("value"),
                         func.sum(case((whole, per_month.c.revenue), else_=0)).label("s1"),
                         func.sum(case((whole, per_month.c.revenue * per_month.c.revenue), else_=0)).label("s2"))
                  .group_by(per_month.c.client_id).subquery())
    df = frame(session, _ranked(per_client, limits or thresholds(session), extra=("s1", "s2")))
    n = len(month_starts(start, whole_end)) if whole_end > start else 0
    df["cv"], df["xyz"] = _xyz(df.pop("s1"), df.pop("s2"), n, xyz)
    return df


def _xyz(s1: pd.Series, s2: pd.Series, n: int, limits: XyzLimits) -> tuple[pd.Series, pd.Series]:
    """CV (%) and class from the sum and the sum of squares of `n` monthly values."""
    s1 = pd.to_numeric(s1, errors="coerce").fillna(0.0).astype("float64")
    s2 = pd.to_numeric(s2, errors="coerce").fillna(0.0).astype("float64")
    if n == 0:
        return pd.Series(float("nan"), index=s1.index), pd.Series([None] * len(s1), index=s1.index, dtype=object)
    mean = s1 / n
    variance = (s2 / n - mean * mean).clip(lower=0)  # float noise can dip below 0
    cv = (variance.pow(0.5) / mean.where(mean > 0) * 100).round(4)
    klass = [None if c != c else "X" if c <= float(limits.x) else "Y" if c <= float(limits.y) else "Z" for c in cv]
    return cv, pd.Series(klass, index=s1.index, dtype=object)


def class_map(session: Session, *, today: dt.date | None = None, months: int = 12) -> dict[int, str]:
    """client id -> class over the last `months` months (what the list and card show)."""
    start, end = period_ending(today or access.today(), months)
    df = client_classes(session, start=start, end=end)
    return dict(zip(df["client_id"].astype(int), df["abc"], strict=True))
