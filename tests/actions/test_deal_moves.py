"""Moving deals through the funnel: history (who, when), lost and won, reopening, and the credit check."""
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from db.actions.approvals import decide_approval
from db.errors import DomainError, NotFound, StaleRecord, ValidationError
from db.models import ApprovalRequest, AuditEntry, Client, DealState
from tests.deal_fixtures import clock, history, move, open_deal, ship  # noqa: F401 - the clock fixture


def test_a_move_writes_who_and_when_into_the_history(world, db, clock):
    clock.at("2026-03-02 10:00")
    deal = open_deal(db, world, "mgr_a", "a1", quantity="40000", clock=clock)
    clock.at("2026-03-05 10:00")
    outcome = move(db, world, "mgr_a", deal, "Qualification")
    assert outcome.moved and deal.stage_id == world.stages["Qualification"] and deal.probability == 20
    assert deal.stage_entered_at == clock.now and deal.version == 2
    rows = history(db, deal.id)
    assert [(r.from_stage_id, r.to_stage_id, r.user_id, r.changed_at) for r in rows] == [
        (None, world.stages["Lead"], world.users["mgr_a"], dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)),
        (world.stages["Lead"], world.stages["Qualification"], world.users["mgr_a"], clock.now)]
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "move_deal")).one()
    assert entry.changes["stage_id"] == [world.stages["Lead"], world.stages["Qualification"]]


def test_each_move_keeps_the_flow_flags_of_the_earlier_rows(world, db, clock):
    clock.at("2026-03-02 10:00")
    deal = open_deal(db, world, "mgr_a", "a1", quantity="100", clock=clock)
    for when, stage in (("2026-03-05 10:00", "Proposal"), ("2026-03-07 10:00", "Qualification"),
                        ("2026-03-09 10:00", "Won")):
        clock.at(when)
        move(db, world, "mgr_a", deal, stage)
    rows = history(db, deal.id)
    for r in rows:
        db.refresh(r)
    assert [r.left_at.day if r.left_at else None for r in rows] == [5, 7, 9, None]
    # Lead → went further; Proposal → back to Qualification, then won (further): further; all won after.
    assert [r.advanced for r in rows] == [True, True, True, False]
    assert [r.won_after for r in rows] == [True, True, True, False]


def test_lost_needs_a_reason_and_sets_the_close_date(world, db, clock):
    clock.at("2026-03-02 10:00")
    deal = open_deal(db, world, "mgr_a", "a1", quantity="100", clock=clock)
    with pytest.raises(ValidationError) as refused:
        move(db, world, "mgr_a", deal, "Lost", lost_reason="  ")
    assert "lost_reason" in refused.value.errors and deal.state == DealState.OPEN
    clock.at("2026-03-04 12:00")
    move(db, world, "mgr_a", deal, "Lost", lost_reason="Цена: дорого")
    assert (deal.state, deal.closed_at, deal.lost_reason, deal.probability) == (
        DealState.LOST, clock.now, "Цена: дорого", 0)


def test_won_sets_the_close_date_and_only_a_head_reopens(world, db, clock):
    clock.at("2026-03-02 10:00")
    deal = open_deal(db, world, "mgr_a", "a1", quantity="100", clock=clock)
    clock.at("2026-03-10 10:00")
    move(db, world, "mgr_a", deal, "Won")
    assert (deal.state, deal.closed_at, deal.probability) == (DealState.WON, clock.now, 100)
    with pytest.raises(ValidationError) as refused:
        move(db, world, "mgr_a", deal, "Negotiation")
    assert refused.value.errors["to_stage_id"][0] == "The deal is closed: a head of sales can reopen it."
    move(db, world, "head_n", deal, "Negotiation")
    assert (deal.state, deal.closed_at, deal.stage_id) == (DealState.OPEN, None, world.stages["Negotiation"])
    assert history(db, deal.id)[-1].user_id == world.users["head_n"]


def test_stale_same_stage_and_foreign_moves_are_refused(world, db):
    deal = open_deal(db, world, "mgr_a", "a1", quantity="100")
    with pytest.raises(ValidationError):
        move(db, world, "mgr_a", deal, "Lead")
    from db.actions.deal_moves import move_deal

    with pytest.raises(StaleRecord):
        move_deal(db, world.viewer("mgr_a"), deal_id=deal.id, expected_version=deal.version - 1 or 99,
                  to_stage_id=world.stages["Proposal"])
    for login in ("mgr_b", "mgr_c", "head_s"):
        with pytest.raises(NotFound):
            move(db, world, login, deal, "Proposal")
    assert len(history(db, deal.id)) == 1


