"""Product sales for purchase planning: by product and month, trend, seasonality, top
clients, and the expected demand for each of the next three months.

Expected demand in a month = the run-rate of routine orders (shipments outside any deal,
their average over the last three whole months) × the month's seasonal index ÷ the
average index of those three months (the run-rate freed of its own season, then given the
month's) + the lines of open deals expected to close that month, weighted by each deal's
probability. Shipments that came through deals are left out of the run-rate because the
pipeline stands for them: counted in both, a deal-driven month would be planned twice.
The seasonal index is the selection's (see `seasonality`); where it is unknown (no sales
in the history) it counts as 1.

Everything counts the viewer's clients only (their shipments and their deals).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Float, case, func, select, true, type_coerce
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.models import Client, Deal, DealLine, DealState, Product, ProductGroup, Shipment, User

from db.rules.abc import period_ending
from .frame import frame
from db.rules.periods import as_date, month_of, month_starts, shift_month

RUN_RATE_MONTHS = 3
AHEAD_MONTHS = 3  # the expectation is shown for each of the next three months


@dataclass(frozen=True)
class ProductSales:
    products: pd.DataFrame  # product_id, sku, name, unit, group, is_new
    monthly: pd.DataFrame  # product_id, month, quantity, amount, deal_quantity, deal_amount
    pipeline: pd.DataFrame  # product_id, month, lines, quantity, weighted_quantity, weighted_amount
    months: list[dt.date]  # the history's months, oldest first; the last one is running
    next_month: dt.date

    @property
    def ahead(self) -> list[dt.date]:
        """The months the expectation is for: next month and the two after it."""
        return [shift_month(self.next_month, k) for k in range(AHEAD_MONTHS)]


def _products(group_id: int | None, product_id: int | None):
    if product_id:
        return Product.id == product_id
    if group_id:
        return Product.group_id == group_id
    return true()


def _shipment_scope(session: Session, viewer: Viewer, group_id, product_id):
    conditions = []
    scope = access.scope(session, viewer)
    if not scope.everything:
        conditions.append(Shipment.client_id.in_(select(Client.id).where(scope.clients())))
    if product_id:
        conditions.append(Shipment.product_id == product_id)
    elif group_id:
        conditions.append(Shipment.product_id.in_(select(Product.id).where(Product.group_id == group_id)))
    return conditions


def product_sales(session: Session, viewer: Viewer, *, group_id: int | None = None,
                  product_id: int | None = None, months: int = 24, today: dt.date | None = None) -> ProductSales:
    """`months` whole months of history and the month to date, per product of the selection."""
    today = today or access.today()
    this_month = today.replace(day=1)
    start = shift_month(this_month, -max(RUN_RATE_MONTHS + 12, min(int(months), 36)))
    in_deal = Shipment.deal_id.is_not(None)
    # By product and day first: the order of ix_shipments_product_cover, so a million lines
    # are summed as they are read, without a sort; then the few thousand days into months.
    per_day = select(
        Shipment.product_id, Shipment.shipped_on.label("day"),
        func.sum(Shipment.quantity).label("quantity"), func.sum(Shipment.amount).label("amount"),
        func.sum(case((in_deal, Shipment.quantity), else_=0)).label("deal_quantity"),
        func.sum(case((in_deal, Shipment.amount), else_=0)).label("deal_amount"),
    ).where(Shipment.shipped_on >= start, Shipment.shipped_on <= today,
            *_shipment_scope(session, viewer, group_id, product_id)
            ).group_by(Shipment.product_id, Shipment.shipped_on).subquery()
    month = month_of(session, per_day.c.day)
    monthly = frame(session, select(
        per_day.c.product_id, month.label("month"),
        *(type_coerce(func.sum(per_day.c[name]), Float).label(name)
          for name in ("quantity", "amount", "deal_quantity", "deal_amount")),
    ).group_by(per_day.c.product_id, month))
    monthly["month"] = monthly["month"].map(as_date)
    next_month = shift_month(this_month, 1)
    close_month = month_of(session, Deal.expected_close_on)
    pipeline = frame(session, select(
        DealLine.product_id, close_month.label("month"), func.count(DealLine.id).label("lines"),
        type_coerce(func.sum(DealLine.quantity), Float).label("quantity"),
        type_coerce(func.sum(DealLine.quantity * Deal.probability / 100.0), Float).label("weighted_quantity"),
        type_coerce(func.sum(DealLine.amount * Deal.probability / 100.0), Float).label("weighted_amount"),
    ).join(Deal, Deal.id == DealLine.deal_id).join(Client, Client.id == Deal.client_id)
      .join(Product, Product.id == DealLine.product_id)
      .where(Deal.state == DealState.OPEN, Deal.expected_close_on >= next_month,
             Deal.expected_close_on < shift_month(next_month, AHEAD_MONTHS), access.scope(session, viewer).clients(),
             _products(group_id, product_id))
      .group_by(DealLine.product_id, close_month))
    pipeline["month"] = pipeline["month"].map(as_date)
    sold = set(monthly["product_id"]) | set(pipeline["product_id"])
    products = frame(session, select(
        Product.id.label("product_id"), Product.sku, Product.name, Product.unit,
        ProductGroup.name.label("group"), Product.is_new,
    ).outerjoin(ProductGroup, ProductGroup.id == Product.group_id)
      .where(_products(group_id, product_id), Product.active.is_(True) | Product.id.in_(sorted(int(i) for i in sold)))
      .order_by(ProductGroup.name, Product.name))
    return ProductSales(products=products, monthly=monthly, pipeline=pipeline,
                        months=month_starts(start, today + dt.timedelta(days=1)), next_month=next_month)


def monthly_totals(sales: ProductSales) -> pd.DataFrame:
    """The selection's totals per month (every month present, 0 where nothing was sold)."""
    sums = sales.monthly.groupby("month")[["quantity", "amount", "deal_quantity", "deal_amount"]].sum()
    sums = sums.reindex(sales.months, fill_value=0.0).rename_axis("month").reset_index()
    sums["running"] = sums["month"] == sales.months[-1]  # the month to date
    return sums


