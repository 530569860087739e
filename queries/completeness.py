"""How much the company knows about a client — the card shows it, the handover uses it.

Each criterion is a yes/no worked out in SQL; the score is the share met.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.models import Activity, Client, Contact
from i18n import N_

from .frame import frame

RECENT_DAYS = 90

# criterion -> what the card says is missing (a message id)
CRITERIA: dict[str, str] = {
    "decision_maker": N_("Nobody is marked as the decision maker."),
    "reachable": N_("No contact has a phone or an e-mail."),
    "recent_contact": N_("No call, letter or meeting in the last 90 days."),
    "people_known": N_("No contact has preferences or character notes."),
    "notes": N_("The client has no notes."),
    "requisites": N_("The INN is not filled in."),
    "classified": N_("Industry or territory is not set."),
    "address": N_("No postal address."),
}


def _criteria(today: dt.date):
    since = dt.datetime.combine(today - dt.timedelta(days=RECENT_DAYS), dt.time(), tzinfo=dt.UTC)
    contact = and_(Contact.client_id == Client.id, Contact.active.is_(True))
    return {
        "decision_maker": exists().where(contact, Contact.decision_role == "decision_maker"),
        "reachable": exists().where(contact, or_(Contact.phone.is_not(None), Contact.email.is_not(None))),
        "recent_contact": exists().where(Activity.client_id == Client.id, Activity.occurred_at >= since),
        "people_known": exists().where(contact, or_(Contact.preferences.is_not(None),
                                                    Contact.character_notes.is_not(None))),
        "notes": func.coalesce(Client.notes, "") != "",
        "requisites": Client.inn.is_not(None),
        "classified": and_(Client.industry_id.is_not(None), Client.territory_id.is_not(None)),
        "address": func.coalesce(Client.postal_address, "") != "",
    }


def completeness(session: Session, viewer: Viewer, *, client_ids: tuple[int, ...] | None = None,
                 owner_id: int | None = None, today: dt.date | None = None) -> pd.DataFrame:
    """Per client: one boolean column per criterion and `score` (0–100).

    For the given clients, or every client of `owner_id`, within the viewer's access.
    """
    criteria = _criteria(today or access.today())
    stmt = select(Client.id.label("client_id"), Client.name,
                  *(cond.label(name) for name, cond in criteria.items()))
    stmt = stmt.where(access.scope(session, viewer).clients())
    if client_ids is not None:
        stmt = stmt.where(Client.id.in_(client_ids))
    if owner_id is not None:
        stmt = stmt.where(Client.owner_id == owner_id)
    df = frame(session, stmt)
    for name in CRITERIA:
        df[name] = df[name].astype(bool)
    df["score"] = (df[list(CRITERIA)].sum(axis=1) * 100 / len(CRITERIA)).round().astype(int) if not df.empty else []
    return df


def missing(row: pd.Series) -> list[str]:
    """The message ids of the criteria a client's row does not meet."""
    return [message for name, message in CRITERIA.items() if not row[name]]
