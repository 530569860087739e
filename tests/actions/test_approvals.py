"""The approval flow for discounts above the cap: who decides, what approving changes, and rejecting."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from db.actions.approvals import decide_approval
from db.actions.deals import set_deal_lines
from db.errors import AccessDenied, DomainError, NotFound, StaleRecord
from db.models import ApprovalRequest, AuditEntry
from queries.approvals import approval_queue, recent_decisions
from tests.deal_fixtures import move, open_deal


def asked(db, world, login="mgr_a", client="a1", discount="8", quantity="40000"):
    deal = open_deal(db, world, login, client, quantity=quantity, discount=discount)
    request = db.scalars(select(ApprovalRequest).where(ApprovalRequest.deal_id == deal.id)).one()
    return deal, request


def decide(db, world, login, request, approve, comment="Ок"):
    return decide_approval(db, world.viewer(login), request_id=request.id, expected_version=request.version,
                           approve=approve, comment=comment)


def test_the_head_approves_and_the_lines_get_the_discount(world, db):
    deal, request = asked(db, world)
    assert list(approval_queue(db, world.viewer("head_n"))["id"]) == [request.id]
    decide(db, world, "head_n", request, approve=True, comment="Объём оправдывает")
    db.refresh(deal)
    # 40 000 × 2.50 × 0.92
    assert deal.lines[0].discount_pct == Decimal("8.00") and deal.amount == Decimal("92000.00")
    assert (request.status, request.decided_by_id) == ("approved", world.users["head_n"])
    actions = [e.action for e in db.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[-2:] == ["approve_discount", "approve_request"]
    assert approval_queue(db, world.viewer("head_n")).empty
    assert list(recent_decisions(db, world.viewer("head_n"))["status"]) == ["approved"]
    # Once approved, the line may keep 8 % while its quantity changes.
    rows = [{"id": line.id, "product_id": line.product_id, "quantity": "20000", "discount_pct": line.discount_pct}
            for line in deal.lines]
    deal, again = set_deal_lines(db, world.viewer("mgr_a"), deal_id=deal.id, expected_version=deal.version, lines=rows)
    assert again is None and deal.amount == Decimal("46000.00")


def test_the_head_rejects_and_nothing_changes_on_the_deal(world, db):
    deal, request = asked(db, world)
    decide(db, world, "head_n", request, approve=False, comment="Слишком много")
    db.refresh(deal)
    assert deal.lines[0].discount_pct == Decimal("5.00") and deal.amount == Decimal("95000.00")
    assert (request.status, request.comment) == ("rejected", "Слишком много")
    with pytest.raises(DomainError):  # decided once
        decide(db, world, "director", request, approve=True)


@pytest.mark.parametrize(("login", "error"), [
    ("mgr_b", AccessDenied),  # managers do not decide
    ("head_s", NotFound),  # another department's deal
    ("admin", AccessDenied),
])
def test_only_the_right_head_decides(world, db, login, error):
    _deal, request = asked(db, world)
    with pytest.raises(error):
        decide(db, world, login, request, approve=True)
    assert approval_queue(db, world.viewer("head_s")).empty
    db.refresh(request)
    assert request.status == "pending"


def test_a_stale_decision_is_refused(world, db):
    _deal, request = asked(db, world)
    with pytest.raises(StaleRecord):
        decide_approval(db, world.viewer("head_n"), request_id=request.id, expected_version=request.version + 1,
                        approve=True, comment="")


def test_above_the_heads_own_cap_the_director_decides(world, db):
    deal, request = asked(db, world, discount="15")
    with pytest.raises(DomainError) as refused:
        decide(db, world, "head_n", request, approve=True)
    assert refused.value.message.startswith("The discount asked, {asked} %, is above your own cap")
    decide(db, world, "director", request, approve=True)
    db.refresh(deal)
    assert deal.discount_pct == Decimal("15.00")


def test_nobody_decides_their_own_request_but_the_director(world, db):
    _deal, request = asked(db, world, login="head_n", discount="12")  # above the head's 10 %
    assert approval_queue(db, world.viewer("head_n")).empty
    with pytest.raises(DomainError):
        decide(db, world, "head_n", request, approve=True)
    assert list(approval_queue(db, world.viewer("director"))["id"]) == [request.id]


def test_a_closed_deal_is_not_discounted_afterwards(world, db):
    deal, request = asked(db, world)
    move(db, world, "mgr_a", deal, "Lost", lost_reason="Цена")
    with pytest.raises(DomainError):
        decide(db, world, "head_n", request, approve=True)
    decide(db, world, "head_n", request, approve=False, comment="Сделка проиграна")
