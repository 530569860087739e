"""A head's decision on a request: a discount above the cap, or a commitment past the credit limit.

Approving a discount sets the asked discounts on the lines (and so the deal's
amount); approving a credit request makes the move that waited for it.
Rejecting changes nothing on the deal and needs a word of why. Either way
the decision is audited. Nobody decides their own request, except the
director, who has nobody above.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from .. import access
from ..access import Can, Viewer, decides_own_requests, require, require_deal
from ..errors import Amount, DomainError, NotFound
from ..models import ApprovalKind, ApprovalRequest, ApprovalStatus, Deal, DealState, PipelineStage, utcnow
from . import notifications
from .base import apply_changes, audit, business_action, check_version, touch
from .deal_moves import apply_move
from ..rules.credit import overdue_block
from ..rules.approvals import above_cap
from .deals import deal_discount, line_amount
from .mail_notices import approval_decided
from ..rules.validate import Checks


@business_action
def decide_approval(session: Session, viewer: Viewer, *, request_id: int, expected_version: int | None,
                    approve: bool, comment: str | None = None) -> ApprovalRequest:
    require(viewer, Can.APPROVE)
    request = session.get(ApprovalRequest, request_id)
    if request is None:
        raise NotFound("The request was not found.")
    deal = require_deal(session, viewer, request.deal_id, for_update=True)
    check_version(session, request, expected_version)
    if request.status != ApprovalStatus.PENDING:
        raise DomainError("This request has already been decided.")
    if request.requested_by_id == viewer.user_id and not decides_own_requests(viewer):
        raise DomainError("You cannot decide your own request: a head or the director decides it.")
    v = Checks()
    comment = v.text("comment", comment, max_len=2000, multiline=True)
    if not approve and not comment:
        v.fail("comment", "Say why the request is rejected: the manager will read it.")
    v.raise_if_any()
    if approve:
        if request.kind == ApprovalKind.DISCOUNT:
            _approve_discount(session, viewer, deal, request)
        else:
            _approve_credit(session, viewer, deal, request)
    changes = apply_changes(request, {"status": ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED,
                                      "decided_by_id": viewer.user_id, "decided_at": utcnow(), "comment": comment})
    touch(request, viewer)
    audit(session, viewer, action="approve_request" if approve else "reject_request", entity="approval_request",
          entity_id=request.id, changes={"kind": (None, request.kind), "deal_id": (None, deal.id), **changes})
    notifications.approval_decided(session, request)
    approval_decided(session, viewer, request)
    return request


def _approve_discount(session: Session, viewer: Viewer, deal: Deal, request: ApprovalRequest) -> None:
    if deal.state != DealState.OPEN:
        raise DomainError("The deal is closed: reject the request.")
    asked = Decimal(str(request.payload.get("discount_pct", "0")))
    cap = above_cap(session, viewer, request.kind, asked)
    if cap is not None:
        raise DomainError("The discount asked, {asked} %, is above your own cap of {cap} %: the director decides.",
                          asked=asked, cap=cap)
    lines = {str(line.id): line for line in deal.lines}
    # A request names its lines; one without (made outside these forms) asks for the whole deal.
    asked_lines = request.payload.get("lines") or {i: str(asked) for i in lines}
    wanted = {lines[i]: Decimal(str(p)) for i, p in asked_lines.items() if i in lines}
    if not wanted:
        raise DomainError("The lines this request was about are gone: reject it.")
    before = {"amount": deal.amount, "discount_pct": deal.discount_pct}
    for line, pct in wanted.items():
        line.discount_pct = pct
        line.amount = line_amount(line.quantity, line.price, pct)
    deal.amount = sum((line.amount for line in deal.lines), Decimal("0"))
    deal.discount_pct = deal_discount(session, deal)  # a line priced below the list counts (issue 20)
    touch(deal, viewer)
    audit(session, viewer, action="approve_discount", entity="deal", entity_id=deal.id,
          changes={"amount": (before["amount"], deal.amount),
                   "discount_pct": (before["discount_pct"], deal.discount_pct),
                   "approval_request": (None, request.id)})


def _approve_credit(session: Session, viewer: Viewer, deal: Deal, request: ApprovalRequest) -> None:
    payload = request.payload
    target = session.get(PipelineStage, payload.get("to_stage_id"))
    if deal.stage_id != payload.get("from_stage_id") or target is None or not target.active:
        raise DomainError("The deal has moved since the request: reject it, the manager will ask again if needed.")
    if deal.amount > Decimal(str(payload.get("amount", "0"))):
        raise DomainError("The deal has grown since the request (now {amount}): reject it, the manager will ask "
                          "again.", amount=deal.amount)
    block = overdue_block(session, deal.client_id, access.today())  # overdue since the request: no approval lifts it
    if block is not None:
        raise DomainError("The client's overdue debt of {overdue} is {days} days past due, more than the {limit} "
                          "days allowed: no committing move until it is paid.",
                          overdue=Amount(block.overdue), days=block.oldest_days, limit=block.block_days)
    apply_move(session, viewer, deal, target, None, approval_request=request.id)
