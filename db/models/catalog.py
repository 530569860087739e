"""The product catalogue and its knowledge base."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, LargeBinary, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Editable, Money, Name, Timestamped


class ProductGroup(Editable, Base):
    __tablename__ = "product_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[Name] = mapped_column(unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")


class Product(Editable, Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[Name]
    group_id: Mapped[int | None] = mapped_column(ForeignKey("product_groups.id"), index=True)
    unit: Mapped[str] = mapped_column(String(20), default="pcs", server_default="pcs")
    price: Mapped[Money] = mapped_column(default=Decimal("0"), server_default="0")
    cost: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # where known: margin analysis
    description: Mapped[str | None] = mapped_column(Text)
    advantages: Mapped[str | None] = mapped_column(Text)
    competitors: Mapped[str | None] = mapped_column(Text)  # comparison with competitors
    is_new: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")

    group: Mapped[ProductGroup | None] = relationship()


class ProductDocument(Timestamped, Base):
    """A file attached to a product: a datasheet, a certificate, a price list."""

    __tablename__ = "product_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
