"""Deals: created with lines from the catalogue, edited, and discounts above the cap turned into requests."""
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from db.actions.deals import create_deal, set_deal_lines, update_deal
from db.errors import AccessDenied, NotFound, StaleRecord, ValidationError
from db.models import ApprovalRequest, AuditEntry, Deal, DealStageChange, DealState
from tests.deal_fixtures import clock, open_deal  # noqa: F401 - the clock fixture


def lines_of(deal):
    return [{"id": line.id, "product_id": line.product_id, "quantity": line.quantity,
             "discount_pct": line.discount_pct} for line in deal.lines]


def requests_of(db, deal_id):
    return list(db.scalars(select(ApprovalRequest).where(ApprovalRequest.deal_id == deal_id)
                           .order_by(ApprovalRequest.id)))


def test_a_new_deal_starts_at_the_first_stage_with_its_lines_and_history(world, db):
    deal = open_deal(db, world, "mgr_a", "a1", quantity="40000", discount="3")
    assert deal.stage_id == world.stages["Lead"] and deal.state == DealState.OPEN and deal.probability == 10
    assert deal.owner_id == world.users["mgr_a"]
    # 40 000 × 2.50 × 0.97 = 97 000
    assert deal.amount == Decimal("97000.00") and deal.discount_pct == Decimal("3.00")
    assert [(line.price, line.amount) for line in deal.lines] == [(Decimal("2.50"), Decimal("97000.00"))]
    (first,) = db.scalars(select(DealStageChange).where(DealStageChange.deal_id == deal.id)).all()
    assert first.from_stage_id is None and first.to_stage_id == world.stages["Lead"]
    assert first.user_id == world.users["mgr_a"] and first.left_at is None
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "create_deal")).one()
    assert entry.changes["amount"] == [None, "97000"] and entry.changes["client_id"] == [None, world.clients["a1"]]
    assert requests_of(db, deal.id) == []  # 3 % is within the manager's 5 %


def test_a_head_opens_a_deal_for_the_clients_manager(world, db):
    deal = open_deal(db, world, "head_n", "b1", quantity="100")
    assert deal.owner_id == world.users["mgr_b"]


@pytest.mark.parametrize(("login", "client", "error"), [
    ("mgr_b", "a1", NotFound),  # another manager's client
    ("mgr_a", "c1", NotFound),
    ("head_s", "a1", NotFound),  # another department's
    ("admin", "a1", AccessDenied),  # the administrator does not sell
])
def test_no_deal_on_a_client_one_may_not_work(world, db, login, client, error):
    with pytest.raises(error):
        open_deal(db, world, login, client, quantity="10")
    assert db.scalar(select(Deal).where(Deal.title == "Сделка")) is None


@pytest.mark.parametrize(("title", "close", "lines", "field"), [
    ("", 30, [{"product_id": None, "quantity": 1}], "title"),
    ("Сделка", -1, [{"product_id": "P", "quantity": 1}], "expected_close_on"),
    ("Сделка", 30, [], "lines"),
    ("Сделка", 30, [{"product_id": None, "quantity": 1}], "lines"),
    ("Сделка", 30, [{"product_id": "P", "quantity": 0}], "lines"),
    ("Сделка", 30, [{"product_id": "P", "quantity": "много"}], "lines"),
    ("Сделка", 30, [{"product_id": "P", "quantity": 1, "discount_pct": 101}], "lines"),
])
def test_bad_input_is_refused_field_by_field_and_writes_nothing(world, db, title, close, lines, field):
    lines = [{**line, "product_id": world.product_id if line["product_id"] == "P" else None} for line in lines]
    with pytest.raises(ValidationError) as refused:
        create_deal(db, world.viewer("mgr_a"), client_id=world.clients["a1"], title=title,
                    expected_close_on=dt.date.today() + dt.timedelta(days=close), lines=lines)
    assert field in refused.value.errors
    assert db.scalar(select(Deal).where(Deal.title == title)) is None


