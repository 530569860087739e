"""Open sign-in sessions: one's own (the profile), anyone's (the administrator)."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import access
from db.access import Can, Viewer
from db.errors import AccessDenied
from db.models import User, UserSession, utcnow

from .frame import frame

_COLUMNS = (UserSession.id, UserSession.user_id, User.login, User.full_name, UserSession.created_at,
            UserSession.last_seen_at, UserSession.expires_at, UserSession.user_agent, UserSession.ip_address)


def _open(stmt):
    # Rows past their end are still open until their next check; they are not shown as alive.
    return stmt.where(UserSession.ended_at.is_(None), UserSession.expires_at > utcnow()) \
        .join(User, User.id == UserSession.user_id).order_by(UserSession.last_seen_at.desc())


def list_own_sessions(session: Session, viewer: Viewer) -> pd.DataFrame:
    return frame(session, _open(select(*_COLUMNS).where(UserSession.user_id == viewer.user_id)))


def list_open_sessions(session: Session, viewer: Viewer, *, user_id: int | None = None) -> pd.DataFrame:
    """The administrator's view: everyone's open sessions, or one user's."""
    if not access.can(viewer, Can.MANAGE_USERS):
        raise AccessDenied()
    stmt = select(*_COLUMNS)
    if user_id is not None:
        stmt = stmt.where(UserSession.user_id == user_id)
    return frame(session, _open(stmt))
