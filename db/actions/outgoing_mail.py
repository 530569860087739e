"""The small writes the CRM's own mail is sent with (db/mailing/outbox_sender.py calls these), and the
administrator's retry of letters that failed.

A letter: claimed (an UPDATE that only a pending, due row passes — committed before the SMTP call,
so two cron runs never send it twice) → sent → marked sent. A failed attempt puts it back to
pending with the next attempt after a back-off (BACKOFF); after MAX_ATTEMPTS attempts, or when the
server refuses the address for good, it is failed and waits for the administrator's "Retry".
A claim left "sending" longer than STALE_CLAIM (the run died mid-letter) goes back to pending.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..access import Can, Viewer, require
from ..errors import DomainError
from ..models import OutgoingMail, OutgoingMailStatus, utcnow
from .base import audit, business_action, changed_rows

# The wait after the 1st, 2nd, 3rd … failed attempt; the last one repeats.
BACKOFF = (dt.timedelta(minutes=5), dt.timedelta(minutes=30), dt.timedelta(hours=2), dt.timedelta(hours=6))
MAX_ATTEMPTS = 5  # the fifth failed attempt makes the letter failed
STALE_CLAIM = dt.timedelta(minutes=15)


def backoff(attempts: int) -> dt.timedelta:
    """The wait before the next attempt after `attempts` failed ones (1 → 5 min, 2 → 30 min, …)."""
    return BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1]


@business_action(bumps_generation=False)  # a letter's passing state; pages read the queue unchanged
def expire_stale_mail_claims(session: Session, viewer: Viewer | None, *, now: dt.datetime | None = None) -> int:
    """Letters left "sending" by a run that died go back to the queue (they may go out twice: the
    lesser evil for a notice, against one never sent)."""
    now = now or utcnow()
    back = session.execute(
        update(OutgoingMail).where(OutgoingMail.status == OutgoingMailStatus.SENDING,
                                   OutgoingMail.claimed_at < now - STALE_CLAIM)
        .values(status=OutgoingMailStatus.PENDING, claimed_at=None, next_attempt_at=now))
    return changed_rows(back)


def due_mail_ids(session: Session, *, now: dt.datetime, limit: int | None = None) -> list[int]:
    return list(session.scalars(select(OutgoingMail.id).where(
        OutgoingMail.status == OutgoingMailStatus.PENDING, OutgoingMail.next_attempt_at <= now)
        .order_by(OutgoingMail.next_attempt_at, OutgoingMail.id).limit(limit)))


@business_action(bumps_generation=False)
def claim_mail(session: Session, viewer: Viewer | None, *, mail_id: int, now: dt.datetime | None = None) -> bool:
    """Take a due pending letter for sending; False when another run took it or it is not due."""
    now = now or utcnow()
    taken = session.execute(
        update(OutgoingMail).where(OutgoingMail.id == mail_id, OutgoingMail.status == OutgoingMailStatus.PENDING,
                                   OutgoingMail.next_attempt_at <= now)
        .values(status=OutgoingMailStatus.SENDING, claimed_at=now, attempts=OutgoingMail.attempts + 1))
    return changed_rows(taken) == 1


@business_action
def mark_mail_sent(session: Session, viewer: Viewer | None, *, mail_id: int, now: dt.datetime | None = None) -> None:
    session.execute(update(OutgoingMail).where(OutgoingMail.id == mail_id)
                    .values(status=OutgoingMailStatus.SENT, sent_at=now or utcnow(), last_error=None))


@business_action
def mark_mail_attempt_failed(session: Session, viewer: Viewer | None, *, mail_id: int, error: str,
                             permanent: bool = False, now: dt.datetime | None = None) -> OutgoingMailStatus:
    """The attempt failed: pending again after the back-off, or failed after the last attempt (or at
    once when `permanent`: the server refused the address for good)."""
    now = now or utcnow()
    mail = session.get_one(OutgoingMail, mail_id)
    session.refresh(mail)
    gave_up = permanent or mail.attempts >= MAX_ATTEMPTS
    mail.status = OutgoingMailStatus.FAILED if gave_up else OutgoingMailStatus.PENDING
    mail.last_error = error[:2000]
    mail.claimed_at = None
    mail.next_attempt_at = now if gave_up else now + backoff(mail.attempts)
    return mail.status


@business_action
def retry_outgoing_mail(session: Session, viewer: Viewer, *, mail_ids: list[int]) -> int:
    """The administrator sends failed letters again: pending and due now, attempts counted afresh
    (the error stays on them until the next attempt)."""
    require(viewer, Can.CONFIGURE)
    ids = sorted({int(i) for i in mail_ids or []})
    if not ids:
        raise DomainError("Choose the letters to send again.")
    failed = list(session.scalars(select(OutgoingMail.id).where(
        OutgoingMail.id.in_(ids), OutgoingMail.status == OutgoingMailStatus.FAILED)))
    if not failed:
        raise DomainError("These letters are not failed any more: reload the page.")
    again = session.execute(
        update(OutgoingMail).where(OutgoingMail.id.in_(failed), OutgoingMail.status == OutgoingMailStatus.FAILED)
        .values(status=OutgoingMailStatus.PENDING, attempts=0, next_attempt_at=utcnow(), claimed_at=None))
    for mail_id in failed:
        audit(session, viewer, action="retry_outgoing_mail", entity="outgoing_mail", entity_id=mail_id,
              changes={"status": (OutgoingMailStatus.FAILED, OutgoingMailStatus.PENDING)})
    return changed_rows(again)
