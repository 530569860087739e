"""Mail-merge runs and their letters: kept so that a long run can be resumed without sending twice."""
from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Name, Timestamped, code


class MailLetterStatus(StrEnum):
    PENDING = "pending"  # waits to be sent
    SENDING = "sending"  # claimed by a sender
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"  # no address


class MailRun(Timestamped, Base):
    """One mailing: the template as written and the way the recipients were chosen.

    The letters are rendered when the run is made and never re-rendered, so
    what was previewed is what goes out, and a resumed run sends the same text.
    """

    __tablename__ = "mail_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[Name]
    channel: Mapped[str] = mapped_column(String(20))  # smtp | download
    subject_template: Mapped[str] = mapped_column(String(300))
    body_template: Mapped[str] = mapped_column(Text)
    criteria: Mapped[dict] = mapped_column(JSON, default=dict)  # how the recipients were chosen
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    __table_args__ = (CheckConstraint("channel IN ('smtp', 'download')", name="channel"),)


class MailLetter(Base):
    """One client's letter in a run.

    pending → sending (claimed, committed before the SMTP call) → sent | failed;
    skipped: nowhere to send it. A letter is claimed by an UPDATE that only
    succeeds on a pending one, so two tabs resuming the same run never both send it.
    """

    __tablename__ = "mail_letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("mail_runs.id"))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    to_name: Mapped[str | None] = mapped_column(String(200))
    to_address: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[MailLetterStatus] = mapped_column(code(MailLetterStatus, 20), default=MailLetterStatus.PENDING,
                                                     server_default="pending")
    error: Mapped[str | None] = mapped_column(Text)
    claimed_at: Mapped[dt.datetime | None]
    sent_at: Mapped[dt.datetime | None]
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id"))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (
        UniqueConstraint("run_id", "client_id", name="uq_mail_letters_run_client"),
        Index("ix_mail_letters_run_status", "run_id", "status"),
        CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed', 'skipped')", name="status"),
    )