@pytest.fixture
def on_credit(world, db):
    """Альфа Строй buys on 30 days' credit with a 500 000 limit and owes 450 000: the world's unpaid
    100 000, and 400 000 of which 50 000 is paid."""
    client = db.get(Client, world.clients["a1"])
    client.payment_deferral_days = 30
    ship(db, world, "a1", "mgr_a", dt.date(2026, 1, 20), "400000", paid="50000")
    db.commit()
    return client


def test_committing_past_the_credit_limit_warns_and_waits_for_a_head(world, db, on_credit):
    # 450 000 owed + 100 000 deal > 500 000
    deal = open_deal(db, world, "mgr_a", "a1", quantity="40000")
    move(db, world, "mgr_a", deal, "Negotiation")  # not committing: no check
    with pytest.raises(ValidationError) as refused:
        move(db, world, "mgr_a", deal, "Contract")
    message, params = refused.value.errors["to_stage_id"]
    assert "passes the credit limit" in message
    assert params == {"exposure": Decimal("450000.00"), "shipments": Decimal("450000.00"),
                      "committed": Decimal("0.00"), "won": Decimal("0.00"), "amount": Decimal("100000.00"),
                      "limit": Decimal("500000.00"), "excess": Decimal("50000.00")}
    outcome = move(db, world, "mgr_a", deal, "Contract", ask_approval=True)
    assert not outcome.moved and deal.stage_id == world.stages["Negotiation"]
    assert outcome.request.kind == "credit" and outcome.request.status == "pending"
    with pytest.raises(DomainError):  # one request at a time
        move(db, world, "mgr_a", deal, "Contract", ask_approval=True)
    decide_approval(db, world.viewer("head_n"), request_id=outcome.request.id,
                    expected_version=outcome.request.version, approve=True, comment="Клиент надёжный")
    db.refresh(deal)
    assert deal.stage_id == world.stages["Contract"] and history(db, deal.id)[-1].user_id == world.users["head_n"]
    # Approved for this amount: going back and forth needs no second approval.
    move(db, world, "mgr_a", deal, "Negotiation")
    move(db, world, "mgr_a", deal, "Contract")
    assert deal.stage_id == world.stages["Contract"]


def test_a_head_rejecting_the_credit_request_leaves_the_deal_where_it_was(world, db, on_credit):
    deal = open_deal(db, world, "mgr_a", "a1", quantity="40000")
    request = move(db, world, "mgr_a", deal, "Won", ask_approval=True).request
    with pytest.raises(ValidationError):  # a reason is required to reject
        decide_approval(db, world.viewer("head_n"), request_id=request.id, expected_version=request.version,
                        approve=False, comment="")
    decide_approval(db, world.viewer("head_n"), request_id=request.id, expected_version=request.version,
                    approve=False, comment="Сначала погасить долг")
    db.refresh(deal)
    db.refresh(request)
    assert deal.stage_id == world.stages["Lead"] and deal.state == DealState.OPEN
    assert (request.status, request.decided_by_id, request.comment) == (
        "rejected", world.users["head_n"], "Сначала погасить долг")
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "reject_request")).one()
    assert entry.user_id == world.users["head_n"] and entry.changes["status"] == ["pending", "rejected"]


def test_within_the_limit_or_on_prepayment_there_is_no_check(world, db, on_credit):
    small = open_deal(db, world, "mgr_a", "a1", quantity="20000")  # 450 000 + 50 000 = the limit itself
    assert move(db, world, "mgr_a", small, "Contract").moved
    db.get(Client, world.clients["a2"]).credit_limit = Decimal("0")  # no limit, no deferral: prepayment
    prepaid = open_deal(db, world, "mgr_a", "a2", quantity="4000000")  # 10 000 000
    assert move(db, world, "mgr_a", prepaid, "Won").moved
    assert db.scalar(select(ApprovalRequest).where(ApprovalRequest.kind == "credit")) is None
