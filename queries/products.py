"""The product knowledge base: what a manager needs to sell a product, and its documents.

The catalogue is not client data: everyone reads it. What a client bought
(`client_products`) is, and is checked against access.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.errors import NotFound
from db.models import Product, ProductDocument, ProductGroup, Shipment, User
from db.search import fold

from .frame import frame


def _like(text: str) -> str:
    needle = fold(text.strip())
    return "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def list_products(session: Session, viewer: Viewer, *, search: str = "", group_id: int | None = None,
                  new_only: bool = False, include_inactive: bool = False) -> pd.DataFrame:
    """Products with their group and number of documents; new ones first, then by group and name.
    The search matches SKU, name, group, description, advantages and the comparison with competitors."""
    docs = (select(ProductDocument.product_id, func.count().label("documents"))
            .where(ProductDocument.archived.is_(False)).group_by(ProductDocument.product_id).subquery())
    stmt = (select(Product.id, Product.sku, Product.name, ProductGroup.name.label("group"), Product.unit,
                   Product.price, Product.is_new, Product.active, Product.description,
                   func.coalesce(docs.c.documents, 0).label("documents"))
            .outerjoin(ProductGroup, Product.group_id == ProductGroup.id)
            .outerjoin(docs, docs.c.product_id == Product.id)
            .order_by(Product.is_new.desc(), ProductGroup.name, Product.name))
    if search and search.strip():
        stmt = stmt.where(Product.search_text.like(_like(search), escape="\\"))
    if group_id:
        stmt = stmt.where(Product.group_id == group_id)
    if new_only:
        stmt = stmt.where(Product.is_new.is_(True))
    if not include_inactive:
        stmt = stmt.where(Product.active.is_(True))
    return frame(session, stmt)


def product_groups(session: Session, viewer: Viewer) -> pd.DataFrame:
    return frame(session, select(ProductGroup.id, ProductGroup.name).where(ProductGroup.active.is_(True))
                 .order_by(ProductGroup.name))


@dataclass(frozen=True)
class ProductInfo:
    id: int
    sku: str
    name: str
    group: str | None
    unit: str
    price: Decimal
    description: str | None
    advantages: str | None
    competitors: str | None
    is_new: bool
    active: bool
    version: int
    updated_at: dt.datetime | None
    updated_by: str | None


def get_product(session: Session, viewer: Viewer, *, product_id: int) -> ProductInfo:
    row = session.execute(
        select(Product, ProductGroup.name.label("group"), User.full_name.label("updated_by"))
        .outerjoin(ProductGroup, Product.group_id == ProductGroup.id)
        .outerjoin(User, Product.updated_by_id == User.id)
        .where(Product.id == product_id)).one_or_none()
    if row is None:
        raise NotFound("Product not found.")
    p = row.Product
    return ProductInfo(id=p.id, sku=p.sku, name=p.name, group=row.group, unit=p.unit, price=p.price,
                       description=p.description, advantages=p.advantages, competitors=p.competitors,
                       is_new=p.is_new, active=p.active, version=p.version, updated_at=p.updated_at,
                       updated_by=row.updated_by)


def product_documents(session: Session, viewer: Viewer, *, product_id: int) -> pd.DataFrame:
    """The product's documents (not their content): id, filename, content_type, size, created_at, uploaded_by."""
    stmt = (select(ProductDocument.id, ProductDocument.filename, ProductDocument.content_type,
                   func.length(ProductDocument.content).label("size"), ProductDocument.created_at,
                   User.full_name.label("uploaded_by"))
            .outerjoin(User, ProductDocument.uploaded_by_id == User.id)
            .where(ProductDocument.product_id == product_id, ProductDocument.archived.is_(False))
            .order_by(ProductDocument.created_at.desc(), ProductDocument.id.desc()))
    return frame(session, stmt)


@dataclass(frozen=True)
class Document:
    filename: str
    content_type: str
    content: bytes


def document_content(session: Session, viewer: Viewer, *, document_id: int) -> Document:
    row = session.execute(select(ProductDocument.filename, ProductDocument.content_type, ProductDocument.content)
                          .where(ProductDocument.id == document_id, ProductDocument.archived.is_(False))
                          ).one_or_none()
    if row is None:
        raise NotFound("Document not found.")
    return Document(filename=row.filename, content_type=row.content_type, content=bytes(row.content))


def client_products(session: Session, viewer: Viewer, *, client_id: int, months: int = 12,
                    today: dt.date | None = None, limit: int = 15) -> pd.DataFrame:
    """What the client bought in the last `months` months, by amount: the products to know about
    when talking to it. Columns: product_id, name, group, amount, is_new."""
    access.require_client(session, viewer, client_id)
    today = today or access.today()
    since = today - dt.timedelta(days=round(months * 30.44))
    stmt = (select(Product.id.label("product_id"), Product.name, ProductGroup.name.label("group"),
                   func.sum(Shipment.amount).label("amount"), Product.is_new)
            .join(Product, Shipment.product_id == Product.id)
            .outerjoin(ProductGroup, Product.group_id == ProductGroup.id)
            .where(Shipment.client_id == client_id, Shipment.shipped_on >= since, Shipment.shipped_on <= today)
            .group_by(Product.id, Product.name, ProductGroup.name, Product.is_new)
            .order_by(func.sum(Shipment.amount).desc(), Product.id)
            .limit(limit))
    return frame(session, stmt)
