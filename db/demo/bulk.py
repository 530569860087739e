"""Fast writes for the demo load: batched inserts with explicit ids (Core executemany on
SQLite, COPY on PostgreSQL), table wiping, PostgreSQL sequence repair, and a progress
line per table on stderr."""
from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import JSON, ColumnDefault, Connection, Engine, Integer, Table, inspect, insert, text
from sqlalchemy.pool import PoolProxiedConnection

BATCH = 10_000
KEEP = ("alembic_version", "data_generation")  # never wiped


def stderr_log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Writer:
    """Inserts rows (dicts, all with the same keys) into tables, in batches.

    Counts rows and seconds per table; seconds include the time spent generating
    rows when `rows` is a generator, which is the honest figure for "how long".
    """

    def __init__(self, conn: Connection, log: Callable[[str], None] | None = None):
        self.conn = conn
        self.log = log
        self.rows: dict[str, int] = {}
        self.seconds: dict[str, float] = {}

    def insert(self, table: Table, rows: Iterable[dict], *, batch: int = BATCH) -> int:
        started = time.perf_counter()
        write = self._copy if self.conn.dialect.name == "postgresql" else self._insert
        buffer: list[dict] = []
        count = 0
        for row in rows:
            buffer.append(row)
            if len(buffer) >= batch:
                write(table, buffer)
                count += len(buffer)
                buffer = []
        if buffer:
            write(table, buffer)
            count += len(buffer)
        self.rows[table.name] = self.rows.get(table.name, 0) + count
        self.seconds[table.name] = self.seconds.get(table.name, 0.0) + time.perf_counter() - started
        return count

    def _insert(self, table: Table, rows: list[dict]) -> None:
        self.conn.execute(insert(table), rows)

    def _copy(self, table: Table, rows: list[dict]) -> None:
        """PostgreSQL: COPY, several times faster than INSERT for big tables.

        It runs on the same driver connection, inside the load's transaction. COPY knows
        nothing of SQLAlchemy's Python-side defaults, so scalar ones are filled in here;
        values pass as they are (aware UTC datetimes, Decimals), which psycopg adapts.
        """
        if any(isinstance(c.type, JSON) for c in table.columns):
            return self._insert(table, rows)  # few rows; JSON needs SQLAlchemy's serialiser
        columns = list(rows[0])
        defaults = {}
        for column in table.columns:
            if column.name in rows[0] or column.default is None or column.server_default is not None:
                continue
            default = column.default
            if not (default.is_scalar and isinstance(default, ColumnDefault)):  # is_scalar: a ColumnDefault
                raise ValueError(f"{table.name}.{column.name}: give a value (its default is computed)")
            defaults[column.name] = default.arg
        names = ", ".join(f'"{c}"' for c in [*columns, *defaults])
        extra = list(defaults.values())
        cursor = _driver(self.conn.connection).cursor()
        try:
            with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row([row[c] for c in columns] + extra)
        finally:
            cursor.close()

    def report(self, *names: str, step_seconds: float | None = None) -> None:
        """One progress line per table."""
        if not self.log:
            return
        for name in names:
            secs = step_seconds if step_seconds is not None and len(names) == 1 else self.seconds.get(name, 0.0)
            self.log(f"  {name:<22} {self.rows.get(name, 0):>10,} rows {secs:>7.1f} s")
        if step_seconds is not None and len(names) > 1:
            self.log(f"  {'(step total)':<22} {'':>10}      {step_seconds:>7.1f} s")


def _driver(raw: PoolProxiedConnection) -> Any:
    """The driver's own connection (psycopg's, sqlite3's): always there while `raw` is checked out."""
    db = raw.driver_connection
    assert db is not None
    return db


def table_names(conn: Connection) -> list[str]:
    return sorted(inspect(conn).get_table_names())


def row_counts(conn: Connection, names: Iterable[str]) -> dict[str, int]:
    return {n: conn.exec_driver_sql(f'SELECT COUNT(*) FROM "{n}"').scalar_one() for n in names}


def has_rows(conn: Connection, name: str) -> bool:
    return conn.exec_driver_sql(f'SELECT 1 FROM "{name}" LIMIT 1').first() is not None


def wipe(engine: Engine) -> None:
    """Empty every table but the schema version and the data generation row.

    Its own transaction, before the load's. On SQLite foreign keys are switched off for
    it: with them on, every parent row deleted costs a scan of each child table without
    an index on its reference (contacts.reports_to_id, shipments.deal_id...) — well over
    a quarter of an hour on the large demo; with them off, each DELETE empties the table
    at once (seconds).
    """
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            names = [n for n in table_names(conn) if n not in KEEP]
            if names:
                conn.exec_driver_sql(
                    "TRUNCATE " + ", ".join(f'"{n}"' for n in names) + " RESTART IDENTITY CASCADE"
                )
        return
    raw = engine.raw_connection()  # autocommit (see db/session.py): PRAGMAs take effect
    try:
        db = _driver(raw)
        names = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        db.execute("PRAGMA foreign_keys = OFF")
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                for name in names:
                    if name not in KEEP:
                        db.execute(f'DELETE FROM "{name}"')
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        finally:
            db.execute("PRAGMA foreign_keys = ON")
    finally:
        raw.close()


def reset_sequences(conn: Connection) -> None:
    """PostgreSQL: after inserts with explicit ids, point each id sequence past the max."""
    if conn.dialect.name != "postgresql":
        return
    for name in table_names(conn):
        id_types = [c["type"] for c in inspect(conn).get_columns(name) if c["name"] == "id"]
        # Only integer ids have a sequence (user_sessions' id is a text hash: MAX(id) would be text).
        if not id_types or not isinstance(id_types[0], Integer):
            continue
        conn.execute(
            text(
                "SELECT setval(seq, COALESCE((SELECT MAX(id) FROM \"" + name + "\"), 0) + 1, false) "
                "FROM pg_get_serial_sequence(:t, 'id') AS seq WHERE seq IS NOT NULL"
            ),
            {"t": f'"{name}"'},
        )


def tune_for_bulk(conn: Connection) -> None:
    """SQLite: a big page cache, so index pages stay in memory during the load."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA cache_size = -262144")  # 256 MiB, this connection only


def untune(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA cache_size = -2000")  # SQLite's default


def analyze(engine: Engine) -> None:
    """Fresh planner statistics after a big load, outside the load's transaction."""
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()  # autocommit: the engine's connect hook set that up
        try:
            db = _driver(raw)
            # A full ANALYZE (about a second at --scale large), not a sampled one: with
            # `analysis_limit` the NULL-heavy stage-history columns were misjudged and the
            # forecast's backtest took the wrong index, 9 s instead of 1 s for a director.
            db.execute("ANALYZE")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # give the big WAL file back
        finally:
            raw.close()
    elif engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
