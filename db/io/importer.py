"""An import run: whole-file checks, then the rows in batches, then the summary.

    summary = import_table(session, viewer, table=read_table(path), mapping=mapping)

1. Whole-file problems (the encoding, a required column missing, a mapping
   naming columns the file lacks) raise `FileProblem` before any row is read.
2. Each row is checked with the app's rules; a bad row is rejected with its
   reasons (kept with its cells, to download and fix), never dropped silently.
3. Modes: "good_rows" — the good rows land, batch by batch (one transaction
   each: rows, audit rows, the generation bump); "all_or_nothing" — the whole
   file is checked first and nothing is written if any row is bad.
   A dry run checks everything and writes nothing.

Every row is counted once: rows = created + updated + unchanged + rejected
(+ held back, the good rows all-or-nothing did not write).

Everything written goes through db/actions/imports.py: a writing run's audit
row ("import_started", with the file's fingerprint) is committed before any
of its rows, each committed batch adds a line to it ("import_batch": rows,
created, updated), and the summary row ("import") marks it finished. A run
stopped half-way — an error, or the process killed — so stays on record with
what it committed, and importing the same file again is recorded and
reported as resuming it (the rows already in are matched by their key).
"""
from __future__ import annotations

import gc
import itertools
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from i18n import N_

from ..access import Can, Viewer, require
from ..actions.imports import (
    ImportRun,
    commit_import_batch,
    finish_import_run,
    record_import_interrupted,
    start_import_run,
)
from ..errors import DomainError, ValidationError
from .kinds import KINDS
from .kinds.base import Planned, Reject, Row
from .mapping import Mapping, resolve
from .reading import FileProblem, Table

Progress = Callable[[int, int], None]  # (rows done, rows expected)
OVERLAP_DIALECTS = {"postgresql"}  # where a batch is written in a second thread while the next is checked


@dataclass
class Rejected:
    number: int  # row number as a spreadsheet shows it
    cells: list
    reasons: list[tuple[str | None, str, dict]]  # (field, message id, params)


@dataclass
class Summary:
    kind: str
    file: str
    mode: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    held_back: int = 0  # good rows not written: all-or-nothing with rejections
    merged: int = 0  # rows adding a line to the deal of an earlier row
    repeated: int = 0  # rows the same in every value as an earlier row of the file (a client on each order line)
    blank: int = 0  # empty lines, not counted as rows
    rejected: list[Rejected] = field(default_factory=list)
    new_refs: dict[str, int] = field(default_factory=dict)  # e.g. {"industries": 10}
    extra: dict[str, int] = field(default_factory=dict)  # kind-specific counts (clients assigned...)
    columns: list[str] = field(default_factory=list)  # the file's header, for the rejected-rows file
    sources: dict[str, str] = field(default_factory=dict)  # field -> column (for messages)
    detected: dict = field(default_factory=dict)
    seconds: float = 0.0
    run: str | None = None  # the writing run's id in the audit log
    resumed: dict | None = None  # the unfinished run of the same file this one took over: run, at, batches, rows

    def reconciles(self) -> bool:
        return self.rows == (self.created + self.updated + self.unchanged + len(self.rejected) + self.held_back
                             + self.merged + self.repeated)


def import_table(session: Session, viewer: Viewer, *, table: Table, mapping: Mapping, dry_run: bool = False,
                 mode: str | None = None, progress: Progress | None = None) -> Summary:
    kind_cls = KINDS.get(mapping.kind)
    if kind_cls is None:
        raise FileProblem("Unknown kind of records {kind}: choose one of {kinds}.", kind=mapping.kind,
                          kinds=", ".join(KINDS))
    require(viewer, Can.IMPORT)
    require(viewer, kind_cls.capability)
    mode = mode or mapping.mode
    resolved = resolve(mapping, kind_cls.fields, table.columns, keys=kind_cls.keys)
    kind = kind_cls(session, viewer, resolved, decimal=table.decimal, dates=table.dates)
    summary = Summary(kind=mapping.kind, file=table.name, mode=mode, dry_run=dry_run, columns=list(table.columns),
                      sources=dict(resolved.columns),
                      detected={"format": table.format, "encoding": table.encoding, "separator": table.separator,
                                "decimal": table.decimal, "dates": table.dates})
    started = time.perf_counter()
    run: ImportRun | None = None
    try:
        if dry_run or mode == "all_or_nothing":
            _pass(kind, table, summary, write=False, progress=progress)
            session.rollback()
            if mode == "all_or_nothing" and not dry_run:
                good = summary.created + summary.updated + summary.unchanged + summary.merged
                if summary.rejected:
                    summary.created = summary.updated = summary.unchanged = summary.merged = 0
                    summary.held_back = good
                else:
                    _reset(summary)
                    run = _start(session, viewer, kind, table, summary, mode)
                    _pass(kind, table, summary, write=True, progress=progress, run=run, commit_batches=False)
                    _finish(session, viewer, kind, summary, run)
        else:
            run = _start(session, viewer, kind, table, summary, mode)
            _pass(kind, table, summary, write=True, progress=progress, run=run, commit_batches=True)
            _finish(session, viewer, kind, summary, run)
    except (IntegrityError, OperationalError) as exc:
        session.rollback()
        if run is not None:
            record_import_interrupted(session, viewer, run, reason=type(exc).__name__)
        # Checks run before writing; this is a concurrent writer (the same INN saved at the same
        # moment) or a database too busy to wait for. Batches already committed stay, matched next time.
        raise DomainError("The import was interrupted by a change saved at the same moment, or by a busy "
                          "database. Run it again: what was imported is matched by its key, not duplicated.") \
            from exc
    except BaseException as exc:
        session.rollback()
        if run is not None:
            record_import_interrupted(session, viewer, run, reason=getattr(exc, "message", None) or type(exc).__name__)
        raise
    summary.new_refs = {k: v for k, v in kind.new_refs.items() if v}
    summary.seconds = time.perf_counter() - started
    return summary


