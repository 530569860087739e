"""The signed-in person's notifications (issue 21): their own only, newest first.

The menu's count is one query on the index (user_id, read_at, created_at).
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.access import Viewer
from db.models import Client, Notification

from .frame import frame

COLUMNS = ["id", "kind", "created_at", "read_at", "client_id", "deal_id", "task_id", "approval_id", "params"]


def unread_count(session: Session, viewer: Viewer) -> int:
    """How many of the viewer's notifications are unread."""
    if viewer.user_id is None:
        return 0
    return int(session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == viewer.user_id, Notification.read_at.is_(None))) or 0)


def list_notifications(session: Session, viewer: Viewer, *, unread_only: bool = False,
                       limit: int = 200) -> pd.DataFrame:
    """The viewer's notifications, newest first (at most `limit`); `attrs["total"]`: how many match."""
    if viewer.user_id is None:
        df = pd.DataFrame(columns=[*COLUMNS, "client_name"])
        df.attrs["total"] = 0
        return df
    conditions = [Notification.user_id == viewer.user_id]
    if unread_only:
        conditions.append(Notification.read_at.is_(None))
    # The client's name labels the link to its card: "Task due today" alone does not say for whom.
    stmt = (select(*(getattr(Notification, c) for c in COLUMNS), Client.name.label("client_name"))
            .outerjoin(Client, Client.id == Notification.client_id).where(*conditions)
            .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(max(1, int(limit))))
    df = frame(session, stmt)
    if df.empty:
        df = pd.DataFrame(columns=[*COLUMNS, "client_name"])
    df.attrs["total"] = int(session.scalar(select(func.count()).select_from(Notification).where(*conditions)) or 0)
    return df
