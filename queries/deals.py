"""One deal, as its page shows it: details, lines, stage history, approvals; and the pickers its forms need.

Every function about a deal starts with `access.require_deal`: a deal is
visible exactly when its client is, so an id typed into the URL shows
nothing of another manager's deal.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from db import access
from db.access import Viewer
from db.models import (
    ApprovalRequest,
    Client,
    Deal,
    DealLine,
    DealStageChange,
    LostReason,
    PipelineStage,
    Product,
    User,
)
from db.rules.credit import CreditCheck, OverdueBlock, credit_check, overdue_block
from db.rules.deals import discount_cap

from .frame import frame


@dataclass(frozen=True)
class DealCard:
    id: int
    title: str
    client_id: int
    client: str
    owner_id: int
    owner: str | None
    stage_id: int
    stage: str
    stage_is_committing: bool
    state: str
    amount: Decimal
    probability: int
    expected_close_on: dt.date | None
    discount_pct: Decimal
    lost_reason: str | None
    stage_entered_at: dt.datetime
    closed_at: dt.datetime | None
    created_at: dt.datetime
    version: int
    updated_at: dt.datetime | None
    updated_by: str | None
    my_cap: Decimal  # the viewer's discount cap
    credit: CreditCheck | None  # set when committing to this deal would pass the client's credit limit
    overdue_block: OverdueBlock | None = None  # set when the client's overdue debt blocks committing moves


def get_deal(session: Session, viewer: Viewer, *, deal_id: int) -> DealCard:
    access.require_deal(session, viewer, deal_id)
    owner, editor = aliased(User), aliased(User)
    row = session.execute(
        select(Deal, Client.name.label("client"), owner.full_name.label("owner"), PipelineStage.name.label("stage"),
               PipelineStage.is_committing, editor.full_name.label("updated_by"))
        .join(Client, Deal.client_id == Client.id)
        .join(PipelineStage, Deal.stage_id == PipelineStage.id)
        .outerjoin(owner, Deal.owner_id == owner.id)
        .outerjoin(editor, Deal.updated_by_id == editor.id)
        .where(Deal.id == deal_id)
    ).one()
    d = row.Deal
    return DealCard(
        id=d.id, title=d.title, client_id=d.client_id, client=row.client, owner_id=d.owner_id, owner=row.owner,
        stage_id=d.stage_id, stage=row.stage, stage_is_committing=row.is_committing, state=d.state, amount=d.amount,
        probability=d.probability, expected_close_on=d.expected_close_on, discount_pct=d.discount_pct,
        lost_reason=d.lost_reason, stage_entered_at=d.stage_entered_at, closed_at=d.closed_at,
        created_at=d.created_at, version=d.version, updated_at=d.updated_at, updated_by=row.updated_by,
        my_cap=discount_cap(session, viewer.role), credit=credit_check(session, d),
        overdue_block=overdue_block(session, d.client_id, access.today()),
    )


def deal_lines(session: Session, viewer: Viewer, *, deal_id: int) -> pd.DataFrame:
    access.require_deal(session, viewer, deal_id)
    stmt = (
        select(DealLine.id, DealLine.product_id, Product.sku, Product.name.label("product"), Product.unit,
               DealLine.quantity, DealLine.price, DealLine.discount_pct, DealLine.amount)
        .join(Product, DealLine.product_id == Product.id)
        .where(DealLine.deal_id == deal_id)
        .order_by(DealLine.id)
    )
    return frame(session, stmt)


def deal_history(session: Session, viewer: Viewer, *, deal_id: int) -> pd.DataFrame:
    """The stage moves, newest first, with how long the deal stayed at the stage it left."""
    access.require_deal(session, viewer, deal_id)
    src, dst = aliased(PipelineStage), aliased(PipelineStage)
    stmt = (
        select(DealStageChange.id, DealStageChange.changed_at, src.name.label("from_stage"),
               dst.name.label("to_stage"), User.full_name.label("who"))
        .outerjoin(src, DealStageChange.from_stage_id == src.id)
        .join(dst, DealStageChange.to_stage_id == dst.id)
        .outerjoin(User, DealStageChange.user_id == User.id)
        .where(DealStageChange.deal_id == deal_id)
        .order_by(DealStageChange.changed_at, DealStageChange.id)
    )
    df = frame(session, stmt)
    if not df.empty:
        stayed = df["changed_at"].diff().dt.total_seconds() / 86400
        df["days_before"] = stayed.round(1)
        df = df.iloc[::-1].reset_index(drop=True)
    else:
        df["days_before"] = pd.Series(dtype="float64")
    return df


def deal_approvals(session: Session, viewer: Viewer, *, deal_id: int) -> pd.DataFrame:
    """Requests about this deal, newest first."""
    access.require_deal(session, viewer, deal_id)
    asker, decider = aliased(User), aliased(User)
    stmt = (
        select(ApprovalRequest.id, ApprovalRequest.kind, ApprovalRequest.status, ApprovalRequest.payload,
               ApprovalRequest.created_at, asker.full_name.label("requested_by"), ApprovalRequest.requested_by_id,
               ApprovalRequest.decided_at, decider.full_name.label("decided_by"), ApprovalRequest.decided_by_id,
               ApprovalRequest.comment)
        .outerjoin(asker, ApprovalRequest.requested_by_id == asker.id)
        .outerjoin(decider, ApprovalRequest.decided_by_id == decider.id)
        .where(ApprovalRequest.deal_id == deal_id)
        .order_by(ApprovalRequest.created_at.desc(), ApprovalRequest.id.desc())
    )
    return frame(session, stmt)


def products(session: Session, viewer: Viewer) -> pd.DataFrame:
    """The active catalogue for deal lines (not client data: everyone sees it)."""
    stmt = (select(Product.id, Product.sku, Product.name, Product.unit, Product.price)
            .where(Product.active.is_(True)).order_by(Product.name, Product.sku))
    return frame(session, stmt)


def stages(session: Session, viewer: Viewer) -> pd.DataFrame:
    """Active stages in funnel order (configuration, not client data)."""
    stmt = (select(PipelineStage.id, PipelineStage.name, PipelineStage.position, PipelineStage.default_probability,
                   PipelineStage.is_won, PipelineStage.is_lost, PipelineStage.is_committing)
            .where(PipelineStage.active.is_(True)).order_by(PipelineStage.position))
    return frame(session, stmt)


def lost_reasons(session: Session, viewer: Viewer) -> list[str]:
    return list(session.scalars(select(LostReason.name).where(LostReason.active.is_(True)).order_by(LostReason.id)))