def _reset(summary: Summary) -> None:
    summary.rows = summary.created = summary.updated = summary.unchanged = summary.blank = summary.merged = 0
    summary.repeated = 0
    summary.rejected = []
    summary.extra = {}


def _start(session: Session, viewer: Viewer, kind, table: Table, summary: Summary, mode: str) -> ImportRun:
    run = start_import_run(session, viewer, kind=kind.name, file=table.name, fingerprint=table.fingerprint(),
                           mode=mode)
    summary.run, summary.resumed = run.id, run.resumes
    return run


def _pass(kind, table: Table, summary: Summary, *, write: bool, progress: Progress | None,
          run: ImportRun | None = None, commit_batches: bool = False) -> None:
    """Read and check the rows (this thread), then settle and write or count them, batch by batch.

    Checking a row touches no database: what it looks up was loaded by prepare(), whose
    transaction is then ended, so no lock or connection is held while a file is read. The
    database side of a batch (settle, then write or count) goes to `_Writer`: on PostgreSQL,
    for a batched kind (shipments), a second thread that owns the session until the pass
    ends, so the server's work overlaps the checking of the next batch (a million lines:
    about a third faster); elsewhere in line. SQLite works inside this process and takes the
    GIL back for every row: there the two threads would only take turns, slower than one
    (measured: 16 s against 19 s for 300,000 lines).
    """
    kind.prepare()
    kind.session.rollback()  # the lookups are in memory: hold no lock while the rows are read and checked
    kind.row_checks = kind.checks()
    kind.counts.clear()
    kind.new_refs.clear()
    size = kind.batch_size or 10**12
    rows = table.rows()
    expected = max(1, table.approx_rows)
    done = 0
    late: list[Rejected] = []  # rows refused when settled against the others and the database

    def store(planned: list[Planned], lines: int, last_row: int) -> None:
        """The database side of a batch: runs in the thread that owns the session."""
        repeats = _repeats(kind, planned)
        if repeats:
            planned = [p for p in planned if p not in repeats]
        kind.settle(planned)
        for p, head in repeats.items():
            if head.problems:
                late.append(Rejected(p.row.number, p.row.cells, [(None, REPEAT_OF_REJECTED, {"row": head.row.number})]))
            else:
                summary.repeated += 1
        if not write:
            kind.session.rollback()
        good = []
        for p in planned:
            if p.problems:
                late.append(Rejected(p.row.number, p.row.cells, p.problems))
            else:
                good.append(p)
        if not write:
            kind.count_plan(good)
            return
        before = dict(kind.counts)
        kind.write(good)
        if commit_batches:
            counts = {k: n - before.get(k, 0) for k, n in kind.counts.items() if n != before.get(k, 0)}
            commit_import_batch(kind.session, kind.viewer, run, audits=kind.take_audits(), rows=lines,
                                counts={**counts, "rejected": lines - len(good), "last_row": last_row})
        else:
            kind.flush_audits()

    overlap = bool(write and kind.batch_size and kind.session.get_bind().dialect.name in OVERLAP_DIALECTS)
    with _fewer_collections(), _Writer(kind, overlap=overlap) as writer:
        while batch := list(itertools.islice(rows, size)):
            planned: list[Planned] = []
            for number, cells in batch:
                if not any(cells) or not "".join(map(str, cells)).strip():
                    summary.blank += 1
                    continue
                summary.rows += 1
                p = _check(kind, table, summary, number, cells)
                if p is not None:
                    planned.append(p)
            writer.submit(store, planned, len(batch), batch[-1][0])
            done += len(batch)
            if progress:
                progress(done, max(expected, done))
    if late:
        summary.rejected = sorted(summary.rejected + late, key=lambda r: r.number)
    summary.created += kind.counts["created"]
    summary.updated += kind.counts["updated"]
    summary.unchanged += kind.counts["unchanged"]
    summary.merged += kind.counts["merged"]
    for name, n in kind.counts.items():
        if name not in ("created", "updated", "unchanged", "merged"):
            summary.extra[name] = summary.extra.get(name, 0) + n


