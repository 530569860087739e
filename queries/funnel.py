"""The deal funnel: what is in each stage, how deals convert, how long they stay, which are stuck.

Whose deals: the deal's owner must be among the people the viewer sees
(`access.people_condition`: a manager themselves and whom they stand in
for, a head their departments, the director everyone) — a manager's own
funnel, a head's department. Lists that name clients (stalled deals) also
require the client to be visible. Filters narrow further: manager,
department (the owner's), territory (and below) and industry (the client's).

Periods are company dates, inclusive; the open pipeline is as of now, won
and lost count by their close date in the period, conversion follows the
deals that entered a stage in the period to wherever they went since.
Everything is a GROUP BY over one index range (see the indexes of
deal_stage_history and deals in db/models/sales.py).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import True_

from db import access, config
from db.access import Viewer
from db.models import Client, Deal, DealStageChange, DealState, Department, PipelineStage, User, utcnow

from .clients import _territory_and_below
from .frame import frame


def utc_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, the day after end 00:00) in the company's time zone, as UTC."""
    tz = config.timezone()
    lo = dt.datetime.combine(start, dt.time(), tz).astimezone(dt.UTC)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tz).astimezone(dt.UTC)
    return lo, hi


def deal_conditions(session: Session, viewer: Viewer, *, owner_id: int | None = None,
                    department_id: int | None = None, territory_id: int | None = None,
                    industry_id: int | None = None) -> list[ColumnElement[bool]]:
    """WHERE conditions on `Deal`: the viewer's people, then the filters."""
    conditions = [access.people_condition(session, viewer, Deal.owner_id)]
    if owner_id:
        conditions.append(Deal.owner_id == owner_id)
    if department_id:
        conditions.append(Deal.owner_id.in_(select(User.id).where(User.department_id == department_id)))
    clients: list[ColumnElement[bool]] = []
    if territory_id:
        clients.append(Client.territory_id.in_(_territory_and_below(session, territory_id)))
    if industry_id:
        clients.append(Client.industry_id == industry_id)
    if clients:
        conditions.append(Deal.client_id.in_(select(Client.id).where(*clients)))
    return conditions


def stage_summary(session: Session, viewer: Viewer, *, start: dt.date, end: dt.date, **filters) -> pd.DataFrame:
    """Per active stage: deals, amount and weighted amount (amount × probability).

    Open stages count the deals there now; won and lost stages the deals closed in the period.
    """
    conditions = deal_conditions(session, viewer, **filters)
    lo, hi = utc_bounds(start, end)
    figures = (func.count(Deal.id).label("deals"), func.coalesce(func.sum(Deal.amount), 0).label("amount"),
               func.coalesce(func.sum(Deal.amount * Deal.probability / 100), 0).label("weighted"))
    open_rows = session.execute(select(Deal.stage_id, *figures).where(Deal.state == DealState.OPEN, *conditions)
                                .group_by(Deal.stage_id)).all()
    closed_rows = session.execute(select(Deal.stage_id, *figures)
                                  .where(Deal.closed_at >= lo, Deal.closed_at < hi, *conditions)
                                  .group_by(Deal.stage_id)).all()
    stages = _stages(session)
    by_stage = {row.stage_id: row for row in [*open_rows, *closed_rows]}
    for column in ("deals", "amount", "weighted"):
        stages[column] = [getattr(by_stage[s], column) if s in by_stage else 0 for s in stages["stage_id"]]
    stages["deals"] = stages["deals"].astype("int64")
    stages["amount"] = stages["amount"].astype("float64").round(2)
    stages["weighted"] = stages["weighted"].astype("float64").round(2)
    return stages


def _stages(session: Session) -> pd.DataFrame:
    df = frame(session, select(PipelineStage.id.label("stage_id"), PipelineStage.name.label("stage"),
                               PipelineStage.position, PipelineStage.is_won, PipelineStage.is_lost)
               .where(PipelineStage.active.is_(True)).order_by(PipelineStage.position))
    df["kind"] = ["won" if w else "lost" if lo else "open" for w, lo in zip(df["is_won"], df["is_lost"], strict=True)]
    return df.drop(columns=["is_won", "is_lost"])


