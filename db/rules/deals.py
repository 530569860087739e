"""What a deal may do: pass the client's credit limit, carry a discount — the figures the card
shows (queries/deals.py) and the moves and approvals enforce (db/actions/deal_moves.py, approvals.py)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ..models import Client, Deal, DiscountCap, Shipment


@dataclass(frozen=True)
class CreditCheck:
    limit: Decimal
    exposure: Decimal
    amount: Decimal

    @property
    def excess(self) -> Decimal:
        return self.exposure + self.amount - self.limit


def client_exposure(session: Session, client_id: int) -> Decimal:
    """Shipped and not yet paid (the same figure as the client card's credit block)."""
    unpaid = Shipment.amount - Shipment.amount_paid
    value = session.scalar(select(func.coalesce(func.sum(case((unpaid > 0, unpaid), else_=0)), 0))
                           .where(Shipment.client_id == client_id))
    return Decimal(str(value)).quantize(Decimal("0.01"))


def credit_check(session: Session, deal: Deal) -> CreditCheck | None:
    """The figures when committing to this deal would pass the client's credit limit, else None."""
    client = session.get_one(Client, deal.client_id)  # a deal's client is never deleted (foreign key)
    if client.payment_deferral_days <= 0 and client.credit_limit <= 0:
        return None  # prepayment: no credit is given
    exposure = client_exposure(session, client.id)
    if exposure + deal.amount <= client.credit_limit:
        return None
    return CreditCheck(limit=client.credit_limit, exposure=exposure, amount=deal.amount)


def discount_cap(session: Session, role: str) -> Decimal:
    """The largest discount a role gives without approval, in percent (funnel settings)."""
    cap = session.get(DiscountCap, str(role))
    return cap.max_discount_pct if cap else Decimal("0")
