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
variation of its monthly purchases, counted from the month of its first
purchase ever (a client who started in September is not judged by the empty
months before it), and only once it has MIN_XYZ_MONTHS whole months behind it.
A wholesale client rarely buys every month, so the limits are read as a buying
rhythm: for orders of equal size made in k of n months the CV is √(n/k − 1),
i.e. 0 every month, 100 % every other month, 141 % every third, 173 % every
fourth, 316 % once in 11 months. The defaults, X up to 100 % and Y up to 150 %,
therefore mean X: buys at least every other month (or monthly with swings),
Y: about every third month, Z: rarer or in bursts. The textbook 10/25 % is for
the demand for a product; for clients it put 550 of 578 demo clients in Z and
none in X, which tells a manager nothing. Both sets of limits are company
settings.
"""
from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
from sqlalchemy import Float, case, func, literal, select, type_coerce
from sqlalchemy.orm import Session

from .. import access
from ..models import Client, ClientStatus, Setting, Shipment
from .frame import frame
from .periods import as_date, month_number, whole_months_end

SETTING_KEY = "abc_thresholds"
XYZ_SETTING_KEY = "xyz_thresholds"
MIN_XYZ_MONTHS = 3  # whole months since the first purchase before a client gets an XYZ class


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
    x: Decimal = Decimal("100")  # coefficient of variation, %, up to which (inclusive) a client is X
    y: Decimal = Decimal("150")  # ... and Y; above it, Z


def xyz_limits(session: Session) -> XyzLimits:
    value = session.scalar(select(Setting.value).where(Setting.key == XYZ_SETTING_KEY))
    if isinstance(value, dict):
        return XyzLimits(x=Decimal(str(value.get("x", XyzLimits.x))), y=Decimal(str(value.get("y", XyzLimits.y))))
    return XyzLimits()


def client_abc_xyz(session: Session, *, start: dt.date, end: dt.date, by: str = "revenue",
                   limits: Thresholds | None = None, xyz: XyzLimits | None = None) -> pd.DataFrame:
    """`client_classes` plus XYZ, from each client's monthly sums over the period.

    XYZ is the coefficient of variation (population standard deviation ÷ mean,
    %) of the client's monthly purchases (shipped amount) over the whole months
    of the period from the month of its first purchase ever (shipments before
    `start` count for that date) — a month still running is left out; a month
    without purchases counts as 0. Adds `first_month`, `months` (how many were
    counted), `cv` and `xyz` (None for a client with fewer than MIN_XYZ_MONTHS
    such months, or who bought nothing in them).
    """
    return abc_xyz_from(month_values(session, start=start, end=end, by=by), first_purchases(session, end=end),
                        active_clients(session), start=start, end=end, limits=limits or thresholds(session),
                        xyz=xyz or xyz_limits(session))


MONTH_COLUMNS = ("client_id", "month", "value", "revenue")


def month_values(session: Session, *, start: dt.date, end: dt.date, by: str = "revenue") -> pd.DataFrame:
    """Each client's shipments per month over [start, end): `client_id`, `month` (year × 12 + month − 1),
    `value` (the ranking's basis, `by`) and `revenue`, both in whole kopecks. The app keeps the closed
    days' part and reads the days since yesterday apart (queries/abc_report.company_abc_xyz)."""
    month = month_number(session, Shipment.shipped_on)
    rows = session.execute(select(Shipment.client_id, month, func.sum(_basis(by)), func.sum(Shipment.amount))
                           .where(Shipment.shipped_on >= start, Shipment.shipped_on < end,
                                  Shipment.client_id.is_not(None))
                           .group_by(Shipment.client_id, month)).all()
    clients, months, values, revenues = zip(*rows, strict=True) if rows else ((), (), (), ())

    def kopecks(sums) -> np.ndarray:
        # SQLite sums money as floats: a sum of whole kopecks is off by far less than half a kopeck.
        return np.round(np.array([0.0 if v is None else float(v) for v in sums], dtype="float64") * 100) \
            .astype("int64")

    return pd.DataFrame({"client_id": np.array(clients, dtype="int64"), "month": np.array(months, dtype="int64"),
                         "value": kopecks(values), "revenue": kopecks(revenues)}, columns=list(MONTH_COLUMNS))


def first_purchases(session: Session, *, end: dt.date, start: dt.date | None = None) -> dict[int, dt.date]:
    """Each client's first shipment in [start, end) (from the first line ever when `start` is None),
    by ix_shipments_client_shipped (one step per client)."""
    conditions = [Shipment.shipped_on < end, Shipment.client_id.is_not(None)]
    if start is not None:
        conditions.append(Shipment.shipped_on >= start)
    rows = session.execute(select(Shipment.client_id, func.min(Shipment.shipped_on))
                           .where(*conditions).group_by(Shipment.client_id))
    return {int(client): day for client, first in rows if (day := as_date(first)) is not None}


def active_clients(session: Session) -> list[int]:
    return [int(i) for i in session.scalars(select(Client.id).where(Client.status == ClientStatus.ACTIVE))]


def abc_xyz_from(months: pd.DataFrame, first_on: Mapping[int, dt.date], active: Iterable[int], *,
                 start: dt.date, end: dt.date, limits: Thresholds, xyz: XyzLimits) -> pd.DataFrame:
    """`client_abc_xyz`'s table from the monthly sums (`month_values`, several parts may be stacked:
    each client × month is summed), the first purchases and the active clients. Ranked in whole
    kopecks, as `classes_from` ranks: a client with its ties, below the sum of the values greater
    than its own; ordered by value, largest first, then by id."""
    ids = np.array(sorted({int(i) for i in active}), dtype="int64")
    whole_end = whole_months_end(end)
    whole_index = _month_index(whole_end)
    by_client = months.groupby("client_id")["value"].sum()
    whole = months[months["month"] < whole_index]
    per_month = whole.groupby(["client_id", "month"])["revenue"].sum().astype("float64") / 100  # roubles
    s1 = per_month.groupby(level="client_id").sum()
    s2 = (per_month * per_month).groupby(level="client_id").sum()
    values = by_client.reindex(ids, fill_value=0).to_numpy(dtype="int64")
    # Each distinct value once, in whole numbers (Python's: no overflow): what the values greater than
    # it bring (`before`) and so its class; every client then takes its value's.
    distinct, which, ties = np.unique(values, return_inverse=True, return_counts=True)
    total = sum(int(v) * int(n) for v, n in zip(distinct, ties, strict=True))
    a, b = Fraction(limits.a), Fraction(limits.b)
    class_of, before_pct = [""] * len(distinct), [100.0] * len(distinct)
    running = 0
    for i in range(len(distinct) - 1, -1, -1):  # largest first
        value = int(distinct[i])
        if value <= 0 or total <= 0:
            class_of[i] = "C"
        else:  # share_before < a  <=>  before * 100 * a.denominator < a.numerator * total: exact
            class_of[i] = ("A" if running * 100 * a.denominator < a.numerator * total
                           else "B" if running * 100 * b.denominator < b.numerator * total else "C")
        if total > 0:
            before_pct[i] = running * 100 / total
        running += value * int(ties[i])
    firsts = [first_on.get(int(c)) for c in ids]
    first_months = [f.replace(day=1) if f is not None else None for f in firsts]
    # len(month_starts(max(start, first_month), whole_end)), whole_end being a month's first day
    counted = [max(0, whole_index - _month_index(max(start, f))) if f is not None and whole_end > start else 0
               for f in first_months]
    df = pd.DataFrame({
        "client_id": ids, "value": values / 100,
        "share": values * 100 / total if total > 0 else np.zeros(len(ids)),
        "cumulative_before": np.array(before_pct, dtype="float64")[which] if len(ids) else np.zeros(0),
        "abc": pd.Series(np.array(class_of, dtype=object)[which] if len(ids) else [], dtype=object),
        "first_month": pd.Series(first_months, dtype=object), "months": np.array(counted, dtype="int64"),
    })
    df = df.iloc[np.lexsort((ids, -values))].reset_index(drop=True)
    df["cv"], df["xyz"] = _xyz(df["client_id"].map(s1), df["client_id"].map(s2), df["months"], xyz)
    return df


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _xyz(s1: pd.Series, s2: pd.Series, months: pd.Series, limits: XyzLimits) -> tuple[pd.Series, pd.Series]:
    """CV (%) and class from the sum and the sum of squares of each client's `months`
    monthly values (fewer than MIN_XYZ_MONTHS: no CV, no class)."""
    s1 = pd.to_numeric(s1, errors="coerce").fillna(0.0).astype("float64")
    s2 = pd.to_numeric(s2, errors="coerce").fillna(0.0).astype("float64")
    n = pd.to_numeric(months, errors="coerce").fillna(0).astype("float64")
    n = n.where(n >= MIN_XYZ_MONTHS)
    mean = s1 / n
    variance = (s2 / n - mean * mean).clip(lower=0)  # float noise can dip below 0
    cv = (variance.pow(0.5) / mean.where(mean > 0) * 100).round(4)
    klass = [None if c != c else "X" if c <= float(limits.x) else "Y" if c <= float(limits.y) else "Z" for c in cv]
    return cv, pd.Series(klass, index=s1.index, dtype=object)


def revenue_by_client(session: Session, *, start: dt.date, end: dt.date) -> dict[int, int]:
    """Each client's shipped amount in [start, end), in whole kopecks (clients with lines only)."""
    rows = session.execute(select(Shipment.client_id, func.sum(Shipment.amount))
                           .where(Shipment.shipped_on >= start, Shipment.shipped_on < end)
                           .group_by(Shipment.client_id))
    # SQLite sums money as floats: a sum of whole kopecks is off by far less than half a kopeck.
    return {int(client): int(round(Decimal(str(value)) * 100)) for client, value in rows
            if client is not None and value is not None}


def classes_from(revenue: Mapping[int, int], active: Iterable[int], limits: Thresholds) -> dict[int, str]:
    """`client_classes`' classes, worked out from each active client's revenue in kopecks (absent: 0)
    in whole numbers: a client is ranked with its ties, below the sum of the values greater than its
    own (`before`); A while before < a % of the total, B below b %, C after (and with nothing)."""
    values = {client: revenue.get(client, 0) for client in active}
    total = sum(values.values())
    # share_before < a  <=>  before * 100 * a.denominator < a.numerator * total: whole numbers, exact.
    a, b = Fraction(limits.a), Fraction(limits.b)
    a_limit, b_limit = a.numerator * total, b.numerator * total
    class_of: dict[int, str] = {}
    before = 0
    for value, ties in itertools.groupby(sorted(values.values(), reverse=True)):
        if value <= 0 or total <= 0:
            class_of[value] = "C"
        else:
            class_of[value] = ("A" if before * 100 * a.denominator < a_limit
                               else "B" if before * 100 * b.denominator < b_limit else "C")
        before += value * sum(1 for _ in ties)
    return {client: class_of[value] for client, value in values.items()}


def class_map(session: Session, *, today: dt.date | None = None, months: int = 12) -> dict[int, str]:
    """client id -> class over the last `months` months (what the list and card show)."""
    start, end = period_ending(today or access.today(), months)
    df = client_classes(session, start=start, end=end)
    return dict(zip(df["client_id"].astype(int), df["abc"], strict=True))
