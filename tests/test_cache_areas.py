"""Cached reads keyed by the data areas they read (issue 19): warm where a write did not touch
them, never stale where it did.

Every declared query that needs no arguments is loaded through ui/data.loader as the director
and as a manager, a write is run the way pages run it (ui/data.run_action), and every query is
loaded again: each value must equal a fresh, uncached computation from the tables, and the
queries of areas the write did not touch must come from the cache (their statements not run).
What each query reads is checked against its declaration on every page test
(tests/pages/conftest.py, tests/cache_reads.py) and once more here.
"""
from __future__ import annotations

import dataclasses
import inspect
from collections import Counter

import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.actions.activities import log_activity
from db.actions.deal_moves import move_deal
from db.actions.notifications import mark_read
from db.errors import DomainError
from db.generation import AREA_IDS
from db.models import Deal, Notification
from tests.cache_reads import recording, undeclared
from ui import cache_areas, data

ABC = "queries.abc_report.abc_report"
FORECAST = "queries.forecast.forecast"
BOARD = "queries.board.board"
UNREAD = "queries.notifications.unread_count"
SAID = "queries.backtest.said"  # the backtest's past forecasts: deals and the deals' audited edits


def _query(name: str):
    module, _, attr = name.rpartition(".")
    target = __import__(module, fromlist=[attr])
    return getattr(target, attr)


def _plain_queries() -> dict[str, object]:
    """The declared queries callable with no arguments (their filters all have defaults)."""
    found = {}
    for name in cache_areas.QUERY_AREAS:
        try:
            query = _query(name)
        except (ImportError, AttributeError):
            continue
        params = list(inspect.signature(query).parameters.values())[2:]
        if all(p.default is not p.empty or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL) for p in params):
            found[name] = query
    return found


def same(a, b) -> bool:
    if isinstance(a, pd.DataFrame | pd.Series):
        return isinstance(b, type(a)) and a.equals(b)
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return type(a) is type(b) and all(same(getattr(a, f.name), getattr(b, f.name))
                                          for f in dataclasses.fields(a))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def load_all(queries: dict) -> tuple[dict, Counter]:
    """Every query through its loader: {name: value}, and which of them ran (not from the cache)."""
    ran: Counter = Counter()
    values = {}
    with recording() as reads:
        for name, query in queries.items():
            load = data.loader(query)

            def counted(*args, _query=query, _name=name, **kwargs):
                ran[_name] += 1
                return _query(*args, **kwargs)

            data._QUERIES[name] = counted
            try:
                values[name] = load()
            finally:
                data._QUERIES[name] = query
        assert not undeclared(reads), undeclared(reads)
    return values, ran


def fresh(engine, viewer, queries: dict) -> dict:
    with Session(engine) as session:
        return {name: query(session, viewer) for name, query in queries.items()}


def test_the_declarations_name_known_areas_and_cover_the_loaded_queries():
    assert all(areas and set(areas) <= set(AREA_IDS) for areas in cache_areas.QUERY_AREAS.values())
    import ui.client_card  # noqa: F401 - a few modules with loaders, registered on import
    import ui.navigation  # noqa: F401
    import ui.prices  # noqa: F401
    missing = sorted(set(data._QUERIES) - set(cache_areas.QUERY_AREAS))
    assert not missing, f"cached queries without declared areas (ui/cache_areas.py): {missing}"


@pytest.mark.parametrize("login", ["director", "mgr_a"])
def test_a_write_keeps_other_areas_warm_and_no_figure_stale(as_viewer, engine, seeded, login):
    viewer = as_viewer(login)
    queries = {}
    with Session(engine) as session:
        for name, query in _plain_queries().items():
            try:
                query(session, viewer)
            except DomainError:  # needs a record to show (a client's documents): not plain after all
                continue
            queries[name] = query
    assert {ABC, FORECAST, BOARD, UNREAD, SAID} <= queries.keys() and len(queries) > 40
    before, ran = load_all(queries)
    assert set(ran) == set(queries)  # a cold cache: every query ran
    assert all(same(before[n], v) for n, v in fresh(engine, viewer, queries).items())

    # A call logged: activities move; the forecast and the deal board stay warm (the ABC shows last contacts).
    as_viewer("mgr_a")  # the writer: the owner of a1 (the same process, as another person)
    data.run_action(log_activity, client_id=seeded.clients["a1"], kind="call", subject="Called again")
    as_viewer(login)
    after, ran = load_all(queries)
    assert not ran.keys() & {FORECAST, BOARD, SAID}  # the call's audit row is not a deal's
    recomputed = fresh(engine, viewer, queries)
    stale = [n for n in queries if not same(after[n], recomputed[n])]
    assert not stale, f"stale after a call logged: {stale}"
    reading_activities = {n for n in queries if "activities" in cache_areas.QUERY_AREAS[n]}
    assert reading_activities and reading_activities <= set(ran)

    # A deal moved: the board is read again, the ABC (shipments) stays warm.
    with Session(engine) as session:
        deal = session.scalars(select(Deal).where(Deal.client_id == seeded.clients["a1"])).first()
    as_viewer("mgr_a")
    data.run_action(move_deal, deal_id=deal.id, expected_version=deal.version,
                    to_stage_id=seeded.stages["Negotiation"])
    as_viewer(login)
    after, ran = load_all(queries)
    assert BOARD in ran and SAID in ran and ABC not in ran
    recomputed = fresh(engine, viewer, queries)
    stale = [n for n in queries if not same(after[n], recomputed[n])]
    assert not stale, f"stale after a deal moved: {stale}"

    # A notification read: only what reads notifications runs again.
    with Session(engine, expire_on_commit=False) as session:
        note = Notification(user_id=viewer.person_id, kind="task_due", params={})
        session.add(note)
        session.commit()
    data.run_action(mark_read, notification_id=note.id)
    after, ran = load_all(queries)
    assert set(ran) == {n for n in queries if "notifications" in cache_areas.QUERY_AREAS[n]}
    recomputed = fresh(engine, viewer, queries)
    stale = [n for n in queries if not same(after[n], recomputed[n])]
    assert not stale, f"stale after a notification read: {stale}"