def _deals_in_view(session: Session, viewer: Viewer, filters: dict) -> list[ColumnElement[bool]]:
    """The condition on `DealStageChange.deal_id` (none at all when the viewer sees every deal, unfiltered)."""
    conditions = [c for c in deal_conditions(session, viewer, **filters) if not isinstance(c, True_)]
    return [DealStageChange.deal_id.in_(select(Deal.id).where(*conditions))] if conditions else []


def conversion(session: Session, viewer: Viewer, *, start: dt.date, end: dt.date, **filters) -> pd.DataFrame:
    """Per open stage: deals that entered it in the period, how many went on to a later stage, how many to won.

    "Later" is any stage further in the order that is not a lost one (deals may
    skip a stage); what happened after the period counts too. Each history row
    carries those outcomes (db/actions/stage_history.py), so this is one range
    of the covering index ix_deal_stage_history_flow.
    """
    lo, hi = utc_bounds(start, end)
    h = DealStageChange
    rows = session.execute(
        select(h.to_stage_id.label("stage_id"), func.count(func.distinct(h.deal_id)).label("entered"),
               func.count(func.distinct(case((h.advanced.is_(True), h.deal_id)))).label("advanced"),
               func.count(func.distinct(case((h.won_after.is_(True), h.deal_id)))).label("won"))
        .where(h.changed_at >= lo, h.changed_at < hi, *_deals_in_view(session, viewer, filters))
        .group_by(h.to_stage_id)
    ).all()
    got = {r.stage_id: r for r in rows}
    stages = _stages(session)
    stages = stages[stages["kind"] == "open"].reset_index(drop=True)
    for column in ("entered", "advanced", "won"):
        stages[column] = [int(getattr(got[s], column)) if s in got else 0 for s in stages["stage_id"]]
    stages["to_next_pct"] = _pct(stages["advanced"], stages["entered"])
    stages["to_won_pct"] = _pct(stages["won"], stages["entered"])
    return stages


def _pct(part: pd.Series, whole: pd.Series) -> pd.Series:
    return (part / whole.where(whole > 0) * 100).round(1).astype("float64")


def days_in_stage(session: Session, viewer: Viewer, *, start: dt.date, end: dt.date, **filters) -> pd.DataFrame:
    """Per open stage: how many deals left it in the period, and their average days there (move in to move out)."""
    lo, hi = utc_bounds(start, end)
    h = DealStageChange
    rows = session.execute(
        select(h.to_stage_id.label("stage_id"), func.count().label("left"),
               func.avg(_days_between(session, h.left_at, h.changed_at)).label("avg_days"))
        .where(h.left_at >= lo, h.left_at < hi, *_deals_in_view(session, viewer, filters))
        .group_by(h.to_stage_id)
    ).all()
    got = {r.stage_id: r for r in rows}
    stages = _stages(session)
    stages = stages[stages["kind"] == "open"].reset_index(drop=True)
    stages["left"] = [int(got[s].left) if s in got else 0 for s in stages["stage_id"]]
    stages["avg_days"] = [round(float(got[s].avg_days), 1) if s in got and got[s].avg_days is not None else None
                          for s in stages["stage_id"]]
    stages["avg_days"] = stages["avg_days"].astype("float64")
    return stages


def _days_between(session: Session, later, earlier):
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", later - earlier) / 86400.0
    return func.julianday(later) - func.julianday(earlier)