def seasonality(sales: ProductSales) -> pd.DataFrame:
    """Per calendar month (1..12): its average over the whole months of the history ÷ the
    average of all of them (1.0 = an ordinary month). `index` is None without sales."""
    whole = monthly_totals(sales).query("~running")
    overall = whole["amount"].mean() if len(whole) else 0.0
    by_month = whole.groupby(whole["month"].map(lambda d: d.month))["amount"].mean()
    return pd.DataFrame({"calendar_month": range(1, 13),
                         "index": [by_month.get(m) / overall if overall and m in by_month else None
                                   for m in range(1, 13)]})


def outlook(sales: ProductSales) -> pd.DataFrame:
    """The next three months: `month`, `seasonal_index` (the selection's, None where unknown)
    and `factor`, what the routine run-rate is multiplied by for that month — the month's
    index ÷ the average index of the run-rate's three months (1 where either is unknown or 0
    stands for "no sales at all")."""
    index = seasonality(sales).set_index("calendar_month")["index"]
    recent = [index.get(month.month) for month in sales.months[:-1][-RUN_RATE_MONTHS:]]
    known = [float(v) for v in recent if v is not None and v == v]
    base = sum(known) / len(known) if known and len(known) == len(recent) else None
    rows = []
    for month in sales.ahead:
        value = index.get(month.month)
        value = None if value is None or value != value else float(value)
        rows.append({"month": month, "seasonal_index": value,
                     "factor": value / base if value is not None and base else 1.0})
    return pd.DataFrame(rows, columns=["month", "seasonal_index", "factor"])


def demand(sales: ProductSales) -> pd.DataFrame:
    """Per product: `quantity_12m`, `amount_12m` (the last 12 whole months), `trend` (% of the
    last three whole months against the same months a year before; None without those),
    `run_rate` (average of the last three whole months), `routine_run_rate` (of those, outside
    deals); for each of the next three months k = 1, 2, 3 (`sales.ahead`): `pipeline_k`
    (open deals closing that month, weighted), `expected_k` (quantity) and `expected_amount_k`
    = routine run-rate × the month's `outlook` factor + `pipeline_k`; and the three months'
    totals `pipeline_quantity`, `expected_quantity`, `expected_amount`."""
    whole = sales.months[:-1]
    recent, last12 = whole[-RUN_RATE_MONTHS:], whole[-12:]
    year_before = [shift_month(month, -12) for month in recent]
    m = sales.monthly
    routine_q = m["quantity"] - m["deal_quantity"]
    routine_a = m["amount"] - m["deal_amount"]

    def total(values: pd.Series, months: list[dt.date]) -> pd.Series:
        return values[m["month"].isin(months)].groupby(m["product_id"]).sum()

    out = sales.products.set_index("product_id")
    out["quantity_12m"] = total(m["quantity"], last12)
    out["amount_12m"] = total(m["amount"], last12)
    now, before = total(m["amount"], recent), total(m["amount"], year_before)
    out["trend"] = (now.reindex(out.index).fillna(0) / before.reindex(out.index) - 1) * 100
    out.loc[~(before.reindex(out.index) > 0), "trend"] = None
    out["run_rate"] = total(m["quantity"], recent) / RUN_RATE_MONTHS
    out["routine_run_rate"] = total(routine_q, recent) / RUN_RATE_MONTHS
    out = out.fillna({c: 0.0 for c in ("quantity_12m", "amount_12m", "run_rate", "routine_run_rate")})
    routine_amount = (total(routine_a, recent) / RUN_RATE_MONTHS).reindex(out.index).fillna(0.0)
    pipe = sales.pipeline
    for k, (month, factor) in enumerate(zip(*(outlook(sales)[c] for c in ("month", "factor")), strict=True), 1):
        closing = pipe[pipe["month"] == month].set_index("product_id")
        out[f"pipeline_{k}"] = closing["weighted_quantity"].reindex(out.index).fillna(0.0)
        out[f"expected_{k}"] = out["routine_run_rate"] * factor + out[f"pipeline_{k}"]
        out[f"expected_amount_{k}"] = (routine_amount * factor
                                       + closing["weighted_amount"].reindex(out.index).fillna(0.0))
    ks = range(1, AHEAD_MONTHS + 1)
    out["pipeline_quantity"] = sum(out[f"pipeline_{k}"] for k in ks)
    out["expected_quantity"] = sum(out[f"expected_{k}"] for k in ks)
    out["expected_amount"] = sum(out[f"expected_amount_{k}"] for k in ks)
    return out.reset_index()


