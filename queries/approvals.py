"""The approval queue: discounts above the cap and commitments past the credit limit, waiting for a head.

A head sees the requests on deals of the clients they see (their
department's, and the unassigned queue); the director all. Nobody's queue
holds their own requests, except the director's (nobody is above them).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from db import access
from db.access import Can, Viewer
from db.models import ApprovalKind, ApprovalRequest, ApprovalStatus, Client, Deal, PipelineStage, User, utcnow
from db.rules import approvals as rules
from db.rules.deals import discount_cap

from .frame import frame

COLUMNS = ["id", "kind", "status", "deal_id", "deal", "client", "owner", "requested_by", "created_at", "amount",
           "discount_pct", "asked_pct", "to_stage", "exposure", "limit", "unpaid_shipments", "committed_open",
           "won_not_shipped", "decided_by", "decided_at", "comment", "version", "withdrawn", "age_days",
           "deciders", "decider_role", "my_cap"]
# The parts of a credit request's exposure (db/rules/credit.py); requests made before issue 17 have none.
PARTS = ("unpaid_shipments", "committed_open", "won_not_shipped")


def _requests(session: Session, viewer: Viewer, conditions: list, *, newest_first: bool = False,
              limit: int | None = None) -> pd.DataFrame:
    if not access.can(viewer, Can.APPROVE):
        return pd.DataFrame(columns=COLUMNS)
    owner, asker, decider = aliased(User), aliased(User), aliased(User)
    stmt = (
        select(ApprovalRequest.id, ApprovalRequest.kind, ApprovalRequest.status, ApprovalRequest.payload,
               ApprovalRequest.deal_id, Deal.title.label("deal"), Client.name.label("client"), Client.owner_id,
               owner.full_name.label("owner"), asker.full_name.label("requested_by"),
               ApprovalRequest.requested_by_id, ApprovalRequest.created_at, Deal.amount, Deal.discount_pct,
               decider.full_name.label("decided_by"), ApprovalRequest.decided_by_id, ApprovalRequest.decided_at,
               ApprovalRequest.comment, ApprovalRequest.version)
        .join(Deal, ApprovalRequest.deal_id == Deal.id)
        .join(Client, Deal.client_id == Client.id)
        .outerjoin(owner, Deal.owner_id == owner.id)
        .outerjoin(asker, ApprovalRequest.requested_by_id == asker.id)
        .outerjoin(decider, ApprovalRequest.decided_by_id == decider.id)
        .where(access.scope(session, viewer).clients(), *conditions)
    )
    order = (ApprovalRequest.decided_at.desc(), ApprovalRequest.id.desc()) if newest_first else \
        (ApprovalRequest.created_at, ApprovalRequest.id)
    df = frame(session, stmt.order_by(*order).limit(limit))
    stages = dict(session.execute(select(PipelineStage.id, PipelineStage.name)).all())
    payloads = list(df["payload"]) if not df.empty else []
    df["asked_pct"] = [_number(p.get("discount_pct")) if k == ApprovalKind.DISCOUNT else None
                       for k, p in zip(df["kind"], payloads, strict=True)]
    df["to_stage"] = [stages.get(p.get("to_stage_id")) if k == ApprovalKind.CREDIT else None
                      for k, p in zip(df["kind"], payloads, strict=True)]
    df["exposure"] = [_number(p.get("exposure")) for p in payloads]
    df["limit"] = [_number(p.get("limit")) for p in payloads]
    for part in PARTS:
        df[part] = [_number(p.get(part)) for p in payloads]
    df["withdrawn"] = (df["status"] == ApprovalStatus.REJECTED) & (df["decided_by_id"] == df["requested_by_id"])
    now = utcnow()
    df["age_days"] = [(now - _aware(c)).days if c is not None else None for c in df["created_at"]]
    _who_decides(session, viewer, df, payloads)
    return df[COLUMNS] if not df.empty else pd.DataFrame(columns=COLUMNS)


def _aware(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)


def _who_decides(session: Session, viewer: Viewer, df: pd.DataFrame, payloads: list) -> None:
    """Who decides each request (names, their role) and the viewer's cap when the discount is above it."""
    people = rules.Deciders(session)
    names, roles, caps = [], [], []
    for r, payload in zip(df.itertuples(), payloads, strict=True):
        asked = rules.asked_pct(r.kind, payload)
        found = people.of(kind=r.kind, asked=asked, requested_by_id=r.requested_by_id, owner_id=r.owner_id)
        names.append(", ".join(d.full_name for d in found) or None)
        roles.append(found[0].role if found else None)
        cap = rules.above_cap(session, viewer, r.kind, asked)
        caps.append(float(cap) if cap is not None else None)
    df["deciders"], df["decider_role"], df["my_cap"] = names, roles, caps


