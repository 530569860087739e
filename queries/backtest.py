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

import bisect
import dataclasses
import datetime as dt
import threading
import typing
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import pandas as pd
from sqlalchemy import Date, Integer, Numeric, String, and_, case, cast, func, literal, or_, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import True_

from db import access
from db.access import Viewer
from db.models import AuditEntry, Deal, DealStageChange, PipelineStage

from . import kept as kept_parts
from .forecast import (as_float, as_money, first_month, instant, month_start, overdue_since, people_filter, run_rate,
                       series, whose_ids)


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


def weighted_by_month(session: Session, viewer: Viewer, *, months: list[dt.date], owner_id: int | None = None,
                      department_id: int | None = None) -> dict[dt.date, Decimal]:
    """`weighted_at` for each of `months` (first days, ascending), from two reads instead of a
    query per month with three audit probes per deal (issue 19: on PostgreSQL twelve months took
    17-19 s at the large demo for the director): the stage stays that span any of the months'
    first moments, with their deals, and those deals' audited edits since the first of them; each
    month is then reconstructed here, deal by deal (`_contributions`), by `weighted_at`'s rules.
    tests/queries/test_forecast.py compares the two."""
    if not months:
        return {}
    people = people_filter(session, viewer, Deal.owner_id, owner_id, department_id)
    everyone = all(isinstance(c, True_) for c in people)
    per_deal = _contributions(session, months, [] if everyone else people, everyone=everyone)
    totals = [Decimal(0)] * len(months)
    for _owner, every, alive in per_deal.values():
        totals = [t + v for t, v in zip(totals, every if everyone else alive, strict=True)]
    return {m: as_money(v) for m, v in zip(months, totals, strict=True)}


Contribution = tuple[int, tuple[Decimal, ...], tuple[Decimal, ...]]


