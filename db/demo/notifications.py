"""The demo's notifications: what a company running the CRM every day would have in the bell.

Made after the load through the same triggers the app uses (db/actions/notifications.py), so
their audiences are the real ones: the approvals waiting (to those who decide them now, dated
when they were asked), the decisions of the last week (to the askers, read once older than two
days), and this morning's run (tasks due today and lately overdue, stand-ins starting).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from ..actions import notifications
from ..models import ApprovalRequest, ApprovalStatus, Notification

DECISIONS_DAYS = 7  # decisions this recent still tell the asker
READ_AFTER_DAYS = 2  # older notifications of the demo have been read (a waiting request: after a week)


def load(engine: Engine, today: dt.date) -> int:
    """Make the notifications; how many."""
    with Session(engine) as session, session.begin():
        pending = session.scalars(select(ApprovalRequest).where(ApprovalRequest.status == ApprovalStatus.PENDING)
                                  .order_by(ApprovalRequest.id)).all()
        for request in pending:
            notifications.approval_requested(session, request)
            session.execute(update(Notification).where(Notification.approval_id == request.id)
                            .values(created_at=request.created_at))
        since = dt.datetime.combine(today - dt.timedelta(days=DECISIONS_DAYS), dt.time(), dt.UTC)
        decided = session.scalars(select(ApprovalRequest).where(
            ApprovalRequest.status != ApprovalStatus.PENDING, ApprovalRequest.decided_at >= since)
            .order_by(ApprovalRequest.id)).all()
        for request in decided:
            notifications.approval_decided(session, request)
            session.execute(update(Notification).where(Notification.approval_id == request.id,
                                                       Notification.kind == "approval_decided")
                            .values(created_at=request.decided_at))
        notifications.daily(session, today=today)
        read_before = dt.datetime.combine(today - dt.timedelta(days=READ_AFTER_DAYS), dt.time(), dt.UTC)
        # A request still waiting stays unread for a week (the head has not got to it yet).
        old = session.execute(select(Notification.id, Notification.created_at).where(
            Notification.created_at < read_before,
            (Notification.kind != "approval_asked") | (Notification.created_at < since))).all()
        if old:  # read a few hours after they came (SQL date arithmetic differs between the databases)
            session.execute(update(Notification), [{"id": row.id, "read_at": row.created_at + dt.timedelta(hours=3)}
                                                   for row in old])
        return int(session.scalar(select(func.count()).select_from(Notification)) or 0)
