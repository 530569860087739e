"""The backtest: what each forecast method would have said on the first day of each past month.

Honest by construction: only what existed on that day is read — the stage each
deal was at comes from the stage history (written as moves happen, never
backdated); its amount, probability and expected close date are the values a
later audited edit replaced (the audit log keeps old → new), else today's; a deal
whose expected date was already past by more than the grace period on that day is
left out, as the forecast leaves overdue pipeline out of every month; the
run rate reads only the months before (queries/forecast.run_rate). What happened
— the won deals and the basis of the month — is compared afterwards, and each
method gets its MAPE: the mean absolute error in % over months with something
to compare. tests/queries/test_forecast.py fails if a forecast peeks.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
from sqlalchemy import Date, Integer, Numeric, String, and_, case, cast, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import True_

from db import access
from db.access import Viewer
from db.models import AuditEntry, Deal, DealStageChange, PipelineStage

from .forecast import (as_float, as_money, first_month, instant, month_start, overdue_since, people_filter, run_rate,
                       series)


def _changed_after(key: str, t0: dt.datetime):
    """The value of a deal's `key` that the first audited change at or after `t0` replaced."""
    return (select(AuditEntry.changes[(key, 0)].as_string())
            .where(AuditEntry.entity == "deal", AuditEntry.entity_id == cast(Deal.id, String), AuditEntry.at >= t0,
                   AuditEntry.changes[key].as_string().is_not(None))
            .order_by(AuditEntry.at, AuditEntry.id).limit(1).scalar_subquery())


def weighted_at(session: Session, viewer: Viewer, *, month: dt.date, owner_id: int | None = None,
                department_id: int | None = None) -> Decimal:
    """What the weighted pipeline said on the first day of `month` for that month, from what existed then."""
    t0, t1 = instant(month), month_start(month, 1)
    postgres = session.get_bind().dialect.name == "postgresql"
    # Each old value is one probe of ix_audit_log_entity per deal (a list of every deal edited since t0,
    # built for each column that read it, took 35 s with the large demo's 135,000 audited edits). A deal
    # not edited since t0 has none, so the coalesce keeps today's value: no EXISTS guard is needed (it
    # doubled the probes; issue 19).
    old_amount = cast(_changed_after("amount", t0), Numeric(14, 2))
    old_probability = cast(_changed_after("probability", t0), Integer)
    old_close = _changed_after("expected_close_on", t0)
    if postgres:
        old_close = cast(old_close, Date)
    amount = func.coalesce(old_amount, Deal.amount)
    # A deal moved since t0 had its stage's probability then (moves set it), unless an audited edit says otherwise.
    then = case((Deal.stage_entered_at < t0, Deal.probability), else_=PipelineStage.default_probability)
    probability = func.coalesce(old_probability, then)
    close = func.coalesce(old_close, Deal.expected_close_on)
    h = DealStageChange
    people = people_filter(session, viewer, Deal.owner_id, owner_id, department_id)
    # For some people's deals the planner starts from their deals: then skip, before reading their history,
    # those not alive at t0 — made later, or closed before (a deal reopened since has no close date, or a
    # later one), so nothing open at t0 is lost. For everyone's, the history's index range is the better start.
    alive = [] if all(isinstance(c, True_) for c in people) else [
        Deal.created_at < t0, or_(Deal.closed_at.is_(None), Deal.closed_at >= t0)]
    # The deal was at an open stage at t0: it entered before and left after (or is still there). Naming
    # the open stages keeps the "still there" part of the index range to open deals, not every deal's end.
    open_stages = list(session.scalars(select(PipelineStage.id).where(PipelineStage.is_won.is_(False),
                                                                       PipelineStage.is_lost.is_(False))))
    rows = (
        select(amount.label("amount"), probability.label("probability"), close.label("close"))
        .select_from(h)
        .join(PipelineStage, h.to_stage_id == PipelineStage.id)
        .join(Deal, Deal.id == h.deal_id)
        .where(h.changed_at < t0, h.to_stage_id.in_(open_stages), or_(h.left_at >= t0, h.left_at.is_(None)),
               *people, *alive)
        .subquery()
    )
    # Expected in the month, or past by up to the grace period; a date older than that was overdue
    # pipeline then, in no month's forecast (as queries/forecast.py counts it now).
    since = overdue_since(month)
    closing = and_(rows.c.close.is_not(None), rows.c.close < (t1 if postgres else t1.isoformat()),
                   rows.c.close >= (since if postgres else since.isoformat()))
    value = session.scalar(select(func.sum(case((closing, rows.c.amount * rows.c.probability / 100), else_=0))))
    return as_money(value)