def _contributions(session: Session, months: list[dt.date], conditions: list, *, everyone: bool = False,
                   deal_ids: list[int] | None = None) -> dict[int, Contribution]:
    """Each deal's part of the weighted pipeline said on the first day of each of `months`: {deal id:
    (its owner now, the parts, the parts counting only where the deal was alive then — made before,
    not closed before: what a forecast of some people's deals reads)}; deals with no part are left out.

    `conditions` on Deal narrow the stays read; `everyone`: the audited edits are read as the log's
    range since the first month, else by the deals' ids. `deal_ids`: only these deals (the kept
    months' update)."""
    sqlite = session.get_bind().dialect.name != "postgresql"
    starts = [instant(m) for m in months]
    when: list[Any] = [t.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else t for t in starts]  # as SQLite binds

    def read(column):
        return type_coerce(column, String) if sqlite else column

    h = DealStageChange
    open_stages = list(session.scalars(select(PipelineStage.id).where(PipelineStage.is_won.is_(False),
                                                                       PipelineStage.is_lost.is_(False))))

    # A stay spans a month's first moment when one lies in (changed_at, left_at]: the counts of
    # starts at or before its two ends differ. Most stays of a year span none (deals move on).
    def starts_upto(column):
        return sum((case((column >= t, 1), else_=0) for t in starts), literal(0))

    stays = (select(h.deal_id, read(h.changed_at), read(h.left_at), PipelineStage.default_probability,
                    read(Deal.amount), Deal.probability, read(Deal.expected_close_on), read(Deal.stage_entered_at),
                    read(Deal.created_at), read(Deal.closed_at), Deal.owner_id)
             .select_from(h)
             .join(PipelineStage, h.to_stage_id == PipelineStage.id)
             .join(Deal, Deal.id == h.deal_id)
             .where(h.changed_at < starts[-1], h.to_stage_id.in_(open_stages),
                    or_(h.left_at >= starts[0], h.left_at.is_(None)),
                    or_(h.left_at.is_(None), starts_upto(h.left_at) > starts_upto(h.changed_at)), *conditions))
    # Those deals' audited edits since the first start (a probe of ix_audit_log_entity per deal),
    # in the log's order: the value a key had before the first edit of it at or after a moment is
    # that edit's "old".
    keys = ("amount", "probability", "expected_close_on")
    audit: dict[int, list] = {}
    edits = (select(AuditEntry.entity_id, read(AuditEntry.at), AuditEntry.id,
                    *(AuditEntry.changes[k].as_string().is_not(None) for k in keys),
                    *(AuditEntry.changes[(k, 0)].as_string() for k in keys))
             .where(AuditEntry.entity == "deal", AuditEntry.at >= starts[0]))

    def note_edits(chunk, wanted: set[int] | None) -> None:
        for entity_id, at, entry_id, *found in session.execute(chunk):
            deal_id = int(str(entity_id)) if str(entity_id).isdigit() else None
            if deal_id is not None and (wanted is None or deal_id in wanted):
                audit.setdefault(deal_id, []).append((at, entry_id, tuple(found[:3]), tuple(found[3:])))

    rows: Iterable[Any]
    if everyone and deal_ids is None:
        # Everyone's deals: the log's range since the first start first, then the stays streamed — a
        # year of the company's stays held at once was most of the 0.1 GB this took (issue 19).
        note_edits(edits, None)
        rows = typing.cast(Iterable[Any], session.execute(stays.execution_options(yield_per=5000)))
    else:
        held: list[Any]
        if deal_ids is not None:
            held = [r for at in range(0, len(deal_ids), 5000)
                    for r in session.execute(stays.where(h.deal_id.in_(deal_ids[at:at + 5000])))]
        else:
            held = list(session.execute(stays))
        rows = held
        wanted = {int(r[0]) for r in held}
        ids = sorted(wanted)
        for at in range(0, len(ids), 5000):
            note_edits(edits.where(AuditEntry.entity_id.in_([str(i) for i in ids[at:at + 5000]])), wanted)
    moments = {}
    for deal_id, entries in audit.items():
        entries.sort(key=lambda e: (e[0], e[1]))
        moments[deal_id] = [e[0] for e in entries]

    def before(deal_id: int, t0) -> list | None:
        """The old value of each key in the first edit of it at or after t0 (None: no such edit);
        None for a deal not edited since t0."""
        entries = audit.get(deal_id)
        i = bisect.bisect_left(moments[deal_id], t0) if entries else 0
        if not entries or i == len(entries):
            return None
        out: list = [None, None, None]
        todo = {0, 1, 2}
        for _, _, present, old in entries[i:]:
            for k in list(todo):
                if present[k]:
                    out[k] = old[k]
                    todo.discard(k)
            if not todo:
                break
        return out

    def day(value):
        """A date as the comparison reads it: SQLite's text (its first ten characters are the date
        of the stored text's comparison with 'YYYY-MM-DD'), PostgreSQL's date."""
        if value is None:
            return None
        if sqlite:
            return str(value)
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])

    bounds: list[Any] = [(month_start(m, 1), overdue_since(m)) for m in months]
    if sqlite:
        bounds = [(end.isoformat(), since.isoformat()) for end, since in bounds]
    zero = (Decimal(0),) * len(months)
    out: dict[int, Contribution] = {}
    for deal_id, changed_at, left_at, default_probability, amount, probability, close, entered, created, closed, \
            owner in rows:
        first = bisect.bisect_right(when, changed_at)  # the months starting after it entered the stage
        last = len(when) if left_at is None else bisect.bisect_right(when, left_at)  # ... and not after it left
        for i in range(first, last):
            t0 = when[i]
            old = before(deal_id, t0)
            then_close = day(close if old is None or old[2] is None else old[2])
            end, since = bounds[i]
            if then_close is None or not since <= then_close < end:
                continue
            then_amount = amount if old is None or old[0] is None else old[0]
            then_probability = probability if entered is not None and entered < t0 else default_probability
            if old is not None and old[1] is not None:
                then_probability = int(Decimal(str(old[1])))
            part = Decimal(str(then_amount)) * then_probability / 100
            alive = created < t0 and (closed is None or closed >= t0)
            _owner, every, lived = out.get(deal_id, (owner, zero, zero))
            every = every[:i] + (every[i] + part,) + every[i + 1:]
            if alive:
                lived = lived[:i] + (lived[i] + part,) + lived[i + 1:]
            out[deal_id] = (owner, every, lived)
    # A deal alive whenever it had a part has the same parts twice: one tuple held for both.
    for deal_id, (owner, every, lived) in out.items():
        if lived is not every and lived == every:
            out[deal_id] = (owner, every, every)
    return out


