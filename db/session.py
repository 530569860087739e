"""Engines and sessions for SQLite (the embedded default) and PostgreSQL."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session

from . import config


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    # No JIT: the analyses' statements (correlated subqueries, CASE over many rows) are costed
    # past PostgreSQL's JIT thresholds, and compiling them with LLVM took longer than running
    # them — the backtest's statement 0.6-1 s with JIT, 0.17 s without, each time it runs.
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20,
                         connect_args={"options": "-c jit=off"})


def _sqlite_engine(url: str) -> Engine:
    # Streamlit serves each browser session from its own thread; the pool
    # hands a connection to one thread at a time, so sharing is safe.
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Take transaction control away from the sqlite3 module (it would
        # otherwise BEGIN lazily and never for SELECTs), see "begin" below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if ":memory:" not in url and url not in ("sqlite://", "sqlite+pysqlite://"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # Writers take the write lock up front (BEGIN IMMEDIATE) and so wait
        # their turn under busy_timeout; a deferred BEGIN that later tries to
        # write can fail at once with "database is locked".
        if connection.get_execution_options().get("crm_write"):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")

    return engine


@lru_cache(maxsize=4)
def get_engine(url: str | None = None) -> Engine:
    """One engine (and pool) per URL per process."""
    return make_engine(url or config.database_url())


@contextmanager
def read_session(engine: Engine | None = None) -> Iterator[Session]:
    with Session(engine or get_engine()) as session:
        yield session


@contextmanager
def write_session(engine: Engine | None = None) -> Iterator[Session]:
    """A session for one business action (db/actions commit or roll back themselves)."""
    bind = (engine or get_engine()).execution_options(crm_write=True)
    with Session(bind, expire_on_commit=False) as session:
        yield session
