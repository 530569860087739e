"""The funnel and the facts: stages, deals, their lines and history, approvals, shipments."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Editable, Money, Name, Percent, Quantity, Timestamped, code, utcnow


class PipelineStage(Editable, Base):
    __tablename__ = "pipeline_stages"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[Name] = mapped_column(unique=True)
    position: Mapped[int] = mapped_column(Integer)
    default_probability: Mapped[int] = mapped_column(Integer)  # percent, 0..100
    is_won: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    is_lost: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Moving a deal here commits the company to deliver: the credit check applies.
    is_committing: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")

    __table_args__ = (
        CheckConstraint("default_probability BETWEEN 0 AND 100", name="probability"),
        CheckConstraint("NOT (is_won AND is_lost)", name="won_or_lost"),
    )


class DealState(StrEnum):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


class Deal(Editable, Base):
    __tablename__ = "deals"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    external_id: Mapped[str | None] = mapped_column(String(100), index=True, unique=True)  # see Client
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    stage_id: Mapped[int] = mapped_column(ForeignKey("pipeline_stages.id"))
    # Copied from the stage's flags on every move, so the funnel's filters
    # ("open deals of these owners") hit one index instead of a join.
    state: Mapped[DealState] = mapped_column(code(DealState, 10), default=DealState.OPEN, server_default="open")
    amount: Mapped[Money] = mapped_column(default=Decimal("0"), server_default="0")
    probability: Mapped[int] = mapped_column(Integer)
    expected_close_on: Mapped[dt.date | None] = mapped_column(Date)
    discount_pct: Mapped[Percent] = mapped_column(default=Decimal("0"), server_default="0")
    lost_reason: Mapped[str | None] = mapped_column(Text)
    stage_entered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[dt.datetime | None]

    lines: Mapped[list[DealLine]] = relationship(back_populates="deal", order_by="DealLine.id")

    __table_args__ = (
        CheckConstraint("state IN ('open', 'won', 'lost')", name="state"),
        CheckConstraint("probability BETWEEN 0 AND 100", name="probability"),
        CheckConstraint("amount >= 0", name="amount"),
        CheckConstraint("discount_pct >= 0 AND discount_pct <= 100", name="discount"),
        Index("ix_deals_owner_state_stage", "owner_id", "state", "stage_id"),
        # The funnel's and forecast's sums read these alone (covering: owner, amount, probability),
        # never the table: open deals by stage and by expected close, deals closed in a period.
        Index("ix_deals_state_stage", "state", "stage_id", "owner_id", "amount", "probability"),
        Index("ix_deals_state_expected_close", "state", "expected_close_on", "owner_id", "amount", "probability"),
        Index("ix_deals_closed_at", "closed_at", "stage_id", "owner_id", "state", "amount", "probability"),
    )


class DealLine(Base):
    __tablename__ = "deal_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    quantity: Mapped[Quantity]
    price: Mapped[Money]
    discount_pct: Mapped[Percent] = mapped_column(default=Decimal("0"), server_default="0")
    amount: Mapped[Money]  # quantity × price × (1 − discount), rounded to kopecks

    deal: Mapped[Deal] = relationship(back_populates="lines")

    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity"),
        CheckConstraint("price >= 0", name="price"),
        CheckConstraint("discount_pct >= 0 AND discount_pct <= 100", name="discount"),
    )


class DealStageChange(Base):
    """One row per stage move; the first row of a deal has no `from_stage_id`."""

    __tablename__ = "deal_stage_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id"))
    from_stage_id: Mapped[int | None] = mapped_column(ForeignKey("pipeline_stages.id"))
    to_stage_id: Mapped[int] = mapped_column(ForeignKey("pipeline_stages.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Kept up to date by each later move of the deal (db/actions/stage_history.py), so that
    # the funnel's conversion and days-in-stage read one index range instead of walking
    # every deal's history: when the deal left this stage; whether it went on to a
    # further stage (not a lost one); whether it was won afterwards.
    left_at: Mapped[dt.datetime | None]
    advanced: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    won_after: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    __table_args__ = (
        Index("ix_deal_stage_history_deal_changed", "deal_id", "changed_at"),
        Index("ix_deal_stage_history_changed_to", "changed_at", "to_stage_id"),
        # Covering indexes of the funnel: entries in a period (conversion, won per month),
        # exits in a period and the stage each deal was at on a past day (days in stage, backtest).
        Index("ix_deal_stage_history_flow", "changed_at", "to_stage_id", "deal_id", "advanced", "won_after"),
        Index("ix_deal_stage_history_left", "left_at", "to_stage_id", "changed_at", "deal_id"),
    )


class ApprovalKind(StrEnum):
    DISCOUNT = "discount"  # a discount above the requester's cap
    CREDIT = "credit"  # a commitment past the client's credit limit


class ApprovalStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"  # or withdrawn: decided by the one who asked


class ApprovalRequest(Editable, Base):
    """A discount above the requester's cap, or a commitment past the credit limit."""

    __tablename__ = "approval_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ApprovalKind] = mapped_column(code(ApprovalKind, 20))
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # What is asked: e.g. {"discount_pct": "12.5"} or {"to_stage_id": 5}.
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[ApprovalStatus] = mapped_column(code(ApprovalStatus, 20), default=ApprovalStatus.PENDING,
                                                   server_default="pending")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None]
    comment: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("kind IN ('discount', 'credit')", name="kind"),
        CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="status"),
        Index("ix_approval_requests_status", "status"),
    )


class Shipment(Base):
    """A shipment line from the accounting system: what left the warehouse, and its payment.

    `manager_id` is who gets the credit for it; it keeps its value when the
    client later moves to another manager, so past statistics do not move.
    """

    __tablename__ = "shipments"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    deal_id: Mapped[int | None] = mapped_column(ForeignKey("deals.id"))
    shipped_on: Mapped[dt.date] = mapped_column(Date)
    quantity: Mapped[Quantity]
    amount: Mapped[Money]
    cost_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    payment_due_on: Mapped[dt.date | None] = mapped_column(Date)
    amount_paid: Mapped[Money] = mapped_column(default=Decimal("0"), server_default="0")
    paid_on: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (
        CheckConstraint("amount_paid >= 0", name="amount_paid"),
        Index("ix_shipments_client_shipped", "client_id", "shipped_on"),
        # (manager, date) and (date) alone are the starts of ix_shipments_manager_shipped_amount and
        # ix_shipments_shipped_cover below, which serve their queries (migration 0004).
        # Covers the analyses (ABC/XYZ, segments and leaders with their payment discipline,
        # product sales): a period's lines are read from the index alone, not the table.
        Index("ix_shipments_shipped_cover", "shipped_on", "client_id", "product_id", "amount", "quantity",
              "cost_amount", "deal_id", "payment_due_on", "amount_paid", "paid_on"),
        # Product sales by month: read in product and date order, the lines need no sort (a
        # million-line sort is most of the cost) and no lookup into the table. It replaces
        # ix_shipments_product_shipped (product, date), which is its first two columns.
        Index("ix_shipments_product_cover", "product_id", "shipped_on", "quantity", "amount", "deal_id",
              "client_id"),
        Index("ix_shipments_deal", "deal_id"),
        # Covering: a team's or a manager's monthly sums for the forecast without table reads
        # (everyone's read ix_shipments_shipped_cover).
        Index("ix_shipments_manager_shipped_amount", "manager_id", "shipped_on", "amount"),
    )


class LostReason(Timestamped, Base):
    """The list a manager picks from when a deal is lost (free text stays possible)."""

    __tablename__ = "lost_reasons"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[Name] = mapped_column(unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")

