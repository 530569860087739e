"""The CRM's own outgoing mail (issue 21): a queue that pages and actions only add to.

    enqueue(session, kind="approval_asked", to_address=..., subject=..., body=..., user_id=..., key=...)

adds a pending row inside the caller's transaction (it never commits and never talks to the
mail server), so a page never waits for SMTP and a letter is written together with the change
it tells about — or not at all. `key` makes a letter insert-once: a rerun of the same trigger
(the morning digest of a user's day, say) finds the key taken and queues nothing.

The sending — claiming due rows, the SMTP call, retries with a back-off, giving up after the
last attempt — is db/mailing/outbox_sender.py, run by the cron command `python -m db.mail`.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..models import OutgoingMail, OutgoingMailStatus, utcnow

SUBJECT_MAX = 300
ADDRESS_MAX = 200
KEY_MAX = 200


def enqueue(session: Session, *, kind: str, to_address: str, subject: str, body: str,
            user_id: int | None = None, attachment: tuple[str, str, bytes] | None = None,
            key: str | None = None) -> OutgoingMail | None:
    """Queue one letter (pending, due now); None when `key` is already queued (or there is no
    address). The row is part of the caller's transaction: commit or roll back with it.

    `attachment` is (file name, MIME type such as "text/calendar", content)."""
    address = (to_address or "").strip()
    if not address:
        return None
    if len(address) > ADDRESS_MAX:
        raise ValueError(f"e-mail address longer than {ADDRESS_MAX} characters")
    if key is not None and len(key) > KEY_MAX:
        raise ValueError(f"mail key longer than {KEY_MAX} characters")
    # A header takes one line: line breaks in a subject would start new headers.
    subject = " ".join((subject or "").split())[:SUBJECT_MAX]
    name, mime, content = attachment if attachment is not None else (None, None, None)
    values = {
        "created_at": utcnow(), "kind": kind[:30], "user_id": user_id, "to_address": address,
        "subject": subject, "body": body, "attachment_name": name, "attachment_type": mime,
        "attachment": content, "status": OutgoingMailStatus.PENDING, "attempts": 0,
        "next_attempt_at": utcnow(), "key": key,
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # A key another process queued a moment ago is skipped by the database, not refused.
    stmt = insert(OutgoingMail).values(**values).on_conflict_do_nothing(index_elements=["key"])
    mail_id = session.execute(stmt.returning(OutgoingMail.id)).scalar()
    if mail_id is None:
        return None
    return session.scalars(select(OutgoingMail).where(OutgoingMail.id == mail_id)).one()
