"""Issue 21, calendar: a meeting's invitation to the client's contact — a letter queued in the CRM's
outgoing mail with the meeting as an .ics (METHOD:REQUEST, the task's manager as organizer; parsed
back with icalendar), logged on the client's timeline as an e-mail; refusals change nothing."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from db import access
from db.actions.activities import complete_task, reschedule_task, schedule_task
from db.actions.invitations import send_invitation
from db.errors import DomainError, NotFound, ValidationError
from db.io.ics import task_uid
from db.mailing.outbox_sender import build_message
from db.models import Activity, AuditEntry, Contact, OutgoingMail
from db.routine_config import SmtpConfig

MOSCOW = ZoneInfo("Europe/Moscow")


def _contact(db, world, key: str) -> Contact:
    return db.scalars(select(Contact).where(Contact.client_id == world.clients[key])).first()


def _event(mail: OutgoingMail):
    cal = Calendar.from_ical(mail.attachment)
    assert str(cal["METHOD"]) == "REQUEST"
    assert [c.name for c in cal.walk("VTIMEZONE")] == ["VTIMEZONE"]
    (event,) = cal.walk("VEVENT")
    return event


def _count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def test_an_invitation_is_queued_with_the_meetings_ics_and_logged_on_the_timeline(world, db):
    mgr_a = world.viewer("mgr_a")
    day = access.today() + dt.timedelta(days=3)
    task = schedule_task(db, mgr_a, client_id=world.clients["a1"], title="Встреча в офисе клиента", due_on=day,
                         due_time="23:30", duration_minutes=90, description="Внутреннее: просить скидку 5 %")
    contact = _contact(db, world, "a1")
    send_invitation(db, mgr_a, task_id=task.id, expected_version=task.version, contact_id=contact.id,
                    subject="Приглашение: встреча", body="Добрый день!\n\nПриглашаю на встречу.")
    mail = db.scalars(select(OutgoingMail)).one()
    assert (mail.kind, mail.to_address, mail.subject, mail.user_id) == (
        "invitation", contact.email, "Приглашение: встреча", world.users["mgr_a"])
    assert (mail.attachment_name, mail.attachment_type) == ("invitation.ics", "text/calendar")
    event = _event(mail)
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == dt.datetime.combine(day, dt.time(23, 30), tzinfo=MOSCOW)
    assert str(start.tzinfo) == "Europe/Moscow" and str(event["DTSTART"].params["TZID"]) == "Europe/Moscow"
    assert end == start + dt.timedelta(minutes=90) and end.date() == day + dt.timedelta(days=1)  # past midnight
    assert start.astimezone(dt.UTC) == dt.datetime.combine(day, dt.time(20, 30), tzinfo=dt.UTC)
    assert str(event["ORGANIZER"]) == "mailto:mgr_a@example.com"
    assert str(event["ORGANIZER"].params["CN"]) == "Anna Manager"
    assert str(event["ATTENDEE"]) == f"mailto:{contact.email}" and event["ATTENDEE"].params["RSVP"] == "TRUE"
    assert str(event["UID"]) == task_uid(task.id) and int(event["SEQUENCE"]) == task.version
    assert str(event["SUMMARY"]) == "Встреча в офисе клиента"
    # The letter the outbox sender builds carries the file as a text/calendar attachment.
    letter = build_message(mail, SmtpConfig(host="localhost", from_address="crm@example.com"))
    (part,) = list(letter.iter_attachments())
    assert (part.get_content_type(), part.get_filename()) == ("text/calendar", "invitation.ics")
    assert str(Calendar.from_ical(part.get_content())["METHOD"]) == "REQUEST"
    assert "скидку" not in mail.attachment.decode()  # the task's own notes stay in the company
    logged = db.scalars(select(Activity).where(Activity.subject == "Приглашение: встреча")).one()
    assert (logged.kind, logged.client_id, logged.contact_id, logged.user_id) == (
        "email", world.clients["a1"], contact.id, world.users["mgr_a"])
    audit = db.scalars(select(AuditEntry).where(AuditEntry.action == "send_invitation")).one()
    assert audit.entity_id == str(task.id) and audit.changes["email"] == [None, contact.email]

    # The same invitation again: refused, nothing more queued or logged.
    with pytest.raises(DomainError, match="already been sent"):
        send_invitation(db, mgr_a, task_id=task.id, expected_version=task.version, contact_id=contact.id,
                        subject="Ещё раз", body="Текст")
    assert _count(db, OutgoingMail) == 1
    assert not db.scalars(select(Activity).where(Activity.subject == "Ещё раз")).all()
    # Moved: a new invitation with the same UID and a higher SEQUENCE updates the guest's event.
    moved = reschedule_task(db, mgr_a, task_id=task.id, expected_version=task.version, due_on=day,
                            due_time="10:00", duration_minutes=None)
    send_invitation(db, mgr_a, task_id=task.id, expected_version=moved.version, contact_id=contact.id,
                    subject="Перенос встречи", body="Встреча переносится.")
    again = _event(db.scalars(select(OutgoingMail).order_by(OutgoingMail.id.desc())).first())
    assert str(again["UID"]) == task_uid(task.id) and int(again["SEQUENCE"]) > int(event["SEQUENCE"])
    assert again.decoded("DTSTART") == dt.datetime.combine(day, dt.time(10, 0), tzinfo=MOSCOW)
    assert again.decoded("DTEND") - again.decoded("DTSTART") == dt.timedelta(minutes=30)  # no duration: 30 min


def test_a_head_invites_to_a_team_members_meeting_with_the_manager_as_organizer(world, db):
    day = access.today() + dt.timedelta(days=1)
    task = schedule_task(db, world.viewer("mgr_a"), client_id=world.clients["a1"], title="Переговоры", due_on=day,
                         due_time="11:00", duration_minutes=60)
    send_invitation(db, world.viewer("head_n"), task_id=task.id, expected_version=task.version,
                    contact_id=_contact(db, world, "a1").id, subject="Приглашение", body="Текст")
    event = _event(db.scalars(select(OutgoingMail)).one())
    assert str(event["ORGANIZER"]) == "mailto:mgr_a@example.com"


@pytest.mark.parametrize("case", ["other_managers_task", "other_clients_contact", "no_time", "no_client", "past",
                                  "done", "stale", "no_email", "no_contact", "empty_subject"])
def test_refused_invitations_queue_and_log_nothing(world, db, case):
    mgr_a = world.viewer("mgr_a")
    day = access.today() + dt.timedelta(days=2)
    task = schedule_task(db, mgr_a, client_id=world.clients["a1"], title="Встреча", due_on=day, due_time="12:00")
    contact = _contact(db, world, "a1")
    args = {"task_id": task.id, "expected_version": task.version, "contact_id": contact.id,
            "subject": "Приглашение", "body": "Текст"}
    viewer, error = mgr_a, DomainError
    if case == "other_managers_task":
        viewer, error = world.viewer("mgr_c"), NotFound
    elif case == "other_clients_contact":
        args["contact_id"], error = _contact(db, world, "a2").id, ValidationError
    elif case == "no_time":
        args["task_id"] = schedule_task(db, mgr_a, client_id=world.clients["a1"], title="Весь день", due_on=day).id
        args["expected_version"] = None
    elif case == "no_client":
        args["task_id"] = schedule_task(db, mgr_a, title="Без клиента", due_on=day, due_time="12:00").id
        args["expected_version"] = None
    elif case == "past":
        args["task_id"] = schedule_task(db, mgr_a, client_id=world.clients["a1"], title="Вчера",
                                        due_on=access.today() - dt.timedelta(days=1), due_time="12:00").id
        args["expected_version"] = None
    elif case == "done":
        complete_task(db, mgr_a, task_id=task.id, expected_version=task.version)
        args["expected_version"] = None
    elif case == "stale":
        reschedule_task(db, mgr_a, task_id=task.id, expected_version=task.version, due_on=day, due_time="13:00")
        args["expected_version"] = task.version - 1
    elif case == "no_email":
        contact.email = None
        db.commit()
        error = ValidationError
    elif case == "no_contact":
        args["contact_id"], error = None, ValidationError
    elif case == "empty_subject":
        args["subject"], error = "  ", ValidationError
    activities = _count(db, Activity)
    with pytest.raises(error):
        send_invitation(db, viewer, **args)
    assert _count(db, OutgoingMail) == 0 and _count(db, Activity) == activities
    assert not db.scalars(select(AuditEntry).where(AuditEntry.action == "send_invitation")).all()
