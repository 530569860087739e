"""People and the map: users, departments, stand-ins, territories, industries."""
from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Editable, Name, Timestamped, code


class Role(StrEnum):
    """From the smallest view to the largest (see db/access.py)."""

    MANAGER = "manager"
    HEAD = "head"
    DIRECTOR = "director"
    ADMIN = "admin"


class Department(Editable, Base):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[Name] = mapped_column(unique=True)
    head_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", use_alter=True, name="fk_departments_head_id_users"), index=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")

    head: Mapped[User | None] = relationship(foreign_keys=[head_id])


class User(Editable, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[Name]
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(100))
    role: Mapped[Role] = mapped_column(code(Role, 20), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    language: Mapped[str | None] = mapped_column(String(5))  # None: the company default
    phone: Mapped[str | None] = mapped_column(String(50))
    hired_on: Mapped[dt.date | None] = mapped_column(Date)
    left_on: Mapped[dt.date | None] = mapped_column(Date)
    # Sign-in throttling lives in the database, not in a browser session,
    # so opening a new tab does not reset the count.
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None]
    last_login_at: Mapped[dt.datetime | None]
    # Issue 21: mail from the CRM itself. The morning digest of My day is opt-in; immediate
    # mail (an approval asked of them, their request decided) is on unless switched off.
    email_digest: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    email_notifications: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")

    department: Mapped[Department | None] = relationship(foreign_keys=[department_id])

    __table_args__ = (
        CheckConstraint("role IN ('manager', 'head', 'director', 'admin')", name="role"),
    )


class StandIn(Timestamped, Base):
    """A colleague covering an absent user's clients for a period (dates inclusive)."""

    __tablename__ = "stand_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    absent_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    stand_in_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="period"),
        CheckConstraint("absent_user_id <> stand_in_user_id", name="not_self"),
        Index("ix_stand_ins_stand_in_period", "stand_in_user_id", "starts_on", "ends_on"),
    )


class TerritoryKind(StrEnum):
    COUNTRY = "country"
    REGION = "region"
    CITY = "city"
    DISTRICT = "district"


class Territory(Editable, Base):
    """A node of the tree country › region › city/district."""

    __tablename__ = "territories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[Name]
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("territories.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")

    parent: Mapped[Territory | None] = relationship(remote_side=[id])

    __table_args__ = (
        Index("uq_territories_parent_name", "parent_id", "name", unique=True),
    )


class Industry(Editable, Base):
    __tablename__ = "industries"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[Name] = mapped_column(unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
