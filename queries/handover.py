"""The read side of handing clients over: whom to pick from, what a leaving manager
holds and what is at risk, and the departure plan to preview.

The plan is computed here and applied as previewed by db/actions/departure.py.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.models import AssignmentRule, Client, ClientStatus, Deal, DealState, Industry, Shipment, StandIn, Task, \
    Territory, User
from db.rules.handover import holdings, loose_work
from db.search import fold

from .clients import _territory_and_below
from .completeness import completeness
from .frame import frame
from .workload import VALUE_DAYS

UNASSIGNED = 0  # the owner filter's value for the unassigned queue


def _candidate_conditions(session: Session, viewer: Viewer, *, owner_id: int | None, territory_id: int | None,
                          industry_id: int | None, search: str) -> list:
    conditions = [access.scope(session, viewer).clients(), Client.status == ClientStatus.ACTIVE]
    if owner_id == UNASSIGNED:
        conditions.append(Client.owner_id.is_(None))
    elif owner_id:
        conditions.append(Client.owner_id == owner_id)
    if territory_id:
        conditions.append(Client.territory_id.in_(_territory_and_below(session, territory_id)))
    if industry_id:
        conditions.append(Client.industry_id == industry_id)
    if search and search.strip():
        needle = fold(search.strip()).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(Client.search_text.like(f"%{needle}%", escape="\\"))
    return conditions


def _with_classes(session: Session, viewer: Viewer, ids: list[int], abc) -> list[int]:
    """`ids` of the ABC classes `abc` (all of them when none is given)."""
    if not abc:
        return ids
    from .abc import visible_classes

    classes = visible_classes(session, viewer)
    return [i for i in ids if classes.get(i) in set(abc)]


def candidate_ids(session: Session, viewer: Viewer, *, owner_id: int | None = None, territory_id: int | None = None,
                  industry_id: int | None = None, search: str = "", abc: tuple[str, ...] = ()) -> list[int]:
    """The ids of every active client matching the filters within the viewer's access (ABC classes
    `abc`: the company's classes of the last 12 months), by name: what "hand over all found" moves."""
    conditions = _candidate_conditions(session, viewer, owner_id=owner_id, territory_id=territory_id,
                                       industry_id=industry_id, search=search)
    ids = list(session.scalars(select(Client.id).where(*conditions).order_by(Client.name, Client.id)))
    return _with_classes(session, viewer, ids, abc)


def _candidate_rows(session: Session, conditions: list) -> pd.DataFrame:
    """The clients matching `conditions` with their open deals and tasks, by name."""
    chosen = select(Client.id).where(*conditions)
    deals = (select(Deal.client_id.label("cid"), func.count(Deal.id).label("open_deals"))
             .where(Deal.client_id.in_(chosen), Deal.state == DealState.OPEN).group_by(Deal.client_id).subquery())
    tasks = (select(Task.client_id.label("cid"), func.count(Task.id).label("open_tasks"))
             .where(Task.client_id.in_(chosen), Task.done.is_(False)).group_by(Task.client_id).subquery())
    return frame(session, select(
        Client.id, Client.name, Territory.name.label("territory"), Industry.name.label("industry"),
        User.full_name.label("owner"), func.coalesce(deals.c.open_deals, 0).label("open_deals"),
        func.coalesce(tasks.c.open_tasks, 0).label("open_tasks"),
    ).outerjoin(Territory, Client.territory_id == Territory.id).outerjoin(Industry, Client.industry_id == Industry.id)
     .outerjoin(User, Client.owner_id == User.id).outerjoin(deals, deals.c.cid == Client.id)
     .outerjoin(tasks, tasks.c.cid == Client.id).where(*conditions).order_by(Client.name, Client.id))


def candidate_rows(session: Session, viewer: Viewer, *, client_ids: tuple[int, ...]) -> pd.DataFrame:
    """The rows of the given clients (a page of `candidate_ids`), within the viewer's access."""
    return _candidate_rows(session, [access.scope(session, viewer).clients(), Client.id.in_(list(client_ids))])


