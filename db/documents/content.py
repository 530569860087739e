"""The snapshot a document is made from (Document.content): plain JSON — sums as strings.

    {"kind", "number", "year", "revision", "issued_on", "valid_until",
     "supplier": {...requisites, bank, director, accountant, logo (base64)},
     "buyer": {...requisites, bank}, "contact": {...} | None, "manager": {...},
     "deal": {"id", "title"} | None, "lines": [{"n", "product_id", "sku", "name", "unit", "quantity",
     "price", "discount_pct", "amount", "advantages"}], "total", "vat_rate", "vat_amount", "words"}

Built from a deal's lines or from chosen products at the client's prices; an invoice only from a
deal at a committing stage. The number and revision are filled by the action that issues it.
"""
from __future__ import annotations

import base64
import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..company import company_details, company_logo
from ..errors import DomainError, MessageId, ValidationError
from ..models import Client, Contact, Deal, DealLine, PipelineStage, Product, User
from ..rules.prices import price_for
from .text import DEFAULT_POSITION
from .totals import line_amount, totals

LOGO_MAX_BYTES = 1_000_000  # a bigger logo is left out of the snapshot rather than bloat every document


def _s(value) -> str | None:
    """A value as the snapshot keeps it: Decimal as a plain string, empty as None."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def supplier(session: Session) -> tuple[dict, Decimal | None]:
    """The company's requisites as the admin set them (db/company.py), and its VAT rate (None: without VAT)."""
    c = company_details(session)
    logo = company_logo(session)
    party = {
        "name": c.name or None, "legal_name": c.legal_name or c.name or None, "inn": c.inn or None,
        "kpp": c.kpp or None, "ogrn": c.ogrn or None, "address": c.address or None, "phone": c.phone or None,
        "email": c.email or None, "website": c.website or None, "bank_name": c.bank_name or None,
        "bic": c.bic or None, "correspondent_account": c.correspondent_account or None,
        "settlement_account": c.settlement_account or None, "director": c.director or None,
        "director_title": c.director_title or None,
        # without a chief accountant the director signs for both (the common form's rule)
        "accountant": c.chief_accountant or c.director or None,
        "closing_text": c.proposal_closing_text or None,
        "logo": base64.b64encode(logo.data).decode() if logo is not None and len(logo.data) <= LOGO_MAX_BYTES
        else None,
    }
    return party, c.vat_percent


def invoice_requisites(session: Session) -> None:
    """An invoice is refused while the company's requisites it prints are missing (the admin's page)."""
    missing = company_details(session).missing_for_invoice
    if missing:
        raise DomainError("The company's details are not complete for an invoice: \u201c{missing}\u201d is not "
                          "filled in. An administrator fills the details in on the \u201cCompany details\u201d page.",
                          missing=MessageId(missing[0]))


def buyer(client: Client) -> dict:
    return {"name": client.name, "legal_name": client.legal_name or client.name, "inn": client.inn,
            "kpp": client.kpp, "ogrn": client.ogrn, "address": client.legal_address or client.postal_address,
            "phone": client.phone, "email": client.email, "bank_name": client.bank_name, "bic": client.bic,
            "correspondent_account": client.correspondent_account,
            "settlement_account": client.settlement_account}


def contact_of(session: Session, client_id: int, contact_id: int | None) -> dict | None:
    if not contact_id:
        return None
    contact = session.get(Contact, contact_id)
    if contact is None or contact.client_id != client_id or not contact.active:
        raise ValidationError({"contact_id": "Choose one of the offered values."})
    return {"id": contact.id, "full_name": contact.full_name, "position": contact.position,
            "email": contact.email, "phone": contact.phone}


def manager(session: Session, user_id: int | None, position: str | None) -> dict:
    """The signature block: name, position, phone, e-mail of the one issuing it."""
    user = session.get(User, user_id) if user_id else None
    return {"full_name": user.full_name if user else "", "position": (position or "").strip() or DEFAULT_POSITION,
            "phone": user.phone if user else None, "email": user.email if user else None}


