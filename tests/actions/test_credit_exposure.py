"""The credit check counts committed orders (issue 17, item 1), on hand-made data with figures worked out by hand.

Exposure = unpaid shipments + open deals at committing stages + won deals not yet shipped (each deal less
what was shipped against it); the move that would pass the limit needs a head's approval; overdue debt
more than N days past due (the `credit_rules` setting, 30 by default) blocks committing moves outright.
"""
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from db.actions.approvals import decide_approval
from db.errors import Amount, DomainError, ValidationError
from db.models import ApprovalRequest, Client, Deal, DealState, Setting, Shipment
from db.rules import credit as rules
from queries import client_card as card
from tests.deal_fixtures import clock, move  # noqa: F401 - the clock fixture

D = Decimal


@pytest.fixture
def arktika(world, db):
    """Арктика (Anna's): 220 000 limit on 30 days' deferral; no shipments and no deals of its own in the world."""
    client = db.get(Client, world.clients["a2"])
    client.credit_limit, client.payment_deferral_days = D("220000"), 30
    db.commit()  # a refused move rolls back: what the test set up must outlive it
    return client


def deal(db, world, stage: str, amount: str, client: str = "a2") -> Deal:
    d = Deal(title=f"Поставка {amount}", client_id=world.clients[client], owner_id=world.users["mgr_a"],
             stage_id=world.stages[stage], amount=D(amount), probability=60,
             state=DealState.WON if stage == "Won" else DealState.OPEN)
    db.add(d)
    db.commit()
    return d


def ship(db, world, amount: str, *, paid: str = "0", deal_id: int | None = None, due: dt.date | None = None,
         client: str = "a2") -> Shipment:
    s = Shipment(client_id=world.clients[client], product_id=world.product_id, manager_id=world.users["mgr_a"],
                 deal_id=deal_id, shipped_on=dt.date(2026, 1, 1), quantity=D("1"), amount=D(amount),
                 amount_paid=D(paid), payment_due_on=due)
    db.add(s)
    db.commit()
    return s


def parts(db, world, client: str = "a2", **kwargs) -> tuple:
    e = rules.exposure(db, world.clients[client], **kwargs)
    return e.unpaid_shipments, e.committed_open, e.won_not_shipped, e.total


def test_the_issues_two_deals_the_second_needs_approval(world, db, arktika):
    first, second = deal(db, world, "Negotiation", "131999.50"), deal(db, world, "Negotiation", "131999.50")
    # First: 0 + 131 999,50 ≤ 220 000 — it moves.
    assert move(db, world, "mgr_a", first, "Contract").moved
    # Second: exposure = 131 999,50 (the first, committed) + 131 999,50 = 263 999,00 > 220 000 by 43 999,00.
    with pytest.raises(ValidationError) as refused:
        move(db, world, "mgr_a", second, "Contract")
    message, params = refused.value.errors["to_stage_id"]
    assert "passes the credit limit" in message
    assert params == {"exposure": D("131999.50"), "shipments": D("0"), "committed": D("131999.50"), "won": D("0"),
                      "amount": D("131999.50"), "limit": D("220000"), "excess": D("43999.00")}
    assert all(isinstance(v, Amount) for v in params.values())  # shown as money, with the currency
    outcome = move(db, world, "mgr_a", second, "Contract", ask_approval=True)
    assert not outcome.moved and outcome.request.kind == "credit"
    assert outcome.request.payload["committed_open"] == "131999.50"
    db.refresh(second)
    assert second.stage_id == world.stages["Negotiation"]
    # The card: 0 + 131 999,50 + 0 = 131 999,50 of 220 000; 88 000,50 left.
    c = card.credit(db, world.viewer("mgr_a"), client_id=world.clients["a2"])
    assert (c.parts.unpaid_shipments, c.parts.committed_open, c.parts.won_not_shipped) == (D("0"), D("131999.50"),
                                                                                          D("0"))
    assert (c.exposure, c.limit, c.available, c.over_limit) == (D("131999.50"), D("220000"), D("88000.50"), False)


