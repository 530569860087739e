"""Back up and restore the whole database, and prove the copy is exact.

    python -m db.backup --to PATH          # writes PATH and PATH.manifest.json
    python -m db.backup --restore PATH     # checks PATH, restores it into a copy, swaps only when it verifies

The manifest holds the schema version (the Alembic revisions) and every
table's row count and a checksum of its rows, computed from the snapshot the
backup wrote — not from the live database a moment later — so a backup taken
while people work verifies on restore.

SQLite: the sqlite3 online backup API copies the database in one step (one
read transaction: a consistent snapshot); the manifest is read from that copy.
PostgreSQL: pg_dump's custom format, run on a snapshot exported from a
REPEATABLE READ transaction whose same snapshot the manifest is computed in
(the client tools must match the server's major version).

A restore checks before it changes anything: the file is a backup of this
kind of database, its manifest is readable, its schema version is the one
this code runs, and the data restored into a copy (a new SQLite file; a
scratch PostgreSQL database) matches the manifest table by table. Only then
is the copy swapped in (SQLite: the backup API in one transaction;
PostgreSQL: pg_restore --single-transaction), and checked once more.
Anything refused leaves the database exactly as it was, with a one-line
reason and exit status 1.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from . import config
from .generation import bump_generation
from .migrate import head_revisions
from .session import make_engine

MANIFEST_FORMAT = 2
SQLITE_HEADER = b"SQLite format 3\x00"
PGDUMP_HEADER = b"PGDMP"


class RestoreRefused(Exception):
    """The backup cannot be restored; nothing was changed. The message is one line fit to show."""


class BackupFailed(Exception):
    """The backup could not be written (one line fit to show)."""


# --- the fingerprint of a database ------------------------------------------------------

def fingerprints(bind: Engine | Connection) -> dict[str, dict]:
    """{table: {"rows": n, "sha256": digest of its rows in primary-key order}}, read in one transaction."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return fingerprints(conn)
    result = {}
    inspector = inspect(bind)
    for table in sorted(inspector.get_table_names()):
        key = inspector.get_pk_constraint(table)["constrained_columns"] or [
            c["name"] for c in inspector.get_columns(table)]
        order = ", ".join(f'"{c}"' for c in key)
        digest = hashlib.sha256()
        rows = 0
        for row in bind.execute(text(f'SELECT * FROM "{table}" ORDER BY {order}')):  # noqa: S608
            digest.update(repr(tuple(_canonical(v) for v in row)).encode())
            rows += 1
        result[table] = {"rows": rows, "sha256": digest.hexdigest()}
    return result


def _canonical(value):
    """The same value reads the same before and after a round trip."""
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _schema_of(tables_bind: Connection) -> list[str]:
    """The Alembic revisions a database (or a copy) is at; [] when it has no alembic_version."""
    if "alembic_version" not in inspect(tables_bind).get_table_names():
        return []
    return sorted(r[0] for r in tables_bind.execute(text("SELECT version_num FROM alembic_version")))


