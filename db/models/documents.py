"""Price lists, and the documents the CRM issues from them: proposals (КП) and invoices (issue 20)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Editable, Money, Name, Percent, Timestamped, code, utcnow


class PriceTypeKind(StrEnum):
    BASE = "base"
    WHOLESALE = "wholesale"
    LARGE_WHOLESALE = "large_wholesale"
    CONTRACT = "contract"  # one client's own prices (`client_id`), set by a head


class PriceType(Editable, Base):
    """A price list: base, wholesale, large wholesale, or one client's contract prices."""

    __tablename__ = "price_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[Name] = mapped_column(unique=True)
    kind: Mapped[PriceTypeKind] = mapped_column(code(PriceTypeKind, 20))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")

    __table_args__ = (
        CheckConstraint("kind IN ('base', 'wholesale', 'large_wholesale', 'contract')", name="kind"),
        CheckConstraint("(kind = 'contract') = (client_id IS NOT NULL)", name="contract_client"),
    )


class Price(Timestamped, Base):
    """A product's price in a price list from `valid_from` (inclusive) to `valid_to` (inclusive, open if None)."""

    __tablename__ = "prices"

    id: Mapped[int] = mapped_column(primary_key=True)
    price_type_id: Mapped[int] = mapped_column(ForeignKey("price_types.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    price: Mapped[Money]
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (
        CheckConstraint("price >= 0", name="price"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="period"),
        UniqueConstraint("price_type_id", "product_id", "valid_from", name="uq_prices_type_product_from"),
    )


class DocumentKind(StrEnum):
    PROPOSAL = "proposal"  # коммерческое предложение
    INVOICE = "invoice"  # счёт на оплату


class DocumentStatus(StrEnum):
    ISSUED = "issued"
    SENT = "sent"
    REPLACED = "replaced"  # a newer version replaces it; kept, visible, never edited


class Document(Base):
    """A proposal or an invoice as issued: numbered gap-free per kind and year, never edited.

    `content` is the snapshot the files were made from (requisites, lines, totals), so a
    document reads the same after the client, the prices or the company change. A new
    version is a new row with `replaces_id` pointing at the old one, which becomes REPLACED.
    """

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DocumentKind] = mapped_column(code(DocumentKind, 10))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    # A corrected document keeps its number with the next revision (the client's accounting knows
    # it by number); only a new document takes a new number from the counter.
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    issued_on: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    deal_id: Mapped[int | None] = mapped_column(ForeignKey("deals.id"), index=True)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    status: Mapped[DocumentStatus] = mapped_column(code(DocumentStatus, 10), default=DocumentStatus.ISSUED,
                                                   server_default="issued")
    total: Mapped[Money]
    vat_rate: Mapped[Percent | None]
    vat_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    docx: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None]
    sent_to: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (
        CheckConstraint("kind IN ('proposal', 'invoice')", name="kind"),
        CheckConstraint("status IN ('issued', 'sent', 'replaced')", name="status"),
        CheckConstraint("total >= 0", name="total"),
        UniqueConstraint("kind", "year", "number", "revision", name="uq_documents_kind_year_number_revision"),
    )


class DocumentCounter(Base):
    """The last number issued per kind and year. Taken with the document in one transaction
    (an UPDATE of this row, which locks it on PostgreSQL), so numbers are gap-free and unique
    under concurrent use: a rolled-back issue gives its number back."""

    __tablename__ = "document_counters"

    kind: Mapped[DocumentKind] = mapped_column(code(DocumentKind, 10), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