def stalled_deals(session: Session, viewer: Viewer, *, days: int = 30, limit: int = 200,
                  now: dt.datetime | None = None, **filters) -> pd.DataFrame:
    """Open deals with no stage move for `days` days or more, the longest idle first; `attrs["total"]`."""
    now = now or utcnow()
    since = now - dt.timedelta(days=days)
    conditions = [Deal.state == DealState.OPEN, Deal.stage_entered_at < since,
                  access.scope(session, viewer).clients(), *deal_conditions(session, viewer, **filters)]
    total = session.scalar(select(func.count(Deal.id)).join(Client, Deal.client_id == Client.id).where(*conditions))
    stmt = (
        select(Deal.id, Deal.title, Client.name.label("client"), User.full_name.label("owner"),
               PipelineStage.name.label("stage"), Deal.amount, Deal.stage_entered_at, Deal.expected_close_on)
        .join(Client, Deal.client_id == Client.id)
        .join(PipelineStage, Deal.stage_id == PipelineStage.id)
        .outerjoin(User, Deal.owner_id == User.id)
        .where(*conditions)
        .order_by(Deal.stage_entered_at, Deal.id)
        .limit(limit)
    )
    df = frame(session, stmt)
    df["idle_days"] = [(now - t).days for t in df["stage_entered_at"]] if not df.empty else pd.Series(dtype="int64")
    df.attrs["total"] = int(total or 0)
    return df


def by_manager(session: Session, viewer: Viewer, *, start: dt.date, end: dt.date, **filters) -> pd.DataFrame:
    """Per deal owner: the open pipeline now, and won and lost in the period, with the win rate."""
    conditions = deal_conditions(session, viewer, **filters)
    lo, hi = utc_bounds(start, end)
    open_ = {r.uid: r for r in session.execute(
        select(Deal.owner_id.label("uid"), func.count(Deal.id).label("open_deals"),
               func.sum(Deal.amount).label("open_amount"),
               func.sum(Deal.amount * Deal.probability / 100).label("weighted"))
        .where(Deal.state == DealState.OPEN, *conditions).group_by(Deal.owner_id))}
    closed = {r.uid: r for r in session.execute(
        select(Deal.owner_id.label("uid"),
               func.sum(case((Deal.state == DealState.WON, 1), else_=0)).label("won_deals"),
               func.sum(case((Deal.state == DealState.WON, Deal.amount), else_=0)).label("won_amount"),
               func.sum(case((Deal.state == DealState.LOST, 1), else_=0)).label("lost_deals"))
        .where(Deal.closed_at >= lo, Deal.closed_at < hi, *conditions).group_by(Deal.owner_id))}
    df = frame(session, select(User.id.label("user_id"), User.full_name.label("manager"),
                               Department.name.label("department"))
               .outerjoin(Department, User.department_id == Department.id)
               .where(User.id.in_(sorted({*open_, *closed})))
               .order_by(Department.name, User.full_name))
    for column, source in (("open_deals", open_), ("open_amount", open_), ("weighted", open_),
                           ("won_deals", closed), ("won_amount", closed), ("lost_deals", closed)):
        df[column] = [float(getattr(source[u], column) or 0) if u in source else 0.0 for u in df["user_id"]]
    for column in ("open_amount", "weighted", "won_amount"):
        df[column] = df[column].astype("float64").round(2)
    for column in ("open_deals", "won_deals", "lost_deals"):
        df[column] = df[column].astype("int64")
    df["win_rate_pct"] = _pct(df["won_deals"], df["won_deals"] + df["lost_deals"])
    return df


def filter_choices(session: Session, viewer: Viewer) -> dict[str, pd.DataFrame]:
    """The people and departments the viewer may filter the funnel by (only within their own view)."""
    people = frame(session, select(User.id, User.full_name, User.active, User.department_id)
                   .where(access.client_owners(active_only=False),
                          access.people_condition(session, viewer, User.id))
                   .order_by(User.active.desc(), User.full_name))
    departments = select(Department.id, Department.name).where(Department.active.is_(True),
                                                               access.department_condition(viewer))
    return {"people": people, "departments": frame(session, departments.order_by(Department.name))}
