"""Bookkeeping: the audit log, the data generation counter, settings, saved import mappings."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Editable, Name, utcnow


class AuditEntry(Base):
    """Who did what, when, to which record: `changes` is {field: [old, new]}."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str | None] = mapped_column(String(60))
    changes: Mapped[dict] = mapped_column(JSON, default=dict)

    __table_args__ = (
        Index("ix_audit_log_entity", "entity", "entity_id", "at"),
        Index("ix_audit_log_at", "at"),
    )


class DataGeneration(Base):
    """One row; every write bumps `value` in its own transaction.

    Caches are keyed by it, so a write by anyone, in any process, makes
    every screen read fresh data on its next run.
    """

    __tablename__ = "data_generation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), default=0)


class Setting(Base):
    """Company-wide settings an admin changes in the app (values are JSON)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict | list | str | int | float | bool | None] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ImportMapping(Editable, Base):
    """A saved column and value mapping for the import wizard, reusable by name."""

    __tablename__ = "import_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[Name]
    kind: Mapped[str] = mapped_column(String(30))
    mapping: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (Index("uq_import_mappings_kind_name", "kind", "name", unique=True),)



