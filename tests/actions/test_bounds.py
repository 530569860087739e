"""Bounds (issue 15, item 10): input past what the database holds, a foreign deal slipped in
without its client, and a database that cannot take a write each get a clear refusal and
change nothing — on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal

import psycopg.errors
import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import IntegrityError, InternalError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from db.actions.activities import schedule_task
from db.actions.base import business_action
from db.actions.clients import create_client
from db.actions.deals import create_deal, set_deal_lines
from db.actions.integrity import DISK_FULL, OUT_OF_RESOURCES, READ_ONLY, storage_refusal
from db.rules.validate import MONEY_MAX
from db.errors import DomainError, NotFound, ValidationError
from db.migrate import upgrade_to_head
from db.models import AuditEntry, Client, Deal, DealLine, Product, Task
from db.session import make_engine
from tests import world as world_module
from tests.conftest import TEST_DATABASE_URL

BILLION = "1000000000"  # the largest quantity a line takes


def counts(session: Session) -> tuple[int, ...]:
    return tuple(session.scalar(select(func.count()).select_from(model))
                 for model in (Deal, DealLine, Task, Client, AuditEntry))


# --------------------------------------------------------------- money past Numeric(14, 2)

@pytest.fixture
def dear(world, db):
    """Two products at real prices: 1 500.00 (a billion of them is 1.5 trillion) and 600.00."""
    products = [Product(sku=f"BIG-{price}", name=f"Станок {price}", price=Decimal(price)) for price in ("1500", "600")]
    db.add_all(products)
    db.commit()
    return [p.id for p in products]


def _refusal_text(refused: ValidationError) -> str:
    message, params = refused.errors["lines"]
    return message.format(**params)


def test_a_line_past_the_largest_amount_is_refused_with_its_figures(world, db, dear):
    before = counts(db)
    with pytest.raises(ValidationError) as refused:
        create_deal(db, world.viewer("mgr_a"), client_id=world.clients["a1"], title="Миллиард станков",
                    expected_close_on=dt.date.today() + dt.timedelta(days=30),
                    lines=[{"product_id": dear[0], "quantity": BILLION}])
    said = _refusal_text(refused.value)
    # 1 000 000 000 × 1 500.00 = 1 500 000 000 000.00, past 999 999 999 999.99
    assert said.startswith("Line 1: quantity × price is 1\u00a0500\u00a0000\u00a0000\u00a0000.00")
    assert "999\u00a0999\u00a0999\u00a0999.99" in said and "Lower the quantity" in said
    assert counts(db) == before


def test_lines_each_in_bounds_but_past_it_together_are_refused(world, db, dear):
    before = counts(db)
    with pytest.raises(ValidationError) as refused:
        create_deal(db, world.viewer("mgr_a"), client_id=world.clients["a1"], title="Два станка",
                    expected_close_on=dt.date.today() + dt.timedelta(days=30),
                    lines=[{"product_id": dear[1], "quantity": BILLION}, {"product_id": dear[1], "quantity": BILLION}])
    assert _refusal_text(refused.value).startswith(
        "The deal's lines add up to 1\u00a0200\u00a0000\u00a0000\u00a0000.00")
    assert counts(db) == before


def test_editing_a_deals_lines_past_the_bound_leaves_the_deal_as_it_was(world, db, dear):
    deal = create_deal(db, world.viewer("mgr_a"), client_id=world.clients["a1"], title="Станок",
                       expected_close_on=dt.date.today() + dt.timedelta(days=30),
                       lines=[{"product_id": dear[0], "quantity": "2"}])
    assert deal.amount == Decimal("3000.00")
    line_id, version, before = deal.lines[0].id, deal.version, counts(db)
    with pytest.raises(ValidationError):
        set_deal_lines(db, world.viewer("mgr_a"), deal_id=deal.id, expected_version=version,
                       lines=[{"id": line_id, "product_id": dear[0], "quantity": BILLION}])
    db.expire_all()
    saved = db.get(Deal, deal.id)
    assert (saved.amount, saved.version, [line.quantity for line in saved.lines]) == (
        Decimal("3000.00"), version, [Decimal("2.000")])
    assert counts(db) == before


def test_the_largest_amount_itself_is_stored_exactly(world, db):
    """The bound is what the column holds: 999 999 999 999.99 in one line is kept to the kopeck."""
    db.add(Product(sku="EDGE", name="Ровно предел", price=MONEY_MAX))
    db.commit()
    product_id = db.scalar(select(Product.id).where(Product.sku == "EDGE"))
    deal = create_deal(db, world.viewer("mgr_a"), client_id=world.clients["a1"], title="Предел",
                       expected_close_on=dt.date.today() + dt.timedelta(days=30),
                       lines=[{"product_id": product_id, "quantity": "1"}])
    db.expire_all()
    assert db.get(Deal, deal.id).amount == MONEY_MAX


# --------------------------------------------------------------- a deal without its client

def test_a_task_on_another_managers_deal_without_a_client_is_refused(world, db):
    vera_deal = db.scalar(select(Deal.id).where(Deal.owner_id == world.users["mgr_c"]))
    before = counts(db)
    with pytest.raises(NotFound):
        schedule_task(db, world.viewer("mgr_a"), title="Подсмотреть", due_on=dt.date.today(), deal_id=vera_deal)
    assert counts(db) == before
    assert db.scalar(select(Task).where(Task.title == "Подсмотреть")) is None


def test_a_task_on_ones_own_deal_without_a_client_gets_the_deals_client(world, db):
    own = db.scalar(select(Deal).where(Deal.owner_id == world.users["mgr_a"]))
    task = schedule_task(db, world.viewer("mgr_a"), title="По сделке", due_on=dt.date.today(), deal_id=own.id)
    assert (task.deal_id, task.client_id) == (own.id, own.client_id)


# --------------------------------------------------------------- a database that cannot take the write

def _dbapi_error(kind, orig: Exception):
    return kind("INSERT INTO tasks ...", {}, orig)


@pytest.mark.parametrize(("error", "expected"), [
    # PostgreSQL (psycopg): the errors carry their SQLSTATE
    (_dbapi_error(InternalError, psycopg.errors.ReadOnlySqlTransaction(
        "cannot execute INSERT in a read-only transaction")), READ_ONLY),
    (_dbapi_error(OperationalError, psycopg.errors.DiskFull(
        'could not extend file "base/16384/2619": No space left on device')), DISK_FULL),
    (_dbapi_error(OperationalError, psycopg.errors.OutOfMemory("out of memory")), OUT_OF_RESOURCES),
    (_dbapi_error(OperationalError, psycopg.errors.TooManyConnections(
        "sorry, too many clients already")), OUT_OF_RESOURCES),
    # SQLite: only the message tells
    (_dbapi_error(OperationalError, sqlite3.OperationalError("attempt to write a readonly database")), READ_ONLY),
    (_dbapi_error(OperationalError, sqlite3.OperationalError("database or disk is full")), DISK_FULL),
], ids=["pg-25006", "pg-53100", "pg-53200", "pg-53300", "sqlite-readonly", "sqlite-full"])
def test_storage_refusals_read_the_database_s_own_codes(error, expected):
    refusal = storage_refusal(error)
    assert isinstance(refusal, DomainError) and refusal.message == expected


@pytest.mark.parametrize("error", [
    _dbapi_error(IntegrityError, psycopg.errors.UniqueViolation("duplicate key value violates unique constraint")),
    _dbapi_error(OperationalError, psycopg.errors.QueryCanceled("canceling statement due to statement timeout")),
    _dbapi_error(OperationalError, sqlite3.OperationalError("no such table: tasks")),
], ids=["pg-unique", "pg-timeout", "sqlite-no-table"])
def test_other_database_errors_are_not_taken_for_storage(error):
    assert storage_refusal(error) is None


def test_a_storage_error_in_any_action_becomes_its_message_and_rolls_back(world, db):
    @business_action
    def write_then_fail(session, viewer, *, orig):
        session.add(Task(assignee_id=viewer.user_id, title="Не сохранится", due_on=dt.date.today()))
        session.flush()
        raise _dbapi_error(OperationalError if isinstance(orig, psycopg.errors.DiskFull) else InternalError, orig)

    before = counts(db)
    for orig, expected in ((psycopg.errors.ReadOnlySqlTransaction("read-only"), READ_ONLY),
                           (psycopg.errors.DiskFull("disk full"), DISK_FULL)):
        with pytest.raises(DomainError) as refused:
            write_then_fail(db, world.viewer("mgr_a"), orig=orig)
        assert refused.value.message == expected
        assert counts(db) == before


@pytest.fixture(scope="module")
def sqlite_file(tmp_path_factory):
    """A CRM database of its own in an SQLite file (whatever the test database is), with the world."""
    path = tmp_path_factory.mktemp("bounds") / "crm.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_to_head(engine)
    with Session(engine, expire_on_commit=False) as session:
        built = world_module.build(session)
        session.commit()
    engine.dispose()
    return path, built


def _task(session: Session, built, title: str = "Перезвонить завтра", description: str | None = None):
    return schedule_task(session, built.viewer("mgr_a"), title=title, due_on=dt.date.today(),
                         client_id=built.clients["a1"], description=description)


def test_a_write_on_a_read_only_sqlite_file_says_so_and_changes_nothing(sqlite_file):
    path, built = sqlite_file
    writable = make_engine(f"sqlite:///{path}")
    with Session(writable) as session:
        before = counts(session)
    read_only = make_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        for action in (lambda s: _task(s, built),
                       lambda s: create_client(s, built.viewer("mgr_a"), name="Только чтение")):
            with Session(read_only) as session, pytest.raises(DomainError) as refused:
                action(session)
            assert refused.value.message == READ_ONLY
            assert "read-only" in str(refused.value)
    finally:
        read_only.dispose()
    with Session(writable) as session:
        assert counts(session) == before
        # The same write on the writable file goes through.
        assert _task(session, built).id
    writable.dispose()


def test_a_write_on_a_full_sqlite_file_says_so_and_changes_nothing(sqlite_file):
    path, built = sqlite_file
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    try:
        with Session(engine) as session:
            before = counts(session)
            # The file may not grow past the pages it has: as a full disk would.
            pages = session.execute(text("PRAGMA page_count")).scalar()
            session.execute(text(f"PRAGMA max_page_count = {pages}"))
            with pytest.raises(DomainError) as refused:
                _task(session, built, title="Длинная задача", description="а" * 5000)
            assert refused.value.message == DISK_FULL
            assert counts(session) == before
    finally:
        engine.dispose()


@pytest.mark.skipif(not TEST_DATABASE_URL.startswith("postgresql"), reason="PostgreSQL's read-only transactions")
def test_a_write_in_a_read_only_postgresql_transaction_says_so(seeded, engine):
    read_only = create_engine(TEST_DATABASE_URL, poolclass=NullPool,
                              connect_args={"options": "-c default_transaction_read_only=on"})
    try:
        with Session(read_only) as session, pytest.raises(DomainError) as refused:
            _task(session, seeded)
        assert refused.value.message == READ_ONLY
    finally:
        read_only.dispose()
    with Session(engine) as session:
        assert session.scalar(select(Task).where(Task.title == "Перезвонить завтра")) is None
