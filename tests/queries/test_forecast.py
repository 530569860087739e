"""Forecasts: the run rate worked out by hand, the weighted pipeline as it stood on a past day, and a backtest
that must not change when the future is added — the test fails if a forecast peeks.

The story (all 2025, UTC; 2.50 a piece), looked at on 15 November 2025:

    E3 Vera, Вега:    opened 04-01 at Lead, 20 000, expected 06-05;        lost 06-03
    E1 Anna, Альфа:   opened 05-10 at Lead, 100 000, expected 06-20; Proposal 05-20;
                      after June 1: expected date → 09-30, probability 90, amount → 200 000 (06-10); won 06-25
    E2 Boris, Бета:   opened 06-05 at Lead, 10 000, expected 06-25; still open

On June 1 (Moscow) the weighted pipeline for June was E1 100 000 × 40 % + E3 20 000 × 10 % = 42 000.
"""
import datetime as dt
from decimal import Decimal

import pytest

from db.actions.deals import set_deal_lines, update_deal
from db.models import AuditEntry, SalesPlan
from queries import backtest, forecast
from tests.deal_fixtures import clock, move, open_deal, ship  # noqa: F401 - the clock fixture

TODAY = dt.date(2025, 11, 15)
JUNE = dt.date(2025, 6, 1)


def months(first: dt.date, values: list) -> dict:
    return {forecast.month_start(first, i): Decimal(str(v)) for i, v in enumerate(values)}


def test_run_rate_by_hand():
    # 2025-01 is the first (partial) month; June 2025 is the season's peak; 2026-03..05 are 120 each.
    series = months(dt.date(2025, 1, 1), [50] + [100] * 4 + [150] + [100] * 6 + [100, 100, 120, 120, 120])
    # Three months before June 2026: 120; a year earlier: 100; June 2025 / 100 = 1.5 → 180.
    assert forecast.run_rate(series, start=dt.date(2026, 6, 1), month=dt.date(2026, 6, 1)) == Decimal("180.00")
    # For July the same three months, July 2025 / 100 = 1 → 120.
    assert forecast.run_rate(series, start=dt.date(2026, 6, 1), month=dt.date(2026, 7, 1)) == Decimal("120.00")
    # March 2026: December–February at 100; a year earlier is December 2024 – February 2025, before the first
    # full month of data (February 2025): no seasonality, the plain average.
    assert forecast.run_rate(series, start=dt.date(2026, 3, 1), month=dt.date(2026, 3, 1)) == Decimal("100.00")
    # April 2026: January–March = 100, 100, 120; a year earlier 50, 100, 100 includes the partial January.
    assert forecast.run_rate(series, start=dt.date(2026, 4, 1), month=dt.date(2026, 4, 1)) == Decimal("106.67")
    # The seasonal factor is kept within 0.5–2.
    wild = {**series, dt.date(2025, 6, 1): Decimal("1000")}
    assert forecast.run_rate(wild, start=dt.date(2026, 6, 1), month=dt.date(2026, 6, 1)) == Decimal("240.00")
    # Nothing known three months back: no forecast.
    assert forecast.run_rate(series, start=dt.date(2025, 2, 1), month=dt.date(2025, 2, 1)) is None


def test_run_rate_never_reads_the_month_it_forecasts_or_later():
    series = months(dt.date(2025, 1, 1), [50] + [100] * 4 + [150] + [100] * 6 + [100, 100, 120, 120, 120])
    before = forecast.run_rate(series, start=dt.date(2026, 6, 1), month=dt.date(2026, 6, 1))
    future = {**series, **months(dt.date(2026, 6, 1), [10**9] * 12)}
    assert forecast.run_rate(future, start=dt.date(2026, 6, 1), month=dt.date(2026, 6, 1)) == before


