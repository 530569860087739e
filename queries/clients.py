"""Clients as lists: search, filters and paging, always inside the viewer's access."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.search import fold, phone_digits
from db.models import Activity, Client, ClientStatus, Contact, Deal, DealState, Industry, Shipment, Territory, User

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


SORTS = ("name", "last_contact", "open_amount", "shipped_ytd", "overdue")


def _aggregates(client_ids, today: dt.date):
    """Per-client figures for the list, computed only for `client_ids` (a subquery or a list)."""
    year_start = today.replace(month=1, day=1)
    last_contact = (select(Activity.client_id.label("cid"), func.max(Activity.occurred_at).label("last_contact"))
                    .where(Activity.client_id.in_(client_ids)).group_by(Activity.client_id).subquery())
    deals = (select(Deal.client_id.label("cid"), func.count(Deal.id).label("open_deals"),
                    func.sum(Deal.amount).label("open_amount"))
             .where(Deal.client_id.in_(client_ids), Deal.state == DealState.OPEN)
             .group_by(Deal.client_id).subquery())
    shipped = (select(Shipment.client_id.label("cid"), func.sum(Shipment.amount).label("shipped_ytd"))
               .where(Shipment.client_id.in_(client_ids), Shipment.shipped_on >= year_start,
                      Shipment.shipped_on <= today)
               .group_by(Shipment.client_id).subquery())
    overdue = (select(Shipment.client_id.label("cid"),
                      func.sum(Shipment.amount - Shipment.amount_paid).label("overdue"))
               .where(Shipment.client_id.in_(client_ids), Shipment.payment_due_on < today,
                      Shipment.amount > Shipment.amount_paid)
               .group_by(Shipment.client_id).subquery())
    return last_contact, deals, shipped, overdue


def list_clients(session: Session, viewer: Viewer, *, search: str = "", status: str | None = ClientStatus.ACTIVE,
                 owner_id: int | None = None, industry_id: int | None = None,
                 territory_id: int | None = None, segment: str | None = None, sort: str = "name",
                 descending: bool = False, limit: int = 50, offset: int = 0,
                 today: dt.date | None = None) -> ClientPage:
    """One page of the viewer's clients with the figures a manager scans.

    Sorting by name pages first and computes the figures for that page
    only; sorting by a figure computes it for every matching client.
    """
    today = today or access.today()
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
        conditions.append(Client.territory_id.in_(_territory_and_below(session, territory_id)))
    if segment:
        conditions.append(Client.size_segment == segment)
    total = session.scalar(select(func.count(Client.id)).where(*conditions)) or 0
    sort = sort if sort in SORTS else "name"
    if sort == "name":
        order = Client.name.desc() if descending else Client.name
        page_ids = list(session.scalars(select(Client.id).where(*conditions)
                                        .order_by(order, Client.id).limit(limit).offset(offset)))
        scope_ids: list[int] | Select[int] = page_ids
    else:
        scope_ids = select(Client.id).where(*conditions)
    last_contact, deals, shipped, overdue = _aggregates(scope_ids, today)
    figures = {
        "last_contact": last_contact.c.last_contact,
        "open_amount": func.coalesce(deals.c.open_amount, 0),
        "shipped_ytd": func.coalesce(shipped.c.shipped_ytd, 0),
        "overdue": func.coalesce(overdue.c.overdue, 0),
    }
    stmt = (
        select(Client.id, Client.name, Client.inn, Industry.name.label("industry"),
               Territory.name.label("territory"), User.full_name.label("owner"), Client.status,
               last_contact.c.last_contact, func.coalesce(deals.c.open_deals, 0).label("open_deals"),
               figures["open_amount"].label("open_amount"), figures["shipped_ytd"].label("shipped_ytd"),
               figures["overdue"].label("overdue"))
        .outerjoin(Industry, Client.industry_id == Industry.id)
        .outerjoin(Territory, Client.territory_id == Territory.id)
        .outerjoin(User, Client.owner_id == User.id)
        .outerjoin(last_contact, last_contact.c.cid == Client.id)
        .outerjoin(deals, deals.c.cid == Client.id)
        .outerjoin(shipped, shipped.c.cid == Client.id)
        .outerjoin(overdue, overdue.c.cid == Client.id)
    )
    if sort == "name":
        stmt = stmt.where(Client.id.in_(page_ids)).order_by(Client.name.desc() if descending else Client.name,
                                                            Client.id)
    else:
        key = figures[sort]
        key = key.desc().nulls_last() if descending else key.asc().nulls_first()
        stmt = stmt.where(*conditions).order_by(key, Client.name, Client.id).limit(limit).offset(offset)
    return ClientPage(rows=frame(session, stmt), total=total)


def _territory_and_below(session: Session, territory_id: int) -> list[int]:
    """A territory and every territory under it (a region filter includes its cities)."""
    rows = session.execute(select(Territory.id, Territory.parent_id)).all()
    children: dict[int | None, list[int]] = {}
    for tid, parent in rows:
        children.setdefault(parent, []).append(tid)
    found, stack = [], [territory_id]
    while stack:
        tid = stack.pop()
        found.append(tid)
        stack.extend(children.get(tid, []))
    return found


def reference_lists(session: Session, viewer: Viewer) -> dict[str, pd.DataFrame]:
    """Industries and territories for pickers (not client data: everyone sees them)."""
    return {
        "industries": frame(session, select(Industry.id, Industry.name)
                            .where(Industry.active.is_(True)).order_by(Industry.name)),
        "territories": frame(session, select(Territory.id, Territory.name, Territory.kind, Territory.parent_id)
                             .where(Territory.active.is_(True)).order_by(Territory.name)),
    }