def _number(value) -> float | None:
    return None if value in (None, "") else float(Decimal(str(value)))


def approval_queue(session: Session, viewer: Viewer, *, limit: int = 20) -> pd.DataFrame:
    """The oldest `limit` pending requests the viewer may decide; `attrs["total"]`: how many wait in all."""
    conditions = [ApprovalRequest.status == ApprovalStatus.PENDING]
    if not access.decides_own_requests(viewer):
        conditions.append(ApprovalRequest.requested_by_id != viewer.user_id)
    df = _requests(session, viewer, conditions, limit=limit)
    total: int | None = 0
    if access.can(viewer, Can.APPROVE):
        total = session.scalar(
            select(func.count(ApprovalRequest.id)).join(Deal, ApprovalRequest.deal_id == Deal.id)
            .join(Client, Deal.client_id == Client.id)
            .where(access.scope(session, viewer).clients(), *conditions))
    df.attrs["total"] = int(total or 0)
    return df


def recent_decisions(session: Session, viewer: Viewer, *, days: int = 30, limit: int = 100) -> pd.DataFrame:
    """Requests decided in the last `days` days on deals the viewer sees, newest first."""
    since = utcnow() - dt.timedelta(days=days)
    return _requests(session, viewer,
                     [ApprovalRequest.status != ApprovalStatus.PENDING, ApprovalRequest.decided_at >= since],
                     newest_first=True, limit=limit)


def waiting_for_me(session: Session, viewer: Viewer) -> int:
    """How many pending requests the viewer may decide now (the menu's count): in their scope, not their
    own (unless they decide their own), within their cap."""
    if not access.can(viewer, Can.APPROVE):
        return 0
    rows = session.execute(
        select(ApprovalRequest.kind, ApprovalRequest.payload, ApprovalRequest.requested_by_id, Client.owner_id)
        .join(Deal, ApprovalRequest.deal_id == Deal.id).join(Client, Deal.client_id == Client.id)
        .where(ApprovalRequest.status == ApprovalStatus.PENDING, access.scope(session, viewer).clients())).all()
    return sum(1 for r in rows
               if rules.refusal(session, viewer, kind=r.kind, asked=rules.asked_pct(r.kind, r.payload),
                                requested_by_id=r.requested_by_id, owner_id=r.owner_id) is None)


def who_decides(session: Session, viewer: Viewer, *, request_id: int) -> list[rules.Decider]:
    """Who decides the request (the person who asked sees it on their deal): a head, or the director."""
    request = session.get(ApprovalRequest, request_id)
    if request is None:
        return []
    deal = access.require_deal(session, viewer, request.deal_id)
    owner_id = session.scalar(select(Client.owner_id).where(Client.id == deal.client_id))
    return rules.deciders(session, kind=request.kind, asked=rules.asked_pct(request.kind, request.payload),
                          requested_by_id=request.requested_by_id, owner_id=owner_id)


def discount_deciders(session: Session, viewer: Viewer, *, deal_id: int) -> list[tuple[float | None, list]]:
    """Who would approve a discount above the viewer's cap on this deal, by how much (the deal page says it
    before anyone asks): [(10.0, [Nina Head]), (None, [the director])]."""
    deal = access.require_deal(session, viewer, deal_id)
    owner_id = session.scalar(select(Client.owner_id).where(Client.id == deal.client_id))
    mine = discount_cap(session, viewer.role)
    tiers = rules.Deciders(session).discount_tiers(requested_by_id=viewer.user_id, owner_id=owner_id, above=mine)
    return [(None if cap is None else float(cap), people) for cap, people in tiers]
