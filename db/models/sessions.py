"""Server-side sign-in sessions and the sign-in throttle (issue 15).

The browser's cookie carries only a random token; the row named by the
token's SHA-256 decides, on every run, whether the person is still signed in.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class UserSession(Base):
    """One sign-in: ended by sign-out, a password reset, deactivation, expiry or by hand."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the cookie's token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]  # the absolute end, whatever the activity
    ended_at: Mapped[dt.datetime | None]
    # signed_out | idle | expired | password_reset | password_changed | deactivated | ended_by_user | ended_by_admin
    ended_reason: Mapped[str | None] = mapped_column(String(30))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    ip_address: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (Index("ix_user_sessions_user", "user_id", "ended_at"),)


class SignInFailure(Base):
    """Failed sign-ins counted per key ("pair:login|address", "login:…", "address:…")."""

    __tablename__ = "sign_in_failures"

    key: Mapped[str] = mapped_column(String(330), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[dt.datetime]
