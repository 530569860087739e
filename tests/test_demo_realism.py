"""The demo must not flatter (issue 17): what a buyer judges the analytics on behaves as real data does.

Each claim is checked on the generated small demo, on two anchors: ANCHOR (3 December 2026,
the third day of a month, where the old demo had a manager at 118 % of the month's plan after
two days' shipments) and today. Self-contained, like tests/test_demo.py: SQLite files under tmp_path.
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.demo import load
from db.demo import texts
from db.demo.clients import TWINS
from db.models import (
    Activity,
    AuditEntry,
    Client,
    Deal,
    Notification,
    PipelineStage,
    SalesPlan,
    Shipment,
    StandIn,
    User,
)
from db.rules import abc as abc_rules
from db.rules.credit import overdue_block
from db.rules.periods import ending_with
from db.session import make_engine
from tests.demo_copy import demo_database

ANCHOR = dt.date(2026, 12, 3)
TODAY = dt.date.today()


@pytest.fixture(scope="module", params=[ANCHOR, TODAY], ids=["anchor", "today"])
def demo(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("realism") / "crm.sqlite3"
    demo_database(tmp_path_factory, path, today=request.param, password="demo-test-password")  # as load() leaves it
    engine = make_engine(f"sqlite:///{path}")
    yield engine, request.param
    engine.dispose()


def _all(engine, stmt):
    with engine.connect() as conn:
        return conn.execute(stmt).all()


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else dt.date.fromisoformat(
        str(value)[:10])


def test_won_deals_close_around_their_expected_date_not_on_it(demo):
    """Old demo: all 741 won deals closed exactly on their expected date."""
    engine, _ = demo
    won = _all(engine, select(Deal.expected_close_on, Deal.closed_at).where(Deal.state == "won"))
    offsets = [(c.date() - e).days for e, c in won]  # closed in office hours (UTC = Moscow date)
    assert len(won) > 300
    assert sum(o == 0 for o in offsets) < 0.2 * len(won)
    assert sum(o < 0 for o in offsets) > 0.15 * len(won)  # before the date
    assert sum(o > 0 for o in offsets) > 0.15 * len(won)  # after it
    assert max(abs(o) for o in offsets) <= 120


def test_expected_dates_are_set_at_creation_and_moved_by_audited_edits(demo):
    """Each revision is an update_deal in the audit log (the backtest reads the date a deal had then):
    the chain of old -> new ends at the deal's date, a new date is never before the day it was set,
    and most moves are to a later date."""
    engine, today = demo
    deals = {d.id: d for d in _all(engine, select(Deal.id, Deal.created_at, Deal.expected_close_on, Deal.state,
                                                  Deal.owner_id))}
    edits = defaultdict(list)
    for a in _all(engine, select(AuditEntry.entity_id, AuditEntry.at, AuditEntry.changes, AuditEntry.user_id)
                  .where(AuditEntry.action == "update_deal").order_by(AuditEntry.at, AuditEntry.id)):
        edits[int(a.entity_id)].append(a)
    assert len(edits) > 0.25 * len(deals)
    later = earlier = 0
    for deal_id, chain in edits.items():
        deal = deals[deal_id]
        for before, after in zip(chain, chain[1:]):
            assert before.changes["expected_close_on"][1] == after.changes["expected_close_on"][0]
        assert _day(chain[-1].changes["expected_close_on"][1]) == deal.expected_close_on
        assert _day(chain[0].changes["expected_close_on"][0]) >= deal.created_at.date()  # set at creation
        for a in chain:
            old, new = (_day(v) for v in a.changes["expected_close_on"])
            assert a.at >= deal.created_at and a.at.date() < today and new > a.at.date() and a.user_id
            later += new > old
            earlier += new < old
    assert later > 2 * earlier > 0
    # Some open deals were left with a date long past: the forecast's overdue pipeline, a few.
    open_ = [d for d in deals.values() if d.state == "open"]
    stale = [d for d in open_ if d.expected_close_on < today - dt.timedelta(days=30)]
    assert 1 <= len(stale) <= 0.15 * len(open_)


def test_deals_nobody_moves_are_lost_after_a_while(demo):
    """Old demo: an open deal sat 677 days in its stage, 47 over 180."""
    engine, today = demo
    horizon = dt.datetime.combine(today, dt.time(), dt.UTC)
    idle = [(horizon - t).days for (t,) in _all(engine, select(Deal.stage_entered_at).where(Deal.state == "open"))]
    assert len(idle) > 60
    assert max(idle) <= 121
    assert sum(d >= 30 for d in idle) >= 5  # the funnel's stalled deals have something to show


def test_plans_fit_each_managers_history(demo):
    """A year of plans is 60–140 % fulfilled by each manager; this month's % grows with its days
    (at most 2.5 × the share of the month gone by + 25 points: nobody is at 118 % on the 3rd)."""
    engine, today = demo
    current = today.replace(day=1)
    year_start = (current - dt.timedelta(days=365)).replace(day=1)
    managers = {r.id for r in _all(engine, select(User.id).where(User.role == "manager"))}
    plans = {(p.user_id, p.month): p.amount for p in _all(engine, select(SalesPlan.user_id, SalesPlan.month,
                                                                          SalesPlan.amount))
             if p.user_id is not None}
    shipped: dict[tuple[int, dt.date], Decimal] = defaultdict(Decimal)
    for s in _all(engine, select(Shipment.manager_id, Shipment.shipped_on, Shipment.amount)
                  .where(Shipment.shipped_on >= year_start)):
        shipped[(s.manager_id, s.shipped_on.replace(day=1))] += s.amount
    elapsed = (today - current).days / calendar.monthrange(today.year, today.month)[1]
    checked = 0
    for uid in managers:
        if (uid, current) in plans:
            pct = shipped[(uid, current)] / plans[(uid, current)] * 100
            assert pct <= 250 * elapsed + 25, (uid, round(pct))
        months = [m for (u, m) in plans if u == uid and year_start <= m < current]
        if len(months) >= 6:
            pct = sum(shipped[(uid, m)] for m in months) / sum(plans[(uid, m)] for m in months) * 100
            assert 60 <= pct <= 140, (uid, round(pct))
            checked += 1
    assert checked >= 10


def test_xyz_separates_buyers(demo):
    """Old demo: 550 of 578 clients Z, none X."""
    engine, today = demo
    start, end = ending_with(today, 12, None)
    with Session(engine) as session:
        classes = Counter(x for x in abc_rules.client_abc_xyz(session, start=start, end=end)["xyz"]
                          if isinstance(x, str))
    total = sum(classes.values())
    assert all(classes[c] >= 0.05 * total for c in "XYZ"), classes
    assert classes["Z"] < 0.7 * total


def test_client_names_are_unique_but_the_declared_twins(demo):
    """Old demo: 66 names shared, one by eight clients. Now TWINS pairs of different companies
    (their own INN, legal name and region) share a name, for the similar-name and duplicates checks."""
    engine, _ = demo
    rows = _all(engine, select(Client.name, Client.inn, Client.legal_name, Client.territory_id, Client.email))
    by_name = defaultdict(list)
    for r in rows:
        by_name[r.name].append(r)
    twins = {n: rs for n, rs in by_name.items() if len(rs) > 1}
    assert TWINS == 2 and len(twins) == TWINS
    for pair in twins.values():
        a, b = pair
        assert len(pair) == 2 and a.inn != b.inn and a.territory_id != b.territory_id and a.email != b.email


def test_activity_outcomes_fit_their_kind(demo):
    """Old demo: "Встреча … Итог: Не дозвонился". A meeting took place, so it is never "not reached"
    nor "call back"; e-mails, letters and notes have no outcome; a call that reached nobody tells of no talk."""
    engine, _ = demo
    rows = _all(engine, select(Activity.kind, Activity.subject, Activity.body, Activity.outcome))
    kinds = Counter()
    for r in rows:
        kind = str(r.kind)
        kinds[(kind, r.outcome is not None)] += 1
        if kind in ("email", "letter", "note"):
            assert r.outcome is None
        elif kind == "meeting":
            assert r.outcome not in ("Не дозвонился", "Перезвонить через неделю"), r
        if r.outcome is not None:
            assert r.outcome in texts.OUTCOMES[kind]
        if r.outcome == "Не дозвонился":
            assert kind == "call" and not r.subject.startswith("Входящий") and r.body not in texts.BODIES, r
    assert kinds[("call", True)] > 500 and kinds[("meeting", True)] > 100


def test_overdue_debts_are_few_and_short(demo):
    """Old demo: 49 of 578 active clients blocked by the overdue rule, a debt 711 days past due."""
    engine, today = demo
    late = _all(engine, select(Shipment.client_id, Shipment.payment_due_on)
                .where(Shipment.payment_due_on < today, Shipment.amount_paid < Shipment.amount))
    active = [r[0] for r in _all(engine, select(Client.id).where(Client.status == "active"))]
    assert late and max((today - r.payment_due_on).days for r in late) <= 90
    assert len({r.client_id for r in late}) <= 0.1 * len(active)
    with Session(engine) as session:
        blocked = [c for c in active if overdue_block(session, c, today) is not None]
    assert len(blocked) <= 0.03 * len(active)  # a few (some days none)


def test_the_same_anchor_gives_the_same_demo(demo, tmp_path):
    """Deterministic: every generated table the realism touches comes out the same twice."""
    engine, today = demo
    if today != ANCHOR:
        pytest.skip("once is enough")
    other = make_engine(f"sqlite:///{tmp_path / 'again.sqlite3'}")
    load(other, scale="small", today=today)
    queries = [
        select(Deal.id, Deal.expected_close_on, Deal.state, Deal.stage_id, Deal.closed_at, Deal.stage_entered_at,
               Deal.lost_reason).order_by(Deal.id),
        select(AuditEntry.entity_id, AuditEntry.at, AuditEntry.user_id, AuditEntry.changes)
        .where(AuditEntry.action == "update_deal").order_by(AuditEntry.at, AuditEntry.entity_id),
        select(SalesPlan.user_id, SalesPlan.department_id, SalesPlan.month, SalesPlan.amount).order_by(SalesPlan.id),
        select(Activity.id, Activity.kind, Activity.subject, Activity.body, Activity.outcome).order_by(Activity.id),
        select(Shipment.id, Shipment.amount, Shipment.amount_paid, Shipment.paid_on, Shipment.deal_id)
        .order_by(Shipment.id),
        select(Client.id, Client.name, Client.inn, Client.email).order_by(Client.id),
        select(PipelineStage.id, PipelineStage.name).order_by(PipelineStage.id),
    ]
    for query in queries:
        assert _all(other, query) == _all(engine, query)
    other.dispose()


def test_the_bell_has_what_a_working_company_would_have(demo):
    """A demo with an empty bell looks like an unused CRM: the waiting approvals, last week's decisions and
    this morning's due and overdue tasks are there, each for its real audience."""
    engine, today = demo
    rows = _all(engine, select(Notification.user_id, Notification.kind, Notification.read_at, Notification.client_id,
                               User.role, Client.owner_id)
                .join(User, User.id == Notification.user_id).outerjoin(Client, Client.id == Notification.client_id))
    kinds = Counter(r.kind for r in rows)
    assert kinds["approval_asked"] and kinds["task_due"] + kinds["task_overdue"]
    unread_managers = {r.user_id for r in rows if r.read_at is None and r.role == "manager"}
    assert len(unread_managers) >= 5
    # a manager hears only of their own clients (or a colleague's they stand in for: the demo's stand-ins)
    with Session(engine) as session:
        stand_ins = {(s.stand_in_user_id, s.absent_user_id) for s in session.scalars(select(StandIn))}
    assert all(r.owner_id in (None, r.user_id) or (r.user_id, r.owner_id) in stand_ins
               for r in rows if r.role == "manager")
    assert {r.role for r in rows if r.kind == "approval_asked"} <= {"head", "director"}
