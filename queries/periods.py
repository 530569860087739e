"""The dates the data covers: which periods an analysis can be asked about."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.models import Shipment
from db.rules.periods import as_date


def shipment_span(session: Session, viewer: Viewer) -> tuple[dt.date | None, dt.date | None]:
    """The first and the last shipment date of the clients the viewer sees (any status: an
    imported history counts whole); (None, None) when there are none."""
    scope = access.scope(session, viewer)
    mine = true() if scope.everything else Shipment.client_id.in_(access.visible_client_ids(session, viewer))
    first, last = session.execute(select(func.min(Shipment.shipped_on), func.max(Shipment.shipped_on))
                                  .where(mine)).one()
    return as_date(first), as_date(last)
