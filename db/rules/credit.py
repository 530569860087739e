"""The client's credit: what it owes or is committed to (exposure), overdue debt, and the two checks a
committing move passes (db/actions/deal_moves.py, approvals.py); the client card and the deal card show
the same figures (queries/client_card.py, queries/deals.py).

Exposure, in three parts:

- **unpaid shipments** — shipped and not yet paid (each shipment's amount less what was paid, never below 0);
- **committed open deals** — open deals at a committing stage (e.g. contract): the company has promised
  to deliver them;
- **won, not yet shipped** — won deals not delivered in full.

A deal's not-yet-shipped part is its amount less the shipments linked to it (`Shipment.deal_id`, set
by the demo and by the import's "deal" column), never below 0: what was shipped against a deal is
already in "unpaid shipments" (or paid), so it is not counted twice. A won deal with no linked
shipments counts in full — data that never links shipments to deals shows every won deal as
unshipped; link them on import.

The checks, on a move into a committing stage from a stage that is not:

- exposure (without the deal being moved) + the deal's amount above the credit limit needs a head's
  approval (clients on prepayment — no limit and no payment deferral — are not checked: they pay
  before anything ships);
- overdue debt whose oldest payment is more than `overdue_block_days` days past its due date (a
  company setting, 30 by default; at exactly that many days the move is still allowed) blocks the
  move outright, for every client: no approval lifts it, paying does.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from ..models import Client, Deal, DealState, PipelineStage, Setting, Shipment

SETTING_KEY = "credit_rules"  # {"overdue_block_days": 30}
DEFAULT_OVERDUE_BLOCK_DAYS = 30
CENT = Decimal("0.01")


def _money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


@dataclass(frozen=True)
class Exposure:
    unpaid_shipments: Decimal
    committed_open: Decimal  # open deals at committing stages, less what was shipped against them
    won_not_shipped: Decimal  # won deals, less what was shipped against them

    @property
    def total(self) -> Decimal:
        return self.unpaid_shipments + self.committed_open + self.won_not_shipped


@dataclass(frozen=True)
class Overdue:
    amount: Decimal  # unpaid and past its due date
    oldest_days: int  # days past due of the oldest such payment (0 when none)


@dataclass(frozen=True)
class CreditCheck:
    """Committing to a deal would pass the client's limit: the figures of the refusal."""

    limit: Decimal
    parts: Exposure  # without the deal itself
    amount: Decimal  # the deal's

    @property
    def exposure(self) -> Decimal:
        return self.parts.total

    @property
    def excess(self) -> Decimal:
        return self.exposure + self.amount - self.limit


@dataclass(frozen=True)
class OverdueBlock:
    """Overdue debt older than the setting allows: committing moves are blocked."""

    overdue: Decimal
    oldest_days: int
    block_days: int


def overdue_block_days(session: Session) -> int:
    """Days past due after which overdue debt blocks committing moves (the `credit_rules` setting)."""
    value = session.scalar(select(Setting.value).where(Setting.key == SETTING_KEY))
    days = value.get("overdue_block_days") if isinstance(value, dict) else None
    if isinstance(days, bool) or not isinstance(days, (int, float)) or days < 0:
        return DEFAULT_OVERDUE_BLOCK_DAYS  # absent or malformed: the default is in force
    return int(days)


def _not_shipped(session: Session, client_id: int, where, except_deal_id: int | None) -> Decimal:
    """Σ max(0, deal amount − shipped against the deal) over the client's deals matching `where`."""
    deals = select(Deal.id).where(Deal.client_id == client_id, where)  # the shipments of these deals only
    shipped = (select(Shipment.deal_id, func.sum(Shipment.amount).label("shipped"))
               .where(Shipment.deal_id.in_(deals)).group_by(Shipment.deal_id).subquery())
    rest = Deal.amount - func.coalesce(shipped.c.shipped, 0)
    stmt = (select(func.coalesce(func.sum(case((rest > 0, rest), else_=0)), 0))
            .select_from(Deal).outerjoin(shipped, shipped.c.deal_id == Deal.id)
            .where(Deal.client_id == client_id, where))
    if except_deal_id is not None:
        stmt = stmt.where(Deal.id != except_deal_id)
    return _money(session.scalar(stmt))


def exposure(session: Session, client_id: int, *, except_deal_id: int | None = None) -> Exposure:
    """The client's exposure by part; `except_deal_id`: leave that deal out (the one being moved)."""
    unpaid = Shipment.amount - Shipment.amount_paid
    shipments = session.scalar(select(func.coalesce(func.sum(case((unpaid > 0, unpaid), else_=0)), 0))
                               .where(Shipment.client_id == client_id))
    committing = Deal.stage_id.in_(select(PipelineStage.id).where(PipelineStage.is_committing.is_(True)))
    return Exposure(
        unpaid_shipments=_money(shipments),
        committed_open=_not_shipped(session, client_id, and_(Deal.state == DealState.OPEN, committing),
                                    except_deal_id),
        won_not_shipped=_not_shipped(session, client_id, Deal.state == DealState.WON, except_deal_id),
    )


def overdue(session: Session, client_id: int, today: dt.date) -> Overdue:
    """Unpaid shipments past their due date (before `today`), and the age of the oldest."""
    unpaid = Shipment.amount - Shipment.amount_paid
    late = and_(Shipment.payment_due_on < today, unpaid > 0)
    row = session.execute(
        select(func.coalesce(func.sum(case((late, unpaid), else_=0)), 0),
               func.min(case((late, Shipment.payment_due_on), else_=None)))
        .where(Shipment.client_id == client_id)
    ).one()
    oldest = row[1]
    if isinstance(oldest, str):  # SQLite returns MIN() of dates as text
        oldest = dt.date.fromisoformat(oldest)
    return Overdue(amount=_money(row[0]), oldest_days=(today - oldest).days if oldest else 0)


def credit_check(session: Session, deal: Deal) -> CreditCheck | None:
    """The figures when committing to this deal would pass the client's credit limit, else None."""
    client = session.get_one(Client, deal.client_id)  # a deal's client is never deleted (foreign key)
    if client.payment_deferral_days <= 0 and client.credit_limit <= 0:
        return None  # prepayment: no credit is given
    parts = exposure(session, client.id, except_deal_id=deal.id)
    if parts.total + deal.amount <= client.credit_limit:
        return None
    return CreditCheck(limit=client.credit_limit, parts=parts, amount=deal.amount)


def overdue_block(session: Session, client_id: int, today: dt.date) -> OverdueBlock | None:
    """The figures when the client's overdue debt is older than the setting allows, else None."""
    late = overdue(session, client_id, today)
    days = overdue_block_days(session)
    if late.amount <= 0 or late.oldest_days <= days:
        return None
    return OverdueBlock(overdue=late.amount, oldest_days=late.oldest_days, block_days=days)
