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
"""
from __future__ import annotations

import gc
import itertools
import time
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from i18n import N_

from ..access import Can, Viewer, require
from ..actions.base import audit
from ..errors import DomainError, ValidationError
from ..generation import bump_generation
from .kinds import KINDS
from .kinds.base import Planned, Reject, Row
from .mapping import Mapping, resolve
from .reading import FileProblem, Table

Progress = Callable[[int, int], None]  # (rows done, rows expected)


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
    blank: int = 0  # empty lines, not counted as rows
    rejected: list[Rejected] = field(default_factory=list)
    new_refs: dict[str, int] = field(default_factory=dict)  # e.g. {"industries": 10}
    extra: dict[str, int] = field(default_factory=dict)  # kind-specific counts (clients assigned...)
    columns: list[str] = field(default_factory=list)  # the file's header, for the rejected-rows file
    sources: dict[str, str] = field(default_factory=dict)  # field -> column (for messages)
    detected: dict = field(default_factory=dict)
    seconds: float = 0.0

    def reconciles(self) -> bool:
        return self.rows == (self.created + self.updated + self.unchanged + len(self.rejected) + self.held_back
                             + self.merged)


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
                    _pass(kind, table, summary, write=True, progress=progress, commit_batches=False)
                    _finish(session, viewer, kind, summary)
        else:
            _pass(kind, table, summary, write=True, progress=progress, commit_batches=True)
            _finish(session, viewer, kind, summary)
    except (IntegrityError, OperationalError) as exc:
        session.rollback()
        # Checks run before writing; this is a concurrent writer (the same INN saved at the same
        # moment) or a database too busy to wait for. Batches already committed stay, matched next time.
        raise DomainError("The import was interrupted by a change saved at the same moment, or by a busy "
                          "database. Run it again: what was imported is matched by its key, not duplicated.") \
            from exc
    except BaseException:
        session.rollback()
        raise
    summary.new_refs = {k: v for k, v in kind.new_refs.items() if v}
    summary.seconds = time.perf_counter() - started
    return summary


def _reset(summary: Summary) -> None:
    summary.rows = summary.created = summary.updated = summary.unchanged = summary.blank = summary.merged = 0
    summary.rejected = []
    summary.extra = {}


def _pass(kind, table: Table, summary: Summary, *, write: bool, progress: Progress | None,
          commit_batches: bool = False) -> None:
    """Read, check and (if `write`) write the rows, batch by batch.

    On PostgreSQL a batched kind (shipments) writes a batch in a second thread
    while this one reads and checks the next: the server's work, in its own
    process, overlaps Python's (a million lines: about a third faster). SQLite
    works inside this process and takes the GIL back for every row, so there
    the two threads only take turns, and slower than one thread alone (measured:
    16 s against 19 s for 300,000 lines): it writes in line. Checking touches no
    database; settling does, so it waits for the write before it.
    """
    kind.prepare()
    if not write:
        kind.session.rollback()  # a look only: the lookups are in memory, hold no lock while checking
    kind.row_checks = kind.checks()
    kind.counts.clear()
    kind.new_refs.clear()
    size = kind.batch_size or 10**12
    rows = table.rows()
    expected = max(1, table.approx_rows)
    done = 0
    overlap = kind.session.get_bind().dialect.name != "sqlite"
    with _fewer_collections(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-writer") as writer:
        running = None
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
            if running is not None:
                running.result()  # re-raises what went wrong in the writer
            kind.settle(planned)
            if not write:
                kind.session.rollback()
            good = []
            for p in planned:
                if p.problems:
                    summary.rejected.append(Rejected(p.row.number, p.row.cells, p.problems))
                else:
                    good.append(p)
            if write and kind.batch_size and overlap:
                running = writer.submit(_write, kind, good, commit_batches)
            elif write and kind.batch_size:
                _write(kind, good, commit_batches)
            elif write:
                _write(kind, good, commit=False)
            else:
                kind.count_plan(good)
            done += len(batch)
            if progress:
                progress(done, max(expected, done))
        if running is not None:
            running.result()
    summary.created += kind.counts["created"]
    summary.updated += kind.counts["updated"]
    summary.unchanged += kind.counts["unchanged"]
    summary.merged += kind.counts["merged"]
    for name, n in kind.counts.items():
        if name not in ("created", "updated", "unchanged", "merged"):
            summary.extra[name] = summary.extra.get(name, 0) + n


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


def _write(kind, good: list[Planned], commit: bool) -> None:
    kind.write(good)
    kind.flush_audits()
    if commit:
        bump_generation(kind.session)
        kind.session.commit()


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
        reasons = [(f, m, p) for f, (m, p) in exc.errors.items()]
        summary.rejected.append(Rejected(number, cells, reasons))
        return None
    except Reject as exc:
        summary.rejected.append(Rejected(number, cells, exc.reasons))
        return None
    return planned


# Rows written by one import past which SQLite's planner statistics are refreshed.
ANALYZE_AFTER_ROWS = 50_000


def _finish(session: Session, viewer: Viewer, kind, summary: Summary) -> None:
    """The run's own audit row, the generation bump and the last commit."""
    audit(session, viewer, action="import", entity=kind.name, entity_id=None,
          changes={"file": (None, summary.file), "rows": (None, summary.rows), "created": (None, summary.created),
                   "updated": (None, summary.updated), "rejected": (None, len(summary.rejected))})
    bump_generation(session)
    session.commit()
    if summary.created + summary.updated >= ANALYZE_AFTER_ROWS and session.get_bind().dialect.name == "sqlite":
        # SQLite keeps its statistics until told (PostgreSQL's autovacuum re-analyses by itself):
        # stale ones after a big load sent the forecast's backtest to the wrong index, 9 s instead
        # of 1 s. A full ANALYZE of a million shipment lines takes one or two seconds.
        session.execute(text("ANALYZE"))
        session.commit()


