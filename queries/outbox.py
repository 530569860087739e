"""The CRM's own outgoing mail as the administrator sees it (issue 21): what failed, what waits too
long, what went out lately — on the "Reminders and mailings" page, with "Retry" for the failed."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from db import access
from db.access import Can, Viewer
from db.errors import NotFound
from db.models import OutgoingMail, OutgoingMailStatus, User, utcnow

from .frame import frame

LONG_PENDING = dt.timedelta(hours=1)  # a letter queued longer than this is worth a look
RECENT = dt.timedelta(days=2)  # sent letters shown this long
COLUMNS = ["id", "status", "kind", "to_address", "recipient", "subject", "attempts", "created_at",
           "next_attempt_at", "sent_at", "last_error", "long_pending"]


@dataclass(frozen=True)
class OutboxView:
    rows: pd.DataFrame  # COLUMNS: the failed first, then the waiting, then the sent lately
    failed: int
    pending: int  # pending or being sent
    long_pending: int  # of those, queued longer than LONG_PENDING


def outbox_queue(session: Session, viewer: Viewer, *, now: dt.datetime | None = None,
                 limit: int = 200) -> OutboxView:
    access.require(viewer, Can.CONFIGURE)
    now = now or utcnow()
    waiting = OutgoingMail.status.in_((OutgoingMailStatus.PENDING, OutgoingMailStatus.SENDING))
    long_wait = waiting & (OutgoingMail.created_at < now - LONG_PENDING)
    counts = session.execute(select(
        func.count().filter(OutgoingMail.status == OutgoingMailStatus.FAILED),
        func.count().filter(waiting),
        func.count().filter(long_wait))).one()
    order = case((OutgoingMail.status == OutgoingMailStatus.FAILED, 0), (waiting, 1), else_=2)
    stmt = (select(OutgoingMail.id, OutgoingMail.status, OutgoingMail.kind, OutgoingMail.to_address,
                   User.full_name.label("recipient"), OutgoingMail.subject, OutgoingMail.attempts,
                   OutgoingMail.created_at, OutgoingMail.next_attempt_at, OutgoingMail.sent_at,
                   OutgoingMail.last_error, long_wait.label("long_pending"))
            .outerjoin(User, OutgoingMail.user_id == User.id)
            .where(or_(OutgoingMail.status != OutgoingMailStatus.SENT, OutgoingMail.sent_at >= now - RECENT))
            .order_by(order, OutgoingMail.created_at.desc(), OutgoingMail.id.desc())
            .limit(limit))
    rows = frame(session, stmt)
    if rows.empty:
        rows = pd.DataFrame(columns=COLUMNS)
    rows["long_pending"] = rows["long_pending"].astype(bool)
    return OutboxView(rows=rows[COLUMNS], failed=int(counts[0]), pending=int(counts[1]),
                      long_pending=int(counts[2]))


@dataclass(frozen=True)
class MailPreferences:
    email: str | None
    email_digest: bool
    email_notifications: bool
    version: int


def mail_preferences(session: Session, viewer: Viewer) -> MailPreferences:
    """The signed-in person's own mail switches (the profile page)."""
    user = session.get(User, viewer.person_id)
    if user is None:
        raise NotFound("User not found.")
    return MailPreferences(email=user.email, email_digest=bool(user.email_digest),
                           email_notifications=bool(user.email_notifications), version=user.version)
