"""Writes on sales plans: a manager's month, a quarter grid at once, a department's month; the basis.

Plans of past months are closed — their % and commission are history — so
only this month and later ones can be set. A plan is never deleted: 0
means "no plan". A form passes the version it loaded (0: it saw no plan),
so a plan someone else saved meanwhile is not silently overwritten.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..access import Can, Viewer, require, team_condition, team_members, today
from ..models import Department, SalesPlan, Setting, User
from .base import audit, business_action, check_version, created, touch
from ..rules.validate import Checks

BASES = ("shipments", "won_deals")
BASIS_KEY = "plan_basis"


def _first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _check_month(v: Checks, field: str, month) -> dt.date | None:
    month = v.date(field, month, required=True)
    if month is None:
        return None
    month = _first_of_month(month)
    if month < _first_of_month(today()):
        v.fail(field, "Plans of past months are closed: their results and commission are history.")
        return None
    return month


def _plannable(session: Session, viewer: Viewer, user_id) -> User | None:
    """The manager, if the viewer may set their plan (their team, active)."""
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    return session.scalar(select(User).where(User.id == user_id, team_members(),
                                             User.active.is_(True), team_condition(session, viewer, User.id)))


def _save(session: Session, viewer: Viewer, *, user_id: int | None = None, department_id: int | None = None,
          month: dt.date, amount, expected_version: int | None) -> SalesPlan | None:
    """Create or change one plan; None when it already holds `amount`."""
    target = SalesPlan.user_id == user_id if user_id else SalesPlan.department_id == department_id
    plan = session.scalar(select(SalesPlan).where(target, SalesPlan.month == month))
    if plan is None:
        values = {"user_id": user_id, "department_id": department_id, "month": month, "amount": amount}
        plan = SalesPlan(**values)
        touch(plan, viewer)  # so a form that saw no plan can be told who set it, and when
        session.add(plan)
        session.flush()
        audit(session, viewer, action="set_plan", entity="sales_plan", entity_id=plan.id, changes=created(values))
        return plan
    if plan.amount == amount:
        return None
    # A form that saw no plan (0) or an older one must not overwrite what was saved since.
    check_version(session, plan, expected_version)
    audit(session, viewer, action="set_plan", entity="sales_plan", entity_id=plan.id,
          changes={"amount": (plan.amount, amount)})
    plan.amount = amount
    touch(plan, viewer)
    return plan


@business_action
def set_plan(session: Session, viewer: Viewer, *, user_id: int | None, month: dt.date, amount,
             expected_version: int | None = None) -> SalesPlan | None:
    """A head (their department) or director sets one manager's plan for a month."""
    require(viewer, Can.SET_PLANS)
    v = Checks()
    user = _plannable(session, viewer, user_id)
    if user is None:
        v.fail("user_id", "Choose one of the offered values.")
    first = _check_month(v, "month", month)
    amount = v.money("amount", amount, required=True)
    v.raise_if_any()
    assert user is not None and first is not None  # refused above otherwise
    return _save(session, viewer, user_id=user.id, month=first, amount=amount, expected_version=expected_version)


def cell_key(user_id: int | None, month: dt.date) -> str:
    """The field name of one grid cell in a ValidationError: "<user id>:<YYYY-MM-DD>" (the user id as the
    cell gave it, None included)."""
    return f"{user_id}:{month.isoformat()}"


@business_action
def set_plans_for_quarter(session: Session, viewer: Viewer, *, cells: list[dict]) -> int:
    """Save a grid of plans all or nothing; every bad cell gets its message (see `cell_key`).

    `cells`: {user_id, month, amount, expected_version}. An empty amount
    leaves a month without a plan as it is; it cannot empty a set plan (use 0).
    Returns how many plans changed.
    """
    require(viewer, Can.SET_PLANS)
    v = Checks()
    checked = []
    for cell in cells:
        user = _plannable(session, viewer, cell.get("user_id"))
        raw_month = cell.get("month")
        key = cell_key(cell.get("user_id"), raw_month) if isinstance(raw_month, dt.date) else str(cell.get("user_id"))
        if user is None:
            v.fail(key, "Choose one of the offered values.")
            continue
        amount = v.money(key, cell.get("amount"))
        if amount is None:
            if key not in v.errors and cell.get("expected_version"):
                v.fail(key, "A plan cannot be emptied: enter 0 for no plan.")
            continue
        month = _check_month(v, key, raw_month)
        if month is not None and key not in v.errors:
            checked.append((user.id, month, amount, cell.get("expected_version")))
    v.raise_if_any()
    changed = 0
    for user_id, month, amount, version in checked:
        if _save(session, viewer, user_id=user_id, month=month, amount=amount, expected_version=version):
            changed += 1
    return changed


@business_action
def set_department_plan(session: Session, viewer: Viewer, *, department_id: int | None, month: dt.date, amount,
                        expected_version: int | None = None) -> SalesPlan | None:
    """The director sets a department's plan for a month."""
    require(viewer, Can.SET_DEPARTMENT_PLANS)
    v = Checks()
    dept = session.get(Department, department_id) if department_id else None
    if dept is None or not dept.active:
        v.fail("department_id", "Choose one of the offered values.")
    first = _check_month(v, "month", month)
    amount = v.money("amount", amount, required=True)
    v.raise_if_any()
    assert dept is not None and first is not None  # refused above otherwise
    return _save(session, viewer, department_id=dept.id, month=first, amount=amount,
                 expected_version=expected_version)


@business_action
def set_plan_basis(session: Session, viewer: Viewer, *, basis: str) -> None:
    """What counts against plans: "shipments" or "won_deals" (every month is recomputed)."""
    require(viewer, Can.SET_COMMISSION)
    v = Checks()
    basis = v.choice("basis", basis, BASES, required=True)
    v.raise_if_any()
    setting = session.get(Setting, BASIS_KEY)
    old = setting.value if setting else None
    if old == basis:
        return
    if setting is None:
        session.add(Setting(key=BASIS_KEY, value=basis))
    else:
        setting.value = basis
    audit(session, viewer, action="set_plan_basis", entity="setting", entity_id=BASIS_KEY,
          changes={"value": (old, basis)})
