"""Writes on the product knowledge base: heads and administrators edit, everyone reads."""
from __future__ import annotations

import mimetypes
import re
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..access import Can, Viewer, require
from ..errors import NotFound
from ..models import Product, ProductDocument, ProductGroup
from ..search import fold
from .base import apply_changes, audit, business_action, check_version, touch
from ..rules.validate import Checks

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def product_search_text(session: Session, product: Product) -> str:
    """What the knowledge base's search box matches: SKU, name, group and the knowledge texts."""
    group = session.scalar(select(ProductGroup.name).where(ProductGroup.id == product.group_id))
    return fold(product.sku, product.name, group, product.description, product.advantages, product.competitors)


def _product(session: Session, product_id: int) -> Product:
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound("Product not found.")
    return product


@business_action
def update_product_knowledge(session: Session, viewer: Viewer, *, product_id: int, expected_version: int | None,
                             description: str | None, advantages: str | None, competitors: str | None,
                             is_new: bool) -> Product:
    require(viewer, Can.EDIT_KNOWLEDGE_BASE)
    product = _product(session, product_id)
    check_version(session, product, expected_version)
    v = Checks()
    values = {
        "description": v.text("description", description, max_len=20000, multiline=True),
        "advantages": v.text("advantages", advantages, max_len=20000, multiline=True),
        "competitors": v.text("competitors", competitors, max_len=20000, multiline=True),
        "is_new": bool(is_new),
    }
    v.raise_if_any()
    changes = apply_changes(product, values)
    if changes:
        product.search_text = product_search_text(session, product)
        touch(product, viewer)
        audit(session, viewer, action="update_product_knowledge", entity="product", entity_id=product.id,
              changes=changes)
    return product


def clean_filename(name: str | None) -> str:
    """The file's own name, without folders or characters a download header cannot carry."""
    base = PurePath(str(name or "").replace("\\", "/")).name
    base = re.sub(r'[\x00-\x1f\x7f"<>|:*?]', "_", base).strip(" .")
    return base[-255:]


@business_action
def attach_document(session: Session, viewer: Viewer, *, product_id: int, filename: str | None,
                    content: bytes | None, content_type: str | None = None) -> ProductDocument:
    require(viewer, Can.EDIT_KNOWLEDGE_BASE)
    product = _product(session, product_id)
    v = Checks()
    name = clean_filename(filename)
    if not content:
        v.fail("file", "Choose a file (it must not be empty).")
    elif len(content) > MAX_DOCUMENT_BYTES:
        v.fail("file", "The file is too large: at most {max} MB.", max=MAX_DOCUMENT_BYTES // (1024 * 1024))
    elif not name:
        v.fail("file", "The file needs a name.")
    v.raise_if_any()
    assert content is not None  # refused above when empty
    kind = (content_type or "").strip()[:100] or mimetypes.guess_type(name)[0] or "application/octet-stream"
    document = ProductDocument(product_id=product.id, filename=name, content_type=kind, content=content,
                               uploaded_by_id=viewer.user_id)
    session.add(document)
    session.flush()
    audit(session, viewer, action="attach_document", entity="product", entity_id=product.id,
          changes={"document": (None, name), "size": (None, len(content))})
    return document


@business_action
def archive_document(session: Session, viewer: Viewer, *, document_id: int) -> ProductDocument:
    """The document leaves the knowledge base; the file is kept."""
    require(viewer, Can.EDIT_KNOWLEDGE_BASE)
    document = session.get(ProductDocument, document_id)
    if document is None or document.archived:
        raise NotFound("Document not found.")
    document.archived = True
    audit(session, viewer, action="archive_document", entity="product", entity_id=document.product_id,
          changes={"document": (document.filename, None)})
    return document