def _manifest(conn: Connection, dialect: str) -> dict:
    return {"format": MANIFEST_FORMAT, "dialect": dialect, "schema": _schema_of(conn),
            "taken_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "tables": fingerprints(conn)}


def _manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


# --- backup ---------------------------------------------------------------------------

def backup(engine: Engine, path: Path) -> dict:
    """Write the backup and its manifest (computed from the snapshot the backup holds)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    try:
        if engine.dialect.name == "sqlite":
            manifest = _backup_sqlite(engine, part)
        elif engine.dialect.name == "postgresql":
            manifest = _backup_postgresql(engine, part)
        else:
            raise BackupFailed(f"No backup method for {engine.dialect.name}.")
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
    _manifest_path(path).write_text(json.dumps(manifest, indent=1))
    return manifest


def _backup_sqlite(engine: Engine, target_path: Path) -> dict:
    source = sqlite3.connect(_sqlite_file(engine), timeout=30)
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)  # pages=-1: one step, one read transaction on the source
    finally:
        target.close()
        source.close()
    with _sqlite_file_engine(target_path) as copy, copy.connect() as conn:
        return _manifest(conn, "sqlite")


def _backup_postgresql(engine: Engine, target_path: Path) -> dict:
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
        snapshot: str = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
              f"--file={target_path}", _pg_url(engine.url)], failure=BackupFailed)
        return _manifest(conn, "postgresql")  # the same snapshot pg_dump read


# --- restore --------------------------------------------------------------------------

def check_backup(path: Path, dialect: str) -> dict:
    """The manifest of a backup that may be restored here; RestoreRefused otherwise (nothing touched)."""
    if not path.exists():
        raise RestoreRefused(f"No backup at {path}.")
    if path.is_dir():
        raise RestoreRefused(f"{path} is a folder, not a backup file.")
    if path.stat().st_size == 0:
        raise RestoreRefused(f"The backup file {path.name} is empty.")
    with path.open("rb") as handle:
        head = handle.read(16)
    expected = SQLITE_HEADER if dialect == "sqlite" else PGDUMP_HEADER
    if not head.startswith(expected):
        what = {"sqlite": "an SQLite database", "postgresql": "a pg_dump archive"}.get(dialect, dialect)
        raise RestoreRefused(f"{path.name} is not a backup of this database: it is not {what}.")
    manifest_file = _manifest_path(path)
    if not manifest_file.exists():
        raise RestoreRefused(f"No manifest next to the backup ({manifest_file.name}): "
                             "only a backup made by python -m db.backup can be restored.")
    try:
        manifest = json.loads(manifest_file.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise RestoreRefused(f"The manifest {manifest_file.name} cannot be read.") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("tables"), dict) or not manifest["tables"]:
        raise RestoreRefused(f"The manifest {manifest_file.name} lists no tables.")
    if manifest.get("dialect") != dialect:
        raise RestoreRefused(f"The backup is of a {manifest.get('dialect')} database, this one is {dialect}.")
    _check_schema(manifest.get("schema"), "The backup's manifest")
    return manifest


def _check_schema(schema, whose: str) -> None:
    heads = sorted(head_revisions())
    if not schema:
        raise RestoreRefused(f"{whose} names no schema version: it is not a backup of this CRM.")
    if sorted(schema) != heads:
        raise RestoreRefused(f"{whose} is at schema version {', '.join(sorted(schema))}; this app needs "
                             f"{', '.join(heads)}. Restore it with the version of the app that made it.")


def _check_copy(conn: Connection, manifest: dict) -> None:
    """The restored copy is this CRM at the right version, and matches the manifest table by table."""
    _check_schema(_schema_of(conn), "The backup")
    problems = compare(manifest["tables"], fingerprints(conn))
    if problems:
        raise RestoreRefused(f"The backup does not match its manifest ({len(problems)} "
                             f"table{'s' if len(problems) > 1 else ''}: {'; '.join(problems)[:300]}).")


def restore(engine: Engine, path: Path) -> dict:
    """Check, restore into a copy, verify it, swap it in; return the database's fingerprints after.

    Raises RestoreRefused (with the database unchanged) when the backup cannot be used.
    """
    manifest = check_backup(path, engine.dialect.name)
    known = _highest_generation(engine)
    if engine.dialect.name == "sqlite":
        _restore_sqlite(engine, path, manifest)
    elif engine.dialect.name == "postgresql":
        _restore_postgresql(engine, path, manifest)
    else:
        raise RestoreRefused(f"No restore method for {engine.dialect.name}.")
    _past_every_cache(engine, known)
    return fingerprints(engine)


def _highest_generation(engine: Engine) -> int:
    """The highest cache counter the running servers may have keyed a cache by (0: none readable)."""
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT COALESCE(MAX(value), 0) FROM data_generation")).scalar() or 0)
    except SQLAlchemyError:
        return 0


def _past_every_cache(engine: Engine, known: int) -> None:
    """The backup brings back its own, older cache counters: a server still holding a cache keyed by
    one of those values would show the figures of before the restore. Every counter moves past any
    value known before, and every area is bumped (its row made if the backup had none)."""
    with engine.begin() as conn:
        conn.execute(text("UPDATE data_generation SET value = value + :jump"), {"jump": known + 1})
        bump_generation(conn, everything=True)


def _restore_sqlite(engine: Engine, path: Path, manifest: dict) -> None:
    live = Path(_sqlite_file(engine))
    fd, name = tempfile.mkstemp(prefix=".restore-", suffix=".sqlite3", dir=live.parent)
    os.close(fd)
    copy_path = Path(name)
    try:
        try:
            source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            copy = sqlite3.connect(copy_path)
            try:
                source.backup(copy)
                ok = copy.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                copy.close()
                source.close()
        except sqlite3.DatabaseError as exc:
            raise RestoreRefused(f"{path.name} is not a readable SQLite database ({exc}).") from None
        if ok != "ok":
            raise RestoreRefused(f"{path.name} is damaged (SQLite's integrity check: {ok}).")
        with _sqlite_file_engine(copy_path) as copy_engine, copy_engine.connect() as conn:
            try:
                _check_copy(conn, manifest)
            except SQLAlchemyError as exc:  # tables this code cannot even read
                raise RestoreRefused(f"{path.name} cannot be read as this CRM's database "
                                     f"({str(getattr(exc, 'orig', None) or exc).splitlines()[0]}).") from None
        # The swap: the verified copy replaces the content in one write transaction (pages=-1),
        # so every other connection sees either the old database or the restored one.
        engine.dispose()
        copy, target = sqlite3.connect(copy_path), sqlite3.connect(live, timeout=30)
        try:
            copy.backup(target)
        finally:
            target.close()
            copy.close()
    finally:
        copy_path.unlink(missing_ok=True)


def _restore_postgresql(engine: Engine, path: Path, manifest: dict) -> None:
    _run(["pg_restore", "--list", str(path)], failure=RestoreRefused,
         what=f"{path.name} is not a readable pg_dump archive")
    with _scratch_database(engine.url) as scratch_url:
        _run(["pg_restore", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
              f"--dbname={_pg_url(scratch_url)}", str(path)], failure=RestoreRefused,
             what=f"{path.name} cannot be restored")
        scratch = create_engine(scratch_url)
        try:
            with scratch.connect() as conn:
                _check_copy(conn, manifest)
        except SQLAlchemyError as exc:
            raise RestoreRefused(f"{path.name} cannot be read as this CRM's database "
                                 f"({str(getattr(exc, 'orig', None) or exc).splitlines()[0]}).") from None
        finally:
            scratch.dispose()
    # The copy verified: the real restore, in one transaction (a failure leaves everything as it was).
    engine.dispose()
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", f"--dbname={_pg_url(engine.url)}", str(path)], failure=RestoreRefused,
         what="pg_restore failed (nothing was changed)")


@contextlib.contextmanager
def _scratch_database(url) -> Iterator:
    name = f"{url.database}_restore_check"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - no right to create databases, server down...
        admin.dispose()
        raise RestoreRefused(f"A scratch database to check the backup in cannot be made: "
                             f"{str(exc).splitlines()[0]}") from None
    try:
        yield url.set(database=name)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def compare(expected: dict, got: dict, *, restored: bool = False) -> list[str]:
    """Tables whose row count or checksum differ. `restored`: `got` is a database after `restore`,
    whose cache counters were moved past every value the servers knew (not data: not compared)."""
    problems = []
    for table in sorted(set(expected) | set(got)):
        if restored and table == "data_generation":
            continue
        want, have = expected.get(table), got.get(table)
        if want != have:
            if want is None or have is None:
                problems.append(f"{table}: {'missing' if have is None else 'not in the backup'}")
            elif want.get("rows") != have.get("rows"):
                problems.append(f"{table}: {want.get('rows')} rows expected, {have.get('rows')} found")
            else:
                problems.append(f"{table}: the rows' checksum differs")
    return problems


def verify(path: Path, restored: dict) -> list[str]:
    """Tables whose row count or checksum differ from the backup's manifest (`restored`: fingerprints
    of the database after `restore`)."""
    manifest_file = _manifest_path(path)
    if not manifest_file.exists():
        return [f"no manifest next to the backup ({manifest_file.name})"]
    return compare(json.loads(manifest_file.read_text())["tables"], restored, restored=True)


# --- plumbing -------------------------------------------------------------------------

def _pg_url(url) -> str:
    """libpq's form of the URL (no SQLAlchemy driver suffix)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _sqlite_file(engine: Engine) -> str:
    database = engine.url.database
    if not database or database == ":memory:":
        raise RestoreRefused("An in-memory SQLite database cannot be backed up or restored.")
    return database


