"""Proposals and invoices as the card and the deal list them, and their files (issue 20).

Every read goes through the client access rule: a document is visible exactly when its client is.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.company import company_details
from db.documents import text as ru
from db.errors import NotFound
from db.models import Client, Contact, Deal, Document, Product, ProductGroup, Shipment, User

from .frame import frame

NOT_FOUND = "Document not found, or its client is not among yours."


def list_documents(session: Session, viewer: Viewer, *, client_id: int | None = None,
                   deal_id: int | None = None) -> pd.DataFrame:
    """A client's (or a deal's) documents, newest first: every version, the replaced ones too.
    Columns: id, kind, number, year, revision, issued_on, valid_until, total, vat_amount, status,
    sent_at, sent_to, deal_id, deal, contact_id, contact, contact_email (else the client's e-mail), created_by,
    replaces_id."""
    if deal_id is not None:
        client_id = access.require_deal(session, viewer, deal_id).client_id
    if client_id is None:
        raise NotFound("Client not found, or it is not among your clients.")
    access.require_client(session, viewer, client_id)
    stmt = (select(Document.id, Document.kind, Document.number, Document.year, Document.revision,
                   Document.issued_on, Document.valid_until, Document.total, Document.vat_amount, Document.status,
                   Document.sent_at, Document.sent_to, Document.deal_id, Deal.title.label("deal"),
                   Document.contact_id, Contact.full_name.label("contact"),
                   func.coalesce(Contact.email, Client.email).label("contact_email"),
                   User.full_name.label("created_by"), Document.replaces_id)
            .outerjoin(Deal, Deal.id == Document.deal_id)
            .outerjoin(Contact, Contact.id == Document.contact_id)
            .outerjoin(User, User.id == Document.created_by_id)
            .join(Client, Client.id == Document.client_id)
            .where(Document.client_id == client_id)
            .order_by(Document.issued_on.desc(), Document.id.desc()))
    if deal_id is not None:
        stmt = stmt.where(Document.deal_id == deal_id)
    return frame(session, stmt)


@dataclass(frozen=True)
class DocumentFile:
    name: str
    mime: str
    data: bytes


MIME = {"pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def document_file(session: Session, viewer: Viewer, *, document_id: int, fmt: str) -> DocumentFile:
    """The stored PDF or Word file of a document the viewer may see."""
    document = session.get(Document, document_id)
    if document is None or fmt not in MIME:
        raise NotFound(NOT_FOUND)
    try:
        access.require_client(session, viewer, document.client_id)
    except NotFound as exc:
        raise NotFound(NOT_FOUND) from exc
    data = document.pdf if fmt == "pdf" else document.docx
    if data is None:
        raise NotFound(NOT_FOUND)
    return DocumentFile(name=ru.file_name(document.content, fmt), mime=MIME[fmt], data=bytes(data))


def document_content(session: Session, viewer: Viewer, *, document_id: int) -> dict:
    """The snapshot a document was made from (its title, the letter's default text come from it)."""
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(NOT_FOUND)
    try:
        access.require_client(session, viewer, document.client_id)
    except NotFound as exc:
        raise NotFound(NOT_FOUND) from exc
    return dict(document.content or {})


def offer_products(session: Session, viewer: Viewer, *, client_id: int, group_ids: tuple[int, ...],
                   per_group: int = 3) -> pd.DataFrame:
    """For a proposal from the segment's offers (queries/offers.py): the active products of the chosen
    groups, those most shipped to the viewer's clients first, `per_group` of each.
    Columns: id, sku, name, unit, price, group, advantages."""
    access.require_client(session, viewer, client_id)
    if not group_ids:
        return pd.DataFrame(columns=["id", "sku", "name", "unit", "price", "group", "advantages"])
    visible = access.visible_client_ids(session, viewer)
    shipped = (select(Shipment.product_id, Shipment.amount).where(Shipment.client_id.in_(visible)).subquery())
    revenue = func.coalesce(func.sum(shipped.c.amount), 0)
    stmt = (select(Product.id, Product.sku, Product.name, Product.unit, Product.price,
                   ProductGroup.name.label("group"), Product.group_id, Product.advantages, revenue.label("revenue"))
            .join(ProductGroup, ProductGroup.id == Product.group_id)
            .outerjoin(shipped, shipped.c.product_id == Product.id)
            .where(Product.active.is_(True), Product.group_id.in_([int(g) for g in group_ids]))
            .group_by(Product.id, Product.sku, Product.name, Product.unit, Product.price, ProductGroup.name,
                      Product.group_id, Product.advantages)
            .order_by(Product.group_id, revenue.desc(), Product.name))
    rows = frame(session, stmt)
    if rows.empty:
        return rows
    return rows.groupby("group_id", sort=False).head(per_group).reset_index(drop=True)


def proposal_validity_days(session: Session, viewer: Viewer) -> int:
    """How long a new proposal is valid by default (the company's setting)."""
    return int(company_details(session).proposal_validity_days)