def said(session: Session, viewer: Viewer, *, owner_id: int | None = None, department_id: int | None = None,
         today: dt.date | None = None, months: int = 12) -> dict[dt.date, float]:
    """What the weighted pipeline said on the first day of each of the last `months` complete months
    (`weighted_at`, as `weighted_by_month` sums it: exactly). Apart from `truth`: it reads deals and
    the audit log, not shipments, so a shipments import leaves it warm (issue 19).

    In the app (`keeping`) the past months are kept, company-wide, deal by deal (`_kept_months`):
    a run reads what was written since and recomputes only the deals it names."""
    current = month_start(today or access.today())
    past = [month_start(current, -k) for k in range(months, 0, -1)]
    whose = whose_ids(session, viewer, owner_id, department_id)
    # A few people's deals alone cost less than everyone's: they build nothing, they use what is kept.
    # Kept only inside the app's cached reads: a script's or a test's call computes afresh.
    kept = (_kept_months(session, past, build=whose is None or len(whose) > FEW)
            if keeping is not None and kept_parts.kept_now() else None)
    if kept is None:
        return {m: float(v) for m, v in weighted_by_month(session, viewer, months=past, owner_id=owner_id,
                                                           department_id=department_id).items()}
    if whose is None:
        totals = list(kept.totals_all.values())
    else:
        totals = [v for owner, v in kept.totals_alive.items() if owner in whose]
    summed = [sum(column, Decimal(0)) for column in zip(*totals, strict=True)] or [Decimal(0)] * len(past)
    return {m: float(as_money(v)) for m, v in zip(past, summed, strict=True)}


# --- the past months kept (issue 19) -----------------------------------------------------------------
#
# What the pipeline said on the first day of a past month is a sum over deals, and a deal's part
# changes only when something about that deal is written: its row, its audited edits, its stage
# history. Every business write to a deal writes an audit row about it in the same transaction
# (docs/DESIGN: the change and its audit row, all or nothing; a move, an edit, new lines, a
# handover, an import); moves add history rows. So a kept computation stays exact when the deals
# named by the audit rows and history rows written since are recomputed — provided no row was
# written where that cannot be seen: the counts of deal audit rows and of history rows must have
# grown by exactly the rows seen past the kept maximum ids (a late commit of a lower id, a delete,
# anything else: computed again from scratch), and no new history row may lie before the last
# month's first day (a backdated import). The settings (the stages) and the months are the key.

keeping: str | None = None  # the app's epoch (pages/forecast.py); None: compute afresh (scripts, tests)
_KEPT: dict[tuple, _Kept] = {}
_KEPT_LOCK = threading.Lock()
FEW = 5  # people in view up to which a viewer computes afresh rather than build the kept months
REBUILD_AFTER = 2000  # deals to recompute beyond which computing everything again is cheaper


@dataclasses.dataclass(frozen=True)
class _Kept:
    deals: dict[int, Contribution]
    totals_all: dict[int, tuple[Decimal, ...]]  # by owner: every deal's parts
    totals_alive: dict[int, tuple[Decimal, ...]]  # by owner: the parts of deals alive then
    audit_max: int  # the largest audit_log id seen
    audit_count: int  # deal audit rows
    history_max: int
    history_count: int


def _marks(session: Session) -> tuple[int, int, int, int]:
    return (int(session.scalar(select(func.max(AuditEntry.id))) or 0),
            int(session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "deal")) or 0),
            int(session.scalar(select(func.max(DealStageChange.id))) or 0),
            int(session.scalar(select(func.count()).select_from(DealStageChange)) or 0))


