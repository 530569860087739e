"""The CRM's own mail (issue 21): queued by pages and actions, sent by the cron command through a
real SMTP server on loopback, retried with a back-off, failures shown to the admin."""
import datetime as dt
from zoneinfo import ZoneInfo
from decimal import Decimal

import icalendar
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import access
from db import mail as mail_cli
from db.actions.approvals import decide_approval
from db.actions.deals import set_deal_lines
from db.actions.outgoing_mail import MAX_ATTEMPTS, claim_mail, retry_outgoing_mail
from db.errors import AccessDenied, DomainError
from db.mailing.digest import queue_digests
from db.mailing.outbox import enqueue
from db.mailing.outbox_sender import send_due
from db.models import ApprovalRequest, AuditEntry, Client, Contact, OutgoingMail, StandIn, Task, User, utcnow
from queries.outbox import outbox_queue
from tests.conftest import TEST_DATABASE_URL
from tests.deal_fixtures import move, open_deal
from tests.smtp_server import configure_smtp, smtp_server  # noqa: F401 - the fixture


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


# --- sending: through a real SMTP server on loopback ------------------------------------------------

ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:task-1@t\r\n"
       "DTSTAMP:20261204T060000Z\r\nDTSTART:20261204T100000Z\r\nDTEND:20261204T110000Z\r\nSUMMARY:Встреча\r\n"
       "END:VEVENT\r\nEND:VCALENDAR\r\n").encode()


def mail(db, key="k1", to="anna@example.ru", **kw):
    made = enqueue(db, kind="test", to_address=to, subject=kw.pop("subject", "Тема"), body="Текст", key=key, **kw)
    db.commit()
    return made


def dead_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again: nothing listens there


def test_send_due_delivers_with_the_attachment(world, db, smtp_server):
    inbox, port = smtp_server
    configure_smtp(db, port)
    queued_mail = mail(db, attachment=("day.ics", "text/calendar", ICS))
    report = send_due(db)
    assert (report.sent, report.retry_later, report.gave_up) == (1, 0, 0)
    [message] = inbox.messages
    assert message["Subject"] == "Тема" and inbox.to() == ["anna@example.ru"]
    assert message["From"].addresses[0].addr_spec == "sales@crm.example"
    [part] = [p for p in message.iter_attachments()]
    assert part.get_filename() == "day.ics" and part.get_content_type() == "text/calendar"
    calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Встреча"]
    db.refresh(queued_mail)
    assert (queued_mail.status, queued_mail.attempts, queued_mail.sent_at is not None) == ("sent", 1, True)
    assert send_due(db).sent == 0 and len(inbox.messages) == 1  # never twice


def test_a_server_that_is_down_leaves_the_letter_queued_and_a_later_run_sends_it(world, db, smtp_server):
    inbox, port = smtp_server
    configure_smtp(db, dead_port())
    queued_mail = mail(db)
    now = utcnow()
    report = send_due(db, now=now)
    assert (report.sent, report.retry_later) == (0, 1) and report.error
    db.refresh(queued_mail)
    assert (queued_mail.status, queued_mail.attempts) == ("pending", 1)
    assert _naive(queued_mail.next_attempt_at) == _naive(now + dt.timedelta(minutes=5))
    assert "connect" in queued_mail.last_error
    configure_smtp(db, port)  # the server is back
    assert send_due(db, now=now + dt.timedelta(minutes=1)).sent == 0  # not due yet: the back-off
    assert send_due(db, now=now + dt.timedelta(minutes=6)).sent == 1
    db.refresh(queued_mail)
    assert (queued_mail.status, queued_mail.attempts) == ("sent", 2) and len(inbox.messages) == 1


