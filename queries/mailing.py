"""Mail-merge reads: recipients chosen by a filter, a segment or a list of client ids, the values
their letters are filled with (db/rules/mailing.py, shared with making a run) — all inside the
viewer's access.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.models import Client
from db.rules.abc import class_map
from db.rules.mailing import RECIPIENT_LIMIT, merge_values, product_groups_bought, recipient_rows

from .clients import _search_condition, _territory_and_below  # the clients list's own filters, reused


def recipients(session: Session, viewer: Viewer, *, client_ids: Iterable[int] | None = None, search: str = "",
               owner_id: int | None = None, industry_id: int | None = None, territory_id: int | None = None,
               segment: str | None = None, abc: str | None = None, with_email: bool = False,
               today: dt.date | None = None, limit: int = RECIPIENT_LIMIT) -> pd.DataFrame:
    """Active clients the viewer may see, matching every filter given, with the contact to write to.

    `client_ids` (e.g. a pilot list from the analysis) narrows to those clients; ids outside the
    viewer's access are silently left out. Columns: client_id, client, legal_name, contact_id,
    contact, position, email, address, owner_id, manager (db/rules/mailing.recipient_rows).
    """
    conditions = []
    if search and search.strip():
        conditions.append(_search_condition(search))
    if owner_id:
        conditions.append(Client.owner_id == owner_id)
    if industry_id:
        conditions.append(Client.industry_id == industry_id)
    if territory_id:
        conditions.append(Client.territory_id.in_(_territory_and_below(session, territory_id)))
    if segment:
        conditions.append(Client.size_segment == segment)
    if abc:
        classes = class_map(session, today=today or access.today())
        conditions.append(Client.id.in_(sorted(cid for cid, klass in classes.items() if klass == abc)))
    return recipient_rows(session, viewer, conditions=conditions, client_ids=client_ids, with_email=with_email,
                          limit=limit)


__all__ = ["RECIPIENT_LIMIT", "merge_values", "product_groups_bought", "recipients"]
