"""The funnel on a hand-made March 2026, with every figure worked out by hand, and what each role sees.

All times UTC; the period is March 2026 in Moscow (UTC+3). Prices: 2.50 a piece.

    D1 Anna, Альфа:  Lead 03-02 10:00 → Qualification 03-05 10:00 → Proposal 03-10 10:00 → Won 03-20 10:00
                     (40 000 pcs = 100 000)
    D2 Anna, Арктика: Lead 03-03 10:00 → Qualification 03-13 10:00 → Lost 03-23 10:00      (20 000 = 50 000)
    D3 Boris, Бета:   Lead 03-04 10:00 → Proposal 03-08 10:00 (skips a stage; stays)        (10 000 = 25 000)
    D4 Vera, Вега:    Lead 02-20 10:00 → Qualification 03-01 12:00 → back to Lead 03-06 12:00
                      → Negotiation 04-10 10:00 (after the period; stays)                  ( 8 000 = 20 000)

The world adds two open deals without history: Альфа at Proposal (300 000, 40 %) and Вега at Lead
(80 000, 10 %).
"""
import datetime as dt

import pytest

from queries import funnel
from tests.deal_fixtures import clock, move, open_deal  # noqa: F401 - the clock fixture

MARCH = {"start": dt.date(2026, 3, 1), "end": dt.date(2026, 3, 31)}
NOW = dt.datetime(2026, 5, 15, 10, tzinfo=dt.UTC)


@pytest.fixture
def march(world, db, clock):
    def at(when, login, deal, stage, **kw):
        clock.at(when)
        move(db, world, login, deal, stage, **kw)

    clock.at("2026-03-02 10:00")
    d1 = open_deal(db, world, "mgr_a", "a1", quantity="40000", title="D1", clock=clock)
    clock.at("2026-03-03 10:00")
    d2 = open_deal(db, world, "mgr_a", "a2", quantity="20000", title="D2", clock=clock)
    clock.at("2026-03-04 10:00")
    d3 = open_deal(db, world, "mgr_b", "b1", quantity="10000", title="D3", clock=clock)
    clock.at("2026-02-20 10:00")
    d4 = open_deal(db, world, "mgr_c", "c1", quantity="8000", title="D4", clock=clock)
    at("2026-03-01 12:00", "mgr_c", d4, "Qualification")
    at("2026-03-05 10:00", "mgr_a", d1, "Qualification")
    at("2026-03-06 12:00", "mgr_c", d4, "Lead")
    at("2026-03-08 10:00", "mgr_b", d3, "Proposal")
    at("2026-03-10 10:00", "mgr_a", d1, "Proposal")
    at("2026-03-13 10:00", "mgr_a", d2, "Qualification")
    at("2026-03-20 10:00", "mgr_a", d1, "Won")
    at("2026-03-23 10:00", "mgr_a", d2, "Lost", lost_reason="Цена")
    at("2026-04-10 10:00", "mgr_c", d4, "Negotiation")
    clock.at("2026-05-15 10:00")
    return world


def by_stage(df, *columns):
    return {row["stage"]: tuple(row[c] for c in columns) for _, row in df.iterrows()}


def test_stage_summary_counts_the_open_now_and_the_closed_in_the_period(march, db):
    df = funnel.stage_summary(db, march.viewer("director"), **MARCH)
    assert by_stage(df, "deals", "amount", "weighted") == {
        "Lead": (1, 80000, 8000), "Qualification": (0, 0, 0),
        "Proposal": (2, 325000, 130000),  # 300 000 × 40 % + 25 000 × 40 %
        "Negotiation": (1, 20000, 12000), "Contract": (0, 0, 0),
        "Won": (1, 100000, 100000), "Lost": (1, 50000, 0),
    }
    april = funnel.stage_summary(db, march.viewer("director"), start=dt.date(2026, 4, 1), end=dt.date(2026, 4, 30))
    assert by_stage(april, "deals")["Won"] == (0,) and by_stage(april, "deals")["Proposal"] == (2,)


def test_conversion_follows_the_deals_that_entered_each_stage(march, db):
    df = funnel.conversion(db, march.viewer("director"), **MARCH)
    assert by_stage(df, "entered", "advanced", "won") == {
        "Lead": (4, 4, 1),  # D1, D2, D3 and D4's return; all went further later, D1 was won
        "Qualification": (3, 2, 1),  # D1, D2, D4 (03-01 15:00 Moscow); D2 was lost from it
        "Proposal": (2, 1, 1),  # D1 went on to won; D3 stays
        "Negotiation": (0, 0, 0),  # D4 arrived in April
        "Contract": (0, 0, 0),
    }
    pct = by_stage(df, "to_next_pct", "to_won_pct")
    assert pct["Lead"] == (100.0, 25.0) and pct["Qualification"] == (66.7, 33.3) and pct["Proposal"] == (50.0, 50.0)
    assert pct["Negotiation"][0] != pct["Negotiation"][0]  # nothing entered: no percentage (NaN)


