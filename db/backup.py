"""Back up and restore the whole database, and prove the copy is exact.

    python -m db.backup --to PATH          # writes PATH and PATH.manifest.json
    python -m db.backup --restore PATH     # replaces the database's content, then verifies it

SQLite: the sqlite3 online backup API (a consistent copy while the app runs).
PostgreSQL: pg_dump's custom format and pg_restore --clean (the client tools
must match the server's major version). The manifest holds every table's
row count and a checksum of its rows; a restore is checked against it.
Restoring replaces everything: stop the app (or warn its users) first.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from . import config
from .session import make_engine


def fingerprints(engine: Engine) -> dict[str, dict]:
    """{table: {"rows": n, "sha256": digest of its rows in primary-key order}}."""
    result = {}
    inspector = inspect(engine)
    with engine.connect() as conn:
        for table in sorted(inspector.get_table_names()):
            key = inspector.get_pk_constraint(table)["constrained_columns"] or [
                c["name"] for c in inspector.get_columns(table)]
            order = ", ".join(f'"{c}"' for c in key)
            digest = hashlib.sha256()
            rows = 0
            for row in conn.execute(text(f'SELECT * FROM "{table}" ORDER BY {order}')):  # noqa: S608
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


def _manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


def _pg_url(engine: Engine) -> str:
    """libpq's form of the URL (no SQLAlchemy driver suffix)."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _sqlite_file(engine: Engine) -> str:
    database = engine.url.database
    if not database or database == ":memory:":
        raise SystemExit("An in-memory SQLite database cannot be backed up.")
    return database


def backup(engine: Engine, path: Path) -> dict:
    path.parent.mkdir(parents=True, exist_ok=True)
    if engine.dialect.name == "sqlite":
        source = sqlite3.connect(_sqlite_file(engine))
        target = sqlite3.connect(path)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    elif engine.dialect.name == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={path}", _pg_url(engine)])
    else:
        raise SystemExit(f"No backup method for {engine.dialect.name}.")
    manifest = {"dialect": engine.dialect.name, "tables": fingerprints(engine)}
    _manifest_path(path).write_text(json.dumps(manifest, indent=1))
    return manifest


def restore(engine: Engine, path: Path) -> dict:
    if not path.exists():
        raise SystemExit(f"No backup at {path}.")
    if engine.dialect.name == "sqlite":
        engine.dispose()  # no pooled connection may hold the old file open mid-copy
        source = sqlite3.connect(path)
        target = sqlite3.connect(_sqlite_file(engine))
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    elif engine.dialect.name == "postgresql":
        engine.dispose()
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
              f"--dbname={_pg_url(engine)}", str(path)])
    else:
        raise SystemExit(f"No restore method for {engine.dialect.name}.")
    return fingerprints(engine)


def verify(path: Path, restored: dict) -> list[str]:
    """Tables whose row count or checksum differ from the backup's manifest."""
    manifest_file = _manifest_path(path)
    if not manifest_file.exists():
        return [f"no manifest next to the backup ({manifest_file.name})"]
    expected = json.loads(manifest_file.read_text())["tables"]
    problems = []
    for table in sorted(set(expected) | set(restored)):
        want, got = expected.get(table), restored.get(table)
        if want != got:
            problems.append(f"{table}: expected {want}, got {got}")
    return problems


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise SystemExit(f"{command[0]} is not installed (PostgreSQL client tools are needed).")
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"{command[0]} failed: {completed.stderr.strip()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m db.backup", description=__doc__.split("\n\n")[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--to", type=Path, help="write a backup to this file")
    action.add_argument("--restore", type=Path, help="replace the database's content with this backup")
    parser.add_argument("--database", help="database URL (default: CRM_DATABASE_URL or the SQLite file)")
    args = parser.parse_args(argv)
    engine = make_engine(args.database or config.database_url())
    if args.to:
        manifest = backup(engine, args.to)
        rows = sum(t["rows"] for t in manifest["tables"].values())
        print(f"backed up {len(manifest['tables'])} tables, {rows:,} rows to {args.to}")
        return 0
    problems = verify(args.restore, restore(engine, args.restore))
    if problems:
        print("restored, but the copy differs from the backup:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    print(f"restored {args.restore}; every table's row count and checksum match the backup")
    return 0


if __name__ == "__main__":
    sys.exit(main())
