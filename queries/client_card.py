"""Everything on a client's card, each piece one query, each checked against access.

Every function starts with `access.require_client`, so a card asked for by
id (a URL, a guessed number) shows nothing of a client outside the
viewer's access. The one deliberate window is `holding`: relatives owned by
someone else appear by name and owner only; their figures are not shown and
not counted in the total the viewer gets (a total minus the members shown
would give a single hidden member's figure away).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd
from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from db import access
from db.access import Can, Viewer
from db.models import (
    Activity,
    AuditEntry,
    Client,
    Contact,
    Deal,
    DealState,
    Industry,
    PipelineStage,
    PriceType,
    Product,
    ProductGroup,
    Shipment,
    Task,
    Territory,
    User,
)
from db.models.fields import editable_fields
from db.rules import credit as credit_rules

from . import audit
from .frame import frame

ZERO = Decimal("0")


@dataclass(frozen=True)
class ClientCard:
    """The client's editable fields (db/models/fields.py) in `values`, read as attributes too
    (`card.phone`), with the names of what they refer to and the record's bookkeeping."""

    id: int
    values: dict[str, Any]  # every editable field, by name
    industry: str | None
    territory: str | None
    owner_id: int | None
    owner: str | None
    parent: str | None
    status: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime | None
    updated_by: str | None
    # A twin archived by a merge: the client it was merged into, when the viewer may see it
    # (id and name), else (None, None) with `merged` still true.
    merged: bool = False
    merged_into_id: int | None = None
    merged_into: str | None = None
    price_type: str | None = None  # the price list's name (None: the base list, issue 20)

    def __getattr__(self, name: str) -> Any:
        try:
            return vars(self)["values"][name]
        except KeyError:
            raise AttributeError(name) from None


def get_client_card(session: Session, viewer: Viewer, *, client_id: int) -> ClientCard:
    access.require_client(session, viewer, client_id)
    owner, editor, parent = aliased(User), aliased(User), aliased(Client)
    row = session.execute(
        select(Client, Industry.name.label("industry"), Territory.name.label("territory"),
               owner.full_name.label("owner"), editor.full_name.label("updated_by"),
               parent.name.label("parent"), PriceType.name.label("price_type"))
        .outerjoin(Industry, Client.industry_id == Industry.id)
        .outerjoin(PriceType, Client.price_type_id == PriceType.id)
        .outerjoin(Territory, Client.territory_id == Territory.id)
        .outerjoin(owner, Client.owner_id == owner.id)
        .outerjoin(editor, Client.updated_by_id == editor.id)
        .outerjoin(parent, Client.parent_id == parent.id)
        .where(Client.id == client_id)
    ).one()
    c = row.Client
    survivor_id = survivor = None
    if c.merged_into_id is not None:
        survivor_row = session.execute(select(Client.id, Client.name).where(
            Client.id == c.merged_into_id, access.scope(session, viewer).clients())).one_or_none()
        if survivor_row is not None:
            survivor_id, survivor = survivor_row
    return ClientCard(
        id=c.id, values={spec.name: getattr(c, spec.name) for spec in editable_fields(Client)},
        industry=row.industry, territory=row.territory, owner_id=c.owner_id, owner=row.owner, parent=row.parent,
        status=c.status, version=c.version, created_at=c.created_at, updated_at=c.updated_at,
        updated_by=row.updated_by, merged=c.merged_into_id is not None, merged_into_id=survivor_id,
        merged_into=survivor, price_type=row.price_type,
    )


