"""A person's plan from the database: % of plan, pace, commission, 12 months, what-if, the basis.

March 2025 (31 days) is the month of these tests, far from the world's own
rows (this month), with the standard scheme: below 80 % nothing, from 80 %
3 % of the actual, from 100 % plus 5 % of the part above the plan.
"""
import datetime as dt
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from db.models import (
    CommissionScheme,
    CommissionTier,
    Deal,
    DealState,
    SalesPlan,
    Setting,
    Shipment,
    StandIn,
    User,
)
from queries import plans

MARCH = dt.date(2025, 3, 1)


def add_scheme(db, start=dt.date(2024, 1, 1), tiers=((0, 0, "actual"), (80, 3, "actual"), (100, 5, "excess")),
               *, kind="tiered", flat=None, role="manager", user_id=None):
    scheme = CommissionScheme(name=f"s{start}", kind=kind, role=None if user_id else role, user_id=user_id,
                              effective_from=start, flat_rate_pct=flat,
                              tiers=[CommissionTier(from_pct=D(f), rate_pct=D(r), base=b) for f, r, b in tiers])
    db.add(scheme)
    db.flush()
    return scheme


def ship(db, world, login, day, amount, client="a1"):
    db.add(Shipment(client_id=world.clients[client], product_id=world.product_id, manager_id=world.users[login],
                    shipped_on=day, quantity=D(1), amount=D(amount)))
    db.flush()


def plan(db, world, login, month, amount):
    db.add(SalesPlan(user_id=world.users[login], month=month, amount=D(amount)))
    db.flush()


@pytest.fixture
def march(world, db):
    """Anna: plan 1 000 000, shipped 800 000 by the 10th (exactly 80 %). Boris: none. Vera: shipped 50 000."""
    add_scheme(db)
    plan(db, world, "mgr_a", MARCH, "1000000")
    ship(db, world, "mgr_a", dt.date(2025, 3, 3), "400000")
    ship(db, world, "mgr_a", dt.date(2025, 3, 10), "400000", client="a2")
    ship(db, world, "mgr_a", dt.date(2025, 2, 28), "999")  # February: not March
    ship(db, world, "mgr_c", dt.date(2025, 3, 5), "50000", client="c1")
    return world


def test_progress_at_exactly_80_percent(march, db):
    p = plans.plan_progress(db, march.viewer("mgr_a"), today=dt.date(2025, 3, 10))
    assert (p.month, p.basis, p.plan, p.actual) == (MARCH, "shipments", D("1000000.00"), D("800000.00"))
    assert p.pct == pytest.approx(80.0) and p.remaining == D("200000.00")
    assert p.pace == D("2480000.00")  # 800 000 in 10 of 31 days → × 31 / 10
    assert p.pace_pct == pytest.approx(248.0)
    assert p.commission.amount == D("24000.00")  # 3 % of 800 000
    assert (p.next_tier.from_pct, p.next_tier.needed, p.next_tier.base) == (100, D("200000.00"), "excess")


def test_no_plan_set_is_not_a_crash(march, db):
    p = plans.plan_progress(db, march.viewer("mgr_b"), today=dt.date(2025, 3, 10))
    assert p.plan is None and p.pct is None and p.remaining is None and p.pace_pct is None
    assert p.actual == 0 and p.pace == 0
    assert p.commission.amount is None and p.commission.missing == "plan" and p.next_tier is None


def test_zero_plan_reads_as_no_plan(march, db):
    plan(db, march, "mgr_c", MARCH, "0")
    p = plans.plan_progress(db, march.viewer("mgr_c"), today=dt.date(2025, 3, 20))
    assert p.plan is None and p.pct is None and p.actual == D("50000.00") and p.commission.missing == "plan"


def test_a_manager_who_joined_mid_month_is_paced_from_the_hire_date(march, db):
    db.get(User, march.users["mgr_b"]).hired_on = dt.date(2025, 3, 16)
    plan(db, march, "mgr_b", MARCH, "500000")
    ship(db, march, "mgr_b", dt.date(2025, 3, 18), "100000", client="b1")
    p = plans.plan_progress(db, march.viewer("mgr_b"), today=dt.date(2025, 3, 20))
    # Worked 5 days (16th–20th) of the 16 from the 16th to the 31st: 100 000 × 16 / 5.
    assert p.pace == D("320000.00") and p.pace_pct == pytest.approx(64.0)
    assert p.pct == pytest.approx(20.0) and p.commission.amount == 0
    before = plans.plan_progress(db, march.viewer("mgr_b"), today=dt.date(2025, 3, 10))
    assert before.pace is None  # not started yet


def test_history_uses_each_months_own_scheme_after_a_mid_quarter_change(march, db):
    # From February, a stricter scheme: 4 % of the actual from 90 %. January keeps the standard one.
    add_scheme(db, start=dt.date(2025, 2, 1), tiers=((90, 4, "actual"),))
    plan(db, march, "mgr_a", dt.date(2025, 1, 1), "1000000")
    ship(db, march, "mgr_a", dt.date(2025, 1, 15), "850000")
    plan(db, march, "mgr_a", dt.date(2025, 2, 1), "1000000")
    ship(db, march, "mgr_a", dt.date(2025, 2, 14), "949001")  # + 999 on the 28th = 950 000
    h = plans.plan_history(db, march.viewer("mgr_a"), months=3, today=dt.date(2025, 3, 10)).set_index("month")
    assert list(h.index) == [dt.date(2025, 1, 1), dt.date(2025, 2, 1), MARCH]
    assert h.loc[dt.date(2025, 1, 1), "commission"] == D("25500.00")  # standard: 3 % × 850 000
    assert h.loc[dt.date(2025, 2, 1), "actual"] == D("950000.00")
    assert h.loc[dt.date(2025, 2, 1), "commission"] == D("38000.00")  # new: 4 % × 950 000
    assert h.loc[MARCH, "commission"] == 0  # 80 % is below the new scheme's 90 %
    assert h.loc[MARCH, "plan_pct"] == pytest.approx(80.0)


