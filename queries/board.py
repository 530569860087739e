"""The deal board: the open deals in the viewer's funnel, a column a stage.

Whose deals are the funnel's (`queries.funnel.deal_conditions`: a manager their
own and whom they stand in for, a head the department's, the director all),
and, as every list naming clients, only deals of clients the viewer sees.
Each column shows its largest deals (then the most recently moved) up to
`per_stage`; the totals count every deal of the stage.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.models import Client, Deal, DealState, PipelineStage, User, utcnow

from .frame import frame
from .funnel import deal_conditions


@dataclass(frozen=True)
class Board:
    stages: pd.DataFrame  # stage_id, stage, position, deals, amount — the open stages in funnel order
    cards: pd.DataFrame  # id, title, client, owner, stage_id, amount, days, version — up to per_stage a stage


def _conditions(session: Session, viewer: Viewer, owner_id: int | None) -> list:
    return [Deal.state == DealState.OPEN, access.scope(session, viewer).clients(),
            *deal_conditions(session, viewer, owner_id=owner_id)]


def open_stages(session: Session) -> pd.DataFrame:
    return frame(session, select(PipelineStage.id.label("stage_id"), PipelineStage.name.label("stage"),
                                 PipelineStage.position)
                 .where(PipelineStage.active.is_(True), PipelineStage.is_won.is_(False),
                        PipelineStage.is_lost.is_(False))
                 .order_by(PipelineStage.position))


def board(session: Session, viewer: Viewer, *, owner_id: int | None = None, per_stage: int = 20) -> Board:
    """The open stages with their totals, and each stage's largest open deals (at most `per_stage`)."""
    conditions = _conditions(session, viewer, owner_id)
    totals = {r.stage_id: r for r in session.execute(
        select(Deal.stage_id, func.count(Deal.id).label("deals"),
               func.coalesce(func.sum(Deal.amount), 0).label("amount"))
        .join(Client, Deal.client_id == Client.id).where(*conditions).group_by(Deal.stage_id))}
    stages = open_stages(session)
    stages["deals"] = [int(totals[s].deals) if s in totals else 0 for s in stages["stage_id"]]
    stages["amount"] = [float(totals[s].amount) if s in totals else 0.0 for s in stages["stage_id"]]
    rank = func.row_number().over(partition_by=Deal.stage_id,
                                  order_by=(Deal.amount.desc(), Deal.stage_entered_at.desc(), Deal.id.desc()))
    ranked = (select(Deal.id, rank.label("rank"))
              .join(Client, Deal.client_id == Client.id).where(*conditions).subquery())
    stmt = (
        select(Deal.id, Deal.title, Client.name.label("client"), User.full_name.label("owner"), Deal.stage_id,
               Deal.amount, Deal.stage_entered_at, Deal.version)
        .join(ranked, ranked.c.id == Deal.id)
        .join(Client, Deal.client_id == Client.id)
        .outerjoin(User, Deal.owner_id == User.id)
        .where(ranked.c.rank <= per_stage, Deal.stage_id.in_([int(s) for s in stages["stage_id"]]))
        .order_by(Deal.stage_id, ranked.c.rank)
    )
    cards = frame(session, stmt)
    now = utcnow()
    cards["days"] = pd.Series([(now - at).days for at in cards["stage_entered_at"]], dtype="int64")
    cards["amount"] = cards["amount"].astype("float64")
    return Board(stages=stages, cards=cards.drop(columns=["stage_entered_at"]))


def stage_deals(session: Session, viewer: Viewer, *, stage_id: int, owner_id: int | None = None,
                limit: int = 500) -> pd.DataFrame:
    """Every open deal of one stage on the board (the "more" list), the largest first."""
    stmt = (
        select(Deal.id, Deal.title, Client.name.label("client"), User.full_name.label("owner"), Deal.amount,
               Deal.stage_entered_at, Deal.expected_close_on)
        .join(Client, Deal.client_id == Client.id)
        .outerjoin(User, Deal.owner_id == User.id)
        .where(Deal.stage_id == stage_id, *_conditions(session, viewer, owner_id))
        .order_by(Deal.amount.desc(), Deal.stage_entered_at.desc(), Deal.id.desc())
        .limit(limit)
    )
    df = frame(session, stmt)
    now = utcnow()
    df["days"] = pd.Series([(now - at).days for at in df["stage_entered_at"]], dtype="int64")
    return df.drop(columns=["stage_entered_at"])
