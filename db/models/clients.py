"""Clients and everything known about them: contacts, activities, tasks."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    Time,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from i18n import N_

from .base import Base, Editable, Money, Name, Timestamped, code, utcnow
from .fields import editable


class ClientStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"


class SizeSegment(StrEnum):
    KEY = "key"
    LARGE = "large"
    MEDIUM = "medium"
    SMALL = "small"


class Client(Editable, Base):
    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[Name] = mapped_column(info=editable(N_("Name"), group="identity", aliases=(  # the short name
        "client", "клиент", "наименование", "название", "account", "company")))
    legal_name: Mapped[str | None] = mapped_column(String(300), info=editable(
        N_("Legal name"), group="requisites", aliases=("полное наименование", "юридическое наименование")))
    # INN: unique where given. NULLs are distinct in a unique index on both
    # SQLite and PostgreSQL, so clients without one do not collide.
    inn: Mapped[str | None] = mapped_column(String(12), unique=True, info=editable(
        N_("INN"), group="requisites", check="inn", aliases=("tax id",)))
    # The id the client has in the file it was imported from (db/io): a second
    # import of the same file updates the client instead of adding a twin.
    external_id: Mapped[str | None] = mapped_column(String(100), index=True, unique=True)
    kpp: Mapped[str | None] = mapped_column(String(9), info=editable(N_("KPP"), group="requisites", check="kpp",
                                                                     aliases=("кпп",)))
    industry_id: Mapped[int | None] = mapped_column(ForeignKey("industries.id"), info=editable(
        N_("Industry"), group="classification", ref="industry", aliases=("sector", "отрасль")))
    territory_id: Mapped[int | None] = mapped_column(ForeignKey("territories.id"), info=editable(
        N_("Territory"), group="classification", ref="territory", aliases=("region", "регион", "город")))
    # None: waiting in the unassigned queue for a head to pick an owner.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), index=True, info=editable(
        N_("Parent company"), group="holding", ref="parent", aliases=("holding", "холдинг", "subsidiary of")))
    size_segment: Mapped[str | None] = mapped_column(String(20), info=editable(
        N_("Size segment"), group="classification", choices=SizeSegment, codes="size segment",
        aliases=("segment", "сегмент")))
    credit_limit: Mapped[Money] = mapped_column(default=Decimal("0"), server_default="0", info=editable(
        N_("Credit limit"), group="terms", step=10000, aliases=("limit", "лимит")))
    payment_deferral_days: Mapped[int] = mapped_column(Integer, default=0, server_default="0", info=editable(
        N_("Payment deferral, days"), group="terms", minimum=0, maximum=365, aliases=("deferral", "отсрочка")))
    status: Mapped[ClientStatus] = mapped_column(code(ClientStatus, 20), default=ClientStatus.ACTIVE,
                                                 server_default="active")
    archived_at: Mapped[dt.datetime | None]
    phone: Mapped[str | None] = mapped_column(String(50), info=editable(N_("Phone"), group="contact", check="phone"))
    email: Mapped[str | None] = mapped_column(String(200), info=editable(N_("E-mail"), group="contact", check="email"))
    website: Mapped[str | None] = mapped_column(String(200), info=editable(N_("Website"), group="contact",
                                                                           aliases=("site", "сайт")))
    legal_address: Mapped[str | None] = mapped_column(Text, info=editable(N_("Legal address"), group="address",
                                                                          max_len=1000))
    postal_address: Mapped[str | None] = mapped_column(Text, info=editable(N_("Postal address"), group="address",
                                                                           max_len=1000))
    notes: Mapped[str | None] = mapped_column(Text, info=editable(N_("Notes"), group="notes", max_len=20000, aliases=(
        "comment", "комментарий", "примечание")))
    # Case-folded name, legal name and INN. SQLite's LOWER() only folds ASCII,
    # so Cyrillic search matches against this column, kept by the writers.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Issue 20: the price list the client buys at (None: the base list), and the requisites an invoice needs.
    price_type_id: Mapped[int | None] = mapped_column(ForeignKey("price_types.id", use_alter=True,
                                                                 name="fk_clients_price_type_id_price_types"),
                                                      info=editable(N_("Price type"), group="classification",
                                                                    ref="price_type", aliases=(
                                                                        "price list", "тип цен", "тип цены", "прайс",
                                                                        "вид цен")))
    # Checked by db/rules/requisites.py: the OGRN's check digit, the accounts' control keys against the BIC.
    ogrn: Mapped[str | None] = mapped_column(String(15), info=editable(
        N_("OGRN"), group="requisites", check="ogrn", aliases=("огрн", "огрнип", "ogrnip", "psrn")))
    bank_name: Mapped[str | None] = mapped_column(String(300), info=editable(
        N_("Bank"), group="requisites", aliases=("bank name", "банк", "наименование банка")))
    bic: Mapped[str | None] = mapped_column(String(9), info=editable(
        N_("BIC"), group="requisites", check="bic", aliases=("бик", "bik")))
    settlement_account: Mapped[str | None] = mapped_column(String(20), info=editable(
        N_("Settlement account"), group="requisites", check="account",
        aliases=("р/с", "расчетный счет", "расчётный счёт", "current account")))
    correspondent_account: Mapped[str | None] = mapped_column(String(20), info=editable(
        N_("Correspondent account"), group="requisites", check="account",
        aliases=("к/с", "корр. счет", "корреспондентский счет", "корреспондентский счёт")))
    # A twin merged into another client (db/actions/duplicates.py): archived, pointing at the survivor.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), index=True)

    owner = relationship("User", foreign_keys=[owner_id])
    parent: Mapped[Client | None] = relationship(remote_side=[id], foreign_keys=[parent_id])

    __table_args__ = (
        CheckConstraint("credit_limit >= 0", name="credit_limit"),
        CheckConstraint("payment_deferral_days >= 0", name="deferral"),
        CheckConstraint("status IN ('active', 'archived')", name="status"),
        Index("ix_clients_owner_status", "owner_id", "status"),
        Index("ix_clients_territory_industry", "territory_id", "industry_id"),
        Index("ix_clients_industry", "industry_id"),
    )


class DecisionRole(StrEnum):
    DECISION_MAKER = "decision_maker"
    INFLUENCER = "influencer"
    GATEKEEPER = "gatekeeper"
    USER = "user"


class Contact(Editable, Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    full_name: Mapped[Name]
    external_id: Mapped[str | None] = mapped_column(String(100), index=True, unique=True)  # see Client
    position: Mapped[str | None] = mapped_column(String(200))
    decision_role: Mapped[str | None] = mapped_column(String(20))
    influence: Mapped[int | None] = mapped_column(SmallInteger)
    reports_to_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    preferences: Mapped[str | None] = mapped_column(Text)
    character_notes: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(200))
    birthday: Mapped[dt.date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    # Case-folded name, phone digits and e-mail for the clients search box.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    # A twin merged into another contact of the client: inactive, pointing at the survivor.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))

    client: Mapped[Client] = relationship()

    __table_args__ = (
        CheckConstraint("influence IS NULL OR influence BETWEEN 1 AND 5", name="influence"),
        CheckConstraint(
            "decision_role IS NULL OR decision_role IN "
            "('decision_maker', 'influencer', 'gatekeeper', 'user')",
            name="decision_role",
        ),
    )


class ActivityKind(StrEnum):
    CALL = "call"
    EMAIL = "email"
    MEETING = "meeting"
    LETTER = "letter"
    NOTE = "note"


class Activity(Timestamped, Base):
    """A call, letter, meeting or note: history, appended and never edited."""

    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    occurred_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    deal_id: Mapped[int | None] = mapped_column(ForeignKey("deals.id"))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("kind IN ('call', 'email', 'meeting', 'letter', 'note')", name="kind"),
        Index("ix_activities_client_occurred", "client_id", "occurred_at"),
        Index("ix_activities_user_occurred", "user_id", "occurred_at"),
        Index("ix_activities_deal", "deal_id"),
        Index("ix_activities_contact", "contact_id"),
    )


class Task(Editable, Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignee_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), index=True)
    deal_id: Mapped[int | None] = mapped_column(ForeignKey("deals.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[dt.date] = mapped_column(Date)
    # Optional (issue 21, calendar): the local time of day on `due_on`, in the app's timezone
    # (db/config.timezone), and how long it takes; without a time the task is an all-day one.
    due_time: Mapped[dt.time | None] = mapped_column(Time)
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    done: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    done_at: Mapped[dt.datetime | None]
    # Tasks made by the reminder rules carry why they were made, and a key
    # unique per reason so that a rule run twice does not make a second task.
    source: Mapped[str] = mapped_column(String(30), default="manual", server_default="manual")
    source_key: Mapped[str | None] = mapped_column(String(200), unique=True)

    __table_args__ = (Index("ix_tasks_assignee_done_due", "assignee_id", "done", "due_on"),)
