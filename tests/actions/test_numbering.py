"""Issue 20: document numbers per kind and year are gap-free and unique under concurrent use
(db/actions/numbering.py). Real connections and commits: on PostgreSQL the counter row's lock, on
SQLite the write lock, make issuers take turns; a rolled-back issue gives its number back."""
from __future__ import annotations

import random
import threading
import time

import pytest
from sqlalchemy import delete, select

from db.actions.numbering import next_number
from db.models.documents import DocumentCounter, DocumentKind
from db.session import write_session

YEAR = 2091  # far from any real document's year; the rows are deleted after each test


@pytest.fixture
def counters(engine):
    def clean():
        with write_session(engine) as s:
            s.execute(delete(DocumentCounter).where(DocumentCounter.year.in_([YEAR, YEAR + 1])))
            s.commit()
    clean()
    yield
    clean()


def last(engine, kind=DocumentKind.INVOICE, year=YEAR) -> int | None:
    with write_session(engine) as s:
        return s.scalar(select(DocumentCounter.last_number).where(DocumentCounter.kind == kind,
                                                                  DocumentCounter.year == year))


def test_numbers_run_per_kind_and_year_and_a_rollback_gives_the_number_back(engine, counters):
    with write_session(engine) as s:
        assert [next_number(s, "invoice", YEAR) for _ in range(3)] == [1, 2, 3]
        assert next_number(s, DocumentKind.PROPOSAL, YEAR) == 1
        assert next_number(s, DocumentKind.INVOICE, YEAR + 1) == 1
        s.commit()
    with write_session(engine) as s:
        assert next_number(s, "invoice", YEAR) == 4
        s.rollback()
    with write_session(engine) as s:
        assert next_number(s, "invoice", YEAR) == 4  # given back
        s.commit()
    assert last(engine) == 4
    with write_session(engine) as s, pytest.raises(ValueError):
        next_number(s, "waybill", YEAR)


def test_a_second_issuer_waits_for_the_first_and_takes_its_number_if_it_rolls_back(engine, counters):
    got: list[int] = []
    first = write_session(engine)
    s1 = first.__enter__()
    try:
        assert next_number(s1, "invoice", YEAR) == 1  # the row is made and locked, not committed

        def second():
            with write_session(engine) as s2:
                got.append(next_number(s2, "invoice", YEAR))
                s2.commit()

        waiter = threading.Thread(target=second)
        waiter.start()
        waiter.join(0.7)
        assert waiter.is_alive() and got == []  # waits for the first transaction
        s1.rollback()
    finally:
        first.__exit__(None, None, None)
    waiter.join(30)
    assert got == [1] and last(engine) == 1


THREADS = 10
ISSUES = 6  # per thread


def test_many_issuers_at_once_commit_exactly_1_to_k(engine, counters):
    """Ten threads, each with its own session, issue six numbers each from a counter none has made yet
    (they race for the first INSERT too); every third issue rolls back after taking its number. The
    committed numbers are exactly 1..k: no duplicate, no gap."""
    barrier = threading.Barrier(THREADS)
    committed: list[int] = []
    rolled_back: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def issuer(seed: int):
        rng = random.Random(seed)
        try:
            barrier.wait(30)
            for i in range(ISSUES):
                with write_session(engine) as s:
                    number = next_number(s, DocumentKind.INVOICE, YEAR)
                    time.sleep(rng.random() * 0.01)  # the document's own work, in the same transaction
                    if (seed + i) % 3 == 0:
                        s.rollback()
                        with lock:
                            rolled_back.append(number)
                    else:
                        s.commit()
                        with lock:
                            committed.append(number)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=issuer, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    k = len(committed)
    assert k == THREADS * ISSUES - len(rolled_back) and rolled_back
    assert sorted(committed) == list(range(1, k + 1))
    assert last(engine) == k
