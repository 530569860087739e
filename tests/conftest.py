"""Test database and sessions.

The database is `CRM_TEST_DATABASE_URL` (CI sets a fresh PostgreSQL one),
else a temporary SQLite file. When the URL is given and the server cannot
be reached, the run fails rather than quietly skipping those tests.

- `db`: a session inside a transaction rolled back after the test
  (SQLAlchemy's "join a session into an external transaction" recipe), for
  queries and actions; actions' commits become savepoint releases.
- `seeded`: the small hand-made world committed for real, for AppTest pages
  and the browser tests, which open their own connections; emptied afterwards.
"""
from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session



def _worker_database(url: str) -> str:
    """Under `pytest -n N` each worker gets a database of its own: a temporary SQLite file
    per process anyway, and on PostgreSQL `<database>_<worker>`, created on first use
    (every worker wipes its schema at the start, so they must never share one)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or not url.startswith("postgresql"):
        return url
    from sqlalchemy import create_engine, make_url

    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}) is None:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


_TMP = Path(tempfile.mkdtemp(prefix="crm-tests-"))
TEST_DATABASE_URL = _worker_database(os.environ.get("CRM_TEST_DATABASE_URL") or
                                     f"sqlite:///{_TMP / 'test.sqlite3'}")
# Before any project module reads them: the app under test (AppTest, the
# browser tests' server) must use the test database and never write a
# secrets file into the checkout.
os.environ["CRM_DATABASE_URL"] = TEST_DATABASE_URL
os.environ.setdefault("CRM_COOKIE_KEY", secrets.token_urlsafe(48))
os.environ.setdefault("CRM_DEFAULT_LANGUAGE", "en")
os.environ["CRM_WARM"] = "0"  # no server reads behind the tests' back (ui/warm.py; tests/test_warm.py runs it)
# Streamlit warns about every cache call made outside a running app (the
# fixtures clear caches between AppTests); that noise hides real failures.
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")

from db.generation import bump_generation  # noqa: E402
from db.migrate import upgrade_to_head  # noqa: E402
from db.session import get_engine  # noqa: E402
from tests import world as world_module  # noqa: E402


# The longest modules (--durations: each holds tests of 20 s to 2 min, or loads the demo), run
# first: `pytest -n N` hands out tests in collection order, one at a time, and these came last
# (tests/test_*.py) or in long runs (the sweep), leaving the other workers idle while one ended
# them (issue 19: CI time). The order within a module stays as it was.
LONGEST_FIRST = (
    "pages/test_access_sweep.py",
    "test_cache_areas.py",
    "actions/test_import_roundtrip_properties.py",
    "test_owner_partitions.py",
    "test_demo.py",
    "test_demo_realism.py",
    "test_architecture.py",
    "actions/test_import_maven.py",
    "queries/test_duplicates.py",
    "actions/test_documents.py",
    "queries/test_forecast.py",
)


def _longest_first(item) -> int:
    path = str(item.path).replace("\\", "/")
    return next((rank for rank, module in enumerate(LONGEST_FIRST) if path.endswith("/tests/" + module)),
                len(LONGEST_FIRST))


def pytest_collection_modifyitems(config, items):
    items.sort(key=_longest_first)  # stable
    for item in items:
        if "/tests/e2e/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)
            # Under `pytest -n N` (--dist loadgroup) the browser tests share one worker: one
            # app server and one Chromium, not one per core.
            item.add_marker(pytest.mark.xdist_group("e2e"))


def pytest_report_header(config):
    return f"CRM test database: {TEST_DATABASE_URL.split('@')[-1]}"


@pytest.fixture(scope="session")
def engine():
    engine = get_engine(TEST_DATABASE_URL)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:  # pragma: no cover - environment problem
        pytest.fail(f"The test database {TEST_DATABASE_URL!r} cannot be reached: {exc}", pytrace=False)
    if engine.dialect.name == "postgresql":
        # A test database is ours to wipe: start from an empty schema.
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    upgrade_to_head(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine):
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        if transaction.is_active:
            transaction.rollback()
        connection.close()


@pytest.fixture
def world(db):
    """The hand-made world inside the rolled-back transaction."""
    built = world_module.build(db)
    # Ends the session's savepoint: an action's rollback in the test then
    # undoes only the action, not the world.
    db.commit()
    return built


@pytest.fixture
def seeded(engine):
    """The hand-made world committed (for code that opens its own connections)."""
    world_module.empty_database(engine)
    with Session(engine, expire_on_commit=False) as session:
        built = world_module.build(session)
        bump_generation(session)  # running servers must not serve a previous test's cache
        session.commit()
    try:
        yield built
    finally:
        world_module.empty_database(engine)


@pytest.fixture
def as_viewer(seeded, monkeypatch):
    """Load cached queries as someone (`as_viewer("mgr_a")`): ui/data's viewer without a page run;
    a fresh cache and counters (tests/test_cache_areas.py, test_kept_*.py)."""
    import streamlit as st

    from ui import data

    st.cache_data.clear()
    holder = {}
    monkeypatch.setattr(data, "current_viewer", lambda: holder["viewer"])
    st.session_state.pop("crm_generation", None)

    def use(login: str):
        holder["viewer"] = seeded.viewer(login)
        return holder["viewer"]

    yield use
    st.cache_data.clear()
