"""Mailings made so far and their letters.

A person sees the runs they made; a head also their department's, the
director everyone's (team_condition). Letters show only for clients the
viewer may see, whoever made the run.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.errors import NotFound
from db.models import Client, MailLetter, MailLetterStatus, MailRun, User

from .frame import frame

STATUSES = tuple(MailLetterStatus)


def _counts():
    return (select(MailLetter.run_id,
                   *(func.sum(case((MailLetter.status == s, 1), else_=0)).label(s) for s in STATUSES),
                   func.count().label("total"))
            .group_by(MailLetter.run_id).subquery())


def list_runs(session: Session, viewer: Viewer, *, limit: int = 100) -> pd.DataFrame:
    """Newest first: id, name, channel, created_at, author, mine, total and a count per status."""
    counts = _counts()
    stmt = (select(MailRun.id, MailRun.name, MailRun.channel, MailRun.created_at, MailRun.finished_at,
                   User.full_name.label("author"), (MailRun.created_by_id == viewer.user_id).label("mine"),
                   *(func.coalesce(counts.c[s], 0).label(s) for s in (*STATUSES, "total")))
            .join(User, MailRun.created_by_id == User.id)
            .outerjoin(counts, counts.c.run_id == MailRun.id)
            .where(MailRun.archived.is_(False), access.team_condition(session, viewer, MailRun.created_by_id))
            .order_by(MailRun.created_at.desc(), MailRun.id.desc())
            .limit(limit))
    return frame(session, stmt)


@dataclass(frozen=True)
class RunInfo:
    id: int
    name: str
    channel: str
    subject_template: str
    body_template: str
    criteria: dict
    author: str
    mine: bool
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    counts: dict[str, int]

    @property
    def to_send(self) -> int:
        return self.counts.get(MailLetterStatus.PENDING, 0)


def get_run(session: Session, viewer: Viewer, *, run_id: int) -> RunInfo:
    row = session.execute(
        select(MailRun, User.full_name.label("author")).join(User, MailRun.created_by_id == User.id)
        .where(MailRun.id == run_id, MailRun.archived.is_(False),
               access.team_condition(session, viewer, MailRun.created_by_id))).one_or_none()
    if row is None:
        raise NotFound("Mailing not found, or it is not yours.")
    counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
    counts.update({status: n for status, n in session.execute(
        select(MailLetter.status, func.count()).where(MailLetter.run_id == run_id).group_by(MailLetter.status))})
    run = row.MailRun
    return RunInfo(id=run.id, name=run.name, channel=run.channel, subject_template=run.subject_template,
                   body_template=run.body_template, criteria=run.criteria or {}, author=row.author,
                   mine=run.created_by_id == viewer.user_id, created_at=run.created_at, started_at=run.started_at,
                   finished_at=run.finished_at, counts=counts)


def run_letters(session: Session, viewer: Viewer, *, run_id: int, status: str | None = None,
                limit: int | None = None) -> pd.DataFrame:
    """The run's letters on clients the viewer may see: id, client_id, client, to_name, to_address,
    address, subject, body, status, error, sent_at."""
    get_run(session, viewer, run_id=run_id)
    stmt = (select(MailLetter.id, MailLetter.client_id, Client.name.label("client"), MailLetter.to_name,
                   MailLetter.to_address, func.coalesce(Client.postal_address, Client.legal_address).label("address"),
                   Client.legal_name, MailLetter.subject, MailLetter.body, MailLetter.status, MailLetter.error,
                   MailLetter.sent_at)
            .join(Client, MailLetter.client_id == Client.id)
            .where(MailLetter.run_id == run_id, access.scope(session, viewer).clients())
            .order_by(Client.name, MailLetter.id)
            .limit(limit))
    if status:
        stmt = stmt.where(MailLetter.status == status)
    return frame(session, stmt)