@dataclass(frozen=True)
class Headline:
    amount_12m: float  # shipped in the last 12 whole months
    trend: float | None  # % of the last three whole months against the same months a year before
    run_rate: float  # amount a month, the average of the last three whole months
    expected_amounts: tuple[float, ...]  # each of the next three months (`ProductSales.ahead`)
    expected_quantities: tuple[float, ...]  # the same in units (meaningful for one product: units differ)

    @property
    def expected_amount(self) -> float:
        """The next three months together."""
        return float(sum(self.expected_amounts))


def headline(sales: ProductSales) -> Headline:
    """The selection's figures in one line (the same definitions as `demand`, summed)."""
    whole = monthly_totals(sales).query("~running")
    recent = whole.tail(RUN_RATE_MONTHS)["amount"].sum()
    before = whole.iloc[-12 - RUN_RATE_MONTHS:-12]["amount"].sum() if len(whole) >= 12 + RUN_RATE_MONTHS else 0
    per_product = demand(sales)
    ks = range(1, AHEAD_MONTHS + 1)
    return Headline(amount_12m=float(whole.tail(12)["amount"].sum()),
                    trend=float((recent / before - 1) * 100) if before else None,
                    run_rate=float(recent / RUN_RATE_MONTHS),
                    expected_amounts=tuple(float(per_product[f"expected_amount_{k}"].sum()) for k in ks),
                    expected_quantities=tuple(float(per_product[f"expected_{k}"].sum()) for k in ks))


def top_clients(session: Session, viewer: Viewer, *, group_id: int | None = None, product_id: int | None = None,
                months: int = 12, limit: int = 10, today: dt.date | None = None) -> pd.DataFrame:
    """The viewer's clients that bought the most of the selection in the period:
    client, owner, `quantity`, `amount`, `share` (% of the selection's amount)."""
    start, end = period_ending(today or access.today(), max(1, min(int(months), 36)))
    conditions = [Shipment.shipped_on >= start, Shipment.shipped_on < end,
                  *_shipment_scope(session, viewer, group_id, product_id)]
    per_client = (select(Shipment.client_id, func.sum(Shipment.quantity).label("quantity"),
                         func.sum(Shipment.amount).label("amount"))
                  .where(*conditions).group_by(Shipment.client_id).subquery())
    total = func.sum(per_client.c.amount).over()
    stmt = (select(Client.id.label("client_id"), Client.name, User.full_name.label("owner"),
                   type_coerce(per_client.c.quantity, Float).label("quantity"),
                   type_coerce(per_client.c.amount, Float).label("amount"),
                   type_coerce(case((total > 0, per_client.c.amount * 100.0 / total)), Float).label("share"))
            .select_from(per_client).join(Client, Client.id == per_client.c.client_id)
            .outerjoin(User, User.id == Client.owner_id)
            .order_by(per_client.c.amount.desc(), Client.name).limit(limit))
    return frame(session, stmt)


def catalogue(session: Session, viewer: Viewer) -> pd.DataFrame:
    """Active products with their group, for the pickers (the catalogue is no client's data)."""
    return frame(session, select(Product.id, Product.name, Product.sku, Product.unit, Product.group_id,
                                 ProductGroup.name.label("group"), Product.is_new)
                 .outerjoin(ProductGroup, ProductGroup.id == Product.group_id)
                 .where(Product.active.is_(True)).order_by(ProductGroup.name, Product.name))