@pytest.fixture
def story(world, db, clock):
    """Anna's shipments (paid) every month from January 2024, and the deals up to 31 May 2025, 20:00 UTC."""
    for i in range(22):  # 2024-01 .. 2025-10
        month = forecast.month_start(dt.date(2024, 1, 1), i)
        amount = {dt.date(2024, 6, 1): "150000"}.get(month, "120000" if dt.date(2025, 3, 1) <= month <= dt.date(
            2025, 5, 1) else "100000")
        if month < JUNE:
            ship(db, world, "a1", "mgr_a", month + dt.timedelta(days=9), amount, paid=amount)
    clock.at("2025-04-01 10:00")
    e3 = open_deal(db, world, "mgr_c", "c1", quantity="8000", title="E3", close_in_days=65, clock=clock)
    clock.at("2025-05-10 10:00")
    e1 = open_deal(db, world, "mgr_a", "a1", quantity="40000", title="E1", close_in_days=41, clock=clock)
    clock.at("2025-05-20 10:00")
    move(db, world, "mgr_a", e1, "Proposal")
    clock.at("2025-05-31 20:00")
    return {"e1": e1, "e3": e3}


def the_future(world, db, clock, deals):
    """What happened after June 1, 2025 (Moscow): edits, a win, a loss, a new deal, more shipments."""
    e1, e3 = deals["e1"], deals["e3"]
    clock.at("2025-06-03 10:00")
    move(db, world, "mgr_c", e3, "Lost", lost_reason="Нет бюджета")
    clock.at("2025-06-05 10:00")
    open_deal(db, world, "mgr_b", "b1", quantity="4000", title="E2", close_in_days=20, clock=clock)
    clock.at("2025-06-10 10:00")
    db.refresh(e1)
    update_deal(db, world.viewer("mgr_a"), deal_id=e1.id, expected_version=e1.version, title="E1",
                expected_close_on=dt.date(2025, 9, 30), probability=90)
    set_deal_lines(db, world.viewer("mgr_a"), deal_id=e1.id, expected_version=e1.version,
                   lines=[{"id": e1.lines[0].id, "product_id": world.product_id, "quantity": "80000"}])
    clock.at("2025-06-25 10:00")
    move(db, world, "mgr_a", e1, "Won")
    for i in range(5):  # June .. October 2025
        ship(db, world, "a1", "mgr_a", forecast.month_start(JUNE, i) + dt.timedelta(days=9), "100000", paid="100000")
    clock.at("2025-11-15 10:00")


def test_the_weighted_pipeline_as_it_stood_on_the_first_of_june(story, world, db, clock):
    director = world.viewer("director")
    the_future(world, db, clock, story)
    assert backtest.weighted_at(db, director, month=JUNE) == Decimal("42000.00")
    assert backtest.weighted_at(db, world.viewer("mgr_a"), month=JUNE) == Decimal("40000.00")
    assert backtest.weighted_at(db, world.viewer("head_s"), month=JUNE) == Decimal("2000.00")
    assert backtest.weighted_at(db, world.viewer("mgr_b"), month=JUNE) == Decimal("0.00")
    # May 1: only E3, expected in June — nothing for May. July 1: E2, overdue (June 25) → 10 % of 10 000.
    assert backtest.weighted_at(db, director, month=dt.date(2025, 5, 1)) == Decimal("0.00")
    assert backtest.weighted_at(db, director, month=dt.date(2025, 7, 1)) == Decimal("1000.00")