def holding(session: Session, viewer: Viewer, *, client_id: int, today: dt.date | None = None) -> pd.DataFrame:
    """The whole holding the client belongs to: root, subsidiaries at any depth.

    Columns: id, name, parent_id, depth, owner, visible, shipped_year (None
    where not visible), is_current. `attrs["total"]` holds the shipments this
    year of the members the viewer may see, and `attrs["partial"]` whether
    some member is left out of it.
    """
    access.require_client(session, viewer, client_id)
    today = today or access.today()
    # Up to the root (guarding against a cycle with the depth limit) ...
    up = select(Client.id, Client.parent_id, literal(0).label("lvl")).where(Client.id == client_id).cte(
        "up", recursive=True)
    up = up.union_all(
        select(Client.id, Client.parent_id, (up.c.lvl + 1).label("lvl"))
        .join(up, Client.id == up.c.parent_id).where(up.c.lvl < 50))
    root_id = session.scalar(select(up.c.id).where(up.c.parent_id.is_(None)).limit(1)) or client_id
    # ... then down from the root.
    down = select(Client.id, Client.parent_id, literal(0).label("depth")).where(Client.id == root_id).cte(
        "down", recursive=True)
    down = down.union_all(
        select(Client.id, Client.parent_id, (down.c.depth + 1).label("depth"))
        .join(down, Client.parent_id == down.c.id).where(down.c.depth < 50))
    year_start = today.replace(month=1, day=1)
    shipped = (select(Shipment.client_id, func.sum(Shipment.amount).label("shipped"))
               .where(Shipment.client_id.in_(select(down.c.id)), Shipment.shipped_on >= year_start,
                      Shipment.shipped_on <= today)
               .group_by(Shipment.client_id).subquery())
    scope = access.scope(session, viewer)
    stmt = (
        select(Client.id, Client.name, down.c.parent_id, down.c.depth, User.full_name.label("owner"),
               Client.owner_id, Client.status, func.coalesce(shipped.c.shipped, 0).label("shipped_all"))
        .join(down, down.c.id == Client.id)
        .outerjoin(User, Client.owner_id == User.id)
        .outerjoin(shipped, shipped.c.client_id == Client.id)
        .order_by(down.c.depth, Client.name)
    )
    df = frame(session, stmt)
    df["visible"] = [scope.allows_owner(None if pd.isna(o) else int(o)) for o in df["owner_id"]]
    # Over the visible members only: with every member in it, the total minus the figures shown
    # would be a hidden member's figure (or the sum of a few).
    total = sum((s for s, v in zip(df["shipped_all"], df["visible"], strict=True) if v), ZERO)
    df["shipped_year"] = [s if v else None for s, v in zip(df["shipped_all"], df["visible"], strict=True)]
    df["is_current"] = df["id"] == client_id
    df = df.drop(columns=["shipped_all", "owner_id"])
    df.attrs["total"] = total
    df.attrs["partial"] = not bool(df["visible"].all()) if not df.empty else False
    return df


def contacts(session: Session, viewer: Viewer, *, client_id: int, include_archived: bool = False) -> pd.DataFrame:
    access.require_client(session, viewer, client_id)
    boss = aliased(Contact)
    stmt = (
        select(Contact.id, Contact.full_name, Contact.position, Contact.decision_role, Contact.influence,
               Contact.reports_to_id, boss.full_name.label("reports_to"), Contact.phone, Contact.email,
               Contact.birthday, Contact.preferences, Contact.character_notes, Contact.active, Contact.version)
        .outerjoin(boss, Contact.reports_to_id == boss.id)
        .where(Contact.client_id == client_id)
        .order_by(Contact.influence.desc().nulls_last(), Contact.full_name)
    )
    if not include_archived:
        stmt = stmt.where(Contact.active.is_(True))
    return frame(session, stmt)


def timeline(session: Session, viewer: Viewer, *, client_id: int, kinds: tuple[str, ...] = (),
             contact_id: int | None = None, limit: int = 200) -> pd.DataFrame:
    """Calls, letters, meetings and notes on the client, newest first."""
    access.require_client(session, viewer, client_id)
    stmt = (
        select(Activity.id, Activity.occurred_at, Activity.kind, Activity.subject, Activity.body,
               Activity.outcome, Contact.full_name.label("contact"), User.full_name.label("who"),
               Activity.deal_id)
        .outerjoin(Contact, Activity.contact_id == Contact.id)
        .outerjoin(User, Activity.user_id == User.id)
        .where(Activity.client_id == client_id)
        .order_by(Activity.occurred_at.desc(), Activity.id.desc())
        .limit(limit)
    )
    if kinds:
        stmt = stmt.where(Activity.kind.in_(kinds))
    if contact_id:
        stmt = stmt.where(Activity.contact_id == contact_id)
    return frame(session, stmt)


def open_tasks(session: Session, viewer: Viewer, *, client_id: int) -> pd.DataFrame:
    access.require_client(session, viewer, client_id)
    stmt = (
        select(Task.id, Task.due_on, Task.title, Task.description, User.full_name.label("assignee"),
               Task.source, Task.version, Task.due_time, Task.duration_minutes)
        .outerjoin(User, Task.assignee_id == User.id)
        .where(Task.client_id == client_id, Task.done.is_(False))
        .order_by(Task.due_on, Task.due_time.is_(None).desc(), Task.due_time, Task.id)
    )
    return frame(session, stmt)


