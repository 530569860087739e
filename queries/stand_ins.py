"""Absences and who stands in: the list a leader plans and checks them with."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import false, or_, select
from sqlalchemy.orm import Session, aliased

from db import access
from db.access import Can, Viewer
from db.models import StandIn, User

from .frame import frame

STATES = ("now", "planned", "over", "cancelled")


def list_stand_ins(session: Session, viewer: Viewer, *, include_past: bool = False,
                   today: dt.date | None = None) -> pd.DataFrame:
    """Stand-ins where the absent person or the stand-in is someone the viewer leads,
    newest first, with their state today: now, planned, over or cancelled."""
    today = today or access.today()
    absent, cover, author = aliased(User), aliased(User), aliased(User)
    if access.can(viewer, Can.ASSIGN_TERRITORIES):
        led = or_(access.team_condition(session, viewer, StandIn.absent_user_id),
                  access.team_condition(session, viewer, StandIn.stand_in_user_id))
    else:
        led = false()
    stmt = (
        select(StandIn.id, StandIn.absent_user_id, absent.full_name.label("absent"), StandIn.stand_in_user_id,
               cover.full_name.label("stand_in"), StandIn.starts_on, StandIn.ends_on, StandIn.cancelled,
               StandIn.note, author.full_name.label("created_by"))
        .join(absent, StandIn.absent_user_id == absent.id).join(cover, StandIn.stand_in_user_id == cover.id)
        .outerjoin(author, StandIn.created_by_id == author.id)
        .where(led)
        .order_by(StandIn.starts_on.desc(), StandIn.id.desc())
    )
    if not include_past:
        stmt = stmt.where(StandIn.cancelled.is_(False), StandIn.ends_on >= today)
    df = frame(session, stmt)
    df["state"] = [_state(r, today) for r in df.itertuples(index=False)] if not df.empty else []
    df["may_cancel"] = df["state"].isin(["now", "planned"]) & df["absent_user_id"].map(
        lambda u: access.leads(session, viewer, int(u))) if not df.empty else []
    return df


def _state(row, today: dt.date) -> str:
    if row.cancelled:
        return "cancelled"
    if row.ends_on < today:
        return "over"
    return "now" if row.starts_on <= today else "planned"


def people_to_cover(session: Session, viewer: Viewer) -> pd.DataFrame:
    """Active managers and heads the viewer leads: who may be absent or stand in."""
    if not access.can(viewer, Can.ASSIGN_TERRITORIES):
        return pd.DataFrame(columns=["id", "full_name", "role"])
    return frame(session, select(User.id, User.full_name, User.role)
                 .where(access.client_owners(),
                        access.team_condition(session, viewer, User.id))
                 .order_by(User.full_name))