def test_after_the_last_attempt_the_letter_is_failed_shown_to_the_admin_and_retried(world, db, smtp_server):
    inbox, port = smtp_server
    configure_smtp(db, dead_port())
    queued_mail = mail(db)
    now = utcnow()
    waits = []
    for _ in range(MAX_ATTEMPTS):
        send_due(db, now=now)
        db.refresh(queued_mail)
        waits.append(_naive(queued_mail.next_attempt_at) - _naive(now))
        now = _aware(queued_mail.next_attempt_at)
    assert waits[:4] == [dt.timedelta(minutes=5), dt.timedelta(minutes=30), dt.timedelta(hours=2),
                         dt.timedelta(hours=6)]
    assert (queued_mail.status, queued_mail.attempts) == ("failed", MAX_ATTEMPTS)
    admin = world.viewer("admin")
    view = outbox_queue(db, admin)
    assert view.failed == 1 and list(view.rows["status"]) == ["failed"]
    assert view.rows.iloc[0]["to_address"] == "anna@example.ru" and view.rows.iloc[0]["last_error"]
    with pytest.raises(AccessDenied):
        outbox_queue(db, world.viewer("director"))
    with pytest.raises(AccessDenied):
        retry_outgoing_mail(db, world.viewer("director"), mail_ids=[queued_mail.id])
    configure_smtp(db, port)
    assert send_due(db, now=now + dt.timedelta(days=1)).sent == 0  # failed stays failed until retried
    assert retry_outgoing_mail(db, admin, mail_ids=[queued_mail.id]) == 1
    assert db.scalar(select(AuditEntry.action).where(AuditEntry.entity == "outgoing_mail")) == "retry_outgoing_mail"
    with pytest.raises(DomainError):  # pending now, not failed: a second click changes nothing
        retry_outgoing_mail(db, admin, mail_ids=[queued_mail.id])
    assert send_due(db).sent == 1 and inbox.to() == ["anna@example.ru"]
    assert outbox_queue(db, admin).failed == 0


def test_a_refused_address_fails_at_once_and_the_others_go_out(world, db, smtp_server):
    inbox, port = smtp_server
    configure_smtp(db, port)
    inbox.refuse.add("nobody@example.ru")
    bad, good = mail(db, key="bad", to="nobody@example.ru"), mail(db, key="good")
    report = send_due(db)
    assert (report.sent, report.gave_up) == (1, 1)
    db.refresh(bad)
    db.refresh(good)
    assert (bad.status, good.status) == ("failed", "sent") and "550" in bad.last_error


def test_an_unset_mail_server_leaves_the_queue_alone(world, db):
    queued_mail = mail(db)
    assert send_due(db).not_configured
    db.refresh(queued_mail)
    assert (queued_mail.status, queued_mail.attempts) == ("pending", 0)


def test_a_claim_left_by_a_dead_run_goes_back_to_the_queue(world, db, smtp_server):
    inbox, port = smtp_server
    configure_smtp(db, port)
    queued_mail = mail(db)
    now = utcnow()
    assert claim_mail(db, None, mail_id=queued_mail.id, now=now)
    assert not claim_mail(db, None, mail_id=queued_mail.id, now=now)  # one claim only
    assert send_due(db, now=now + dt.timedelta(minutes=1)).sent == 0  # fresh: someone is sending it
    assert send_due(db, now=now + dt.timedelta(minutes=20)).sent == 1


def _naive(at: dt.datetime) -> dt.datetime:
    return at.astimezone(dt.UTC).replace(tzinfo=None) if at.tzinfo else at


