"""Who a mail-merge writes to and what their letters are filled with, inside the viewer's access.

The picker (queries/mailing.py) narrows the recipients with its filters; making a
run (db/actions/mail_runs.py) renders the letters from `merge_values` for the
chosen ids — both through `recipient_rows`, so a letter never reaches a client the
sender may not see.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from .. import access, config
from ..access import Viewer
from ..mailing.template import addressee
from ..models import Client, ClientStatus, Contact, Product, ProductGroup, Shipment, User
from i18n import formatting as fmt

from .frame import frame

RECIPIENT_LIMIT = 5000


def _best_contacts():
    """Per client, the active contact to write to: one with an e-mail first, then the decision
    maker, then the most influential."""
    rank = func.row_number().over(
        partition_by=Contact.client_id,
        order_by=(case((Contact.email.is_(None), 1), else_=0),
                  case((Contact.decision_role == "decision_maker", 0), else_=1),
                  Contact.influence.desc().nulls_last(), Contact.id)).label("rank")
    ranked = (select(Contact.id, Contact.client_id, Contact.full_name, Contact.position, Contact.email, rank)
              .where(Contact.active.is_(True)).subquery())
    return select(ranked).where(ranked.c.rank == 1).subquery()


def recipient_rows(session: Session, viewer: Viewer, *, conditions: Iterable[ColumnElement[bool]] = (),
                   client_ids: Iterable[int] | None = None, with_email: bool = False,
                   limit: int = RECIPIENT_LIMIT) -> pd.DataFrame:
    """Active clients the viewer may see, matching `conditions` (on `Client`), with the contact to
    write to. `client_ids` narrows to those clients; ids outside the viewer's access are left out.
    Columns: client_id, client, legal_name, contact_id, contact, position, email, address, owner_id, manager.
    """
    best = _best_contacts()
    where = [access.scope(session, viewer).clients(), Client.status == ClientStatus.ACTIVE, *conditions]
    if client_ids is not None:
        where.append(Client.id.in_(sorted({int(i) for i in client_ids})))
    email = func.coalesce(best.c.email, Client.email)
    if with_email:
        where.append(email.is_not(None))
    stmt = (select(Client.id.label("client_id"), Client.name.label("client"), Client.legal_name,
                   best.c.id.label("contact_id"), best.c.full_name.label("contact"), best.c.position,
                   email.label("email"), func.coalesce(Client.postal_address, Client.legal_address).label("address"),
                   Client.owner_id, User.full_name.label("manager"))
            .outerjoin(best, best.c.client_id == Client.id)
            .outerjoin(User, Client.owner_id == User.id)
            .where(*where)
            .order_by(Client.name, Client.id)
            .limit(limit))
    return frame(session, stmt)


def merge_values(session: Session, viewer: Viewer, *, client_ids: Iterable[int],
                 today: dt.date | None = None) -> dict[int, dict[str, str]]:
    """client id -> the template fields (db/mailing/template.FIELDS) for the clients the viewer may see."""
    today = today or access.today()
    ids = sorted({int(i) for i in client_ids})
    if not ids:
        return {}
    people = recipient_rows(session, viewer, client_ids=ids)
    owner_ids = [int(o) for o in people["owner_id"].dropna()]
    managers = {row.id: row for row in session.execute(
        select(User.id, User.phone, User.email).where(User.id.in_(owner_ids)))}
    groups = product_groups_bought(session, client_ids=people["client_id"].tolist(), today=today)
    new = ", ".join(session.scalars(select(Product.name).where(Product.is_new.is_(True), Product.active.is_(True))
                                    .order_by(Product.name)))
    values = {}
    for r in people.itertuples(index=False):
        manager = managers.get(None if pd.isna(r.owner_id) else int(r.owner_id))
        contact = _text(r.contact)
        values[int(r.client_id)] = {
            "client": _text(r.client), "legal_name": _text(r.legal_name) or _text(r.client), "contact": contact,
            "greeting": addressee(contact), "position": _text(r.position), "manager": _text(r.manager),
            "manager_phone": _text(manager.phone if manager else None),
            "manager_email": _text(manager.email if manager else None),
            "products": groups.get(int(r.client_id), ""), "new_products": new, "address": _text(r.address),
            "today": fmt.date(today, config.default_language()),
        }
    return values


def _text(value) -> str:
    return fmt.blank(value, "")


def product_groups_bought(session: Session, *, client_ids: list[int], today: dt.date, top: int = 3,
                          days: int = 365) -> dict[int, str]:
    """client id -> its `top` product groups by amount over the last `days` days, comma-separated."""
    if not client_ids:
        return {}
    stmt = (select(Shipment.client_id, ProductGroup.name, func.sum(Shipment.amount).label("amount"))
            .join(Product, Shipment.product_id == Product.id)
            .join(ProductGroup, Product.group_id == ProductGroup.id)
            .where(Shipment.client_id.in_(client_ids), Shipment.shipped_on > today - dt.timedelta(days=days),
                   Shipment.shipped_on <= today)
            .group_by(Shipment.client_id, ProductGroup.name)
            .order_by(Shipment.client_id, func.sum(Shipment.amount).desc(), ProductGroup.name))
    found: dict[int, list[str]] = {}
    for client_id, name, _amount in session.execute(stmt):
        found.setdefault(int(client_id), []).append(name)
    return {cid: ", ".join(names[:top]).lower() for cid, names in found.items()}
