"""Moving a deal through the funnel: the stage history, won and lost, and the credit check.

- every move writes a history row (who, when, from, to) and an audit row;
- lost needs a reason; won and lost set the close date, reopening clears it;
- reopening a closed deal (or turning won into lost) is for heads and the director;
- moving into a committing stage (e.g. contract, won) when the client's exposure
  (unpaid shipments + open deals at committing stages + won deals not yet shipped,
  db/rules/credit.py) plus the deal passes its credit limit is refused with the
  figures; asked again with `ask_approval`, it becomes a pending credit request —
  the head's approval then makes the move (db/actions/approvals.py). Clients on
  prepayment (no credit limit and no payment deferral) are not checked: they pay
  before anything ships;
- overdue debt older than the `credit_rules` setting's days (30 by default) blocks
  a committing move outright, with the figures: no approval lifts it.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import access
from ..access import Can, Viewer, can, require, require_deal
from ..errors import Amount, DomainError, ValidationError
from ..models import ApprovalKind, ApprovalRequest, ApprovalStatus, Deal, DealState, PipelineStage, User, utcnow
from ..rules.credit import CreditCheck, OverdueBlock, credit_check, overdue_block
from . import notifications
from .base import apply_changes, audit, business_action, check_version, touch
from .deals import pending_request
from .mail_notices import approval_asked
from .stage_history import record_move
from ..rules.validate import Checks


@dataclass(frozen=True)
class MoveOutcome:
    deal: Deal
    request: ApprovalRequest | None = None  # set when the move waits for a head's approval

    @property
    def moved(self) -> bool:
        return self.request is None


def _approved_credit(session: Session, deal: Deal) -> bool:
    """A head already approved committing to this deal at (at least) its present amount."""
    payload: dict
    for payload in session.scalars(select(ApprovalRequest.payload).where(
            ApprovalRequest.deal_id == deal.id, ApprovalRequest.kind == ApprovalKind.CREDIT,
            ApprovalRequest.status == ApprovalStatus.APPROVED)):
        if Decimal(str(payload.get("amount", "0"))) >= deal.amount:
            return True
    return False


def commits(session: Session, deal: Deal, target: PipelineStage) -> bool:
    """The move takes the deal into a committing stage from one that is not: the credit rules apply."""
    current = session.get_one(PipelineStage, deal.stage_id)  # stages are never deleted, only switched off
    return target.is_committing and not current.is_committing and not target.is_lost


def refuse_overdue(block: OverdueBlock) -> None:
    v = Checks()
    v.fail("to_stage_id", "The client's overdue debt of {overdue} is {days} days past due, more than the {limit} "
           "days allowed: no committing move until it is paid.",
           overdue=Amount(block.overdue), days=block.oldest_days, limit=block.block_days)
    v.raise_if_any()


def check_overdue(session: Session, deal: Deal, target: PipelineStage) -> None:
    """Refuse a committing move while the client's overdue debt is older than the setting allows."""
    if not commits(session, deal, target):
        return
    block = overdue_block(session, deal.client_id, access.today())
    if block is not None:
        refuse_overdue(block)


def needs_credit_approval(session: Session, deal: Deal, target: PipelineStage) -> CreditCheck | None:
    if not commits(session, deal, target):
        return None
    check = credit_check(session, deal)
    if check is None or _approved_credit(session, deal):
        return None
    return check


def may_reopen(viewer: Viewer) -> bool:
    """Reopening a closed deal undoes a result: for the people who approve (heads, the director)."""
    return can(viewer, Can.APPROVE)


def _check_target(session: Session, viewer: Viewer, deal: Deal, to_stage_id, lost_reason) -> tuple[PipelineStage,
                                                                                                     str | None]:
    v = Checks()
    target = session.get(PipelineStage, to_stage_id) if to_stage_id else None
    if target is None or not target.active:
        raise ValidationError({"to_stage_id": "Choose one of the offered values."})
    if target.id == deal.stage_id:
        v.fail("to_stage_id", "The deal is already at this stage.")
    if deal.state != DealState.OPEN and not may_reopen(viewer):
        v.fail("to_stage_id", "The deal is closed: a head of sales can reopen it.")
    reason = v.text("lost_reason", lost_reason, max_len=1000) if target.is_lost else None
    if target.is_lost and not reason and "lost_reason" not in v.errors:
        v.fail("lost_reason", "Say why the deal was lost.")
    v.raise_if_any()
    return target, reason


