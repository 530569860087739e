"""Clients as lists: search, filters and paging, always inside the viewer's access."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.search import fold, phone_digits
from db.models import Client, ClientStatus, Contact, Industry, Territory, User

from .frame import frame


@dataclass(frozen=True)
class ClientPage:
    rows: pd.DataFrame
    total: int


def _search_condition(search: str):
    """Name, legal name or INN of the client, or a contact's name, phone or e-mail."""
    needle = fold(search.strip())
    like = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    digits = phone_digits(search)
    contact_hit = select(Contact.client_id).where(Contact.search_text.like(like, escape="\\"))
    conditions = [Client.search_text.like(like, escape="\\"), Client.id.in_(contact_hit)]
    if len(digits) >= 5:  # a phone, typed with any punctuation and prefix
        conditions.append(Client.id.in_(
            select(Contact.client_id).where(Contact.search_text.like(f"%{digits}%"))))
    return or_(*conditions)


def list_clients(session: Session, viewer: Viewer, *, search: str = "", status: str | None = ClientStatus.ACTIVE,
                 owner_id: int | None = None, industry_id: int | None = None,
                 territory_id: int | None = None, segment: str | None = None,
                 limit: int = 50, offset: int = 0) -> ClientPage:
    conditions = [access.scope(session, viewer).clients()]
    if search and search.strip():
        conditions.append(_search_condition(search))
    if status:
        conditions.append(Client.status == status)
    if owner_id:
        conditions.append(Client.owner_id == owner_id)
    if industry_id:
        conditions.append(Client.industry_id == industry_id)
    if territory_id:
        conditions.append(Client.territory_id == territory_id)
    if segment:
        conditions.append(Client.size_segment == segment)
    total = session.scalar(select(func.count(Client.id)).where(*conditions)) or 0
    stmt = (
        select(Client.id, Client.name, Client.inn, Industry.name.label("industry"),
               Territory.name.label("territory"), User.full_name.label("owner"), Client.status)
        .outerjoin(Industry, Client.industry_id == Industry.id)
        .outerjoin(Territory, Client.territory_id == Territory.id)
        .outerjoin(User, Client.owner_id == User.id)
        .where(*conditions)
        .order_by(Client.name, Client.id)
        .limit(limit)
        .offset(offset)
    )
    return ClientPage(rows=frame(session, stmt), total=total)


def reference_lists(session: Session, viewer: Viewer) -> dict[str, pd.DataFrame]:
    """Industries and territories for pickers (not client data: everyone sees them)."""
    return {
        "industries": frame(session, select(Industry.id, Industry.name)
                            .where(Industry.active.is_(True)).order_by(Industry.name)),
        "territories": frame(session, select(Territory.id, Territory.name, Territory.kind, Territory.parent_id)
                             .where(Territory.active.is_(True)).order_by(Territory.name)),
    }
