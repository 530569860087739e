"""Sending a run's pending letters through the SMTP server configured in the settings.

Each letter: claimed (committed) → handed to the server → marked sent and
logged on the client (committed). A run stopped anywhere — the browser
closed, the server went away — resumes with the letters still pending; a
letter caught between the claim and the mark is never resent by itself
(db/actions/mail_runs.expire_stale_claims). So a resumed run does not send anything twice.
"""
from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from sqlalchemy import select
from sqlalchemy.orm import Session

from i18n import N_

from ..access import Can, Viewer, require
from ..rules.validate import Checks
from ..errors import DomainError
from ..models import ActivityKind, MailLetter, MailLetterStatus, User
from ..routine_config import SmtpConfig, smtp_config
from ..secret_key import UnreadableSecret
from ..actions import mail_runs as runs

Progress = Callable[[int, int], None]  # (done so far, to do in this call)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    left: int = 0
    stopped: str | None = None  # why the run stopped before the end (a message id with {error}), if it did
    stopped_error: str = ""


def connect(config: SmtpConfig) -> smtplib.SMTP:
    """An open, signed-in connection; a DomainError naming the problem otherwise."""
    if not config.configured:
        raise DomainError("The mail server is not set up: an administrator enters it under "
                          "\u201cReminders and mailings\u201d.")
    try:
        server: smtplib.SMTP
        if config.security == "ssl":
            server = smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout,
                                      context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
            if config.security == "starttls":
                server.starttls(context=ssl.create_default_context())
        if config.username:
            try:
                password = config.secret()
            except UnreadableSecret as exc:
                server.close()
                raise DomainError("The stored mail server password cannot be read (the app's secret was "
                                  "changed): an administrator enters it again under \u201cReminders and "
                                  "mailings\u201d.") from exc
            server.login(config.username, password)
    except (OSError, smtplib.SMTPException) as exc:
        raise DomainError("Could not connect to the mail server {host}:{port}: {error}", host=config.host,
                          port=config.port, error=str(exc) or type(exc).__name__) from exc
    return server


def build_message(letter: MailLetter, config: SmtpConfig, sender: User) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((config.from_name or sender.full_name, config.from_address))
    assert letter.to_address is not None  # a letter with no address is skipped when the run is made, never sent
    message["To"] = formataddr((letter.to_name or "", letter.to_address))
    if sender.email:
        message["Reply-To"] = formataddr((sender.full_name, sender.email))
    message["Subject"] = letter.subject
    domain = config.from_address.rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(idstring=f"crm-mail-{letter.run_id}-{letter.id}", domain=domain)
    message.set_content(letter.body)
    return message


def send_run(session: Session, viewer: Viewer, *, run_id: int, progress: Progress | None = None,
             limit: int | None = None) -> SendReport:
    """Send the run's pending letters (at most `limit`), one transaction per step."""
    require(viewer, Can.SEND_MAILINGS)
    run = runs.own_run(session, viewer, run_id)
    if run.channel != "smtp":
        raise DomainError("This mailing is for download: its letters are not sent from here.")
    runs.expire_stale_claims(session, viewer, run_id=run_id)
    pending = list(session.scalars(select(MailLetter.id).where(
        MailLetter.run_id == run_id, MailLetter.status == MailLetterStatus.PENDING)
        .order_by(MailLetter.id).limit(limit)))
    report = SendReport()
    if not pending:
        runs.finish_run_if_done(session, viewer, run_id=run_id)
        return report
    config = smtp_config(session)
    sender = session.get_one(User, viewer.user_id)  # the signed-in sender
    server = connect(config)
    try:
        for done, letter_id in enumerate(pending, start=1):
            if not runs.claim_letter(session, viewer, letter_id=letter_id):
                continue  # sent or taken by another tab meanwhile
            letter = session.get_one(MailLetter, letter_id)  # just claimed: it is there
            session.refresh(letter)
            try:
                server.send_message(build_message(letter, config, sender))
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError,
                    smtplib.SMTPNotSupportedError, ValueError) as exc:
                runs.mark_failed(session, viewer, letter_id=letter_id, error=describe_error(exc))
                report.failed += 1
            except (OSError, smtplib.SMTPException) as exc:
                # The connection broke mid-letter: it may have gone out. Not resent by itself.
                runs.mark_failed(session, viewer, letter_id=letter_id,
                                 error=N_("Interrupted while sending: check whether it arrived before retrying."))
                report.failed += 1
                report.stopped = N_("The connection to the mail server broke: {error}. Resume to send the rest.")
                report.stopped_error = describe_error(exc)
                break
            else:
                runs.mark_sent(session, viewer, letter_id=letter_id)
                report.sent += 1
            if progress:
                progress(done, len(pending))
    finally:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            pass
    runs.finish_run_if_done(session, viewer, run_id=run_id)
    report.left = len(session.scalars(select(MailLetter.id).where(
        MailLetter.run_id == run_id, MailLetter.status == MailLetterStatus.PENDING)).all())
    return report


def describe_error(exc: Exception) -> str:
    """An SMTP failure as the server said it (code and text, per refused address), for the log and the admin."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{addr}: {code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
                         for addr, (code, msg) in exc.recipients.items())
    if isinstance(exc, smtplib.SMTPResponseException):
        msg = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        return f"{exc.smtp_code} {msg}"
    return str(exc) or type(exc).__name__


def log_downloaded(session: Session, viewer: Viewer, *, run_id: int, progress: Progress | None = None) -> int:
    """A download run's letters were sent by other means (printed, another mail tool): log each
    pending one on its client as a letter. Resumable like sending: a letter is logged once."""
    require(viewer, Can.SEND_MAILINGS)
    run = runs.own_run(session, viewer, run_id)
    if run.channel != "download":
        raise DomainError("This mailing is sent through the mail server: its letters are logged as they go.")
    pending = list(session.scalars(select(MailLetter.id).where(
        MailLetter.run_id == run_id, MailLetter.status == MailLetterStatus.PENDING).order_by(MailLetter.id)))
    logged = 0
    for done, letter_id in enumerate(pending, start=1):
        if runs.claim_letter(session, viewer, letter_id=letter_id):
            runs.mark_sent(session, viewer, letter_id=letter_id, kind=ActivityKind.LETTER)
            logged += 1
        if progress:
            progress(done, len(pending))
    runs.finish_run_if_done(session, viewer, run_id=run_id)
    return logged


def send_test(session: Session, viewer: Viewer, *, to_address: str) -> None:
    """A short letter through the configured server: the administrator's check of the settings."""
    require(viewer, Can.CONFIGURE)
    v = Checks()
    address = v.email("to_address", to_address, required=True)
    v.raise_if_any()
    config = smtp_config(session)
    server = connect(config)
    message = EmailMessage()
    message["From"] = formataddr((config.from_name, config.from_address))
    message["To"] = address
    message["Subject"] = "CRM: test"
    message.set_content("The CRM can send mail through this server.")
    try:
        server.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise DomainError("The mail server refused the letter: {error}", error=describe_error(exc)) from exc
    finally:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            pass
