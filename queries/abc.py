"""ABC classes as a viewer sees them: the company's classes (db/rules/abc.py) of the viewer's clients."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.models import Client
from db.rules.abc import class_map


def visible_classes(session: Session, viewer: Viewer, *, today: dt.date | None = None,
                    months: int = 12) -> dict[int, str]:
    """The classes of the clients the viewer may see (a cached loader's friend)."""
    classes = class_map(session, today=today, months=months)
    scope = access.scope(session, viewer)
    if scope.everything:
        return classes
    visible = set(session.scalars(select(Client.id).where(scope.clients())))
    return {cid: cls for cid, cls in classes.items() if cid in visible}
