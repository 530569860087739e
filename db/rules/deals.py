"""What a deal may do: carry a discount — the cap the card shows (queries/deals.py) and the deal
actions and approvals enforce (db/actions/deals.py, approvals.py). The credit check is in `credit`."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from ..models import DiscountCap


def discount_cap(session: Session, role: str) -> Decimal:
    """The largest discount a role gives without approval, in percent (funnel settings)."""
    cap = session.get(DiscountCap, str(role))
    return cap.max_discount_pct if cap else Decimal("0")
