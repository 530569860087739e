"""Sending the CRM's own queued mail (db/mailing/outbox.py) through the configured SMTP server.

    send_due(session)  # from the cron command `python -m db.mail`

One connection per run. Each due letter is claimed (committed before the SMTP call), sent and
marked sent; a failed attempt is retried later with a back-off and, after the last attempt,
left failed for the administrator (db/actions/outgoing_mail.py). A server that is down costs
each due letter an attempt and nothing else: the letters stay queued. A mail server that is
not set up at all leaves the queue untouched.
"""
from __future__ import annotations

import datetime as dt
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from sqlalchemy.orm import Session

from i18n import translate

from ..config import default_language
from ..actions import outgoing_mail as mail_actions
from ..errors import DomainError
from ..models import OutgoingMail, OutgoingMailStatus, utcnow
from ..routine_config import SmtpConfig, smtp_config
from .sender import connect, describe_error


@dataclass
class OutboxReport:
    sent: int = 0
    retry_later: int = 0  # failed attempts that will be tried again
    gave_up: int = 0  # letters that became failed in this run
    not_configured: bool = False
    error: str = ""  # why the run could not connect, or why it stopped, if it did

    def summary(self) -> str:
        text = f"sent: {self.sent}, to retry: {self.retry_later}, failed: {self.gave_up}"
        if self.not_configured:
            text += " — the mail server is not set up"
        elif self.error:
            text += f" — {self.error}"
        return text


def build_message(mail: OutgoingMail, config: SmtpConfig) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((config.from_name or "CRM", config.from_address))
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    domain = config.from_address.rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(idstring=f"crm-outbox-{mail.id}", domain=domain)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to a robot
    message.set_content(mail.body)
    if mail.attachment is not None and mail.attachment_name:
        maintype, _, subtype = (mail.attachment_type or "application/octet-stream").partition("/")
        message.add_attachment(bytes(mail.attachment), maintype=maintype, subtype=subtype or "octet-stream",
                               filename=mail.attachment_name)
    return message


def send_due(session: Session, *, now: dt.datetime | None = None, limit: int | None = None) -> OutboxReport:
    """Send the letters due at `now` (default: this moment), at most `limit` of them."""
    now = now or utcnow()
    report = OutboxReport()
    mail_actions.expire_stale_mail_claims(session, None, now=now)
    due = mail_actions.due_mail_ids(session, now=now, limit=limit)
    if not due:
        return report
    config = smtp_config(session)
    if not config.configured:
        report.not_configured = True
        return report
    try:
        server = connect(config)
    except DomainError as exc:
        # Written in the company's language: the administrator reads it on the queue.
        report.error = translate(exc.message, default_language(), **exc.params)
        for mail_id in due:  # each due letter spends an attempt: a long outage ends in "failed", shown
            if mail_actions.claim_mail(session, None, mail_id=mail_id, now=now):
                _count(report, mail_actions.mark_mail_attempt_failed(session, None, mail_id=mail_id,
                                                                     error=report.error, now=now))
        return report
    try:
        for mail_id in due:
            if not mail_actions.claim_mail(session, None, mail_id=mail_id, now=now):
                continue  # taken by another run a moment ago
            mail = session.get_one(OutgoingMail, mail_id)
            session.refresh(mail)
            try:
                server.send_message(build_message(mail, config))
            except smtplib.SMTPRecipientsRefused as exc:
                permanent = all(code >= 500 for code, _msg in exc.recipients.values())
                _count(report, mail_actions.mark_mail_attempt_failed(session, None, mail_id=mail_id,
                                                                     error=describe_error(exc), permanent=permanent,
                                                                     now=now))
            except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError, smtplib.SMTPNotSupportedError) as exc:
                _count(report, mail_actions.mark_mail_attempt_failed(session, None, mail_id=mail_id,
                                                                     error=describe_error(exc), now=now))
            except ValueError as exc:  # an address the message cannot even be written with
                _count(report, mail_actions.mark_mail_attempt_failed(session, None, mail_id=mail_id,
                                                                     error=describe_error(exc), permanent=True,
                                                                     now=now))
            except (OSError, smtplib.SMTPException) as exc:
                # The connection broke: this letter is tried again later, the rest wait untouched.
                report.error = describe_error(exc)
                _count(report, mail_actions.mark_mail_attempt_failed(session, None, mail_id=mail_id,
                                                                     error=report.error, now=now))
                break
            else:
                mail_actions.mark_mail_sent(session, None, mail_id=mail_id, now=now)
                report.sent += 1
    finally:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            pass
    return report


def _count(report: OutboxReport, status: OutgoingMailStatus) -> None:
    if status == OutgoingMailStatus.FAILED:
        report.gave_up += 1
    else:
        report.retry_later += 1


