"""A meeting's invitation to the client's contact (issue 21, calendar): a letter with the meeting as
an .ics file (METHOD:REQUEST, the task's manager as organizer), queued in the CRM's outgoing mail
(db/mailing/outbox) and logged on the client's timeline as an e-mail.

A meeting is an open task with a client and a time of day (tasks have no kind of their own; the
demo's and the forms' meetings are such tasks). The letter is queued in the same transaction as
the timeline's entry and the audit row: all three, or none.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from .. import config
from ..access import Viewer
from ..errors import DomainError
from ..io.ics import invitation_bytes
from ..mailing.outbox import enqueue
from ..models import ActivityKind, Contact, Task, User, utcnow
from ..rules.validate import Checks
from .activities import _task_for, log_activity
from .base import audit, business_action, check_version

MAIL_KIND = "invitation"
ICS_NAME = "invitation.ics"


def is_meeting(task: Task) -> bool:
    """An open task on a client at a time of day: one a contact can be invited to."""
    return not task.done and task.client_id is not None and task.due_time is not None


def meeting_start(task: Task) -> dt.datetime:
    """When the meeting begins, in the company's time zone."""
    assert task.due_time is not None
    return dt.datetime.combine(task.due_on, task.due_time, tzinfo=config.timezone())


@business_action
def send_invitation(session: Session, viewer: Viewer, *, task_id: int, expected_version: int | None,
                    contact_id: int | None, subject: str, body: str) -> Task:
    """Queue the invitation to one of the client's contacts and log it on the client's timeline."""
    task = _task_for(session, viewer, task_id)
    check_version(session, task, expected_version)
    if task.done:
        raise DomainError("The task is already done.")
    if task.client_id is None or task.due_time is None:
        raise DomainError("Only a task with a client and a time of day is a meeting to invite to.")
    if meeting_start(task) <= utcnow():
        raise DomainError("The meeting has already begun: move it to a later time first.")
    v = Checks()
    subject_text = v.text("subject", subject, max_len=300, required=True) or ""
    body_text = v.text("body", body, max_len=20000, multiline=True, required=True) or ""
    contact = session.get(Contact, contact_id) if contact_id else None
    if contact_id is None:
        v.fail("contact_id", "Choose whom to invite.")
    elif contact is None or contact.client_id != task.client_id or not contact.active:
        v.fail("contact_id", "Choose one of the offered values.")
    elif not (contact.email or "").strip():
        v.fail("contact_id", "The contact has no e-mail address.")
    organizer = session.get_one(User, task.assignee_id)
    if not (organizer.email or "").strip():
        v.fail("contact_id", "{name} has no e-mail address in the profile: the guest could not answer the "
                             "invitation.", name=organizer.full_name)
    v.raise_if_any()
    assert contact is not None and contact.email
    address = contact.email.strip()
    data = invitation_bytes(
        {"id": task.id, "title": task.title, "due_on": task.due_on, "due_time": task.due_time,
         "duration_minutes": task.duration_minutes},
        organizer=(organizer.full_name, (organizer.email or "").strip()), attendee=(contact.full_name, address),
        sequence=task.version)
    mail = enqueue(session, kind=MAIL_KIND, to_address=address, subject=subject_text, body=body_text,
                   user_id=viewer.user_id, attachment=(ICS_NAME, "text/calendar", data),
                   key=f"{MAIL_KIND}:{task.id}:{task.version}:{contact.id}")
    if mail is None:
        raise DomainError("This invitation has already been sent to {name}; a new one goes out after the meeting "
                          "is moved.", name=contact.full_name)
    assert task.client_id is not None
    log_activity.__wrapped__(session, viewer, client_id=task.client_id, kind=ActivityKind.EMAIL,
                                        subject=subject_text, body=body_text, contact_id=contact.id)
    audit(session, viewer, action="send_invitation", entity="task", entity_id=task.id,
          changes={"contact_id": (None, contact.id), "email": (None, address), "subject": (None, subject_text)})
    return task
