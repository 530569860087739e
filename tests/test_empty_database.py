"""tests/world.empty_database, which `seeded` and the access sweep run between tests, leaves the
database as a TRUNCATE ... RESTART IDENTITY would: no row in any table but the generation rows,
and on PostgreSQL every table's ids starting again from 1."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models import Base, DataGeneration, Department, User
from tests import world as world_module


def test_every_table_is_emptied_and_ids_start_again(engine):
    world_module.empty_database(engine)
    with Session(engine) as session:
        world_module.build(session)
        session.commit()
    try:
        with engine.connect() as conn:
            generation = conn.scalar(select(DataGeneration.value).where(DataGeneration.id == 1))
        world_module.empty_database(engine)
        with engine.connect() as conn:
            counts = {t.name: conn.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}
            assert counts.pop("data_generation") >= 1  # the generation rows stay
            assert {name: n for name, n in counts.items() if n} == {}
            assert conn.scalar(select(DataGeneration.value).where(DataGeneration.id == 1)) > generation
            if conn.dialect.name == "postgresql":
                sequences = conn.execute(text(
                    "SELECT s.relname, t.relname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid "
                    "JOIN pg_class t ON t.oid = d.refobjid WHERE s.relkind = 'S' AND d.deptype IN ('a', 'i') "
                    "AND t.relnamespace = 'public'::regnamespace")).all()
                assert {table for _seq, table in sequences} >= {"users", "departments", "clients", "deals"}
                for seq, table in sequences:
                    if table != "data_generation":
                        assert conn.scalar(text(f"SELECT nextval('{seq}')")) == 1, f"{table}: {seq}"
        with Session(engine) as session:  # the references' checks are back on
            session.add(User(login="x", full_name="X", role="manager", password_hash="x", department_id=999))
            with pytest.raises(IntegrityError):
                session.flush()
            session.rollback()
            session.add(Department(name="One"))
            session.flush()
    finally:
        world_module.empty_database(engine)
