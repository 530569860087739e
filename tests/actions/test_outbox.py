"""The CRM's own mail (issue 21): queued by pages and actions, sent by the cron command through a
real SMTP server on loopback, retried with a back-off, failures shown to the admin."""
from sqlalchemy import select

from db.mailing.outbox import enqueue
from db.models import OutgoingMail


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
