"""The benchmark's busy mode (issue 19): the writer makes the writes it says, where anyone can see
them; the results keep cold, warm and busy figures per page and role, and the report judges them."""
from __future__ import annotations

import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.report import busy_target, print_busy_report
from bench.writer import KINDS, SHIPMENT_LINES, Writer
from db.generation import current_generation
from db.models import Activity, AuditEntry, Deal, DealStageChange, Shipment
from tests.conftest import TEST_DATABASE_URL


def test_each_write_lands_and_is_seen_by_another_connection(engine, seeded):
    writer = Writer(TEST_DATABASE_URL, seed=3)
    generations = []
    try:
        writes = []
        for _ in KINDS:
            with Session(engine) as session:
                generations.append(current_generation(session))
            writes.append(writer.write_once())
        with Session(engine) as session:
            generations.append(current_generation(session))
    finally:
        writer.close()
    assert generations == sorted(set(generations))  # each write moved the caches' key on
    assert [w.kind for w in writes] == list(KINDS)
    assert [w.error for w in writes] == [None, None, None]
    call, move, shipments = (w.detail for w in writes)
    with Session(engine) as session:  # the test's own engine: not the writer's connections
        activity = session.get(Activity, call["activity_id"])
        assert activity.subject == call["subject"] and activity.kind == "call"
        assert activity.user_id == call["user_id"] and activity.client_id == call["client_id"]
        deal = session.get(Deal, move["deal_id"])
        assert deal.stage_id == move["to_stage_id"] != move["from_stage_id"]
        assert deal.owner_id == move["user_id"]
        history = session.scalars(select(DealStageChange).where(DealStageChange.deal_id == deal.id)).all()
        assert any(h.to_stage_id == move["to_stage_id"] and h.from_stage_id == move["from_stage_id"]
                   for h in history)
        lines = session.scalars(select(Shipment).where(Shipment.external_id.in_(shipments["external_ids"]))).all()
        assert len(lines) == SHIPMENT_LINES
        actions = set(session.scalars(select(AuditEntry.action)))
        assert {"log_activity", "move_deal"} <= actions


def test_the_thread_writes_about_once_an_interval(seeded):
    writer = Writer(TEST_DATABASE_URL, interval=0.2)
    with writer:
        deadline = time.monotonic() + 10
        while len(writer.writes) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
    count = len(writer.writes)
    time.sleep(0.3)
    assert count >= 4 and len(writer.writes) == count  # stopped with the block
    assert not [w.error for w in writer.writes if w.error]
    summary = writer.summary()
    assert summary["writes"] == count and set(summary["by_kind"]) == set(KINDS)


def test_busy_targets_and_report_shape(capsys):
    assert busy_target("manager", "pages/abc.py") == 300
    assert busy_target("director", "pages/my_day.py") == 1000
    assert busy_target("head", "pages/forecast.py") == 1500
    run = {"scale": "small", "dialect": "sqlite", "measured_at": "2026-12-04T20:00:00+00:00", "load": "load 7.0",
           "busy": {"interval_s": 1.0, "writes": 9, "by_kind": {}, "first_errors": []},
           "pages": [
               {"page": "pages/clients.py", "role": "manager", "login": "m", "cold_ms": 250.0, "median_ms": 40.0,
                "p95_ms": 60.0, "runs": 7, "busy_p95_ms": 280.0, "busy_runs": 20, "busy_writes": 3,
                "cold_after": {"call": 250.0}, "error": None},
               {"page": "pages/abc.py", "role": "director", "login": "d", "cold_ms": 2000.0, "median_ms": 90.0,
                "p95_ms": 120.0, "runs": 7, "busy_p95_ms": 1600.0, "busy_runs": 9, "busy_writes": 3,
                "cold_after": {"call": 2000.0}, "error": None}]}
    failed = print_busy_report(run)
    out = capsys.readouterr().out
    assert failed == 1
    clients = next(line for line in out.splitlines() if line.startswith("pages/clients.py"))
    abc = next(line for line in out.splitlines() if line.startswith("pages/abc.py"))
    assert "pass" in clients and "FAIL" in abc and "1500" in abc
    assert "load 7.0" in out


def test_browser_report_beside_the_script_run(capsys):
    from bench.browser import print_browser_report, target_s

    assert target_s("manager") == 1.0 and target_s("director") == 2.0
    visit = {"seconds": 0.5, "bytes_in": 300 * 1024, "frames_in": 40, "biggest_frame": 200 * 1024, "bytes_out": 900,
             "elements": 5200, "charts": 3, "dataframes": 2, "tables": 0, "error": None}
    run = {"scale": "small", "dialect": "sqlite", "measured_at": "2026-12-04T20:00:00+00:00", "load": "load 9.1",
           "busy": {"writes": 40}, "sign_in": {"manager": 1.2, "director": 1.9},
           "pages": [
               {"href": "", "page": "pages/home.py", "role": "manager", "cold_s": 0.9, "warm_median_s": 0.4,
                "warm_p95_s": 0.5, "p95_s": 0.9, "cold": visit, "warm": visit, "error": None},
               {"href": "abc", "page": "pages/abc.py", "role": "director", "cold_s": 2.6, "warm_median_s": 1.3,
                "warm_p95_s": 1.4, "p95_s": 2.6, "cold": visit, "warm": visit, "error": None}]}
    script = {"pages": [{"page": "pages/abc.py", "role": "director", "median_ms": 130.0, "error": None}]}
    missed = print_browser_report(run, script)
    out = capsys.readouterr().out.splitlines()
    assert missed == 2  # the director's sign-in and the ABC page
    home = next(line for line in out if line.startswith("home "))
    abc = next(line for line in out if line.startswith("abc "))
    assert "pass" in home and "FAIL" in abc and " 0.13 " in abc  # the script run beside the browser's
    added = next(line for line in out if line.strip().startswith("abc ") and "+" in line)
    assert "+ 1.17 s" in added and "300 KB in" in added and "5200 DOM" in added