def test_a_deal_never_counts_against_itself(world, db, arktika):
    committed = deal(db, world, "Contract", "131999.50")
    assert parts(db, world) == (D("0"), D("131999.50"), D("0"), D("131999.50"))
    assert parts(db, world, except_deal_id=committed.id) == (D("0"), D("0"), D("0"), D("0"))
    assert rules.credit_check(db, committed) is None  # 0 + 131 999,50 ≤ 220 000


def test_won_deals_count_until_shipped_and_shipments_until_paid(world, db, arktika):
    won = deal(db, world, "Won", "131999.50")
    later = deal(db, world, "Negotiation", "131999.50")
    assert parts(db, world) == (D("0"), D("0"), D("131999.50"), D("131999.50"))
    shipment = ship(db, world, "100000", deal_id=won.id)
    # Shipped 100 000 of it, unpaid: 100 000 + 0 + 31 999,50 = 131 999,50 — shipping moves it between parts.
    assert parts(db, world) == (D("100000"), D("0"), D("31999.50"), D("131999.50"))
    shipment.amount_paid = D("40000")
    db.commit()
    # 60 000 + 31 999,50 = 91 999,50; + 131 999,50 = 223 999,00 > 220 000 by 3 999,00.
    with pytest.raises(ValidationError) as refused:
        move(db, world, "mgr_a", later, "Contract")
    _, params = refused.value.errors["to_stage_id"]
    assert (params["shipments"], params["won"], params["exposure"], params["excess"]) == (
        D("60000"), D("31999.50"), D("91999.50"), D("3999.00"))
    shipment.amount_paid = D("44000")
    db.commit()
    # 56 000 + 31 999,50 + 131 999,50 = 219 999,00 ≤ 220 000: it moves.
    assert move(db, world, "mgr_a", later, "Contract").moved


def test_shipped_beyond_a_deal_counts_nothing_more_and_other_clients_nothing(world, db, arktika):
    over = deal(db, world, "Won", "50000")
    ship(db, world, "60000", paid="60000", deal_id=over.id)  # 10 000 more than the deal: not −10 000
    deal(db, world, "Lost", "70000")  # lost: nothing
    deal(db, world, "Proposal", "80000")  # not committing: nothing
    part = deal(db, world, "Contract", "30000")
    ship(db, world, "12000", paid="2000", deal_id=part.id)  # shipped ahead of the win: 10 000 unpaid
    deal(db, world, "Contract", "999999", client="b1")  # another client's
    # unpaid 10 000; committed 30 000 − 12 000 = 18 000; won max(0, 50 000 − 60 000) = 0.
    assert parts(db, world) == (D("10000"), D("18000"), D("0"), D("28000"))


def test_on_prepayment_there_is_no_limit_check(world, db):
    db.get(Client, world.clients["a2"]).credit_limit = D("0")  # no limit, no deferral: prepayment
    big = deal(db, world, "Negotiation", "10000000")
    assert move(db, world, "mgr_a", big, "Contract").moved
    assert db.scalar(select(ApprovalRequest)) is None


def test_overdue_past_n_days_blocks_committing_moves_at_exactly_n_not(world, db, arktika, clock):
    clock.at("2026-03-01 09:00")
    ship(db, world, "70000", paid="20000", due=dt.date(2026, 1, 30))  # 50 000 due on 30 January
    ship(db, world, "5000", due=dt.date(2026, 3, 10))  # not yet due
    first, second = deal(db, world, "Negotiation", "1000"), deal(db, world, "Negotiation", "1000")
    # 1 March: 30 days past due (1 in January, 28 in February, 1 in March) — exactly the limit: allowed.
    assert move(db, world, "mgr_a", first, "Contract").moved
    c = card.credit(db, world.viewer("mgr_a"), client_id=world.clients["a2"])
    assert (c.overdue, c.overdue_days, c.block_days, c.blocked) == (D("50000"), 30, 30, False)
    clock.at("2026-03-02 09:00")  # 31 days: blocked, approval or not
    for ask in (False, True):
        with pytest.raises(ValidationError) as refused:
            move(db, world, "mgr_a", second, "Won", ask_approval=ask)
        message, params = refused.value.errors["to_stage_id"]
        assert "overdue debt" in message
        assert params == {"overdue": D("50000"), "days": 31, "limit": 30}
    assert db.scalar(select(ApprovalRequest)) is None
    c = card.credit(db, world.viewer("mgr_a"), client_id=world.clients["a2"])
    assert (c.overdue, c.overdue_days, c.blocked) == (D("50000"), 31, True)
    assert move(db, world, "mgr_a", second, "Proposal").moved  # not committing: not blocked
    assert move(db, world, "mgr_a", first, "Won").moved  # already committed: contract → won is not a new commitment
    # The limit is a company setting: 45 days lets it through.
    db.add(Setting(key=rules.SETTING_KEY, value={"overdue_block_days": 45}))
    db.flush()
    assert rules.overdue_block_days(db) == 45
    assert move(db, world, "mgr_a", second, "Contract").moved