def test_a_discount_above_the_cap_is_saved_at_the_cap_and_asked_for(world, db):
    deal = open_deal(db, world, "mgr_a", "a1", quantity="40000", discount="8")
    # The manager's cap is 5 %: the line holds 5 % (95 000) until a head approves 8 %.
    assert deal.lines[0].discount_pct == Decimal("5.00") and deal.amount == Decimal("95000.00")
    (request,) = requests_of(db, deal.id)
    assert (request.kind, request.status, request.requested_by_id) == ("discount", "pending", world.users["mgr_a"])
    assert request.payload == {"discount_pct": "8", "lines": {str(deal.lines[0].id): "8"}}


def test_a_head_gives_up_to_ten_percent_without_asking(world, db):
    deal = open_deal(db, world, "head_n", "a1", quantity="100", discount="10")
    assert deal.lines[0].discount_pct == Decimal("10.00") and requests_of(db, deal.id) == []


def test_editing_lines_recomputes_the_amount_and_keeps_the_version(world, db):
    deal = open_deal(db, world, "mgr_a", "a1", quantity="1000")
    rows = lines_of(deal)
    rows[0]["quantity"] = "2000"
    rows.append({"product_id": world.product_id, "quantity": "400", "discount_pct": "5"})
    deal, request = set_deal_lines(db, world.viewer("mgr_a"), deal_id=deal.id, expected_version=deal.version,
                                   lines=rows)
    # 2000 × 2.50 + 400 × 2.50 × 0.95 = 5000 + 950
    assert deal.amount == Decimal("5950.00") and request is None and deal.version == 2
    with pytest.raises(StaleRecord):
        set_deal_lines(db, world.viewer("mgr_a"), deal_id=deal.id, expected_version=1, lines=rows[:1])
    deal, _ = set_deal_lines(db, world.viewer("mgr_a"), deal_id=deal.id, expected_version=deal.version,
                             lines=lines_of(deal)[:1])
    assert deal.amount == Decimal("5000.00") and len(deal.lines) == 1


def test_the_pending_request_follows_the_lines(world, db):
    deal = open_deal(db, world, "mgr_a", "a1", quantity="1000", discount="8")
    (request,) = requests_of(db, deal.id)
    # Quantity changed, discount left as saved (5 %): the request for 8 % stays.
    rows = lines_of(deal)
    rows[0]["quantity"] = "1500"
    deal, still = set_deal_lines(db, world.viewer("mgr_a"), deal_id=deal.id, expected_version=deal.version, lines=rows)
    assert still.id == request.id and still.payload["discount_pct"] == "8"
    # The manager settles for 4 %: nothing left to approve, the request is withdrawn.
    rows = lines_of(deal)
    rows[0]["discount_pct"] = "4"
    deal, none = set_deal_lines(db, world.viewer("mgr_a"), deal_id=deal.id, expected_version=deal.version, lines=rows)
    db.refresh(request)
    assert none is None and request.status == "rejected" and request.decided_by_id == world.users["mgr_a"]
    assert deal.amount == Decimal("3600.00")  # 1500 × 2.50 × 0.96


def test_details_of_an_open_deal_only(world, db, clock):
    clock.at("2026-03-01 09:00")
    deal = open_deal(db, world, "mgr_a", "a1", quantity="10", clock=clock)
    update_deal(db, world.viewer("mgr_a"), deal_id=deal.id, expected_version=deal.version, title="Новое",
                expected_close_on=dt.date(2026, 4, 30), probability=35)
    assert (deal.title, deal.expected_close_on, deal.probability) == ("Новое", dt.date(2026, 4, 30), 35)
    with pytest.raises(ValidationError) as refused:
        update_deal(db, world.viewer("mgr_a"), deal_id=deal.id, expected_version=deal.version, title="Новое",
                    expected_close_on=dt.date(2026, 2, 1), probability=135)
    assert set(refused.value.errors) == {"expected_close_on", "probability"}
    with pytest.raises(NotFound):
        update_deal(db, world.viewer("mgr_b"), deal_id=deal.id, expected_version=deal.version, title="Чужое",
                    expected_close_on=dt.date(2026, 4, 30), probability=35)