def apply_move(session: Session, viewer: Viewer, deal: Deal, target: PipelineStage, reason: str | None,
               **extra_audit) -> None:
    """The move itself: stage, state, probability, dates, history row, audit (callers check first)."""
    now = utcnow()
    state = DealState.WON if target.is_won else DealState.LOST if target.is_lost else DealState.OPEN
    from_stage = deal.stage_id
    changes = apply_changes(deal, {
        "stage_id": target.id, "state": state.value, "probability": target.default_probability,
        "stage_entered_at": now, "closed_at": now if state != DealState.OPEN else None,
        "lost_reason": reason if state == DealState.LOST else None,
    })
    touch(deal, viewer)
    record_move(session, deal_id=deal.id, from_stage_id=from_stage, target=target, user_id=viewer.user_id, at=now)
    audit(session, viewer, action="move_deal", entity="deal", entity_id=deal.id,
          changes={**changes, **{k: (None, v) for k, v in extra_audit.items()}})


@business_action
def move_deal(session: Session, viewer: Viewer, *, deal_id: int, expected_version: int | None, to_stage_id: int,
              lost_reason: str | None = None, ask_approval: bool = False) -> MoveOutcome:
    require(viewer, Can.WORK_DEALS)
    deal = require_deal(session, viewer, deal_id, for_update=True)
    check_version(session, deal, expected_version)
    target, reason = _check_target(session, viewer, deal, to_stage_id, lost_reason)
    check_overdue(session, deal, target)
    check = needs_credit_approval(session, deal, target)
    if check is not None:
        if not ask_approval:
            p = check.parts
            v = Checks()
            v.fail("to_stage_id", "The client's exposure of {exposure} (unpaid shipments {shipments}, committed open "
                   "deals {committed}, won but not shipped {won}) plus this deal's {amount} passes the credit limit "
                   "of {limit} by {excess}. It needs approval: tick “Ask for approval” and move again.",
                   exposure=Amount(check.exposure), shipments=Amount(p.unpaid_shipments),
                   committed=Amount(p.committed_open), won=Amount(p.won_not_shipped), amount=Amount(check.amount),
                   limit=Amount(check.limit), excess=Amount(check.excess))
            v.raise_if_any()
        return MoveOutcome(deal=deal, request=_request_credit(session, viewer, deal, target, check))
    apply_move(session, viewer, deal, target, reason)
    return MoveOutcome(deal=deal)


def _request_credit(session: Session, viewer: Viewer, deal: Deal, target: PipelineStage,
                    check: CreditCheck) -> ApprovalRequest:
    waiting = pending_request(session, deal.id, "credit")
    if waiting is not None:
        who = session.get(User, waiting.requested_by_id)
        raise DomainError("A credit approval for this deal is already waiting (asked by {who}).",
                          who=who.full_name if who else "?")
    payload = {"to_stage_id": target.id, "from_stage_id": deal.stage_id, "amount": str(check.amount),
               "exposure": str(check.exposure), "limit": str(check.limit),
               "unpaid_shipments": str(check.parts.unpaid_shipments),
               "committed_open": str(check.parts.committed_open), "won_not_shipped": str(check.parts.won_not_shipped)}
    request = ApprovalRequest(kind=ApprovalKind.CREDIT, deal_id=deal.id, requested_by_id=viewer.user_id,
                              payload=payload)
    session.add(request)
    session.flush()
    audit(session, viewer, action="request_credit", entity="approval_request", entity_id=request.id,
          changes={"deal_id": (None, deal.id), "payload": (None, payload)})
    notifications.approval_requested(session, request)
    approval_asked(session, viewer, request)
    return request
