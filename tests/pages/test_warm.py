"""The server's own reads when it starts and after midnight (ui/warm.py, issue 19): after them the heavy
pages' first runs read nothing again — the director's pages come from the cache whole, and another
role's pages find every company-wide part kept. A page whose default filters drift from `page_reads`
fails here."""
from __future__ import annotations

import datetime as dt

import pytest

from queries import abc, abc_report, activity_report, backtest, clients, duplicates, forecast, funnel, my_day
from tests.kept_runs import count_runs
from ui import data, warm

from .conftest import signed_in

PAGES = ("pages/forecast.py", "pages/activity.py", "pages/abc.py", "pages/clients.py", "pages/duplicates.py")
PAGE_QUERIES = ((funnel, "filter_choices"), (forecast, "forecast"), (backtest, "truth"), (backtest, "said"),
                (activity_report, "report"), (abc_report, "abc_report"), (clients, "list_clients"),
                (duplicates, "client_twins"), (duplicates, "contact_twins"), (my_day, "team_routine"))
KEPT_PARTS = ((abc, ("closed_revenue", "company_classes", "past_classes")),
              (abc_report, ("company_abc_xyz", "company_classes", "closed_months", "closed_firsts", "closed_classes")),
              (activity_report, ("closed_counts", "closed_contacts", "closed_handled", "active_clients")),
              (duplicates, ("every_client_twin", "every_contact_twin")),
              (forecast, ("manager_months", "first_shipments")),
              (my_day, ("contacts_before", "closed_reorder_pairs")))


@pytest.fixture
def warmed(seeded, monkeypatch):
    """The warm reads done, then every page query and kept part counted when it runs."""
    monkeypatch.setattr(backtest, "_KEPT", {})
    assert warm.warm_once() is not None
    queries: list[str] = []
    for module, name in PAGE_QUERIES:
        count_runs(monkeypatch, module, name, ran=queries)
    parts: list[str] = []
    for module, names in KEPT_PARTS:
        count_runs(monkeypatch, module, *names, ran=parts)
    return queries, parts


def test_the_directors_first_runs_after_the_warm_reads_read_nothing(warmed):
    queries, parts = warmed
    for page in PAGES:
        at = signed_in("director", page)
        assert not at.exception, page
    assert queries == [] and parts == []


def test_a_heads_first_runs_find_every_company_wide_part_kept(warmed, seeded):
    queries, parts = warmed
    for page in PAGES:
        at = signed_in("head_n", page)
        assert not at.exception, page
    with data.reading_as(seeded.viewer("head_n")):  # My day's team tab (the page itself writes reminders)
        data.loader(my_day.team_routine)()
    assert parts == []  # the head's own reads ran (his scope), none of the parts every viewer shares
    assert {"forecast", "report", "abc_report", "list_clients", "team_routine"} <= set(queries)


def test_no_director_no_reads(seeded, monkeypatch):
    monkeypatch.setattr(warm, "reader", lambda: None)
    assert warm.warm_once() is None


def test_the_next_reads_are_within_the_hour_and_a_minute_into_the_next_day(monkeypatch):
    zone = dt.timezone(dt.timedelta(hours=3))
    now = dt.datetime(2026, 12, 5, 23, 59, 0, tzinfo=zone)

    class Clock(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return now

    monkeypatch.setattr(warm.dt, "datetime", Clock)
    monkeypatch.setattr(warm.config, "timezone", lambda: zone)
    assert warm._until_next_day() == 60 + warm.AFTER_MIDNIGHT_S
    assert warm._pause() == 60 + warm.AFTER_MIDNIGHT_S  # the new day's reads come first
    now = dt.datetime(2026, 12, 5, 9, 0, 0, tzinfo=zone)
    assert warm._pause() == warm.AGAIN_S < 3600  # within the cache's hour


def test_the_switch(monkeypatch):
    monkeypatch.setenv("CRM_WARM", "0")
    assert not warm.enabled()
    monkeypatch.setenv("CRM_WARM", "1")
    assert warm.enabled()


def test_one_thread_per_process_even_after_the_module_is_loaded_again(monkeypatch):
    import importlib
    import threading

    monkeypatch.setenv("CRM_WARM", "1")
    monkeypatch.setattr(warm, "_loop", lambda: threading.Event().wait(2))
    warm.start()
    reloaded = importlib.reload(warm)  # as Streamlit's file watcher does after an edit
    monkeypatch.setattr(reloaded, "_loop", lambda: threading.Event().wait(2))
    reloaded.start()
    warm.start()
    assert sum(thread.name == warm.THREAD for thread in threading.enumerate()) == 1