def _line(n: int, product: Product, quantity: Decimal, price: Decimal, discount: Decimal,
          with_advantages: bool) -> dict:
    return {"n": n, "product_id": product.id, "sku": product.sku, "name": product.name, "unit": product.unit,
            "quantity": _s(Decimal(quantity)), "price": _s(Decimal(price)), "discount_pct": _s(Decimal(discount)),
            "amount": _s(line_amount(quantity, price, discount)),
            "advantages": (product.advantages or "").strip() or None if with_advantages else None}


def deal_lines(session: Session, deal: Deal, advantages: set[int] | None = None) -> list[dict]:
    rows = session.execute(select(DealLine, Product).join(Product, Product.id == DealLine.product_id)
                           .where(DealLine.deal_id == deal.id).order_by(DealLine.id)).all()
    if not rows:
        raise DomainError("The deal has no lines: add the products to it first.")
    return [_line(n, product, line.quantity, line.price, line.discount_pct, product.id in (advantages or set()))
            for n, (line, product) in enumerate(rows, start=1)]


def product_lines(session: Session, client_id: int, items: list[dict], on: dt.date,
                  advantages: set[int] | None = None) -> list[dict]:
    """Lines of chosen products ({product_id, quantity, discount_pct}) at the client's prices on `on`
    (its price type, the base list, else the catalogue's price)."""
    if not items:
        raise ValidationError({"lines": "Choose at least one product."})
    lines, problems = [], []
    for n, item in enumerate(items, start=1):
        product = session.get(Product, int(item["product_id"])) if item.get("product_id") else None
        if product is None or not product.active:
            problems.append(n)
            continue
        try:
            quantity = Decimal(str(item.get("quantity") or 1))
            discount = Decimal(str(item.get("discount_pct") or 0))
        except ArithmeticError:
            problems.append(n)
            continue
        if not (quantity > 0 and 0 <= discount <= 100):
            problems.append(n)
            continue
        price = price_for(session, client_id=client_id, product_id=product.id, on=on)
        price = product.price if price is None else price
        lines.append(_line(n, product, quantity, Decimal(price), discount, product.id in (advantages or set())))
    if problems:
        raise ValidationError({"lines": ("Line {line}: choose a product from the catalogue, a quantity above "
                                         "zero and a discount between 0 and 100 %.", {"line": problems[0]})})
    return lines


def committing_stage(session: Session, deal: Deal) -> PipelineStage:
    """An invoice is for a deal the company has committed to (a contract, won): refused before that."""
    stage = session.get_one(PipelineStage, deal.stage_id)
    if not stage.is_committing or stage.is_lost:
        raise DomainError("An invoice is made at a committing stage (a contract, a won deal); the deal is at "
                          "\u201c{stage}\u201d. Move it on first.", stage=stage.name)
    return stage


def assemble(session: Session, *, kind: str, client: Client, lines: list[dict], issued_on: dt.date,
             valid_until: dt.date | None, contact: dict | None, manager_block: dict, deal: Deal | None,
             note: str | None = None) -> dict:
    """The whole snapshot but the number (the action fills `number`, `year`, `revision`)."""
    party, vat_rate = supplier(session)
    sums = totals([Decimal(line["amount"]) for line in lines], vat_rate)
    return {
        "kind": kind, "number": None, "year": issued_on.year, "revision": 1,
        "issued_on": issued_on.isoformat(), "valid_until": valid_until.isoformat() if valid_until else None,
        "supplier": party, "buyer": buyer(client), "contact": contact, "manager": manager_block,
        "deal": {"id": deal.id, "title": deal.title} if deal is not None else None,
        "lines": lines, "total": _s(sums.total), "vat_rate": _s(sums.vat_rate), "vat_amount": _s(sums.vat_amount),
        "words": sums.words, "note": (note or "").strip() or None,
    }
