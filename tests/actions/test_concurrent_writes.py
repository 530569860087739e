"""Many people writing at once, through real connections and commits (issue 10).

Two sessions editing the same deal: one wins, the other is told who changed it.
Twenty threads moving deals and logging activities at once: the stage history
of every deal is one unbroken chain, no update is lost, every write has its
audit row, and the data generation moved exactly once per write that landed.

The writers read the deal in one transaction and write in another, as a form
does, and wait at a barrier in between: in each round every thread has read
the same versions before anyone writes, so the number of winners and of
refused stale forms is known in advance, on PostgreSQL (row lock + version
check) and on SQLite (one writer at a time) alike.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.actions.activities import log_activity
from db.actions.deal_moves import move_deal
from db.actions.deals import create_deal
from db.errors import StaleRecord
from db.generation import current_generation
from db.models import Activity, AuditEntry, Deal, DealStageChange
from db.session import write_session

THREADS = 20
DEALS = 5  # four threads race for each deal in every round
ROUNDS = 3
# Open, non-committing stages: moving between them needs no approval.
CYCLE = ["Lead", "Qualification", "Proposal", "Negotiation"]
ACTORS = ["mgr_a", "head_n", "director"]  # all three may work Anna's clients


def _open_deals(engine, world, count: int) -> list[int]:
    ids = []
    for i in range(count):
        with write_session(engine) as session:
            deal = create_deal(session, world.viewer("mgr_a"), client_id=world.clients["a1"],
                               title=f"Гонка {i}", expected_close_on=dt.date.today() + dt.timedelta(days=60),
                               lines=[{"product_id": world.product_id, "quantity": "10"}])
            ids.append(deal.id)
    return ids


def _read(engine, deal_id: int) -> tuple[int, int]:
    """What a form shows: the deal's version and stage, in a transaction of its own."""
    with Session(engine) as session:
        deal = session.get(Deal, deal_id)
        return deal.version, deal.stage_id


def _next_stage(world, stage_id: int) -> int:
    names = {v: k for k, v in world.stages.items()}
    return world.stages[CYCLE[(CYCLE.index(names[stage_id]) + 1) % len(CYCLE)]]


def test_two_sessions_edit_one_deal_the_second_is_told_who_changed_it(engine, seeded):
    world = seeded
    (deal_id,) = _open_deals(engine, world, 1)
    version, stage = _read(engine, deal_id)  # both people opened the deal's page
    target = _next_stage(world, stage)
    with write_session(engine) as first:
        move_deal(first, world.viewer("mgr_a"), deal_id=deal_id, expected_version=version, to_stage_id=target)
    with write_session(engine) as second, pytest.raises(StaleRecord) as refused:
        move_deal(second, world.viewer("head_n"), deal_id=deal_id, expected_version=version,
                  to_stage_id=_next_stage(world, target))
    assert refused.value.changed_by == "Anna Manager"
    assert refused.value.changed_at is not None
    assert "Anna Manager" in str(refused.value)
    with Session(engine) as session:
        deal = session.get(Deal, deal_id)
        assert deal.stage_id == target and deal.version == version + 1
        moves = session.scalars(select(DealStageChange.to_stage_id).where(DealStageChange.deal_id == deal_id)
                                .order_by(DealStageChange.changed_at, DealStageChange.id)).all()
        assert moves == [stage, target]  # the refused move left no trace


def test_twenty_threads_moving_deals_and_logging_calls(engine, seeded):
    world = seeded
    deal_ids = _open_deals(engine, world, DEALS)
    with Session(engine) as session:
        generation_before = current_generation(session)
        audit_before = session.scalar(select(func.max(AuditEntry.id))) or 0
        versions_before = {d: session.get(Deal, d).version for d in deal_ids}

    barrier = threading.Barrier(THREADS, timeout=120)
    wins: Counter[int] = Counter()
    stale: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        viewer = world.viewer(ACTORS[n % len(ACTORS)])
        try:
            for round_no in range(ROUNDS):
                deal_id = deal_ids[(n + round_no) % DEALS]
                version, stage = _read(engine, deal_id)
                barrier.wait()  # everyone has read before anyone writes
                try:
                    with write_session(engine) as session:
                        move_deal(session, viewer, deal_id=deal_id, expected_version=version,
                                  to_stage_id=_next_stage(world, stage))
                    with lock:
                        wins[deal_id] += 1
                except StaleRecord:
                    with lock:
                        stale.append(deal_id)
                with write_session(engine) as session:
                    log_activity(session, viewer, client_id=world.clients["a1"], kind="call",
                                 subject=f"Гонка: поток {n}, круг {round_no}", deal_id=deal_id)
                barrier.wait()  # the round's writes are done before the next reads
        except BaseException as exc:  # noqa: BLE001 - reported below, with the thread's number
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    assert not any(thread.is_alive() for thread in threads)

    # Each round, each deal had four forms loaded at one version: one move won, three were refused.
    moves = sum(wins.values())
    assert moves == DEALS * ROUNDS and all(wins[d] == ROUNDS for d in deal_ids)
    assert len(stale) == (THREADS - DEALS) * ROUNDS
    calls = THREADS * ROUNDS

    with Session(engine) as session:
        for deal_id in deal_ids:
            deal = session.get(Deal, deal_id)
            assert deal.version == versions_before[deal_id] + wins[deal_id]  # no lost update
            history = session.scalars(select(DealStageChange).where(DealStageChange.deal_id == deal_id)
                                      .order_by(DealStageChange.changed_at, DealStageChange.id)).all()
            assert len(history) == 1 + wins[deal_id]
            assert history[0].from_stage_id is None
            for before, after in zip(history, history[1:]):  # one unbroken chain of moves
                assert after.from_stage_id == before.to_stage_id
                assert before.left_at == after.changed_at
            assert history[-1].to_stage_id == deal.stage_id and history[-1].left_at is None

        logged = session.scalar(select(func.count(Activity.id)).where(Activity.subject.like("Гонка: поток %")))
        assert logged == calls
        actions = Counter(session.scalars(select(AuditEntry.action).where(AuditEntry.id > audit_before)).all())
        assert actions == {"move_deal": moves, "log_activity": calls}  # every write audited, refused ones not
        assert current_generation(session) == generation_before + moves + calls