def test_the_backtest_does_not_change_when_the_future_is_added(story, world, db, clock):
    """Computed once before anything after June 1 existed, once after: June's forecasts must be equal."""
    director = world.viewer("director")
    before = backtest.backtest(db, director, basis="shipments", today=TODAY).set_index("month")
    the_future(world, db, clock, story)
    after = backtest.backtest(db, director, basis="shipments", today=TODAY).set_index("month")
    for column in ("weighted", "run_rate"):
        assert after.loc[JUNE, column] == before.loc[JUNE, column], column
    assert after.loc[JUNE, "weighted"] == 42000
    # The run rate on June 1: March–May 2025 at 120 000, a year earlier 100 000, June 2024 150 000 → 180 000.
    assert after.loc[JUNE, "run_rate"] == 180000
    # What happened is allowed to be known afterwards: June's shipments and its won deal.
    assert (before.loc[JUNE, "actual"], after.loc[JUNE, "actual"]) == (0, 100000)
    assert after.loc[JUNE, "won"] == 200000  # E1, won June 25 at its amount then
    assert after.loc[JUNE, "run_rate_error_pct"] == 80.0  # |180 000 − 100 000| / 100 000
    assert after.loc[JUNE, "weighted_error_pct"] == 79.0  # |42 000 − 200 000| / 200 000
    mape = after.attrs["mape"]
    assert mape["weighted"] == 79.0  # June is the only month with a won deal to compare
    assert mape["run_rate"] is not None


def test_the_forecast_ahead_and_the_plan(story, world, db, clock):
    the_future(world, db, clock, story)
    db.add_all([SalesPlan(department_id=world.departments["North"], month=dt.date(2026, 1, 1),
                          amount=Decimal("500000")),
                SalesPlan(user_id=world.users["mgr_a"], month=dt.date(2026, 1, 1), amount=Decimal("300000")),
                SalesPlan(user_id=world.users["mgr_a"], month=dt.date(2025, 12, 1), amount=Decimal("250000"))])
    db.flush()
    director = forecast.forecast(db, world.viewer("director"), months=3, basis="shipments", today=TODAY)
    assert [m.isoformat() for m in director["month"]] == ["2025-11-01", "2025-12-01", "2026-01-01"]
    # E2 (10 000 × 10 %, expected June 25) is overdue by more than 30 days: in no month, but overdue pipeline.
    assert list(director["weighted"]) == [0.0, 0.0, 0.0]
    overdue = director.attrs["overdue"]
    assert (overdue["count"], overdue["amount"], overdue["weighted"]) == (1, 10000.0, 1000.0)
    # The world's two open deals have no expected date: 300 000 × 40 % + 80 000 × 10 %.
    assert director.attrs["undated"] == 128000.0
    # Run rate: August–October 100 000 each; a year earlier 100 000; November 2024 100 000 → 100 000.
    assert list(director["run_rate"]) == [100000.0, 100000.0, 100000.0]
    assert director["plan"].tolist()[1:] == [250000.0, 500000.0]  # December: personal plans; January: the department's
    manager = forecast.forecast(db, world.viewer("mgr_a"), months=3, basis="shipments", today=TODAY)
    assert manager["plan"].tolist()[1:] == [250000.0, 300000.0] and list(manager["weighted"]) == [0.0, 0.0, 0.0]
    vera = forecast.forecast(db, world.viewer("mgr_c"), months=3, basis="shipments", today=TODAY)
    assert list(vera["run_rate"]) == [0.0, 0.0, 0.0] and vera.attrs["undated"] == 8000.0


@pytest.mark.parametrize(("login", "june"), [("mgr_a", 42000 - 2000), ("mgr_b", 0), ("mgr_c", 2000),
                                             ("head_n", 40000), ("head_s", 2000), ("director", 42000)])
def test_each_role_forecasts_only_its_own_people(story, world, db, clock, login, june):
    the_future(world, db, clock, story)
    past = backtest.backtest(db, world.viewer(login), basis="won", today=TODAY).set_index("month")
    assert past.loc[JUNE, "weighted"] == june
    won = 200000 if login in ("mgr_a", "head_n", "director") else 0
    assert past.loc[JUNE, "won"] == won and past.loc[JUNE, "actual"] == won


