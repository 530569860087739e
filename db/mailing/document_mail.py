"""Delivering one queued letter at once: a proposal or invoice sent from the card (issue 20).

The letter is already in the outgoing queue (db/actions/documents.send_document) with the rest
of the send; here the page tries to hand it to the mail server right away, so the manager sees
"sent" and not "queued". A server that is not set up or does not answer leaves it queued: the
regular sender (db/mailing/outbox_sender, `python -m db.mail`) retries it with its back-off.
"""
from __future__ import annotations

import smtplib
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..actions import outgoing_mail as mail_actions
from ..errors import DomainError
from ..models import OutgoingMail
from ..routine_config import smtp_config
from .outbox_sender import build_message
from .sender import connect


@dataclass(frozen=True)
class Delivery:
    sent: bool
    error: str | None = None  # why it stays queued


def deliver_now(session: Session, *, mail_id: int) -> Delivery:
    """Send this one queued letter now; on any failure it stays in the queue for the regular sender."""
    config = smtp_config(session)
    if not config.configured:
        return Delivery(sent=False, error="The mail server is not set up: an administrator enters it under "
                                          "\u201cReminders and mailings\u201d.")
    try:
        server = connect(config)
    except DomainError as exc:
        return Delivery(sent=False, error=str(exc))  # not claimed: the queue's attempts stay untouched
    try:
        if not mail_actions.claim_mail(session, None, mail_id=mail_id):
            return Delivery(sent=False, error=None)  # the regular sender took it a moment ago
        mail = session.get_one(OutgoingMail, mail_id)
        session.refresh(mail)
        try:
            server.send_message(build_message(mail, config))
        except (OSError, smtplib.SMTPException, ValueError) as exc:
            error = str(exc) or type(exc).__name__
            mail_actions.mark_mail_attempt_failed(session, None, mail_id=mail_id, error=error)
            return Delivery(sent=False, error=error)
        mail_actions.mark_mail_sent(session, None, mail_id=mail_id)
        return Delivery(sent=True)
    finally:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            pass