@contextlib.contextmanager
def _sqlite_file_engine(path: Path) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{path}")
    try:
        yield engine
    finally:
        engine.dispose()


def _run(command: list[str], *, failure: type[Exception], what: str | None = None) -> None:
    if shutil.which(command[0]) is None:
        raise failure(f"{command[0]} is not installed (PostgreSQL client tools are needed).")
    completed = subprocess.run(command, capture_output=True, text=True, errors="replace", check=False)
    if completed.returncode != 0:
        detail = (completed.stderr.strip().splitlines() or ["no message"])[0]
        raise failure(f"{what or command[0] + ' failed'}: {detail}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m db.backup", description=__doc__.split("\n\n")[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--to", type=Path, help="write a backup to this file")
    action.add_argument("--restore", type=Path, help="replace the database's content with this backup")
    parser.add_argument("--database", help="database URL (default: CRM_DATABASE_URL or the SQLite file)")
    args = parser.parse_args(argv)
    engine = make_engine(args.database or config.database_url())
    try:
        if args.to:
            try:
                manifest = backup(engine, args.to)
            except (BackupFailed, RestoreRefused, OSError, sqlite3.Error) as exc:
                print(f"backup failed: {exc}", file=sys.stderr)
                return 1
            rows = sum(t["rows"] for t in manifest["tables"].values())
            print(f"backed up {len(manifest['tables'])} tables, {rows:,} rows to {args.to}")
            return 0
        try:
            restored = restore(engine, args.restore)
        except (RestoreRefused, OSError, sqlite3.Error) as exc:
            print(f"restore refused: {exc} Nothing was changed.", file=sys.stderr)
            return 1
        problems = verify(args.restore, restored)
        if problems:
            print("restored, but the database now differs from the backup (written to since?): "
                  + "; ".join(problems), file=sys.stderr)
            return 1
        print(f"restored {args.restore}; every table's row count and checksum match the backup")
        return 0
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