def _totals(deals: dict[int, Contribution], size: int) -> tuple[dict, dict]:
    every: dict[int, list[Decimal]] = {}
    alive: dict[int, list[Decimal]] = {}
    for owner, parts, lived in deals.values():
        for into, values in ((every, parts), (alive, lived)):
            row = into.setdefault(owner, [Decimal(0)] * size)
            for i, v in enumerate(values):
                if v:
                    row[i] += v
    return ({o: tuple(v) for o, v in every.items()}, {o: tuple(v) for o, v in alive.items()})


def _build(session: Session, months: list[dt.date]) -> _Kept:
    marks = _marks(session)  # before the reads: whatever commits meanwhile is seen as written since
    deals = _contributions(session, months, [], everyone=True)
    every, alive = _totals(deals, len(months))
    return _Kept(deals, every, alive, *marks)


def _kept_months(session: Session, months: list[dt.date], *, build: bool = True) -> _Kept | None:
    """The kept computation of `months` for the app, brought up to date (see above); None when
    nothing is kept yet and `build` is False."""
    stages = tuple(session.execute(select(PipelineStage.id, PipelineStage.default_probability, PipelineStage.is_won,
                                          PipelineStage.is_lost).order_by(PipelineStage.id)))
    key = (str(session.get_bind().engine.url), keeping, tuple(months), stages)
    with _KEPT_LOCK:
        kept = _KEPT.get(key)
    if kept is None and not build:
        return None
    if kept is None:
        fresh = _build(session, months)
    else:
        fresh = _update(session, months, kept)
    if fresh is not kept:
        with _KEPT_LOCK:
            for old in [k for k in _KEPT if k[0] == key[0] and k != key]:
                # Another month, other stages or an earlier epoch (the caches emptied since): never asked
                # for again. Each held the whole company's deals: ~50 MB at --scale large.
                del _KEPT[old]
            _KEPT[key] = fresh  # an older one put by a run alongside is as exact: its update reads more
    return fresh


def _update(session: Session, months: list[dt.date], kept: _Kept) -> _Kept:
    audit_max, audit_count, history_max, history_count = _marks(session)
    entries = session.execute(select(AuditEntry.id, AuditEntry.entity_id)
                              .where(AuditEntry.id > kept.audit_max, AuditEntry.entity == "deal")).all()
    moves = session.execute(select(DealStageChange.id, DealStageChange.deal_id, DealStageChange.changed_at < instant(
        months[-1])).where(DealStageChange.id > kept.history_max)).all()
    if (audit_count != kept.audit_count + len(entries) or history_count != kept.history_count + len(moves)
            or any(bool(backdated) for _, _, backdated in moves)):
        return _build(session, months)
    dirty = {int(str(e)) for _, e in entries if str(e).isdigit()} | {int(d) for _, d, _ in moves}
    if not dirty and audit_max == kept.audit_max and history_max == kept.history_max:
        return kept
    if len(dirty) > REBUILD_AFTER:
        return _build(session, months)
    redone = _contributions(session, months, [], deal_ids=sorted(dirty)) if dirty else {}
    deals = dict(kept.deals)
    every = dict(kept.totals_all)
    alive = dict(kept.totals_alive)
    zero = (Decimal(0),) * len(months)
    for deal_id in dirty:
        for sign, found in ((-1, deals.pop(deal_id, None)), (1, redone.get(deal_id))):
            if found is None:
                continue
            owner, parts, lived = found
            every[owner] = tuple(a + sign * b for a, b in zip(every.get(owner, zero), parts, strict=True))
            alive[owner] = tuple(a + sign * b for a, b in zip(alive.get(owner, zero), lived, strict=True))
        if deal_id in redone:
            deals[deal_id] = redone[deal_id]
    return _Kept(deals, every, alive, max(audit_max, kept.audit_max), audit_count,
                 max(history_max, kept.history_max), history_count)


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
