"""The CRM's own mail on screen (issue 21): the profile's two switches and the administrator's queue
with "Retry" for the failed letters."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.actions.outgoing_mail import MAX_ATTEMPTS
from db.mailing.outbox import enqueue
from db.models import AuditEntry, OutgoingMail, User

from .conftest import signed_in, texts


def button(at, label):
    return next(b for b in at.button if b.label == label)


def checkbox(at, label):
    return next(c for c in at.checkbox if c.label == label)


def test_the_profile_switches_the_digest_on_and_approval_mail_off(seeded, engine):
    at = signed_in("mgr_a", "pages/profile.py")
    assert not at.exception
    assert "Letters go to" in texts(at) and "mgr" in texts(at)
    digest, notices = checkbox(at, "Morning digest by e-mail"), checkbox(at, "E-mail me about approvals")
    assert (digest.value, notices.value) == (False, True)  # the defaults: digest opt-in, approval mail on
    digest.check()
    checkbox(at, "E-mail me about approvals").uncheck()
    save = [b for b in at.button if b.label == "Save"]
    save[1].click().run()  # the second form on the page: the language is the first
    assert not at.exception
    with Session(engine) as s:
        user = s.get(User, seeded.users["mgr_a"])
        assert (user.email_digest, user.email_notifications) == (True, False)
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "set_mail_preferences")).one()
        assert entry.changes == {"email_digest": [False, True], "email_notifications": [True, False]}
    assert (checkbox(at, "Morning digest by e-mail").value, checkbox(at, "E-mail me about approvals").value) == \
        (True, False)


def test_without_an_address_the_digest_cannot_be_switched_on(seeded, engine):
    with Session(engine) as s:
        s.get(User, seeded.users["mgr_a"]).email = None
        s.commit()
    at = signed_in("mgr_a", "pages/profile.py")
    checkbox(at, "Morning digest by e-mail").check()
    [b for b in at.button if b.label == "Save"][1].click().run()
    assert any("no e-mail address" in e.value for e in at.error)
    with Session(engine) as s:
        assert not s.get(User, seeded.users["mgr_a"]).email_digest


def test_the_admin_sees_failed_letters_and_retries_them(seeded, engine):
    with Session(engine) as s:
        bad = enqueue(s, kind="approval_asked", to_address="head_n@example.com", subject="Нужно согласование",
                      body="…", key="t-failed")
        enqueue(s, kind="digest", to_address="mgr_a@example.com", subject="Мой день", body="…", key="t-pending")
        bad.status, bad.attempts, bad.last_error = "failed", MAX_ATTEMPTS, "Connection refused"
        s.commit()
        bad_id = bad.id
    at = signed_in("admin", "pages/routine_settings.py")
    assert not at.exception
    assert any("Letters that could not be sent: 1" in e.value for e in at.error)
    blob = texts(at)
    assert "Outgoing mail (1)" in blob
    frames = [df.value for df in at.dataframe]
    queue = next(f for f in frames if "subject" in f.columns and "attempts" in f.columns)
    assert list(queue["to_address"]) == ["head_n@example.com", "mgr_a@example.com"]  # the failed first
    assert list(queue["status"]) == ["Failed", "To send"]
    assert queue.iloc[0]["last_error"] == "Connection refused"
    button(at, "Retry").click().run()
    assert not at.exception
    assert any("queued again" in s.value for s in at.success)
    with Session(engine) as s:
        again = s.get(OutgoingMail, bad_id)
        assert (again.status, again.attempts) == ("pending", 0)
    assert not any("could not be sent" in e.value for e in at.error)
