"""ABC classes as a viewer sees them: the company's classes (db/rules/abc.py) of the viewer's clients."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.models import Client, ClientStatus
from db.rules.abc import classes_from, period_ending, revenue_by_client, thresholds

from . import kept


def company_classes(session: Session, viewer: Viewer | None, *, today: dt.date | None = None,
                    months: int = 12) -> dict[int, str]:
    """Every client's class on `today` (db/rules/abc.class_map): the company's, the same for every
    viewer — a part the app keeps (queries/kept.py), so a call or a deal move does not rank
    20,000 clients again. The sums of the closed days (before yesterday) are a part of their own,
    kept while lines are added for yesterday and today only (db/generation.py: "shipments_closed"):
    a feed of today's shipments re-reads two days, not twelve months."""
    day = today or access.today()
    start, end = period_ending(day, months)
    recent = max(start, day - dt.timedelta(days=1))
    closed = kept.part(session, closed_revenue, start=start, before=recent) if recent > start else {}
    revenue = dict(closed)
    for client, kopecks in revenue_by_client(session, start=recent, end=end).items():
        revenue[client] = revenue.get(client, 0) + kopecks
    active = session.scalars(select(Client.id).where(Client.status == ClientStatus.ACTIVE))
    return classes_from(revenue, active, thresholds(session))


def closed_revenue(session: Session, viewer: Viewer | None, *, start: dt.date, before: dt.date) -> dict[int, int]:
    """Each client's revenue in kopecks over [start, before): days closed for every writer
    (a line dated before a writer's today bumps "shipments_closed"; `before` is the reader's
    yesterday, a day's margin for a write begun before midnight)."""
    return revenue_by_client(session, start=start, end=before)


def past_classes(session: Session, viewer: Viewer | None, *, today: dt.date, months: int = 12) -> dict[int, str]:
    """company_classes on a closed day (before the reader's yesterday): every line it sums is dated
    then, so it is kept under "shipments_closed" and survives a feed of today's lines."""
    return company_classes(session, viewer, today=today, months=months)


def classes_on(session: Session, day: dt.date, months: int = 12) -> dict[int, str]:
    """class_map on `day`, the kept one when the app keeps it (a closed day's apart: the activity
    report asks for the last day of each past period)."""
    if day < access.today() - dt.timedelta(days=1):
        return kept.part(session, past_classes, today=day, months=months)
    return kept.part(session, company_classes, today=day, months=months)


def visible_classes(session: Session, viewer: Viewer, *, today: dt.date | None = None,
                    months: int = 12) -> dict[int, str]:
    """The classes of the clients the viewer may see (a cached loader's friend)."""
    classes = classes_on(session, today or access.today(), months)
    scope = access.scope(session, viewer)
    if scope.everything:
        return classes
    visible = set(session.scalars(select(Client.id).where(scope.clients())))
    return {cid: cls for cid, cls in classes.items() if cid in visible}