def test_a_head_cannot_approve_a_credit_request_once_the_debt_is_blocking(world, db, arktika, clock):
    clock.at("2026-03-01 09:00")
    ship(db, world, "50000", due=dt.date(2026, 1, 30))
    big = deal(db, world, "Negotiation", "200000")  # 50 000 + 200 000 > 220 000 by 30 000
    request = move(db, world, "mgr_a", big, "Contract", ask_approval=True).request
    assert request.payload["exposure"] == "50000.00" and request.payload["unpaid_shipments"] == "50000.00"
    clock.at("2026-03-02 09:00")
    with pytest.raises(DomainError) as refused:
        decide_approval(db, world.viewer("head_n"), request_id=request.id, expected_version=request.version,
                        approve=True, comment="")
    assert refused.value.params == {"overdue": D("50000"), "days": 31, "limit": 30}
    db.refresh(big)
    assert big.stage_id == world.stages["Negotiation"]


@pytest.mark.parametrize("stored", [None, {"overdue_block_days": "x"}, {"overdue_block_days": -1}, [1, 2],
                                    {"overdue_block_days": True}])
def test_a_missing_or_malformed_setting_means_30_days(db, world, stored):
    if stored is not None:
        db.add(Setting(key=rules.SETTING_KEY, value=stored))
        db.flush()
    assert rules.overdue_block_days(db) == 30


def test_sums_in_the_refusal_are_shown_as_money(world, db):
    from db import config
    from i18n import formatting as fmt
    from ui.lang import _param

    assert _param(Amount("131999.50"), "ru") == fmt.money(D("131999.50"), "ru", config.currency(), kopecks=True)
    assert _param(Amount("220000"), "en") == fmt.money(D("220000"), "en", config.currency(), kopecks=False)
    assert "131" in _param(Amount("131999.50"), "ru") and "50" in _param(Amount("131999.50"), "ru")


def test_the_administrator_sets_the_days_and_a_stale_form_is_refused(world, db):
    from db.actions.credit_settings import save_credit_rules
    from db.errors import AccessDenied, StaleRecord
    from db.models import AuditEntry
    from queries.pipeline import overdue_block_days

    assert overdue_block_days(db, world.viewer("admin")) == (30, None)  # never saved: the default
    with pytest.raises(AccessDenied):
        save_credit_rules(db, world.viewer("head_n"), overdue_block_days=45, expected_updated_at=None)
    for bad in ("-1", "3651", "", "десять"):
        with pytest.raises(ValidationError):
            save_credit_rules(db, world.viewer("admin"), overdue_block_days=bad, expected_updated_at=None)
    save_credit_rules(db, world.viewer("admin"), overdue_block_days="45", expected_updated_at=None)
    days, saved = overdue_block_days(db, world.viewer("admin"))
    assert days == 45 and saved is not None and rules.overdue_block_days(db) == 45
    entry = db.scalars(select(AuditEntry).where(AuditEntry.entity_id == rules.SETTING_KEY)).one()
    assert entry.changes == {"overdue_block_days": [None, 45]}
    with pytest.raises(StaleRecord):  # a form loaded before that save
        save_credit_rules(db, world.viewer("admin"), overdue_block_days=10, expected_updated_at=None)
    save_credit_rules(db, world.viewer("admin"), overdue_block_days=0, expected_updated_at=saved)
    assert rules.overdue_block_days(db) == 0
