"""Writes of the mail-merge: making a run, and the small steps its sending is made of
(db/mailing/sender.py sends, calling these).

A run's letters are rendered when it is made: what the person previewed is
what goes out, and a run resumed tomorrow sends the same text. Only the
person who made a run sends it (the letters go out under their name).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from i18n import N_

from ..access import Can, Viewer, require
from ..errors import DomainError, NotFound
from ..mailing.template import check_template, render
from ..models import ActivityKind, MailLetter, MailLetterStatus, MailRun, utcnow
from ..rules.mailing import merge_values, recipient_rows
from .activities import log_activity
from .base import audit, business_action, changed_rows
from ..rules.validate import Checks

CHANNELS = ("smtp", "download")
STALE_CLAIM = dt.timedelta(minutes=10)  # a letter "sending" longer than this was interrupted


def own_run(session: Session, viewer: Viewer, run_id: int) -> MailRun:
    run = session.get(MailRun, run_id)
    if run is None or run.created_by_id != viewer.user_id or run.archived:
        raise NotFound("Mailing not found, or it is not yours.")
    return run


@business_action
def create_mail_run(session: Session, viewer: Viewer, *, name: str, channel: str, subject: str, body: str,
                    client_ids: list[int], criteria: dict | None = None) -> MailRun:
    """Render a letter for each chosen client the viewer may see; letters with nowhere to go
    (no e-mail, for sending) are kept as skipped, so the run says who was left out and why."""
    require(viewer, Can.SEND_MAILINGS)
    v = Checks()
    values = {
        "name": v.text("name", name, max_len=200, required=True),
        "channel": v.choice("channel", channel, CHANNELS, required=True),
        "subject_template": check_template(v, "subject", subject, max_len=300, multiline=False),
        "body_template": check_template(v, "body", body, max_len=20000, multiline=True),
    }
    merged = merge_values(session, viewer, client_ids=client_ids or [])
    if not merged:
        v.fail("recipients", "Choose at least one recipient.")
    v.raise_if_any()
    run = MailRun(created_by_id=viewer.user_id, criteria=criteria or {}, **values)
    session.add(run)
    session.flush()
    people = recipient_rows(session, viewer, client_ids=list(merged)).set_index("client_id")
    letters = []
    for client_id, fields in merged.items():
        person = people.loc[client_id]
        address = None if person.isna()["email"] else str(person["email"])
        no_address = values["channel"] == "smtp" and not address
        letters.append(MailLetter(
            run_id=run.id, client_id=client_id,
            contact_id=None if person.isna()["contact_id"] else int(person["contact_id"]),
            to_name=fields["contact"] or fields["client"], to_address=address,
            subject=" ".join(render(values["subject_template"], fields).split())[:300],
            body=render(values["body_template"], fields),
            status=MailLetterStatus.SKIPPED if no_address else MailLetterStatus.PENDING,
            error=N_("No e-mail address.") if no_address else None))
    session.add_all(letters)
    audit(session, viewer, action="create_mail_run", entity="mail_run", entity_id=run.id,
          changes={"name": (None, run.name), "channel": (None, run.channel), "letters": (None, len(letters))})
    return run


@business_action(bumps_generation=False)  # a letter's passing state; the outcome bumps
def claim_letter(session: Session, viewer: Viewer, *, letter_id: int) -> bool:
    """Take a pending letter for sending. False if it is not pending any more (sent, or taken by
    another tab a moment ago): the caller then leaves it alone. Committed before the SMTP call."""
    taken = session.execute(
        update(MailLetter).where(MailLetter.id == letter_id, MailLetter.status == MailLetterStatus.PENDING)
        .values(status=MailLetterStatus.SENDING, claimed_at=utcnow(), attempts=MailLetter.attempts + 1))
    return changed_rows(taken) == 1


@business_action
def mark_sent(session: Session, viewer: Viewer, *, letter_id: int, kind: str = ActivityKind.EMAIL) -> MailLetter:
    """The letter went out: note it, and log it on the client's timeline."""
    letter = session.get_one(MailLetter, letter_id)  # claimed by this sender: letters are never deleted
    letter.status, letter.sent_at, letter.error = MailLetterStatus.SENT, utcnow(), None
    try:
        activity = log_activity.__wrapped__(session, viewer, client_id=letter.client_id, kind=kind,
                                            subject=letter.subject, body=letter.body, contact_id=letter.contact_id)
        letter.activity_id = activity.id
    except NotFound:  # the client moved to someone else meanwhile: sent all the same, not logged by us
        letter.error = N_("Sent, but not logged: the client is no longer yours.")
    return letter


@business_action
def mark_failed(session: Session, viewer: Viewer, *, letter_id: int, error: str) -> None:
    session.execute(update(MailLetter).where(MailLetter.id == letter_id)
                    .values(status=MailLetterStatus.FAILED, error=error[:2000]))


@business_action
def expire_stale_claims(session: Session, viewer: Viewer, *, run_id: int) -> int:
    """Letters left "sending" by a run that stopped mid-letter may or may not have gone out:
    they become failed with that said, and are never resent without a person deciding so."""
    own_run(session, viewer, run_id)
    stale = session.execute(
        update(MailLetter).where(MailLetter.run_id == run_id, MailLetter.status == MailLetterStatus.SENDING,
                                 MailLetter.claimed_at < utcnow() - STALE_CLAIM)
        .values(status=MailLetterStatus.FAILED,
                error=N_("Interrupted while sending: check whether it arrived before retrying.")))
    return changed_rows(stale)


@business_action
def retry_failed(session: Session, viewer: Viewer, *, run_id: int) -> int:
    """Failed letters go back to the queue (the person decided to try them again)."""
    own_run(session, viewer, run_id)
    again = session.execute(update(MailLetter).where(MailLetter.run_id == run_id,
                                                     MailLetter.status == MailLetterStatus.FAILED)
                            .values(status=MailLetterStatus.PENDING, error=None))
    audit(session, viewer, action="retry_mail_letters", entity="mail_run", entity_id=run_id,
          changes={"letters": (None, changed_rows(again))})
    return changed_rows(again)


@business_action
def finish_run_if_done(session: Session, viewer: Viewer, *, run_id: int) -> bool:
    run = own_run(session, viewer, run_id)
    left = session.scalar(select(func.count()).select_from(MailLetter).where(
        MailLetter.run_id == run_id, MailLetter.status.in_((MailLetterStatus.PENDING, MailLetterStatus.SENDING))))
    run.started_at = run.started_at or utcnow()
    if left == 0 and run.finished_at is None:
        run.finished_at = utcnow()
    return left == 0


@business_action
def archive_mail_run(session: Session, viewer: Viewer, *, run_id: int) -> None:
    run = own_run(session, viewer, run_id)
    if session.scalar(select(func.count()).select_from(MailLetter).where(
            MailLetter.run_id == run_id, MailLetter.status == MailLetterStatus.SENDING)):
        raise DomainError("The mailing is being sent right now.")
    run.archived = True
    audit(session, viewer, action="archive_mail_run", entity="mail_run", entity_id=run_id,
          changes={"archived": (False, True)})
