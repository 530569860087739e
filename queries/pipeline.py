"""The administrator's view of the funnel settings: every stage with its use, and the discount caps."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.access import Viewer
from db.models import Deal, DealState, DiscountCap, PipelineStage, Setting
from db.rules import credit as credit_rules

from .frame import frame


def stage_settings(session: Session, viewer: Viewer) -> pd.DataFrame:
    """All stages, switched-off ones too, in order, with how many open deals are at each."""
    open_deals = (select(Deal.stage_id, func.count(Deal.id).label("open_deals"))
                  .where(Deal.state == DealState.OPEN).group_by(Deal.stage_id).subquery())
    stmt = (
        select(PipelineStage.id, PipelineStage.name, PipelineStage.position, PipelineStage.default_probability,
               PipelineStage.is_won, PipelineStage.is_lost, PipelineStage.is_committing, PipelineStage.active,
               func.coalesce(open_deals.c.open_deals, 0).label("open_deals"), PipelineStage.version)
        .outerjoin(open_deals, open_deals.c.stage_id == PipelineStage.id)
        .order_by(PipelineStage.position, PipelineStage.id)
    )
    return frame(session, stmt)


def discount_caps(session: Session, viewer: Viewer) -> pd.DataFrame:
    return frame(session, select(DiscountCap.role, DiscountCap.max_discount_pct, DiscountCap.version))


def overdue_block_days(session: Session, viewer: Viewer) -> tuple[int, dt.datetime | None]:
    """Days past due after which overdue debt blocks committing moves, and when the setting was saved
    (None: never, the default is in force) — for the form's check that nobody saved it meanwhile."""
    saved = session.scalar(select(Setting.updated_at).where(Setting.key == credit_rules.SETTING_KEY))
    return credit_rules.overdue_block_days(session), saved
