"""The map and the matrix: the territory tree, industries and the assignment rules.

Territories, industries and rules are reference data a leader works with (no client
is named here); client counts are taken within the viewer's access.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.assignment import RuleBook
from db.models import AssignmentRule, Client, ClientStatus, Industry, Territory, User

from .frame import frame


def territory_tree(session: Session, viewer: Viewer) -> pd.DataFrame:
    """Every territory in tree order (a parent before its parts), with its path, depth and
    the number of the viewer's active clients placed right there."""
    counts = (select(Client.territory_id.label("tid"), func.count(Client.id).label("clients"))
              .where(access.scope(session, viewer).clients(), Client.status == ClientStatus.ACTIVE)
              .group_by(Client.territory_id).subquery())
    df = frame(session, select(Territory.id, Territory.name, Territory.kind, Territory.parent_id, Territory.active,
                               Territory.version, func.coalesce(counts.c.clients, 0).label("clients"))
               .outerjoin(counts, counts.c.tid == Territory.id).order_by(Territory.name))
    return _in_tree_order(df)


def _in_tree_order(df: pd.DataFrame) -> pd.DataFrame:
    if df.empty:
        return df.assign(path=[], depth=[])
    rows = {int(r.id): r for r in df.itertuples(index=False)}
    children: dict[int | None, list[int]] = {}
    for r in rows.values():
        parent = None if pd.isna(r.parent_id) or int(r.parent_id) not in rows else int(r.parent_id)
        children.setdefault(parent, []).append(int(r.id))
    order, paths, depths = [], {}, {}
    stack = [(tid, 0, "") for tid in reversed(children.get(None, []))]
    while stack:
        tid, depth, prefix = stack.pop()
        if tid in paths:
            continue
        paths[tid] = f"{prefix} › {rows[tid].name}" if prefix else rows[tid].name
        depths[tid] = depth
        order.append(tid)
        stack.extend((child, depth + 1, paths[tid]) for child in reversed(children.get(tid, [])))
    by_id = df.set_index("id").loc[order].reset_index()
    return by_id.assign(path=[paths[i] for i in order], depth=[depths[i] for i in order])


def industry_list(session: Session, viewer: Viewer) -> pd.DataFrame:
    counts = (select(Client.industry_id.label("iid"), func.count(Client.id).label("clients"))
              .where(access.scope(session, viewer).clients(), Client.status == ClientStatus.ACTIVE)
              .group_by(Client.industry_id).subquery())
    return frame(session, select(Industry.id, Industry.name, Industry.active, Industry.version,
                                 func.coalesce(counts.c.clients, 0).label("clients"))
                 .outerjoin(counts, counts.c.iid == Industry.id).order_by(Industry.active.desc(), Industry.name))


def assignment_rules(session: Session, viewer: Viewer) -> pd.DataFrame:
    """Every rule with its manager (name, experience, active) and whether the viewer may change it."""
    df = frame(session, select(
        AssignmentRule.id, AssignmentRule.territory_id, AssignmentRule.industry_id, AssignmentRule.manager_id,
        AssignmentRule.version, Territory.name.label("territory"), Industry.name.label("industry"),
        User.full_name.label("manager"), User.hired_on, User.active.label("manager_active"),
    ).outerjoin(Territory, AssignmentRule.territory_id == Territory.id)
     .outerjoin(Industry, AssignmentRule.industry_id == Industry.id)
     .join(User, AssignmentRule.manager_id == User.id))
    led = _led_ids(session, viewer)
    df["editable"] = [m in led for m in df["manager_id"]] if not df.empty else []
    return df


def _led_ids(session: Session, viewer: Viewer) -> set[int]:
    if not access.can(viewer, access.Can.ASSIGN_TERRITORIES):
        return set()
    return set(session.scalars(select(User.id).where(access.team_condition(session, viewer, User.id))))


@dataclass(frozen=True)
class RuleCheck:
    """Who a new client with this territory and industry would go to, and by which rule."""

    manager_id: int | None
    manager: str | None
    rule_territory: str | None
    rule_industry: str | None


def who_gets(session: Session, viewer: Viewer, *, territory_id: int | None, industry_id: int | None) -> RuleCheck:
    found = RuleBook(session).match(territory_id, industry_id)
    if found is None:
        return RuleCheck(None, None, None, None)
    name = lambda model, key: session.scalar(select(model.name).where(model.id == key)) if key else None  # noqa: E731
    return RuleCheck(found.manager_id, session.scalar(select(User.full_name).where(User.id == found.manager_id)),
                     name(Territory, found.territory_id), name(Industry, found.industry_id))
