"""An import run is on record before its first row: a run stopped half-way says what it committed, and
importing the same file again is a resume of it. The writer thread owns the database while it writes."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

import db.io.importer as importer
from db.io.importer import import_table
from db.io.kinds.shipments import Shipments
from db.io.mapping import Mapping
from db.io.reading import read_table
from db.io.report import summary_lines
from db.models import AuditEntry, Shipment


def shipments_file(world, lines: int = 5) -> bytes:
    return ("Line id;Client;Product;Shipped on;Quantity;Amount\r\n" + "".join(
        f"RUN-{i};{world.client_names['a1']};KR-001;03.02.2026;{i + 1};{(i + 1) * 2},50\r\n"
        for i in range(lines))).encode()


def run(db, world, data: bytes):
    return import_table(db, world.viewer("admin"), table=read_table(data, "lines.csv"),
                        mapping=Mapping(kind="shipments"))


def trail(db, run_id: str) -> list[tuple[str, dict]]:
    """The run's audit rows, oldest first: (action, {field: new value})."""
    rows = db.scalars(select(AuditEntry).where(AuditEntry.entity_id == run_id).order_by(AuditEntry.id))
    return [(e.action, {k: v[1] for k, v in e.changes.items()}) for e in rows]


def lines_in(db) -> int:
    return db.scalar(select(func.count(Shipment.id)).where(Shipment.external_id.like("RUN-%")))


@pytest.fixture(params=["in line", "writer thread"])
def small_batches(request, monkeypatch):
    """Batches of two lines; written in line, or by the writer thread (as on PostgreSQL) on either database."""
    monkeypatch.setattr(Shipments, "batch_size", 2)
    if request.param == "writer thread":
        monkeypatch.setattr(importer, "OVERLAP_DIALECTS", {"sqlite", "postgresql"})
    else:
        monkeypatch.setattr(importer, "OVERLAP_DIALECTS", set())
    return request.param


def _fail_after_first_batch(monkeypatch):
    real_write, calls = Shipments.write, []

    def write(self, planned):
        calls.append(len(planned))
        if len(calls) == 2:
            raise RuntimeError("the process was killed")
        real_write(self, planned)

    monkeypatch.setattr(Shipments, "write", write)
    return calls


def test_a_run_stopped_after_its_first_batch_is_on_record_and_the_rerun_resumes_it(world, db, monkeypatch,
                                                                                    small_batches):
    data = shipments_file(world)
    calls = _fail_after_first_batch(monkeypatch)
    with pytest.raises(RuntimeError, match="killed"):
        run(db, world, data)
    assert calls == [2, 2] and lines_in(db) == 2  # the first batch stayed: committed
    started = db.scalar(select(AuditEntry).where(AuditEntry.action == "import_started"))
    first = started.entity_id
    steps = trail(db, first)
    assert [a for a, _ in steps] == ["import_started", "import_batch", "import_interrupted"]
    assert steps[0][1]["kind"] == "shipments" and steps[0][1]["file"] == "lines.csv"
    assert steps[1][1] == {"batch": 1, "rows": 2, "created": 2, "rejected": 0, "last_row": 3}
    assert steps[2][1]["batches"] == 1
    assert db.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "import")) == 0  # not finished

    monkeypatch.undo()  # the next run goes through
    monkeypatch.setattr(Shipments, "batch_size", 2)
    again = run(db, world, data)
    assert again.resumed is not None and again.resumed["run"] == first
    assert (again.resumed["batches"], again.resumed["rows"]) == (1, 2)
    assert (again.created, again.unchanged, len(again.rejected)) == (3, 2, 0)  # matched by the line's id
    assert lines_in(db) == 5
    steps = trail(db, again.run)
    assert steps[0] == ("import_started", {**steps[0][1], "resumes": first})
    assert [a for a, _ in steps] == ["import_started", "import_batch", "import_batch", "import_batch", "import"]
    assert steps[-1][1]["resumes"] == first and steps[-1][1]["batches"] == 3 and steps[-1][1]["created"] == 3
    said = "\n".join(summary_lines(again, lambda message, **params: message.format(**params)))
    assert "resumed the unfinished import of the same file" in said and "(1 batches, 2 rows committed then)" in said

    third = run(db, world, data)  # the resumed run finished: a new run of the file is no resume
    assert third.resumed is None and third.unchanged == 5


def test_a_killed_run_leaves_its_start_and_its_batches(world, db, monkeypatch, small_batches):
    """Killed outright, the process writes nothing more: what was committed before still says whose it is."""
    _fail_after_first_batch(monkeypatch)
    monkeypatch.setattr(importer, "record_import_interrupted", lambda *a, **k: None)
    with pytest.raises(RuntimeError):
        run(db, world, shipments_file(world))
    started = db.scalar(select(AuditEntry).where(AuditEntry.action == "import_started"))
    assert [a for a, _ in trail(db, started.entity_id)] == ["import_started", "import_batch"]
    assert started.user_id == world.users["admin"]


def test_another_file_is_not_a_resume(world, db, monkeypatch):
    monkeypatch.setattr(Shipments, "batch_size", 2)
    _fail_after_first_batch(monkeypatch)
    with pytest.raises(RuntimeError):
        run(db, world, shipments_file(world))
    monkeypatch.undo()
    assert run(db, world, shipments_file(world, lines=6)).resumed is None


def test_a_dry_run_writes_no_run(world, db):
    import_table(db, world.viewer("admin"), table=read_table(shipments_file(world), "lines.csv"),
                 mapping=Mapping(kind="shipments"), dry_run=True)
    assert db.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.entity == "import_run")) == 0


def test_the_checking_thread_cannot_reach_the_database_while_the_writer_owns_it(world, db, monkeypatch):
    """Safe by construction: while a batch may be in the writer thread, the session answers that thread only."""
    monkeypatch.setattr(Shipments, "batch_size", 2)
    monkeypatch.setattr(importer, "OVERLAP_DIALECTS", {"sqlite", "postgresql"})
    real_check = Shipments.check

    def check_touching_the_database(self, row, v):
        self.session.execute(select(1))
        return real_check(self, row, v)

    monkeypatch.setattr(Shipments, "check", check_touching_the_database)
    with pytest.raises(RuntimeError, match="belongs to another thread"):
        run(db, world, shipments_file(world))
    # In line (one thread) the same check is merely slow, not unsafe: it goes through.
    monkeypatch.setattr(importer, "OVERLAP_DIALECTS", set())
    assert run(db, world, shipments_file(world)).created == 5


def test_the_session_is_given_back_after_the_pass(world, db, monkeypatch):
    monkeypatch.setattr(Shipments, "batch_size", 2)
    monkeypatch.setattr(importer, "OVERLAP_DIALECTS", {"sqlite", "postgresql"})
    seen: list[int] = []
    real_write = Shipments.write

    def write(self, planned):
        seen.append(threading.get_ident())
        real_write(self, planned)

    monkeypatch.setattr(Shipments, "write", write)
    summary = run(db, world, shipments_file(world))
    assert summary.created == 5 and len(set(seen)) == 1 and seen[0] != threading.get_ident()
