"""The stage history of deals, and the flow flags each row keeps for the funnel.

A history row says when a deal entered a stage. The funnel also needs, per
row, when the deal left that stage (`left_at`), whether it later went on to a
further stage that is not a lost one (`advanced`) and whether it was won
afterwards (`won_after`). They change only when the deal moves again, so each
move updates the deal's few earlier rows: the funnel then reads one index range
instead of walking every deal's history.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from ..models import DealStageChange, PipelineStage


def record_move(session: Session, *, deal_id: int, from_stage_id: int | None, target: PipelineStage,
                user_id: int | None, at: dt.datetime) -> DealStageChange:
    history = DealStageChange.__table__
    session.execute(update(history).where(history.c.deal_id == deal_id, history.c.left_at.is_(None))
                    .values(left_at=at))
    if not target.is_lost:
        behind = select(PipelineStage.id).where(PipelineStage.position < target.position)
        session.execute(update(history).where(history.c.deal_id == deal_id, history.c.advanced.is_(False),
                                              history.c.to_stage_id.in_(behind)).values(advanced=True))
    if target.is_won:
        session.execute(update(history).where(history.c.deal_id == deal_id, history.c.won_after.is_(False))
                        .values(won_after=True))
    row = DealStageChange(deal_id=deal_id, from_stage_id=from_stage_id, to_stage_id=target.id, user_id=user_id,
                          changed_at=at)
    session.add(row)
    return row


_AFTER = ("n.deal_id = deal_stage_history.deal_id AND (n.changed_at > deal_stage_history.changed_at OR "
          "(n.changed_at = deal_stage_history.changed_at AND n.id > deal_stage_history.id))")


def refresh_advanced(session: Session) -> None:
    """Recompute `advanced` for the whole history: after the stages were put in another order."""
    session.execute(text(
        "UPDATE deal_stage_history SET advanced = EXISTS (SELECT 1 FROM deal_stage_history n "
        "JOIN pipeline_stages ns ON ns.id = n.to_stage_id "
        "JOIN pipeline_stages s ON s.id = deal_stage_history.to_stage_id "
        f"WHERE {_AFTER} AND ns.position > s.position AND NOT ns.is_lost)"))
