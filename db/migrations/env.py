"""Alembic environment: one set of migrations for SQLite and PostgreSQL."""
from alembic import context

from db import config as crm_config
from db.models import Base
from db.session import make_engine

target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = make_engine(context.config.get_main_option("crm_url") or crm_config.database_url())
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()
