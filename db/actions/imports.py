"""Imports' writes: saved mappings (a file's layout, named, to reuse next month) and an import run's
transactions and audit trail (below)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from ..access import Can, Viewer, require
from ..generation import bump_generation
from ..models import AuditEntry, ImportMapping, utcnow
from .base import _plain, apply_changes, audit, business_action, check_version, created, touch
from ..rules.validate import Checks


@business_action
def save_import_mapping(session: Session, viewer: Viewer, *, kind: str, name: str, mapping: dict,
                        expected_version: int | None = None) -> ImportMapping:
    """Save under a name (per kind); the same name again replaces it."""
    require(viewer, Can.IMPORT)
    from ..io.kinds import KINDS

    v = Checks()
    checked_name = v.text("name", name, max_len=200, required=True)
    kind = v.choice("kind", kind, list(KINDS), required=True)
    if not isinstance(mapping, dict):
        v.fail("mapping", "The mapping is not a JSON object.")
    v.raise_if_any()
    assert checked_name is not None  # required: refused above otherwise
    name = checked_name
    values = {"mapping": {**mapping, "kind": kind}}
    saved = session.scalar(select(ImportMapping).where(ImportMapping.kind == kind, ImportMapping.name == name))
    if saved is None:
        saved = ImportMapping(kind=kind, name=name, created_by_id=viewer.user_id, **values)
        session.add(saved)
        session.flush()
        audit(session, viewer, action="save_import_mapping", entity="import_mapping", entity_id=saved.id,
              changes=created({"kind": kind, "name": name}))
        return saved
    check_version(session, saved, expected_version)
    changes = apply_changes(saved, values)
    if changes:
        touch(saved, viewer)
        audit(session, viewer, action="save_import_mapping", entity="import_mapping", entity_id=saved.id,
              changes=changes)
    return saved


# --- the import's writes ---------------------------------------------------------------
# db/io/importer.py checks a file's rows; everything it writes goes through the functions below:
# the run's own audit trail (started → each committed batch → finished, or interrupted), the
# audit rows of the records it changed, the generation bump and the commit. The rows themselves
# are written by the kinds' bulk statements (executemany, COPY, insert().values), called here.

RUN_ENTITY = "import_run"
RECENT_RUNS = 500  # started runs looked through to find an unfinished one of the same file


@dataclass
class ImportRun:
    """One writing run of an import; `resumes` the unfinished run of the same file it takes over."""

    id: str
    kind: str
    batches: int = 0
    resumes: dict | None = None  # {"run", "at", "batches", "rows"} of the unfinished run, if any


def audit_row(viewer: Viewer | None, *, action: str, entity: str, entity_id, changes: dict) -> dict:
    """An audit row as a plain dict, for a bulk insert (`changes` is {field: (old, new)})."""
    return dict(at=utcnow(), user_id=viewer.user_id if viewer else None, action=action, entity=entity,
                entity_id=None if entity_id is None else str(entity_id),
                changes={k: [_plain(old), _plain(new)] for k, (old, new) in changes.items()})


def changed_fields(old: dict, new: dict) -> dict:
    """{field: (old, new)} of the fields whose value changes (compared as the audit shows them)."""
    return {k: (old.get(k), v) for k, v in new.items() if _plain(old.get(k)) != _plain(v)}


def write_audit_rows(session: Session, rows: list[dict]) -> None:
    """The audit rows of a batch, in one executemany (inside the batch's transaction)."""
    if rows:
        session.execute(insert(AuditEntry.__table__), rows)


def _unfinished_run(session: Session, *, kind: str, fingerprint: str) -> dict | None:
    """The newest run of the same file, when it never finished (killed, or stopped by an error)."""
    recent = session.scalars(select(AuditEntry).where(AuditEntry.entity == RUN_ENTITY,
                                                      AuditEntry.action == "import_started")
                             .order_by(AuditEntry.id.desc()).limit(RECENT_RUNS))
    for entry in recent:
        changes = entry.changes or {}
        if (changes.get("kind") or [None, None])[1] != kind \
                or (changes.get("fingerprint") or [None, None])[1] != fingerprint:
            continue
        finished = session.scalar(select(AuditEntry.id).where(AuditEntry.entity == kind,
                                                              AuditEntry.entity_id == entry.entity_id,
                                                              AuditEntry.action == "import").limit(1))
        if finished is not None:
            return None
        batches: list[dict] = list(session.scalars(select(AuditEntry.changes).where(
            AuditEntry.entity == RUN_ENTITY, AuditEntry.entity_id == entry.entity_id,
            AuditEntry.action == "import_batch")))
        rows = 0
        for b in batches:
            rows += int((b.get("rows") or [0, 0])[1] or 0)
        return {"run": entry.entity_id, "at": entry.at.isoformat(timespec="seconds"), "batches": len(batches),
                "rows": rows}
    return None


def start_import_run(session: Session, viewer: Viewer | None, *, kind: str, file: str, fingerprint: str,
                     mode: str) -> ImportRun:
    """The run's audit row, committed before any of its rows: a run killed half-way is on record.

    Re-running the file of an unfinished run is recorded (and reported) as its resumption.
    """
    session.rollback()  # nothing of the checks is pending; the run starts in a transaction of its own
    run = ImportRun(id=uuid.uuid4().hex[:16], kind=kind)
    run.resumes = _unfinished_run(session, kind=kind, fingerprint=fingerprint)
    changes = {"kind": (None, kind), "file": (None, file), "fingerprint": (None, fingerprint), "mode": (None, mode)}
    if run.resumes:
        changes["resumes"] = (None, run.resumes["run"])
    write_audit_rows(session, [audit_row(viewer, action="import_started", entity=RUN_ENTITY, entity_id=run.id,
                                         changes=changes)])
    session.commit()
    return run


def commit_import_batch(session: Session, viewer: Viewer | None, run: ImportRun | None, *, audits: list[dict],
                        rows: int, counts: dict[str, int]) -> None:
    """A batch's audit rows, its line in the run's record, the generation bump, the commit: all or nothing."""
    write_audit_rows(session, audits)
    if run is not None:
        run.batches += 1
        write_audit_rows(session, [audit_row(viewer, action="import_batch", entity=RUN_ENTITY, entity_id=run.id,
                                             changes={"batch": (None, run.batches), "rows": (None, rows),
                                                      **{k: (None, n) for k, n in counts.items()}})])
    bump_generation(session)
    session.commit()


def finish_import_run(session: Session, viewer: Viewer | None, run: ImportRun | None, *, kind: str,
                      changes: dict, analyze: bool = False) -> None:
    """The run's summary row (action "import": it marks the run finished), the bump, the last commit."""
    if run is not None:
        changes = {**changes, "batches": (None, run.batches)}
        if run.resumes:
            changes["resumes"] = (None, run.resumes["run"])
    audit(session, viewer, action="import", entity=kind, entity_id=run.id if run else None, changes=changes)
    bump_generation(session)
    session.commit()
    if analyze and session.get_bind().dialect.name == "sqlite":
        # SQLite keeps its statistics until told (PostgreSQL's autovacuum re-analyses by itself):
        # stale ones after a big load sent the forecast's backtest to the wrong index, 9 s instead
        # of 1 s. A full ANALYZE of a million shipment lines takes one or two seconds.
        session.execute(text("ANALYZE"))
        session.commit()


def record_import_interrupted(session: Session, viewer: Viewer | None, run: ImportRun, *, reason: str) -> None:
    """Best effort, after the failed batch was rolled back: what the run committed before it stopped."""
    try:
        session.rollback()
        write_audit_rows(session, [audit_row(viewer, action="import_interrupted", entity=RUN_ENTITY,
                                             entity_id=run.id,
                                             changes={"batches": (None, run.batches), "reason": (None, reason)})])
        session.commit()
    except Exception:  # noqa: BLE001 - the database itself may be what failed; the started row stands
        session.rollback()
