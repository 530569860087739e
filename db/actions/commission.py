"""Writes on commission schemes (director, admin).

A scheme starts on the first day of a month, this one or later, and a
scheme that has applied to a past month can no longer be changed or
withdrawn: commission already earned never moves. To change the rules, save
a new scheme from a coming month; it takes over from then (queries/commission.py).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..access import Can, Viewer, client_owner_roles, require, today
from ..errors import DomainError, NotFound
from ..models import CommissionScheme, CommissionTier, User
from .base import apply_changes, audit, business_action, check_version, created, touch
from ..rules.validate import Checks

KINDS = ("tiered", "flat")
BASES = ("actual", "excess")
TARGET_ROLES = tuple(r.value for r in client_owner_roles())  # a role scheme is for everyone of a role
MAX_THRESHOLD = Decimal("1000")


def _this_month() -> dt.date:
    return today().replace(day=1)


def _blank(value) -> bool:
    return value is None or value == "" or (isinstance(value, float) and value != value)


def _check_tiers(v: Checks, tiers) -> list[dict]:
    rows = []
    for i, raw in enumerate(tiers or [], start=1):
        raw = dict(raw)
        if all(_blank(raw.get(k)) for k in ("from_pct", "rate_pct")):
            continue  # an empty row left in the grid
        row = Checks()
        from_pct = row.money("from_pct", raw.get("from_pct"), required=True, maximum=MAX_THRESHOLD)
        rate = row.percent("rate_pct", raw.get("rate_pct"), required=True)
        base = row.choice("base", raw.get("base") or "actual", BASES, required=True)
        if "from_pct" in row.errors:
            v.fail("tiers", "Tier {row}: the threshold must be a number from 0 to 1000 %.", row=i)
        elif "rate_pct" in row.errors:
            v.fail("tiers", "Tier {row}: the rate must be a number from 0 to 100 %.", row=i)
        elif "base" in row.errors:
            v.fail("tiers", "Tier {row}: choose what the rate is of.", row=i)
        else:
            rows.append({"from_pct": from_pct, "rate_pct": rate, "base": base})
    seen = set()
    for tier in rows:
        if (tier["from_pct"], tier["base"]) in seen:
            v.fail("tiers", "Two tiers of the same base start at {pct} %.", pct=tier["from_pct"])
        seen.add((tier["from_pct"], tier["base"]))
    if not rows and "tiers" not in v.errors:
        v.fail("tiers", "A tiered scheme needs at least one tier.")
    return sorted(rows, key=lambda r: (r["from_pct"], r["base"]))


def _check(session: Session, v: Checks, *, scheme_id, name, kind, role, user_id, effective_from,
           flat_rate_pct, tiers) -> tuple[dict, list[dict]]:
    values = {"name": v.text("name", name, max_len=200, required=True),
              "kind": v.choice("kind", kind, KINDS, required=True),
              "role": role or None, "user_id": int(user_id) if user_id else None}
    if (values["role"] is None) == (values["user_id"] is None):
        v.fail("target", "Choose either a role or a person.")
    elif values["role"] is not None and values["role"] not in TARGET_ROLES:
        v.fail("target", "Choose one of the offered values.")
    elif values["user_id"] is not None and not session.scalar(
            select(User.id).where(User.id == values["user_id"], User.active.is_(True),
                                  User.role.in_(TARGET_ROLES))):
        v.fail("target", "Choose one of the offered values.")
    start = v.date("effective_from", effective_from, required=True)
    if start is not None and start.day != 1:
        v.fail("effective_from", "A scheme starts on the first day of a month.")
    elif start is not None and start < _this_month():
        v.fail("effective_from", "A scheme cannot start in a past month: commission already earned would change.")
    elif start is not None and "target" not in v.errors and session.scalar(
            select(CommissionScheme.id).where(
                CommissionScheme.active.is_(True), CommissionScheme.effective_from == start,
                CommissionScheme.id != (scheme_id or -1),
                CommissionScheme.role == values["role"] if values["role"] else
                CommissionScheme.user_id == values["user_id"])):
        v.fail("effective_from", "They already have a scheme from this month: change that one instead.")
    values["effective_from"] = start
    rows: list[dict] = []
    if values["kind"] == "flat":
        values["flat_rate_pct"] = v.percent("flat_rate_pct", flat_rate_pct, required=True)
    elif values["kind"] == "tiered":
        values["flat_rate_pct"] = None
        rows = _check_tiers(v, tiers)
    return values, rows


def _describe(rows: list[dict]) -> str:
    """Tiers as one line for the audit log: "0:0:actual; 80:3:actual; 100:5:excess"."""
    return "; ".join(f"{r['from_pct'].normalize():f}:{r['rate_pct'].normalize():f}:{r['base']}" for r in rows)


def _editable(session: Session, scheme_id: int, expected_version: int | None) -> CommissionScheme:
    scheme = session.get(CommissionScheme, scheme_id)
    if scheme is None or not scheme.active:
        raise NotFound("Commission scheme not found.")
    check_version(session, scheme, expected_version)
    if scheme.effective_from < _this_month():
        raise DomainError("This scheme has applied to past months, which must not change. "
                          "Save a new scheme from a coming month instead.")
    return scheme


@business_action
def save_commission_scheme(session: Session, viewer: Viewer, *, scheme_id: int | None = None,
                           expected_version: int | None = None, name: str, kind: str, role: str | None = None,
                           user_id: int | None = None, effective_from: dt.date, flat_rate_pct=None,
                           tiers=()) -> CommissionScheme:
    """A new scheme, or a change to one that has not applied to a past month yet.

    `tiers`: rows {from_pct, rate_pct, base ("actual" | "excess")}; blank rows are skipped.
    """
    require(viewer, Can.SET_COMMISSION)
    scheme = _editable(session, scheme_id, expected_version) if scheme_id else None
    v = Checks()
    values, rows = _check(session, v, scheme_id=scheme_id, name=name, kind=kind, role=role, user_id=user_id,
                          effective_from=effective_from, flat_rate_pct=flat_rate_pct, tiers=tiers)
    v.raise_if_any()
    tiers_text = _describe(rows)
    if scheme is None:
        scheme = CommissionScheme(**values, tiers=[CommissionTier(**r) for r in rows])
        touch(scheme, viewer)
        session.add(scheme)
        session.flush()
        audit(session, viewer, action="create_commission_scheme", entity="commission_scheme",
              entity_id=scheme.id, changes={**created(values), "tiers": (None, tiers_text or None)})
        return scheme
    old_tiers = _describe([{"from_pct": t.from_pct, "rate_pct": t.rate_pct, "base": t.base} for t in scheme.tiers])
    changes = apply_changes(scheme, values)
    if old_tiers != tiers_text:
        scheme.tiers = [CommissionTier(**r) for r in rows]
        changes["tiers"] = (old_tiers or None, tiers_text or None)
    if changes:
        touch(scheme, viewer)
        audit(session, viewer, action="update_commission_scheme", entity="commission_scheme",
              entity_id=scheme.id, changes=changes)
    return scheme


@business_action
def withdraw_commission_scheme(session: Session, viewer: Viewer, *, scheme_id: int,
                               expected_version: int | None) -> CommissionScheme:
    """Withdraw a scheme that has not applied to a past month (kept, marked inactive)."""
    require(viewer, Can.SET_COMMISSION)
    scheme = _editable(session, scheme_id, expected_version)
    scheme.active = False
    touch(scheme, viewer)
    audit(session, viewer, action="withdraw_commission_scheme", entity="commission_scheme",
          entity_id=scheme.id, changes={"active": (True, False)})
    return scheme
