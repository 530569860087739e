"""Unusually large exports, for the people who answer for the exporters.

Every export and download is an audit row (db/actions/exports.py). A person's
exports over the last 24 hours are added up; they are "unusually large" when
the rows reach `CRM_EXPORT_ALERT_ROWS` (default 500) or
`CRM_EXPORT_ALERT_SHARE` of the company's active clients (default 0.2, i.e.
20 %), whichever is lower — but never fewer than 20 rows, so a small company's
every list is not an alarm. A head sees the people of the departments they
head (and themselves), the director and the admin everyone (the command line's
exports without `--as` included). Managers see nothing here.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import access
from db.access import Can, Viewer
from db.models import AuditEntry, Client, ClientStatus, User, utcnow
from db.rules.exports import EXPORT_ACTION

from .frame import text_as_objects

DEFAULT_ROWS = 500
DEFAULT_SHARE = 0.2
FLOOR = 20
COLUMNS = ["user_id", "person", "exports", "rows", "largest", "what", "last_at"]


@dataclass(frozen=True)
class AlertRule:
    rows: int
    share: float
    threshold: int  # the rows a day that raise the alert, for this company's size now
    clients: int


def alert_rule(session: Session) -> AlertRule:
    rows = _env_number("CRM_EXPORT_ALERT_ROWS", DEFAULT_ROWS, int)
    share = _env_number("CRM_EXPORT_ALERT_SHARE", DEFAULT_SHARE, float)
    clients = session.scalar(select(func.count(Client.id)).where(Client.status == ClientStatus.ACTIVE.value)) or 0
    threshold = min(rows, max(FLOOR, int(share * clients)))
    return AlertRule(rows=rows, share=share, threshold=max(1, threshold), clients=clients)


def _env_number(name: str, default, kind):
    try:
        value = kind(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


def large_exports(session: Session, viewer: Viewer, *, hours: int = 24) -> pd.DataFrame:
    """One row per person whose exports in the last `hours` reach the rule's threshold."""
    if not access.can(viewer, Can.VIEW_AUDIT):
        return pd.DataFrame(columns=COLUMNS)
    since = utcnow() - dt.timedelta(hours=hours)
    stmt = (select(AuditEntry.user_id, User.full_name, AuditEntry.changes, AuditEntry.at)
            .outerjoin(User, User.id == AuditEntry.user_id)
            .where(AuditEntry.action == EXPORT_ACTION, AuditEntry.at >= since,
                   access.team_condition(session, viewer, AuditEntry.user_id))
            .order_by(AuditEntry.at))
    rule = alert_rule(session)
    people: dict = {}
    for row in session.execute(stmt):  # by name: a JSON column leaves the row's unpacked types unknown
        user_id, name, changes, at = row.user_id, row.full_name, row.changes, row.at
        rows = int((changes or {}).get("rows", [None, 0])[1] or 0)
        what = str((changes or {}).get("what", [None, ""])[1] or "")
        got = people.setdefault(user_id, {"user_id": user_id, "person": name, "exports": 0, "rows": 0,
                                          "largest": 0, "what": "", "last_at": at})
        got["exports"] += 1
        got["rows"] += rows
        if rows >= got["largest"]:
            got["largest"], got["what"] = rows, what
        got["last_at"] = max(got["last_at"], at)
    found = [p for p in people.values() if p["rows"] >= rule.threshold]
    return text_as_objects(pd.DataFrame(sorted(found, key=lambda p: -p["rows"]), columns=COLUMNS))