def said(session: Session, viewer: Viewer, *, owner_id: int | None = None, department_id: int | None = None,
         today: dt.date | None = None, months: int = 12) -> dict[dt.date, float]:
    """What the weighted pipeline said on the first day of each of the last `months` complete months
    (`weighted_at`). Apart from `truth`: it reads deals and the audit log, not shipments, so a
    shipments import leaves it warm (issue 19)."""
    current = month_start(today or access.today())
    who = {"owner_id": owner_id, "department_id": department_id}
    return {m: float(weighted_at(session, viewer, month=m, **who))
            for m in (month_start(current, -k) for k in range(months, 0, -1))}


def truth(session: Session, viewer: Viewer, *, basis: str = "shipments", owner_id: int | None = None,
          department_id: int | None = None, today: dt.date | None = None, months: int = 12) -> pd.DataFrame:
    """For each of the last `months` complete months: `won` (the deals won in it), `run_rate` (what
    the run rate said on its first day) and `actual` (the basis of the month)."""
    today = today or access.today()
    current = month_start(today)
    past = [month_start(current, -k) for k in range(months, 0, -1)]
    who = {"owner_id": owner_id, "department_id": department_id}
    history = series(session, viewer, basis=basis, first=month_start(current, -(months + 15)),
                     last=month_start(current, -1), **who)
    won = history if basis == "won" else series(session, viewer, basis="won", first=past[0], last=past[-1], **who)
    since = first_month(session, viewer, basis=basis, **who)
    return pd.DataFrame({
        "month": past,
        "won": [float(won[m]) for m in past],
        "run_rate": [as_float(run_rate(history, start=m, month=m, since=since)) for m in past],
        "actual": [float(history[m]) for m in past],
    })


def compared(truth: pd.DataFrame, said: dict[dt.date, float]) -> pd.DataFrame:
    """The backtest from its two halves: each month's forecasts beside what happened, each one's
    error in % and `attrs["mape"]`: {"weighted": %, "run_rate": %} (None where nothing could be compared)."""
    df = pd.DataFrame({
        "month": list(truth["month"]),
        "weighted": [said[m] for m in truth["month"]],
        "won": list(truth["won"]),
        "run_rate": list(truth["run_rate"]),
        "actual": list(truth["actual"]),
    })
    df["weighted_error_pct"] = _error(df["weighted"], df["won"])
    df["run_rate_error_pct"] = _error(df["run_rate"], df["actual"])
    df.attrs["mape"] = {"weighted": _mean(df["weighted_error_pct"]), "run_rate": _mean(df["run_rate_error_pct"])}
    return df


def backtest(session: Session, viewer: Viewer, *, basis: str = "shipments", owner_id: int | None = None,
             department_id: int | None = None, today: dt.date | None = None, months: int = 12) -> pd.DataFrame:
    """For each of the last `months` complete months: each method's forecast made on its first day, and the truth.

    `attrs["mape"]`: {"weighted": %, "run_rate": %} (None where nothing could be compared).
    The page reads the two halves (`said`, `truth`) as separate cached reads and puts them `compared`.
    """
    return compared(truth(session, viewer, basis=basis, owner_id=owner_id, department_id=department_id, today=today,
                          months=months),
                    said(session, viewer, owner_id=owner_id, department_id=department_id, today=today, months=months))


def _error(predicted: pd.Series, actual: pd.Series) -> pd.Series:
    actual = actual.where(actual > 0)
    return ((predicted - actual).abs() / actual * 100).round(1).astype("float64")


def _mean(values: pd.Series) -> float | None:
    values = values.dropna()
    return None if values.empty else round(float(values.mean()), 1)
