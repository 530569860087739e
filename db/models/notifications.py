"""What needs a person: in-app notifications and the outgoing mail queue (issue 21)."""
from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, code, utcnow


class Notification(Base):
    """One thing one person should see: unread until they mark it read; kept 90 days.

    `kind` says what happened (approval asked or decided, task due, client handed over,
    stand-in starting, an A-client slipping…); `params` holds what the message needs to be
    written in the reader's language when shown (never pre-rendered text). `key` is unique
    per event, so a trigger run twice (a cron run, a rerun) does not notify twice.
    """

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    read_at: Mapped[dt.datetime | None]
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"))
    deal_id: Mapped[int | None] = mapped_column(ForeignKey("deals.id"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))
    approval_id: Mapped[int | None] = mapped_column(ForeignKey("approval_requests.id"))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    key: Mapped[str | None] = mapped_column(String(200), unique=True)

    __table_args__ = (
        Index("ix_notifications_user_read_created", "user_id", "read_at", "created_at"),
        Index("ix_notifications_created", "created_at"),
    )


class OutgoingMailStatus(StrEnum):
    PENDING = "pending"  # waits for the sender (or for its next attempt)
    SENDING = "sending"  # claimed by a sender, committed before the SMTP call
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt: shown to the admin, who may retry


class OutgoingMail(Base):
    """A letter the CRM itself sends (digest, approval asked/decided): queued, never sent from a page.

    Pages only insert rows; the sender (cron command) claims, sends and marks them, retrying
    with a back-off (`next_attempt_at`) so a mail server that is down loses nothing. `key`
    is unique per letter (a user's digest of a day), so a rerun does not queue it twice.
    """

    __tablename__ = "outgoing_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(30))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    to_address: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # One optional attachment (an .ics of the day's meetings, say).
    attachment_name: Mapped[str | None] = mapped_column(String(200))
    attachment_type: Mapped[str | None] = mapped_column(String(100))
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[OutgoingMailStatus] = mapped_column(code(OutgoingMailStatus, 10),
                                                       default=OutgoingMailStatus.PENDING, server_default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[dt.datetime | None]
    sent_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    key: Mapped[str | None] = mapped_column(String(200), unique=True)

    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed')", name="status"),
        Index("ix_outgoing_mail_status_next", "status", "next_attempt_at"),
    )