REPEAT_OF_REJECTED = N_("The same as row {row}, which was rejected.")
LINE_KINDS = {"deals"}  # kinds whose rows sharing a key are lines of one record, not repeats


def _repeats(kind, planned: list[Planned]) -> dict[Planned, Planned]:
    """{a row: the earlier row it repeats} — rows the same record as an earlier one with every value the same
    (a line-level order file names its client, product on every line): counted as repeated, not written and
    not refused. A row naming the same record with other values is still refused (which would win?).
    Only where the whole file is one batch (the repeat is then found wherever it is) and rows are not lines."""
    if kind.batch_size is not None or kind.name in LINE_KINDS:
        return {}
    firsts: dict[object, Planned] = {}
    repeats: dict[Planned, Planned] = {}
    for p in planned:
        if p.problems or p.identity is None:
            continue
        head = firsts.setdefault(p.identity, p)
        if head is not p and head.values == p.values and head.extra == p.extra:
            repeats[p] = head
    return repeats


class _Writer:
    """Runs the database side of each batch, one at a time, in order.

    With `overlap`, in one second thread, which owns the kind's session from the start of
    the pass to its end (Kind.session refuses any other thread): the checking thread cannot
    reach the database by mistake, and a batch starts only after the one before it ended.
    Leaving the block waits for the last batch and gives the session back.
    """

    def __init__(self, kind, *, overlap: bool) -> None:
        self.kind, self.overlap = kind, overlap
        self.pool: ThreadPoolExecutor | None = None
        self.running: Future | None = None

    def __enter__(self) -> _Writer:
        if self.overlap:
            self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-writer")
            self.kind.hand_session_to(self.pool.submit(threading.get_ident).result())
        return self

    def submit(self, work: Callable, *args) -> None:
        self.wait()  # re-raises what went wrong in the batch before
        if self.pool is None:
            work(*args)
        else:
            self.running = self.pool.submit(work, *args)

    def wait(self) -> None:
        running, self.running = self.running, None
        if running is not None:
            running.result()

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.wait()
            elif self.running is not None:
                self.running.exception()  # let the batch in flight end before the session changes hands
        finally:
            if self.pool is not None:
                self.pool.shutdown(wait=True)
                self.kind.hand_session_to(threading.get_ident())


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run Python's cycle collector less often while rows pour through: each row makes a dozen small
    objects, none in a cycle, and the collector walked the growing heap again and again (a fifth of
    a big import's time: 300,000 lines in 13 s instead of 16 s). Collection itself stays on."""
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _check(kind, table: Table, summary: Summary, number: int, cells: list) -> Planned | None:
    if len(cells) > len(table.columns) and any(str(c).strip() for c in cells[len(table.columns):]):
        message = N_("The row has {n} cells but the header {m}: a separator inside a value without quotes?")
        summary.rejected.append(Rejected(number, cells, [(None, message, {"n": len(cells), "m": len(table.columns)})]))
        return None
    row = Row(number, cells, kind.resolved.row(cells))
    v = kind.row_checks  # one per pass, emptied per row (a refusal takes a copy of the errors)
    v.errors.clear()
    try:
        planned = kind.check(row, v)
        v.raise_if_any()
    except ValidationError as exc:
        reasons: list[tuple[str | None, str, dict]] = [(f, m, p) for f, (m, p) in exc.errors.items()]
        summary.rejected.append(Rejected(number, cells, reasons))
        return None
    except Reject as exc:
        summary.rejected.append(Rejected(number, cells, exc.reasons))
        return None
    return planned


# Rows written by one import past which SQLite's planner statistics are refreshed.
ANALYZE_AFTER_ROWS = 50_000


def _finish(session: Session, viewer: Viewer, kind, summary: Summary, run: ImportRun | None) -> None:
    """The run's own audit row (it marks the run finished), the generation bump and the last commit."""
    finish_import_run(session, viewer, run, kind=kind.name,
                      changes={"file": (None, summary.file), "rows": (None, summary.rows),
                               "created": (None, summary.created), "updated": (None, summary.updated),
                               "rejected": (None, len(summary.rejected))},
                      analyze=summary.created + summary.updated >= ANALYZE_AFTER_ROWS)
