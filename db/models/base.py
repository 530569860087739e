"""Declarative base, shared column types and mixins for every model."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, ClassVar

from sqlalchemy import DateTime, Enum, ForeignKey, Integer, MetaData, Numeric, String, Table, func
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

# Stable constraint names: Alembic needs them to alter constraints later,
# and SQLite batch migrations need them to find what to drop.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always returned timezone-aware.

    SQLite has no time zones and returns naive values; PostgreSQL's
    `timestamptz` returns aware ones. This makes both behave the same.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def code(enum: type[StrEnum], length: int) -> Enum:
    """A code column typed by its enum: stored as the member's value in a VARCHAR(length), as
    before (no native enum type and no extra CHECK: the table's own CHECK stays), read back as
    the member; a string that is no member is refused before it reaches the database."""
    return Enum(enum, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e],
                validate_strings=True, create_constraint=False)


Money = Annotated[Decimal, mapped_column(Numeric(14, 2))]
Quantity = Annotated[Decimal, mapped_column(Numeric(14, 3))]
Percent = Annotated[Decimal, mapped_column(Numeric(5, 2))]
Name = Annotated[str, mapped_column(String(200))]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    if TYPE_CHECKING:  # every model maps one Table (DeclarativeBase says only FromClause)
        __table__: ClassVar[Table]
    type_annotation_map = {dt.datetime: UTCDateTime()}


class Timestamped:
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.now())


class Editable(Timestamped):
    """Rows that people edit in forms.

    `version` is the optimistic lock: SQLAlchemy adds `WHERE version = :seen`
    to every UPDATE, and actions compare the version a form was loaded with
    before changing anything. `updated_by_id` and `updated_at` let a stale
    form say who changed the record and when.
    """

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    updated_at: Mapped[dt.datetime | None] = mapped_column(default=None)

    @declared_attr
    def updated_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id", use_alter=True), default=None)

    @declared_attr.directive
    def __mapper_args__(cls):
        return {"version_id_col": cls.__table__.c.version}
