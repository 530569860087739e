"""The CRM's own mail (issue 21): queued by pages and actions, sent by the cron command through a
real SMTP server on loopback, retried with a back-off, failures shown to the admin."""
from decimal import Decimal

from sqlalchemy import select

from db.actions.approvals import decide_approval
from db.mailing.outbox import enqueue
from db.models import ApprovalRequest, Client, OutgoingMail, User
from tests.deal_fixtures import move, open_deal


def test_enqueue_is_once_per_key(world, db):
    first = enqueue(db, kind="digest", to_address=" anna@example.ru ", subject="My\nday", body="Hello",
                    user_id=world.users["mgr_a"], key="digest:1:2026-12-04",
                    attachment=("day.ics", "text/calendar", b"BEGIN:VCALENDAR"))
    assert first is not None and first.status == "pending" and first.attempts == 0
    assert (first.to_address, first.subject, first.attachment_name) == ("anna@example.ru", "My day", "day.ics")
    again = enqueue(db, kind="digest", to_address="anna@example.ru", subject="My day", body="Hello",
                    key="digest:1:2026-12-04")
    assert again is None
    assert enqueue(db, kind="x", to_address="", subject="s", body="b") is None
    db.commit()
    assert len(db.scalars(select(OutgoingMail)).all()) == 1


# --- immediate mail about approvals ------------------------------------------------------------------

def queued(db, kind=None):
    stmt = select(OutgoingMail).order_by(OutgoingMail.id)
    if kind:
        stmt = stmt.where(OutgoingMail.kind == kind)
    return db.scalars(stmt).all()


def asked_discount(db, world, login="mgr_a", client="a1", discount="8"):
    deal = open_deal(db, world, login, client, quantity="40000", discount=discount)
    return deal, db.scalars(select(ApprovalRequest).where(ApprovalRequest.deal_id == deal.id)).one()


def test_a_discount_request_mails_its_deciders_only(world, db):
    _deal, request = asked_discount(db, world)
    mails = queued(db, "approval_asked")
    # The head of Anna's department decides 8 %: not the south's head, not the director, not Anna herself.
    assert [m.to_address for m in mails] == ["head_n@example.com"]
    assert mails[0].user_id == world.users["head_n"]
    assert mails[0].key == f"approval_asked:{request.id}:{world.users['head_n']}"
    assert "Альфа Строй" in mails[0].subject and "Anna Manager asks for your approval" in mails[0].body
    assert "8.0 %" in mails[0].body


def test_above_the_heads_cap_the_director_is_mailed(world, db):
    asked_discount(db, world, discount="15")
    assert [m.to_address for m in queued(db, "approval_asked")] == ["director@example.com"]


def test_a_decision_mails_the_requester_not_the_decider(world, db):
    _deal, request = asked_discount(db, world)
    decide_approval(db, world.viewer("head_n"), request_id=request.id, expected_version=request.version,
                    approve=False, comment="Слишком много")
    mails = queued(db, "approval_decided")
    assert [m.to_address for m in mails] == ["mgr_a@example.com"]
    assert mails[0].subject.startswith("Rejected:") and "Слишком много" in mails[0].body
    assert "Nina Head rejected your request" in mails[0].body


def test_a_head_own_request_goes_to_the_director_and_the_decision_back(world, db):
    # A head's discount on their own department's client: the director decides (and is asked).
    db.get(Client, world.clients["b1"]).owner_id = world.users["head_n"]
    db.commit()
    _deal, request = asked_discount(db, world, login="head_n", client="b1", discount="15")
    assert [m.to_address for m in queued(db, "approval_asked")] == ["director@example.com"]
    decide_approval(db, world.viewer("director"), request_id=request.id, expected_version=request.version,
                    approve=True, comment="")
    assert [m.to_address for m in queued(db, "approval_decided")] == ["head_n@example.com"]


def test_no_mail_to_who_switched_it_off_or_has_no_address(world, db):
    db.get(User, world.users["head_n"]).email_notifications = False
    db.commit()
    asked_discount(db, world)
    assert queued(db) == []
    db.get(User, world.users["head_n"]).email_notifications = True
    db.get(User, world.users["head_n"]).email = None
    db.commit()
    asked_discount(db, world, client="a2")
    assert queued(db) == []


def test_the_mail_is_in_the_readers_language(world, db):
    db.get(User, world.users["head_n"]).language = "ru"
    db.commit()
    asked_discount(db, world)
    mail = queued(db, "approval_asked")[0]
    assert mail.subject.startswith("Нужно согласование") and "просит" in mail.body


def test_a_credit_request_mails_the_head_and_a_manager_never_hears_of_anothers_client(world, db):
    client = db.get(Client, world.clients["c1"])  # Vera's, in the south
    client.payment_deferral_days, client.credit_limit = 30, Decimal("1000")
    db.commit()
    deal = open_deal(db, world, "mgr_c", "c1", quantity="40000", discount="0")
    request = move(db, world, "mgr_c", deal, "Contract", ask_approval=True).request
    assert request is not None and request.kind == "credit"
    mails = queued(db, "approval_asked")
    assert [m.to_address for m in mails] == ["head_s@example.com"]
    assert "credit limit" in mails[0].body
    decide_approval(db, world.viewer("head_s"), request_id=request.id, expected_version=request.version,
                    approve=False, comment="Долг")
    everyone = {m.to_address for m in queued(db)}
    assert everyone == {"head_s@example.com", "mgr_c@example.com"}  # no manager or head of the north
