"""Commission by hand: the tier edges, no plan, flat schemes, the next tier, which scheme applies when."""
import datetime as dt
from decimal import Decimal as D

import pytest

from queries.commission import Scheme, Tier, compute, next_tier, scheme_for

STANDARD = Scheme(id=1, name="standard", kind="tiered", role="manager", user_id=None,
                  effective_from=dt.date(2024, 1, 1), flat_rate_pct=None,
                  tiers=(Tier(D(0), D(0), "actual"), Tier(D(80), D(3), "actual"), Tier(D(100), D(5), "excess")))
FLAT = Scheme(id=2, name="flat", kind="flat", role="manager", user_id=None, effective_from=dt.date(2024, 1, 1),
              flat_rate_pct=D("2.5"), tiers=())
PLAN = D("1000000")


@pytest.mark.parametrize(("actual", "expected"), [
    ("0", "0.00"),
    ("799999.99", "0.00"),  # 79.999999 %: below the 80 % tier
    ("800000", "24000.00"),  # exactly 80 %: 3 % of 800 000
    ("800000.01", "24000.00"),  # 3 % of 800 000.01 = 24 000.0003
    ("999999.99", "30000.00"),  # 3 % = 29 999.9997, rounded once
    ("1000000", "30000.00"),  # exactly 100 %: nothing above the plan yet
    ("1000100", "30008.00"),  # just above: 3 % × 1 000 100 = 30 003 + 5 % × 100 = 5
    ("1200000", "46000.00"),  # 36 000 + 5 % × 200 000
])
def test_standard_scheme_at_the_edges(actual, expected):
    got = compute(STANDARD, plan=PLAN, actual=D(actual))
    assert got.amount == D(expected) and got.missing is None


def test_thresholds_compare_exactly_not_through_a_rounded_percentage():
    plan = D("333333.33")  # 80 % of it is 266 666.664
    assert compute(STANDARD, plan=plan, actual=D("266666.66")).amount == D("0.00")
    reached = compute(STANDARD, plan=plan, actual=D("266666.67"))
    assert reached.amount == D("8000.00") and reached.actual_rate_pct == 3  # 3 % × 266 666.67 = 8 000.0001


def test_rates_applied_are_reported():
    got = compute(STANDARD, plan=PLAN, actual=D("1200000"))
    assert (got.actual_rate_pct, got.excess_rate_pct) == (3, 5)


@pytest.mark.parametrize("plan", [None, D("0"), 0])
def test_no_plan_means_no_tiered_commission_and_no_division(plan):
    got = compute(STANDARD, plan=plan, actual=D("500000"))
    assert got.amount is None and got.missing == "plan"
    assert next_tier(STANDARD, plan=plan, actual=D("500000")) is None


def test_flat_scheme_is_rate_times_actual_with_or_without_plan():
    assert compute(FLAT, plan=None, actual=D("1234567.89")).amount == D("30864.20")  # 30 864.19725
    assert compute(FLAT, plan=PLAN, actual=D("1234567.89")).amount == D("30864.20")
    assert next_tier(FLAT, plan=PLAN, actual=D("1")) is None


def test_no_scheme():
    got = compute(None, plan=PLAN, actual=D("900000"))
    assert got.amount is None and got.missing == "scheme"


def test_lowest_tier_above_zero_pays_nothing_below_it():
    scheme = Scheme(id=3, name="x", kind="tiered", role="manager", user_id=None, effective_from=dt.date(2024, 1, 1),
                    flat_rate_pct=None, tiers=(Tier(D(50), D(1), "actual"),))
    assert compute(scheme, plan=PLAN, actual=D("499999")).amount == 0
    assert compute(scheme, plan=PLAN, actual=D("500000")).amount == D("5000.00")


@pytest.mark.parametrize(("actual", "tier", "needed"), [
    ("500000", 80, "300000.00"),
    ("799999.99", 80, "0.01"),
    ("800000", 100, "200000.00"),
    ("999999.99", 100, "0.01"),
])
def test_next_tier_and_how_much_more_it_takes(actual, tier, needed):
    got = next_tier(STANDARD, plan=PLAN, actual=D(actual))
    assert (got.from_pct, got.needed) == (tier, D(needed))


def test_no_next_tier_at_the_top_and_the_need_rounds_up_to_a_kopeck():
    assert next_tier(STANDARD, plan=PLAN, actual=PLAN) is None
    odd = next_tier(STANDARD, plan=D("333333.33"), actual=D("0"))
    assert odd.needed == D("266666.67")  # 266 666.664 rounded up: selling that reaches the tier
    assert compute(STANDARD, plan=D("333333.33"), actual=odd.needed).amount == D("8000.00")


def _scheme(id_, start, *, role="manager", user_id=None):
    return Scheme(id=id_, name=str(id_), kind="flat", role=None if user_id else role, user_id=user_id,
                  effective_from=start, flat_rate_pct=D(id_), tiers=())


def test_a_scheme_changed_mid_quarter_applies_forward_only():
    old, new = _scheme(1, dt.date(2025, 1, 1)), _scheme(2, dt.date(2025, 5, 1))
    schemes = [new, old]
    assert scheme_for(schemes, user_id=7, role="manager", month=dt.date(2025, 4, 1)) is old
    assert scheme_for(schemes, user_id=7, role="manager", month=dt.date(2025, 5, 1)) is new
    assert scheme_for(schemes, user_id=7, role="manager", month=dt.date(2025, 6, 1)) is new
    assert scheme_for(schemes, user_id=7, role="manager", month=dt.date(2024, 12, 1)) is None
    assert scheme_for(schemes, user_id=7, role="head", month=dt.date(2025, 6, 1)) is None


def test_a_scheme_starting_mid_month_waits_for_the_next_month():
    old, new = _scheme(1, dt.date(2025, 1, 1)), _scheme(2, dt.date(2025, 5, 15))
    assert scheme_for([old, new], user_id=7, role="manager", month=dt.date(2025, 5, 1)) is old
    assert scheme_for([old, new], user_id=7, role="manager", month=dt.date(2025, 6, 1)) is new


def test_a_personal_scheme_beats_the_role_one_only_for_that_person_and_from_its_month():
    role, personal = _scheme(1, dt.date(2025, 1, 1)), _scheme(3, dt.date(2025, 3, 1), user_id=7)
    later_role = _scheme(2, dt.date(2025, 6, 1))
    schemes = [role, personal, later_role]
    assert scheme_for(schemes, user_id=7, role="manager", month=dt.date(2025, 2, 1)) is role
    assert scheme_for(schemes, user_id=7, role="manager", month=dt.date(2025, 3, 1)) is personal
    assert scheme_for(schemes, user_id=7, role="manager", month=dt.date(2025, 7, 1)) is personal
    assert scheme_for(schemes, user_id=8, role="manager", month=dt.date(2025, 7, 1)) is later_role
