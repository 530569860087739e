"""Targets and rules: sales plans, commission schemes, discount caps, assignment rules."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Editable, Money, Name, Percent, code
from .org import Role


class SalesPlan(Editable, Base):
    """A monthly plan for one manager or for a whole department.

    `month` is the first day of the month.
    """

    __tablename__ = "sales_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    month: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[Money]

    __table_args__ = (
        CheckConstraint("(user_id IS NULL) <> (department_id IS NULL)", name="one_target"),
        CheckConstraint("amount >= 0", name="amount"),
        Index("uq_sales_plans_user_month", "user_id", "month", unique=True),
        Index("uq_sales_plans_department_month", "department_id", "month", unique=True),
    )


class CommissionScheme(Editable, Base):
    """How commission is computed, for a role or a person, from a date onwards.

    The scheme in force for a person in a month is the one with the latest
    `effective_from` not after the month, personal schemes before role ones.
    """

    __tablename__ = "commission_schemes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[Name]
    kind: Mapped[str] = mapped_column(String(10))  # tiered | flat
    role: Mapped[Role | None] = mapped_column(code(Role, 20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    effective_from: Mapped[dt.date] = mapped_column(Date)
    flat_rate_pct: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")

    tiers: Mapped[list[CommissionTier]] = relationship(
        back_populates="scheme", order_by="CommissionTier.from_pct", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint("kind IN ('tiered', 'flat')", name="kind"),
        CheckConstraint("(role IS NULL) <> (user_id IS NULL)", name="one_target"),
    )


class CommissionTier(Base):
    """From `from_pct` % of plan (inclusive) up to the next tier, pay `rate_pct` %.

    `base` says of what: `actual` — of everything sold in the month;
    `excess` — only of the part above the plan.
    """

    __tablename__ = "commission_tiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("commission_schemes.id"), index=True)
    from_pct: Mapped[Decimal] = mapped_column(Numeric(7, 2))
    rate_pct: Mapped[Percent]
    base: Mapped[str] = mapped_column(String(10), default="actual", server_default="actual")

    scheme: Mapped[CommissionScheme] = relationship(back_populates="tiers")

    __table_args__ = (CheckConstraint("base IN ('actual', 'excess')", name="base"),)


class DiscountCap(Editable, Base):
    """The largest discount a role may give without a head's approval."""

    __tablename__ = "discount_caps"

    role: Mapped[Role] = mapped_column(code(Role, 20), primary_key=True)
    max_discount_pct: Mapped[Percent]


class AssignmentRule(Editable, Base):
    """Territory × industry → responsible manager; either side may be empty (any)."""

    __tablename__ = "assignment_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int | None] = mapped_column(ForeignKey("territories.id"))
    industry_id: Mapped[int | None] = mapped_column(ForeignKey("industries.id"))
    manager_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)

    __table_args__ = (
        Index("uq_assignment_rules_territory_industry", "territory_id", "industry_id", unique=True),
    )