def test_a_manager_cannot_ask_for_someone_elses_figures(story, world, db, clock):
    the_future(world, db, clock, story)
    viewer = world.viewer("mgr_b")
    past = backtest.backtest(db, viewer, basis="shipments", today=TODAY, owner_id=world.users["mgr_a"])
    assert past["weighted"].sum() == 0 and past["actual"].sum() == 0 and past["won"].sum() == 0
    ahead = forecast.forecast(db, viewer, basis="shipments", today=TODAY, owner_id=world.users["mgr_a"])
    assert ahead["plan"].isna().all() and ahead.attrs["undated"] == 0
    # Their own department narrows nothing beyond their own deals (E2, expected June 25: 1 000 on July 1;
    # from August 1 it was overdue by more than 30 days, in no month).
    own = backtest.backtest(db, viewer, basis="shipments", today=TODAY)
    north = backtest.backtest(db, viewer, basis="shipments", today=TODAY, department_id=world.departments["North"])
    assert north["weighted"].tolist() == own["weighted"].tolist() and own["weighted"].sum() == 1000


def test_an_edit_of_other_fields_keeps_the_values_of_then(story, world, db, clock):
    """E1 edited after June 1 only in its title (an audited edit with no amount, probability or date),
    then as the story goes: June 1 still reads its amount, probability and date of then — the first
    edit of each field after the moment, not merely the first edit (issue 19 dropped the EXISTS guard)."""
    e1 = story["e1"]
    clock.at("2025-06-02 10:00")
    db.refresh(e1)
    update_deal(db, world.viewer("mgr_a"), deal_id=e1.id, expected_version=e1.version, title="E1 renamed",
                expected_close_on=e1.expected_close_on, probability=e1.probability)
    entry = db.query(AuditEntry).filter(AuditEntry.entity == "deal", AuditEntry.entity_id == str(e1.id)).order_by(
        AuditEntry.id.desc()).first()
    assert entry is not None and set(entry.changes) == {"title"}
    the_future(world, db, clock, story)
    assert backtest.weighted_at(db, world.viewer("director"), month=JUNE) == Decimal("42000.00")


@pytest.mark.parametrize("login", ["mgr_a", "mgr_c", "head_n", "director"])
def test_the_backtest_is_its_two_halves(story, world, db, clock, login):
    """The page reads `said` (deals, audit) and `truth` (deals, shipments) apart, so a shipments
    import leaves the reconstruction warm: put together they are the backtest, figure for figure."""
    the_future(world, db, clock, story)
    viewer = world.viewer(login)
    for basis in ("shipments", "won"):
        whole = backtest.backtest(db, viewer, basis=basis, today=TODAY)
        halves = backtest.compared(backtest.truth(db, viewer, basis=basis, today=TODAY),
                                   backtest.said(db, viewer, today=TODAY))
        assert whole.equals(halves) and whole.attrs == halves.attrs
        assert halves["weighted"].tolist() == [float(backtest.weighted_at(db, viewer, month=m)) for m in whole["month"]]


@pytest.mark.parametrize("login", ["mgr_a", "mgr_b", "mgr_c", "head_n", "head_s", "director"])
def test_every_month_at_once_equals_each_month_alone(story, world, db, clock, login):
    """weighted_by_month (what `said` reads on PostgreSQL) against weighted_at, month by month, with
    audited edits of every kind after June 1 (an edit of the title only, then date, probability
    and amount), a loss, a win and a new deal; for the whole year and per manager and department."""
    e1 = story["e1"]
    clock.at("2025-06-02 10:00")
    db.refresh(e1)
    update_deal(db, world.viewer("mgr_a"), deal_id=e1.id, expected_version=e1.version, title="E1 renamed",
                expected_close_on=e1.expected_close_on, probability=e1.probability)
    the_future(world, db, clock, story)
    viewer = world.viewer(login)
    past = [forecast.month_start(dt.date(2025, 11, 1), -k) for k in range(12, 0, -1)]
    for who in ({}, {"owner_id": world.users["mgr_a"]}, {"department_id": world.departments["North"]}):
        at_once = backtest.weighted_by_month(db, viewer, months=past, **who)
        assert at_once == {m: backtest.weighted_at(db, viewer, month=m, **who) for m in past}, who
    if login == "director":
        assert at_once[JUNE] == Decimal("40000.00")  # North's: E1 at 40 %
