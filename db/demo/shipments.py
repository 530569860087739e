"""Shipment lines from "the accounting system": regular reorders per client and product
group with a seasonal rhythm, the deliveries of won deals, and their payments."""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from ..models import Shipment
from .bulk import Writer
from .context import DAY, SEASON, ClientInfo, Ctx
from .deals import INFLATION, price_then, quantity_for

LINE_VALUE = {"key": 250_000, "large": 120_000, "medium": 50_000, "small": 18_000}  # roubles
INTERVAL = {"key": 10, "large": 18, "medium": 35, "small": 60}  # days between orders
LINES = {"key": (2, 4), "large": (1, 3), "medium": (1, 2), "small": (1, 2)}
OVERDUE = (0.01, 0.08, 0.35)  # by payment reliability (good, so-so, poor): unpaid at its due date
PARTIAL = (0.01, 0.05, 0.15)  # paid in part by its due date
# Days past due a client lets a debt run before it pays after all, by reliability: a wholesaler
# chases its debts, so overdue debt is recent and short; a few poor payers are past the overdue
# rule's 30 days (db/rules/credit.py), and they are blocked.
ARREARS = ((0, 10), (5, 30), (15, 75))
MEAN_SEASON = sum(SEASON.values()) / 12


def load(ctx: Ctx, w: Writer) -> None:
    rng = ctx.rng("shipments")
    plans = [_plan(ctx, rng, c) for c in ctx.clients]
    expected = sum(p[2] for p in plans if p)
    from_deals = sum(len(v) for v in ctx.deal_shipments.values())
    stretch = expected / max(1.0, ctx.scale.shipments - from_deals)
    arrears = ctx.rng("arrears")
    tolerance = {c.id: arrears.randint(*ARREARS[c.reliability]) for c in ctx.clients}
    w.insert(Shipment.__table__, _rows(ctx, rng, plans, stretch, tolerance))


def _plan(ctx: Ctx, rng: random.Random, c: ClientInfo):
    """(start, end, expected lines, [(favourite products, interval days)]) or None."""
    if c.owner_id is None or not c.groups:
        return None
    start = max(c.active_from, ctx.window_ts)
    end = min(c.active_to, ctx.horizon_ts)
    if not c.archived and rng.random() < 0.08:  # went quiet a few months ago
        end = min(end, ctx.horizon_ts - rng.uniform(90, 270) * DAY)
    if end <= start:
        return None
    lo, hi = LINES[c.segment]
    orders = []
    expected = 0.0
    for group in c.groups:
        products = ctx.products_by_group[group]
        favourites = rng.sample(products, min(len(products), rng.randint(2, 4)))
        interval = INTERVAL[c.segment] * rng.uniform(0.7, 1.4)
        orders.append((favourites, interval))
        per_order = sum(min(k, len(favourites)) for k in range(lo, hi + 1)) / (hi - lo + 1)
        expected += (end - start) / DAY / interval * MEAN_SEASON * per_order
    return start, end, expected, orders


def _rows(ctx: Ctx, rng: random.Random, plans: list, stretch: float, tolerance: dict[int, int]):
    today = ctx.today
    recent = today - dt.timedelta(days=365)
    next_id = 1
    month_kop = ctx.month_kop
    portfolio = ctx.portfolio_month_kop
    horizon = ctx.horizon_ts
    for client, plan in zip(ctx.clients, plans):
        lines = []
        if plan:
            start, end, _, orders = plan
            lo, hi = LINES[client.segment]
            value = LINE_VALUE[client.segment]
            for favourites, interval in orders:
                interval *= stretch * DAY
                t = start + rng.uniform(0, interval)
                while t < end:
                    day = ctx.date(t)
                    if rng.random() < SEASON[day.month]:
                        for product in rng.sample(favourites, min(len(favourites), rng.randint(lo, hi))):
                            price = price_then(product.price_kop, t, horizon)
                            qm = quantity_for(rng, value * rng.lognormvariate(0, 0.5), price,
                                              product.fractional)
                            amount = round(price * qm / 1000 * rng.uniform(0.97, 1.02))
                            lines.append((t, product, qm, amount, None, None))
                    t += interval * rng.uniform(0.7, 1.3)
        lines.extend(ctx.deal_shipments.get(client.id, ()))
        lines.sort(key=lambda line: line[0])
        for t, product, qm, amount, deal_id, owner in lines:
            shipped = ship_day(ctx, t)
            manager = owner or client.owner_on(shipped)
            # Only a client with an owner has shipments (_plan; deals._counts gives the others no deals).
            assert manager is not None and client.owner_id is not None
            cost = None
            if product.cost_kop is not None:
                years = (horizon - t) / (365 * DAY)
                cost = round(product.cost_kop * (1 - INFLATION * years) * qm / 1000)
            due = shipped + dt.timedelta(days=client.deferral)
            paid, paid_on = _payment(rng, client, amount, shipped, due, today, tolerance[client.id])
            month = shipped.replace(day=1)
            month_kop[(manager, month)] = month_kop.get((manager, month), 0) + amount
            if shipped >= recent:
                portfolio[client.owner_id] = portfolio.get(client.owner_id, 0) + amount // 12
            yield {
                "id": next_id, "external_id": f"SHP-{next_id:07d}", "client_id": client.id,
                "product_id": product.id, "manager_id": manager, "deal_id": deal_id,
                "shipped_on": shipped, "quantity": Decimal(qm) / 1000,
                "amount": Decimal(amount) / 100,
                "cost_amount": None if cost is None else Decimal(cost) / 100,
                "payment_due_on": due, "amount_paid": Decimal(paid) / 100, "paid_on": paid_on,
            }
            next_id += 1


def ship_day(ctx: Ctx, t: float) -> dt.date:
    """The day a shipment planned at `t` leaves: the warehouse ships on weekdays."""
    shipped = ctx.date(t)
    if shipped.weekday() > 4:
        shipped -= dt.timedelta(days=shipped.weekday() - 4)
    return shipped


def _payment(rng: random.Random, client: ClientInfo, amount: int, shipped: dt.date,
             due: dt.date, today: dt.date, tolerance: int) -> tuple[int, dt.date | None]:
    """(kopecks paid, when): most pay in full around the due date; some pay part or owe, but
    only while the debt is at most `tolerance` days past due — older debts were paid."""
    if client.deferral == 0:
        return amount, shipped  # prepayment
    if due >= today:  # not due yet: a few pay early
        if rng.random() < 0.2:
            return amount, shipped + dt.timedelta(days=rng.randint(0, (today - shipped).days))
        return 0, None
    r = rng.random()
    late = (5, 15, 30)[client.reliability]
    paid_on = due + dt.timedelta(days=rng.randint(-min(client.deferral, 10), late))
    paid_on = min(max(paid_on, shipped), today)
    if (today - due).days <= tolerance:
        if r < OVERDUE[client.reliability]:
            return 0, None
        if r < OVERDUE[client.reliability] + PARTIAL[client.reliability]:
            return round(amount * rng.uniform(0.3, 0.8)), min(paid_on, due)
    return amount, paid_on
