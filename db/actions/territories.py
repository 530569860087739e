"""The map and the matrix: territories, industries and the assignment rules (heads and above).

Territories and industries are reference data: retired (inactive), never deleted,
since clients point at them. A rule is configuration: removing one is audited.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..access import Can, Viewer, leads, may_own_clients, require
from ..errors import AccessDenied, NotFound
from ..models import AssignmentRule, Industry, Territory, TerritoryKind, User
from ..search import fold
from .base import apply_changes, audit, business_action, check_version, created, touch
from ..rules.validate import Checks

KINDS = [k.value for k in TerritoryKind]


def _check_territory(session: Session, v: Checks, *, name, kind, parent_id, exclude_id=None) -> dict:
    values = {"name": v.text("name", name, max_len=200, required=True),
              "kind": v.choice("kind", kind, KINDS, required=True),
              "parent_id": parent_id or None}
    if values["parent_id"] is not None:
        if session.get(Territory, values["parent_id"]) is None:
            v.fail("parent_id", "Choose one of the offered values.")
        elif exclude_id is not None and _is_below(session, values["parent_id"], exclude_id):
            v.fail("parent_id", "A territory cannot be placed inside itself or inside one of its own parts.")
    if values["kind"] == TerritoryKind.COUNTRY and values["parent_id"] is not None:
        v.fail("kind", "A country is the top of the tree: it has no parent.")
    if values["kind"] and values["kind"] != TerritoryKind.COUNTRY and values["parent_id"] is None:
        v.fail("parent_id", "Choose where this territory belongs.")
    if values["name"] and "parent_id" not in v.errors:
        siblings = session.scalars(select(Territory.name).where(
            Territory.id != (exclude_id or -1),
            Territory.parent_id.is_(None) if values["parent_id"] is None
            else Territory.parent_id == values["parent_id"]))
        if _folded(values["name"]) in {_folded(n) for n in siblings}:
            v.fail("name", "This territory already has a part with this name.")
    return values


def _folded(name: str) -> str:
    return " ".join(fold(name).split())


def _is_below(session: Session, territory_id: int, ancestor_id: int) -> bool:
    """Whether `territory_id` is `ancestor_id` or lies under it."""
    seen, current = set(), territory_id
    while current is not None and current not in seen:
        if current == ancestor_id:
            return True
        seen.add(current)
        current = session.scalar(select(Territory.parent_id).where(Territory.id == current))
    return False


@business_action
def create_territory(session: Session, viewer: Viewer, *, name: str, kind: str,
                     parent_id: int | None = None) -> Territory:
    require(viewer, Can.ASSIGN_TERRITORIES)
    v = Checks()
    values = _check_territory(session, v, name=name, kind=kind, parent_id=parent_id)
    v.raise_if_any()
    territory = Territory(**values)
    session.add(territory)
    session.flush()
    audit(session, viewer, action="create_territory", entity="territory", entity_id=territory.id,
          changes=created(values))
    return territory


@business_action
def update_territory(session: Session, viewer: Viewer, *, territory_id: int, expected_version: int | None,
                     name: str, kind: str, parent_id: int | None, active: bool = True) -> Territory:
    require(viewer, Can.ASSIGN_TERRITORIES)
    territory = session.get(Territory, territory_id)
    if territory is None:
        raise NotFound("Territory not found.")
    check_version(session, territory, expected_version)
    v = Checks()
    values = _check_territory(session, v, name=name, kind=kind, parent_id=parent_id, exclude_id=territory.id)
    values["active"] = bool(active)
    v.raise_if_any()
    changes = apply_changes(territory, values)
    if changes:
        touch(territory, viewer)
        audit(session, viewer, action="update_territory", entity="territory", entity_id=territory.id,
              changes=changes)
    return territory


def _check_industry(session: Session, v: Checks, *, name, exclude_id=None) -> dict:
    name = v.text("name", name, max_len=200, required=True)
    # Compared in Python: SQLite's LOWER() does not fold Cyrillic.
    if name and _folded(name) in {_folded(n) for n in session.scalars(
            select(Industry.name).where(Industry.id != (exclude_id or -1)))}:
        v.fail("name", "An industry with this name exists.")
    return {"name": name}


@business_action
def create_industry(session: Session, viewer: Viewer, *, name: str) -> Industry:
    require(viewer, Can.ASSIGN_TERRITORIES)
    v = Checks()
    values = _check_industry(session, v, name=name)
    v.raise_if_any()
    industry = Industry(**values)
    session.add(industry)
    session.flush()
    audit(session, viewer, action="create_industry", entity="industry", entity_id=industry.id,
          changes=created(values))
    return industry


@business_action
def update_industry(session: Session, viewer: Viewer, *, industry_id: int, expected_version: int | None,
                    name: str, active: bool = True) -> Industry:
    require(viewer, Can.ASSIGN_TERRITORIES)
    industry = session.get(Industry, industry_id)
    if industry is None:
        raise NotFound("Industry not found.")
    check_version(session, industry, expected_version)
    v = Checks()
    values = _check_industry(session, v, name=name, exclude_id=industry.id) | {"active": bool(active)}
    v.raise_if_any()
    changes = apply_changes(industry, values)
    if changes:
        touch(industry, viewer)
        audit(session, viewer, action="update_industry", entity="industry", entity_id=industry.id,
              changes=changes)
    return industry


def _rule_at(session: Session, territory_id: int | None, industry_id: int | None) -> AssignmentRule | None:
    # `IS NULL` by hand: NULLs never collide in the unique index, so the check is ours.
    return session.scalar(select(AssignmentRule).where(
        AssignmentRule.territory_id.is_(None) if territory_id is None else AssignmentRule.territory_id == territory_id,
        AssignmentRule.industry_id.is_(None) if industry_id is None else AssignmentRule.industry_id == industry_id,
    ))


def _require_leads(session: Session, viewer: Viewer, rule: AssignmentRule) -> None:
    if not leads(session, viewer, rule.manager_id):
        raise AccessDenied("This rule gives clients to a manager of another department: "
                           "their head or the director changes it.")


@business_action
def set_rule(session: Session, viewer: Viewer, *, territory_id: int | None, industry_id: int | None,
             manager_id: int | None, expected_version: int | None = None) -> AssignmentRule:
    """Territory × industry → manager: a new rule, or a new manager for the existing one."""
    require(viewer, Can.ASSIGN_TERRITORIES)
    v = Checks()
    territory_id, industry_id = territory_id or None, industry_id or None
    if territory_id is None and industry_id is None:
        v.fail("territory_id", "Choose a territory, an industry or both: a rule for everything would "
                               "leave no client to the unassigned queue.")
    if territory_id is not None and session.get(Territory, territory_id) is None:
        v.fail("territory_id", "Choose one of the offered values.")
    if industry_id is not None and session.get(Industry, industry_id) is None:
        v.fail("industry_id", "Choose one of the offered values.")
    manager = session.get(User, manager_id) if manager_id else None
    if manager is None:
        v.fail("manager_id", "This field is required.")
    elif not may_own_clients(manager):
        v.fail("manager_id", "The owner must be an active manager or head.")
    elif not leads(session, viewer, manager.id):
        v.fail("manager_id", "You may not give a client to this manager.")
    v.raise_if_any()
    rule = _rule_at(session, territory_id, industry_id)
    if rule is None:
        values = {"territory_id": territory_id, "industry_id": industry_id, "manager_id": manager_id}
        rule = AssignmentRule(**values)
        session.add(rule)
        session.flush()
        audit(session, viewer, action="create_rule", entity="assignment_rule", entity_id=rule.id,
              changes=created(values))
        return rule
    check_version(session, rule, expected_version)
    _require_leads(session, viewer, rule)
    changes = apply_changes(rule, {"manager_id": manager_id})
    if changes:
        touch(rule, viewer)
        audit(session, viewer, action="update_rule", entity="assignment_rule", entity_id=rule.id, changes=changes)
    return rule


@business_action
def remove_rule(session: Session, viewer: Viewer, *, rule_id: int, expected_version: int | None) -> None:
    """The cell goes back to the more general rule (or the queue); the audit keeps what it was."""
    require(viewer, Can.ASSIGN_TERRITORIES)
    rule = session.get(AssignmentRule, rule_id)
    if rule is None:
        raise NotFound("The rule was not found: someone may have removed it. Reload the page.")
    check_version(session, rule, expected_version)
    _require_leads(session, viewer, rule)
    audit(session, viewer, action="remove_rule", entity="assignment_rule", entity_id=rule.id,
          changes={"territory_id": (rule.territory_id, None), "industry_id": (rule.industry_id, None),
                   "manager_id": (rule.manager_id, None)})
    session.delete(rule)
