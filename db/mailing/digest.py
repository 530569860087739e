"""The morning digest (issue 21): a person's My day by e-mail, queued by the cron command `python -m db.mail`.

For every active user who asked for it in their profile (users.email_digest) and has an address:
today's and overdue tasks (with their times), clients due for a contact or a reorder, stalled deals,
birthdays of key contacts, and the approvals waiting for them — the lists of "My day"
(queries/my_day.py, queries/approvals.py) read with a viewer made for that user, so the digest
shows exactly what their own screen would, a stand-in's colleague's items marked as theirs. Written
in the user's language; today's timed tasks ride along as an .ics file. The key
`digest:<user>:<date>` queues one digest a day however often the command runs. A day with nothing
at all to say sends nothing.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from i18n import N_, translate
from i18n import formatting as fmt
from queries.approvals import approval_queue
from queries.my_day import birthdays, contacts_due, reorders_due, stalled_deals
from queries.my_day import tasks as my_tasks

from .. import access, config
from ..access import Viewer
from ..io.ics import ics_bytes
from ..models import OutgoingMail, User
from .outbox import enqueue

log = logging.getLogger(__name__)
FOOTER = N_("You get this letter because \u201cMorning digest by e-mail\u201d is on in your profile in the CRM.")


@dataclass
class Digest:
    subject: str
    body: str
    attachment: tuple[str, str, bytes] | None
    items: int  # how many things it lists: 0 — nothing to send


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and value != value) and value is not pd.NaT


def _when(row, lang: str) -> str:
    """"10:00–11:00", "10:00", or "" for a whole-day task."""
    at = row.get("due_time")
    if not _present(at):
        return ""
    minutes = row.get("duration_minutes")
    if _present(minutes) and int(minutes) > 0:
        end = (dt.datetime.combine(dt.date(2000, 1, 1), at) + dt.timedelta(minutes=int(minutes))).time()
        return f"{at:%H:%M}\u2013{end:%H:%M}"
    return f"{at:%H:%M}"


def _theirs(row, lang: str) -> str:
    name = row.get("for_name")
    return f" ({translate('for {name}', lang, name=name)})" if _present(name) and name else ""


def _task_line(row, lang: str, today: dt.date) -> str:
    parts = []
    if row["due_on"] < today:
        parts.append(fmt.date(row["due_on"], lang))
    when = _when(row, lang)
    if when:
        parts.append(when)
    head = " ".join(parts)
    client = f" \u2014 {row['client']}" if _present(row.get("client")) and row.get("client") else ""
    return f"- {head + ' ' if head else ''}{row['title']}{client}{_theirs(row, lang)}"


def build_digest(session: Session, user: User, *, today: dt.date) -> Digest:
    """The digest of `user`'s day (not queued: `queue_digests` does that)."""
    viewer = Viewer(user_id=user.id, role=user.role, full_name=user.full_name)
    lang = user.language if user.language in ("ru", "en") else config.default_language()
    sections: list[str] = []
    items = 0

    tasks = my_tasks(session, viewer, today=today, ahead_days=0)
    overdue = tasks[tasks["bucket"] == "overdue"]
    todays = tasks[tasks["bucket"] == "today"]
    for title, rows in ((N_("Overdue tasks"), overdue), (N_("Tasks for today"), todays)):
        if len(rows):
            lines = [_task_line(r, lang, today) for r in rows.to_dict("records")]
            sections.append(f"{translate(title, lang)} ({len(rows)})\n" + "\n".join(lines))
            items += len(rows)

    def section(title: str, rows: pd.DataFrame, line) -> None:
        nonlocal items
        if len(rows):
            text = "\n".join(line(r) + _theirs(r, lang) for r in rows.to_dict("records"))
            sections.append(f"{translate(title, lang)} ({len(rows)})\n{text}")
            items += len(rows)

    def contact(r) -> str:
        last = (translate("last contact {date}", lang, date=fmt.date(r["last_contact"], lang))
                if _present(r["last_contact"]) else translate("no contact yet", lang))
        return f"- {r['client']} ({translate('class {abc}', lang, abc=r['abc'])}, {last})"

    def reorder(r) -> str:
        since = translate("due since {date}", lang, date=fmt.date(r["due_on"], lang))
        return f"- {r['client']}: {r['group']} ({since})"

    def deal(r) -> str:
        days = int(r["days_still"])
        still = translate("days without movement: {n}", lang, n=days)
        money = fmt.money(r["amount"], lang, config.currency())
        return f"- {r['title']} \u2014 {r['client']}, {r['stage']}, {money} ({still})"

    section(N_("Clients due for a contact"), contacts_due(session, viewer, today=today), contact)
    section(N_("Reorders due"), reorders_due(session, viewer, today=today), reorder)
    section(N_("Stalled deals"), stalled_deals(session, viewer, today=today), deal)
    section(N_("Birthdays this week"), birthdays(session, viewer, today=today),
            lambda r: f"- {fmt.date(r['day'], lang)}: {r['full_name']}, {r['client']}")
    queue = approval_queue(session, viewer, limit=50)
    mine = queue[queue["my_cap"].isna()] if len(queue) else queue  # above the viewer's cap: another decides
    section(N_("Approvals waiting for you"), mine.assign(for_name=None),
            lambda r: f"- {r['deal']} \u2014 {r['client']} ({r['requested_by']})")

    timed = todays[todays["due_time"].map(_present)] if len(todays) else todays
    attachment = None
    if len(timed):
        name = translate("My day {date}", lang, date=fmt.date(today, lang))
        attachment = (f"my-day-{today.isoformat()}.ics", "text/calendar",
                      ics_bytes(timed, name=name))
    date = fmt.date(today, lang)
    subject = translate("My day, {date}", lang, date=date)
    greeting = translate("Good morning, {name}!", lang, name=user.full_name)
    body = "\n\n".join([greeting, *sections, translate(FOOTER, lang)])
    return Digest(subject=subject, body=body, attachment=attachment, items=items)


def digest_readers(session: Session) -> list[User]:
    return list(session.scalars(select(User).where(User.active.is_(True), User.email_digest.is_(True),
                                                   User.email.is_not(None), User.email != "")
                                .order_by(User.id)))


def queue_digests(session: Session, *, today: dt.date | None = None) -> int:
    """Queue today's digest for everyone who asked for it, each in a transaction of its own; how many
    were queued (a rerun the same day: 0)."""
    today = today or access.today()
    queued = 0
    for user in digest_readers(session):
        key = f"digest:{user.id}:{today.isoformat()}"
        if session.scalar(select(OutgoingMail.id).where(OutgoingMail.key == key)) is not None:
            continue  # queued by an earlier run today
        try:
            digest = build_digest(session, user, today=today)
            if digest.items and enqueue(session, kind="digest", to_address=user.email or "",
                                        subject=digest.subject, body=digest.body, user_id=user.id,
                                        attachment=digest.attachment, key=key) is not None:
                queued += 1
            session.commit()
        except Exception:  # one person's broken digest must not stop the others' (the run says whose)
            session.rollback()
            log.exception("The digest of user %s could not be made", user.id)
    return queued