def _aware(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


# --- the morning digest -------------------------------------------------------------------------------

@pytest.fixture
def day(world, db):
    """Anna's day: a meeting at 10:00 for an hour, a call overdue, a task for today, a key contact's
    birthday; Boris stands in for her today; Anna and Boris and Nina asked for the digest, Vera not."""
    today = access.today()
    db.add(Task(assignee_id=world.users["mgr_a"], client_id=world.clients["a1"], title="Встреча в офисе",
                due_on=today, due_time=dt.time(10, 0), duration_minutes=60))
    db.add(Task(assignee_id=world.users["mgr_c"], client_id=world.clients["c1"], title="Позвонить Веге",
                due_on=today))
    db.add(StandIn(absent_user_id=world.users["mgr_a"], stand_in_user_id=world.users["mgr_b"],
                   starts_on=today, ends_on=today + dt.timedelta(days=3)))
    contact = db.scalars(select(Contact).where(Contact.client_id == world.clients["a2"])).one()
    contact.birthday = today.replace(year=1980) if (today.month, today.day) != (2, 29) else dt.date(1980, 2, 29)
    for login in ("mgr_a", "mgr_b", "head_n"):
        db.get(User, world.users[login]).email_digest = True
    db.commit()
    return today


def digests(db):
    return {m.to_address: m for m in queued(db, "digest")}


def test_the_digest_is_my_day_for_those_who_asked_once_a_day(world, db, day):
    assert queue_digests(db, today=day) == 2
    got = digests(db)
    # Vera did not ask; Nina asked, but her day holds nothing: no letter.
    assert set(got) == {"mgr_a@example.com", "mgr_b@example.com"}
    anna = got["mgr_a@example.com"]
    assert anna.key == f"digest:{world.users['mgr_a']}:{day.isoformat()}" and anna.user_id == world.users["mgr_a"]
    body = anna.body
    assert "Good morning, Anna Manager!" in body
    assert "Overdue tasks (1)" in body and "Перезвонить — Альфа Строй" in body
    assert "Tasks for today (2)" in body and "10:00–11:00 Встреча в офисе — Альфа Строй" in body
    assert "Отправить КП — Арктика" in body
    assert "Birthdays this week (1)" in body and "Контакт Арктика" in body
    # Never another manager's client.
    assert "Вега" not in body and "Бета Торг" not in body
    assert anna.attachment_name == f"my-day-{day.isoformat()}.ics"
    events = icalendar.Calendar.from_ical(anna.attachment).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Встреча в офисе — Альфа Строй"]  # the timed task only
    # The stand-in's digest holds Anna's items, marked as hers.
    boris = got["mgr_b@example.com"].body
    assert "Перезвонить — Альфа Строй (for Anna Manager)" in boris and "Вега" not in boris
    assert queue_digests(db, today=day) == 0  # a rerun queues nothing new
    assert len(queued(db, "digest")) == 2


def test_the_digest_lists_approvals_waiting_and_speaks_the_readers_language(world, db, day):
    db.get(User, world.users["head_n"]).language = "ru"
    db.commit()
    asked_discount(db, world, client="a2")
    queue_digests(db, today=day)
    nina = digests(db)["head_n@example.com"]
    assert "Доброе утро" in nina.body and "Согласования ждут вашего решения (1)" in nina.body
    assert "Сделка — Арктика (Anna Manager)" in nina.body
    assert nina.subject.startswith("Мой день")
    assert "Approvals" not in digests(db)["mgr_a@example.com"].body  # a manager decides nothing


def test_no_digest_without_an_address_or_when_switched_off(world, db, day):
    db.get(User, world.users["mgr_a"]).email_digest = False
    db.get(User, world.users["mgr_b"]).email = None
    db.commit()
    assert queue_digests(db, today=day) == 0 and digests(db) == {}
    db.get(User, world.users["mgr_a"]).email_digest = True
    db.commit()
    assert queue_digests(db, today=day) == 1 and set(digests(db)) == {"mgr_a@example.com"}


def test_the_cron_command_queues_and_sends_the_digest(engine, seeded, smtp_server):
    inbox, port = smtp_server
    today = access.today()
    with Session(engine) as s:
        configure_smtp(s, port)
        s.get(User, seeded.users["mgr_a"]).email_digest = True
        s.commit()
    assert mail_cli.main(["--digest", "--database", TEST_DATABASE_URL]) == 0
    assert inbox.to() == ["mgr_a@example.com"]
    assert inbox.messages[0]["Subject"].startswith("My day")
    assert mail_cli.main(["--digest", "--date", today.isoformat(), "--database", TEST_DATABASE_URL]) == 0
    assert len(inbox.messages) == 1  # the same day's digest is not queued twice


def test_a_request_raised_above_the_heads_cap_reaches_the_director_once(world, db):
    deal, request = asked_discount(db, world)  # 8 %: the head
    line = deal.lines[0]
    rows = [{"id": line.id, "product_id": line.product_id, "quantity": "40000", "discount_pct": "15"}]
    set_deal_lines(db, world.viewer("mgr_a"), deal_id=deal.id, expected_version=deal.version, lines=rows)
    assert [m.to_address for m in queued(db, "approval_asked")] == ["head_n@example.com", "director@example.com"]
    deal = db.get(type(deal), deal.id)
    rows[0]["discount_pct"] = "16"
    set_deal_lines(db, world.viewer("mgr_a"), deal_id=deal.id, expected_version=deal.version, lines=rows)
    assert len(queued(db, "approval_asked")) == 2  # each decider hears of a request once


def test_the_cron_run_queues_digests_on_working_days_from_seven():
    moscow = ZoneInfo("Europe/Moscow")
    friday = dt.datetime(2026, 12, 4, 7, 5, tzinfo=moscow)
    assert mail_cli.digest_time(friday)
    assert not mail_cli.digest_time(friday.replace(hour=6, minute=59))
    assert not mail_cli.digest_time(friday + dt.timedelta(days=1))  # Saturday
    assert mail_cli.digest_time(dt.datetime(2026, 12, 4, 4, 0, tzinfo=dt.UTC))  # 7:00 in Moscow