def deals(session: Session, viewer: Viewer, *, client_id: int) -> pd.DataFrame:
    """Open deals first (by expected close), then closed ones (newest first)."""
    access.require_client(session, viewer, client_id)
    stmt = (
        select(Deal.id, Deal.title, PipelineStage.name.label("stage"), Deal.state, Deal.amount,
               Deal.probability, Deal.expected_close_on, Deal.closed_at, User.full_name.label("owner"),
               Deal.lost_reason)
        .join(PipelineStage, Deal.stage_id == PipelineStage.id)
        .outerjoin(User, Deal.owner_id == User.id)
        .where(Deal.client_id == client_id)
        .order_by(case((Deal.state == DealState.OPEN, 0), else_=1), Deal.expected_close_on,
                  Deal.closed_at.desc(), Deal.id.desc())
    )
    return frame(session, stmt)


def shipments_by_group(session: Session, viewer: Viewer, *, client_id: int, months: int = 24,
                       today: dt.date | None = None) -> pd.DataFrame:
    """Shipped amount per product group per month, for the last `months` months."""
    access.require_client(session, viewer, client_id)
    today = today or access.today()
    start = (today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    month = _month_start(session, Shipment.shipped_on)
    stmt = (
        select(month.label("month"), func.coalesce(ProductGroup.name, "—").label("group"),
               func.sum(Shipment.amount).label("amount"), func.sum(Shipment.quantity).label("quantity"))
        .join(Product, Shipment.product_id == Product.id)
        .outerjoin(ProductGroup, Product.group_id == ProductGroup.id)
        .where(Shipment.client_id == client_id, Shipment.shipped_on >= start, Shipment.shipped_on <= today)
        .group_by(month, ProductGroup.name)
        .order_by(month)
    )
    df = frame(session, stmt)
    if not df.empty:
        df["month"] = pd.to_datetime(df["month"]).dt.date
    return df


def _month_start(session: Session, column):
    """The first day of the month of a date column, in the database's dialect."""
    if session.get_bind().dialect.name == "postgresql":
        return func.date_trunc("month", column).cast(Shipment.shipped_on.type)
    return func.date(column, "start of month")


@dataclass(frozen=True)
class Credit:
    """The credit block: the limit, the exposure by part (db/rules/credit.py), overdue debt."""

    limit: Decimal
    deferral_days: int
    parts: credit_rules.Exposure  # unpaid shipments, committed open deals, won but not shipped
    overdue: Decimal  # unpaid shipments past their due date
    overdue_days: int  # age of the oldest overdue payment
    block_days: int  # overdue debt older than this blocks committing moves (the credit_rules setting)

    @property
    def exposure(self) -> Decimal:
        return self.parts.total

    @property
    def over_limit(self) -> bool:
        return self.exposure > self.limit

    @property
    def available(self) -> Decimal:
        return self.limit - self.exposure

    @property
    def blocked(self) -> bool:
        """Overdue debt older than the setting allows: no committing move until it is paid."""
        return self.overdue > 0 and self.overdue_days > self.block_days


def credit(session: Session, viewer: Viewer, *, client_id: int, today: dt.date | None = None) -> Credit:
    client = access.require_client(session, viewer, client_id)
    today = today or access.today()
    late = credit_rules.overdue(session, client_id, today)
    return Credit(limit=client.credit_limit, deferral_days=client.payment_deferral_days,
                  parts=credit_rules.exposure(session, client_id), overdue=late.amount,
                  overdue_days=late.oldest_days, block_days=credit_rules.overdue_block_days(session))


def change_history(session: Session, viewer: Viewer, *, client_id: int, limit: int = 200) -> pd.DataFrame:
    """The audit log of the client and its contacts, tasks and activities (heads and above)."""
    access.require_client(session, viewer, client_id)
    if not access.can(viewer, Can.VIEW_AUDIT):
        return pd.DataFrame(columns=["at", "who", "action", "entity", "entity_id", "changes"])
    as_text = lambda col: func.cast(col, AuditEntry.entity_id.type)  # noqa: E731
    related = or_(
        and_(AuditEntry.entity == "client", AuditEntry.entity_id == str(client_id)),
        and_(AuditEntry.entity == "contact",
             AuditEntry.entity_id.in_(select(as_text(Contact.id)).where(Contact.client_id == client_id))),
        and_(AuditEntry.entity == "task",
             AuditEntry.entity_id.in_(select(as_text(Task.id)).where(Task.client_id == client_id))),
        and_(AuditEntry.entity == "activity",
             AuditEntry.entity_id.in_(select(as_text(Activity.id)).where(Activity.client_id == client_id))),
    )
    stmt = (
        select(AuditEntry.at, User.full_name.label("who"), AuditEntry.action, AuditEntry.entity,
               AuditEntry.entity_id, AuditEntry.changes)
        .outerjoin(User, AuditEntry.user_id == User.id)
        .where(related)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    return audit.named(session, frame(session, stmt))  # ids in the changes as names
