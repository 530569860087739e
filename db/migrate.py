"""Bring a database's schema to the newest migration (the app does this on start)."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revisions() -> set[str]:
    """The newest revision of every branch (features may add migrations side by side)."""
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def head_revision() -> str:
    return ", ".join(sorted(head_revisions()))


def current_revisions(bind: Engine | Connection) -> set[str]:
    if isinstance(bind, Connection):
        return set(MigrationContext.configure(bind).get_current_heads())
    with bind.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def current_revision(bind: Engine | Connection) -> str | None:
    return ", ".join(sorted(current_revisions(bind))) or None


def upgrade_to_head(engine: Engine) -> None:
    """Idempotent; cheap when already at head (one SELECT on alembic_version)."""
    if current_revisions(engine) == head_revisions():
        return
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


if __name__ == "__main__":
    from .session import get_engine

    upgrade_to_head(get_engine())
    print(f"database at {head_revision()}")