def test_history_has_twelve_months_with_gaps_as_no_plan(march, db):
    h = plans.plan_history(db, march.viewer("mgr_b"), today=dt.date(2025, 3, 10))
    assert len(h) == 12 and h["month"].iloc[0] == dt.date(2024, 4, 1) and h["month"].iloc[-1] == MARCH
    assert h["plan"].isna().all() and (h["actual"] == 0).all() and h["commission"].isna().all()


def test_a_personal_scheme_beats_the_role_one(march, db):
    add_scheme(db, start=dt.date(2025, 3, 1), kind="flat", flat=D("1.5"), user_id=march.users["mgr_a"])
    p = plans.plan_progress(db, march.viewer("mgr_a"), today=dt.date(2025, 3, 10))
    assert p.commission.amount == D("12000.00") and p.next_tier is None  # 1.5 % × 800 000


def test_what_if_counts_only_own_open_deals(march, db):
    mine = db.scalar(select(Deal.id).where(Deal.owner_id == march.users["mgr_a"]))
    foreign = db.scalar(select(Deal.id).where(Deal.owner_id == march.users["mgr_c"]))
    p = plans.what_if(db, march.viewer("mgr_a"), deal_ids=(mine, foreign, 999999), today=dt.date(2025, 3, 10))
    # + 300 000: 1 100 000 of 1 000 000 → 3 % × 1 100 000 + 5 % × 100 000 = 33 000 + 5 000
    assert p.added == D("300000.00") and p.actual == D("1100000.00") and p.pct == pytest.approx(110.0)
    assert p.commission.amount == D("38000.00")
    assert p.pace == D("2480000.00")  # the pace stays that of what really happened
    only_foreign = plans.what_if(db, march.viewer("mgr_a"), deal_ids=(foreign,), today=dt.date(2025, 3, 10))
    assert only_foreign.added == 0 and only_foreign.actual == D("800000.00")


@pytest.mark.parametrize("login", ["mgr_a", "mgr_b", "mgr_c"])
def test_open_deals_for_the_what_if_are_only_ones_own(march, db, login):
    deals = plans.my_open_deals(db, march.viewer(login))
    owners = {db.get(Deal, int(i)).owner_id for i in deals["id"]}
    assert owners <= {march.users[login]}


def test_a_stand_in_sees_none_of_the_absent_colleagues_figures(march, db):
    db.add(StandIn(absent_user_id=march.users["mgr_a"], stand_in_user_id=march.users["mgr_b"],
                   starts_on=dt.date(2025, 3, 1), ends_on=dt.date(2025, 3, 31)))
    db.flush()
    p = plans.plan_progress(db, march.viewer("mgr_b"), today=dt.date(2025, 3, 10))
    assert p.actual == 0 and p.plan is None
    h = plans.plan_history(db, march.viewer("mgr_b"), today=dt.date(2025, 3, 10))
    assert (h["actual"] == 0).all()
    anna_deal = db.scalar(select(Deal.id).where(Deal.owner_id == march.users["mgr_a"]))
    assert plans.what_if(db, march.viewer("mgr_b"), deal_ids=(anna_deal,), today=dt.date(2025, 3, 10)).added == 0


def _won(db, world, login, closed_at, amount, client="a1"):
    db.add(Deal(title=f"won {closed_at}", client_id=world.clients[client], owner_id=world.users[login],
                stage_id=world.stages["Won"], state=DealState.WON, amount=D(amount), probability=100,
                closed_at=closed_at))
    db.flush()


def test_won_deals_basis_counts_by_the_company_day_of_closing(march, db):
    db.add(Setting(key="plan_basis", value="won_deals"))
    utc = dt.UTC
    _won(db, march, "mgr_a", dt.datetime(2025, 3, 5, 10, 0, tzinfo=utc), "500000")
    _won(db, march, "mgr_a", dt.datetime(2025, 2, 28, 22, 30, tzinfo=utc), "400000")  # 1 March 01:30 in Moscow
    _won(db, march, "mgr_a", dt.datetime(2025, 3, 31, 21, 30, tzinfo=utc), "77777")  # 1 April in Moscow
    _won(db, march, "mgr_c", dt.datetime(2025, 3, 6, 10, 0, tzinfo=utc), "123456", client="c1")
    p = plans.plan_progress(db, march.viewer("mgr_a"), today=dt.date(2025, 3, 10))
    assert p.basis == "won_deals" and p.actual == D("900000.00")  # shipments no longer count
    assert p.commission.amount == D("27000.00")  # 90 %: 3 % × 900 000
    assert plans.current_basis(db, march.viewer("mgr_a")) == "won_deals"
