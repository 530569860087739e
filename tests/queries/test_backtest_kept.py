"""The backtest's past months kept in the app (issue 19, queries/backtest.py `_kept_months`): after a
deal move this month, a backdated audited edit, a handover and a history row before the months, the
kept figures must equal a computation afresh (`weighted_by_month`, itself checked against
`weighted_at`) for every role — and a write that changes a past figure must show in it.

The story of tests/queries/test_forecast.py; E2 (Boris, expected June 25, 10 000 at 10 %) is what the
July 1 figure holds."""
import datetime as dt

import pytest

from db.actions.handover import hand_over_clients
from db.models import AuditEntry, Deal, DealStageChange
from queries import backtest, forecast
from tests.deal_fixtures import clock, move  # noqa: F401 - the clock fixture
from tests.queries.test_forecast import TODAY, story, the_future  # noqa: F401 - the story fixture

JULY = dt.date(2025, 7, 1)
LOGINS = ("mgr_a", "mgr_b", "mgr_c", "head_n", "head_s", "director")


@pytest.fixture
def kept(monkeypatch):
    monkeypatch.setattr(backtest, "keeping", "test")
    monkeypatch.setattr(backtest.kept_parts, "kept_now", lambda: True)  # as inside the app's cached reads
    monkeypatch.setattr(backtest, "_KEPT", {})
    return backtest._KEPT


def figures(db, world, **who) -> dict[str, dict]:
    return {login: backtest.said(db, world.viewer(login), today=TODAY, **who) for login in LOGINS}


def afresh(db, world, monkeypatch, **who) -> dict[str, dict]:
    with monkeypatch.context() as m:
        m.setattr(backtest, "keeping", None)
        return figures(db, world, **who)


def only(kept: dict) -> backtest._Kept:
    assert len(kept) == 1
    return next(iter(kept.values()))


def test_kept_months_equal_a_computation_afresh_after_each_write(story, world, db, clock, kept, monkeypatch):
    the_future(world, db, clock, story)
    assert figures(db, world) == afresh(db, world, monkeypatch)
    assert figures(db, world)["director"][JULY] == 1000.0  # E2: 10 000 × 10 %
    built = only(kept)
    for who in ({"owner_id": world.users["mgr_b"]}, {"department_id": world.departments["North"]}):
        assert figures(db, world, **who) == afresh(db, world, monkeypatch, **who), who
    assert only(kept) is built  # nothing written: the kept months as they were

    # A move this month (E2 Lead → Proposal): recomputed for E2 alone, the past unchanged.
    e2 = db.query(Deal).filter(Deal.title == "E2").one()
    move(db, world, "mgr_b", e2, "Proposal")
    assert figures(db, world) == afresh(db, world, monkeypatch)
    assert figures(db, world)["director"][JULY] == 1000.0
    moved = only(kept)
    assert moved is not built and moved.deals is not built.deals and e2.id in moved.deals

    # A backdated audited edit (an amount of then, written now with June 20's date): July 1 reads it.
    db.add(AuditEntry(action="update_deal", entity="deal", entity_id=str(e2.id),
                      at=dt.datetime(2025, 6, 20, 10, tzinfo=dt.UTC), changes={"amount": ["30000.00", "10000.00"]}))
    db.flush()
    now = figures(db, world)
    assert now == afresh(db, world, monkeypatch)
    assert now["director"][JULY] == 3000.0 and now["mgr_b"][JULY] == 3000.0

    # A handover of E2's client to Anna: Boris's past no longer holds E2, Anna's does.
    hand_over_clients(db, world.viewer("director"), client_ids=[world.clients["b1"]], to_user_id=world.users["mgr_a"])
    now = figures(db, world)
    assert now == afresh(db, world, monkeypatch)
    assert now["mgr_b"][JULY] == 0.0 and now["mgr_a"][JULY] == 3000.0 and now["director"][JULY] == 3000.0
    assert only(kept) is not moved

    # A history row before the last month (a backdated import): everything computed again, still equal.
    db.add(DealStageChange(deal_id=e2.id, from_stage_id=None, to_stage_id=world.stages["Lead"], user_id=None,
                           changed_at=dt.datetime(2025, 3, 1, tzinfo=dt.UTC),
                           left_at=dt.datetime(2025, 3, 2, tzinfo=dt.UTC)))
    db.flush()
    assert figures(db, world) == afresh(db, world, monkeypatch)


def test_a_late_commit_below_the_kept_ids_computes_everything_again(story, world, db, clock, kept, monkeypatch):
    """A row whose id is below the kept maximum (PostgreSQL's sequence, committed late) is seen by the
    count, not by the ids: the kept months are then computed from scratch, never left stale."""
    the_future(world, db, clock, story)
    figures(db, world)
    built = only(kept)
    backtest._KEPT[next(iter(kept))] = backtest._Kept(built.deals, built.totals_all, built.totals_alive,
                                                      built.audit_max + 10, built.audit_count - 1,
                                                      built.history_max, built.history_count)
    assert figures(db, world) == afresh(db, world, monkeypatch)
    rebuilt = only(kept)
    assert rebuilt.audit_count == built.audit_count and rebuilt.audit_max == built.audit_max


def test_past_months_move_on_with_the_calendar(story, world, db, clock, kept, monkeypatch):
    the_future(world, db, clock, story)
    later = forecast.month_start(TODAY, 1) + dt.timedelta(days=3)
    backtest.said(db, world.viewer("director"), today=TODAY)
    with monkeypatch.context() as m:
        m.setattr(backtest, "keeping", None)
        fresh = backtest.said(db, world.viewer("director"), today=later)
    assert backtest.said(db, world.viewer("director"), today=later) == fresh
    assert len(kept) == 1  # December's months replaced November's


def test_outside_the_apps_cached_reads_nothing_is_kept(story, world, db, clock, monkeypatch):
    """A script's or a test's call (no cached read of the app running) computes afresh, even in a
    process where the forecast page ran (`keeping` set): it never reads or fills the kept months."""
    monkeypatch.setattr(backtest, "keeping", "a page ran here")
    monkeypatch.setattr(backtest, "_KEPT", {})
    the_future(world, db, clock, story)
    assert figures(db, world)["director"][JULY] == 1000.0
    assert backtest._KEPT == {}


def test_an_emptied_cache_leaves_one_kept_computation(story, world, db, clock, kept, monkeypatch):
    """The caches emptied (a new epoch, ui/data.cache_epoch): the next run builds the months again and
    the earlier epoch's computation — the whole company's deals — is let go, not kept beside it."""
    the_future(world, db, clock, story)
    figures(db, world)
    first = only(kept)
    monkeypatch.setattr(backtest, "keeping", "after the caches were emptied")
    assert figures(db, world) == afresh(db, world, monkeypatch)
    assert only(kept) is not first