def candidate_export(session: Session, viewer: Viewer, *, owner_id: int | None = None,
                     territory_id: int | None = None, industry_id: int | None = None, search: str = "",
                     abc: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every client matching the filters, with its rows' figures: the file of the whole list."""
    rows = _candidate_rows(session, _candidate_conditions(session, viewer, owner_id=owner_id,
                                                          territory_id=territory_id, industry_id=industry_id,
                                                          search=search))
    if abc:
        rows = rows[rows["id"].isin(_with_classes(session, viewer, [int(i) for i in rows["id"]], abc))]
    return rows.reset_index(drop=True)


def handover_candidates(session: Session, viewer: Viewer, *, owner_id: int | None = None,
                        territory_id: int | None = None, industry_id: int | None = None, search: str = "",
                        limit: int = 1000) -> tuple[pd.DataFrame, list[int]]:
    """Active clients matching the filters within the viewer's access: the first `limit` rows
    to show (with open deals and tasks), and the ids of all of them (for "all that match")."""
    ids = candidate_ids(session, viewer, owner_id=owner_id, territory_id=territory_id, industry_id=industry_id,
                        search=search)
    return candidate_rows(session, viewer, client_ids=tuple(ids[:limit])), ids


def leaving_candidates(session: Session, viewer: Viewer) -> pd.DataFrame:
    """Active managers the viewer leads: whom the departure wizard may see out."""
    if not access.can(viewer, access.Can.ASSIGN_TERRITORIES):
        return pd.DataFrame(columns=["id", "full_name", "version"])
    return frame(session, select(User.id, User.full_name, User.version)
                 .where(User.active.is_(True), access.team_members(),
                        access.team_condition(session, viewer, User.id)).order_by(User.full_name))


@dataclass(frozen=True)
class LeaverSummary:
    clients: int
    deals: int
    tasks: int
    deals_elsewhere: int  # open deals on colleagues' clients
    tasks_elsewhere: int  # open tasks on colleagues' clients or about no client
    rules: int
    stand_ins: int


def leaver_summary(session: Session, viewer: Viewer, *, leaving_id: int) -> LeaverSummary | None:
    if not _may_see_out(session, viewer, leaving_id):
        return None
    held = holdings(session, leaving_id)
    own = set(session.scalars(select(Client.id).where(Client.owner_id == leaving_id)))
    loose = loose_work(session, leaving_id, except_clients=own)
    return LeaverSummary(
        clients=held.clients, deals=held.deals, tasks=held.tasks,
        deals_elsewhere=len(loose["deals"]), tasks_elsewhere=len(loose["tasks"]),
        rules=session.scalar(select(func.count(AssignmentRule.id)).where(AssignmentRule.manager_id == leaving_id)) or 0,
        stand_ins=session.scalar(select(func.count(StandIn.id)).where(
            (StandIn.absent_user_id == leaving_id) | (StandIn.stand_in_user_id == leaving_id),
            StandIn.cancelled.is_(False), StandIn.ends_on >= access.today())) or 0,
    )


def _may_see_out(session: Session, viewer: Viewer, user_id: int | None) -> bool:
    return (user_id is not None and access.can(viewer, access.Can.ASSIGN_TERRITORIES)
            and access.leads(session, viewer, user_id))


def leaver_clients(session: Session, viewer: Viewer, *, leaving_id: int, today: dt.date | None = None) -> pd.DataFrame:
    """The leaving manager's clients, most valuable first: 12-month shipments, open deals and
    tasks, and the knowledge-completeness score — a valuable client with a low score is at risk."""
    columns = ["client_id", "name", "status", "territory_id", "industry_id", "territory", "industry", "value",
               "open_deals", "open_amount", "open_tasks", "score"]
    if not _may_see_out(session, viewer, leaving_id):
        return pd.DataFrame(columns=columns)
    today = today or access.today()
    mine = Client.owner_id == leaving_id
    since = today - dt.timedelta(days=VALUE_DAYS)
    value = (select(Shipment.client_id.label("cid"), func.sum(Shipment.amount).label("value"))
             .join(Client, Shipment.client_id == Client.id)
             .where(mine, Shipment.shipped_on > since, Shipment.shipped_on <= today)
             .group_by(Shipment.client_id).subquery())
    deals = (select(Deal.client_id.label("cid"), func.count(Deal.id).label("open_deals"),
                    func.sum(Deal.amount).label("open_amount"))
             .join(Client, Deal.client_id == Client.id).where(mine, Deal.state == DealState.OPEN)
             .group_by(Deal.client_id).subquery())
    tasks = (select(Task.client_id.label("cid"), func.count(Task.id).label("open_tasks"))
             .join(Client, Task.client_id == Client.id).where(mine, Task.done.is_(False))
             .group_by(Task.client_id).subquery())
    df = frame(session, select(
        Client.id.label("client_id"), Client.name, Client.status, Client.territory_id, Client.industry_id,
        Territory.name.label("territory"), Industry.name.label("industry"),
        func.coalesce(value.c.value, 0).label("value"), func.coalesce(deals.c.open_deals, 0).label("open_deals"),
        func.coalesce(deals.c.open_amount, 0).label("open_amount"),
        func.coalesce(tasks.c.open_tasks, 0).label("open_tasks"),
    ).outerjoin(Territory, Client.territory_id == Territory.id).outerjoin(Industry, Client.industry_id == Industry.id)
     .outerjoin(value, value.c.cid == Client.id).outerjoin(deals, deals.c.cid == Client.id)
     .outerjoin(tasks, tasks.c.cid == Client.id).where(mine).order_by(Client.id))
    scores = completeness(session, viewer, owner_id=leaving_id, today=today)[["client_id", "score"]]
    df = df.merge(scores, on="client_id", how="left")
    return df.sort_values(["value", "client_id"], ascending=[False, True], ignore_index=True)[columns]