def test_average_days_in_stage_count_the_deals_that_left_it_in_the_period(march, db):
    df = funnel.days_in_stage(db, march.viewer("director"), **MARCH)
    got = by_stage(df, "left", "avg_days")
    # Lead: D1 3, D2 10, D3 4, D4 9 d 2 h (in since Feb 20) → 26.083 / 4; D4's second stay ends in April.
    assert got["Lead"] == (4, 6.5)
    assert got["Qualification"] == (3, 6.7)  # D1 5, D2 10 (to lost), D4 5
    assert got["Proposal"] == (1, 10.0)  # D1
    assert got["Negotiation"][0] == 0


def test_a_manager_sees_only_their_own_funnel(march, db):
    viewer = march.viewer("mgr_a")
    summary = funnel.stage_summary(db, viewer, **MARCH)
    assert by_stage(summary, "deals", "amount") == {
        "Lead": (0, 0), "Qualification": (0, 0), "Proposal": (1, 300000), "Negotiation": (0, 0),
        "Contract": (0, 0), "Won": (1, 100000), "Lost": (1, 50000)}
    assert by_stage(funnel.conversion(db, viewer, **MARCH), "entered", "advanced", "won")["Lead"] == (2, 2, 1)
    assert by_stage(funnel.days_in_stage(db, viewer, **MARCH), "left", "avg_days")["Lead"] == (2, 6.5)  # 3 and 10
    assert list(funnel.by_manager(db, viewer, **MARCH)["manager"]) == ["Anna Manager"]


def test_a_head_sees_the_department_with_a_breakdown_by_manager(march, db):
    viewer = march.viewer("head_n")
    team = funnel.by_manager(db, viewer, **MARCH).set_index("manager")
    assert list(team.index) == ["Anna Manager", "Boris Manager"]
    assert tuple(team.loc["Anna Manager", ["open_deals", "won_deals", "lost_deals", "win_rate_pct"]]) == (1, 1, 1, 50.0)
    assert tuple(team.loc["Boris Manager", ["open_deals", "open_amount", "weighted"]]) == (1, 25000, 10000)
    only_boris = funnel.stage_summary(db, viewer, **MARCH, owner_id=march.users["mgr_b"])
    assert by_stage(only_boris, "deals")["Proposal"] == (1,)
    # A head asking for another department's manager gets nothing of them.
    foreign = funnel.stage_summary(db, viewer, **MARCH, owner_id=march.users["mgr_c"])
    assert foreign["deals"].sum() == 0


def test_filters_by_territory_industry_and_department(march, db):
    viewer = march.viewer("director")
    assert funnel.stage_summary(db, viewer, **MARCH, industry_id=march.industry_id)["deals"].sum() == 6
    assert funnel.stage_summary(db, viewer, **MARCH, territory_id=march.territory_id + 999)["deals"].sum() == 0
    south = funnel.stage_summary(db, viewer, **MARCH, department_id=march.departments["South"])
    assert by_stage(south, "deals")["Negotiation"] == (1,) and south["deals"].sum() == 2


def test_stalled_deals_name_only_visible_clients(march, db):
    director = funnel.stalled_deals(db, march.viewer("director"), days=30, now=NOW)
    # On May 15: D3 idle since March 8 (68 days), D4 since April 10 (35); the world's deals are fresh.
    assert list(director["title"]) == ["D3", "D4"] and list(director["idle_days"]) == [68, 35]
    assert director.attrs["total"] == 2
    assert list(funnel.stalled_deals(db, march.viewer("director"), days=40, now=NOW)["title"]) == ["D3"]


ROLES = {"mgr_a": set(), "mgr_b": {"D3"}, "mgr_c": {"D4"}, "head_n": {"D3"}, "head_s": {"D4"},
         "director": {"D3", "D4"}, "admin": {"D3", "D4"}}
PEOPLE = {"mgr_a": {"mgr_a"}, "mgr_b": {"mgr_b"}, "mgr_c": {"mgr_c"}, "head_n": {"mgr_a", "mgr_b"},
          "head_s": {"mgr_c"}, "director": {"mgr_a", "mgr_b", "mgr_c"}, "admin": {"mgr_a", "mgr_b", "mgr_c"}}


@pytest.mark.parametrize("login", list(ROLES))
def test_no_role_sees_anybody_elses_deals(march, db, login):
    viewer = march.viewer(login)
    assert set(funnel.stalled_deals(db, viewer, days=30, now=NOW)["title"]) == ROLES[login]
    ids = {march.users[p] for p in PEOPLE[login]}
    assert set(funnel.by_manager(db, viewer, **MARCH)["user_id"]) == ids
    people = set(funnel.filter_choices(db, viewer)["people"]["id"])
    assert ids <= people and people <= ids | {march.users[u] for u in ("head_n", "head_s", "gleb")}
    # Totals add up to the people's own deals only.
    expected = {"mgr_a": 3, "mgr_b": 1, "mgr_c": 2, "head_n": 4, "head_s": 2, "director": 6, "admin": 6}
    assert funnel.stage_summary(db, viewer, **MARCH)["deals"].sum() == expected[login]
