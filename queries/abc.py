"""ABC classes as a viewer sees them: the company's classes (db/rules/abc.py) of the viewer's clients."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.models import Client
from db.rules.abc import class_map

from . import kept


def company_classes(session: Session, viewer: Viewer | None, *, today: dt.date | None = None,
                    months: int = 12) -> dict[int, str]:
    """Every client's class on `today` (db/rules/abc.class_map): the company's, the same for every
    viewer — a part the app keeps (queries/kept.py), so a call or a deal move does not rank
    20,000 clients again."""
    return class_map(session, today=today, months=months)


def classes_on(session: Session, day: dt.date, months: int = 12) -> dict[int, str]:
    """class_map on `day`, the kept one when the app keeps it."""
    return kept.part(session, company_classes, today=day, months=months)


def visible_classes(session: Session, viewer: Viewer, *, today: dt.date | None = None,
                    months: int = 12) -> dict[int, str]:
    """The classes of the clients the viewer may see (a cached loader's friend)."""
    classes = class_map(session, today=today, months=months)
    scope = access.scope(session, viewer)
    if scope.everything:
        return classes
    visible = set(session.scalars(select(Client.id).where(scope.clients())))
    return {cid: cls for cid, cls in classes.items() if cid in visible}
