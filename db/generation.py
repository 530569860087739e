"""The data generation: a counter every write bumps, that read caches are keyed by."""
from __future__ import annotations

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from .models import DataGeneration


def current_generation(bind: Session | Connection) -> int:
    """One tiny indexed read; run once per page run to key the caches."""
    value = bind.execute(select(DataGeneration.value).where(DataGeneration.id == 1)).scalar()
    return int(value or 0)


def bump_generation(bind: Session | Connection) -> None:
    """Called inside the writer's transaction, last, so the row lock is held briefly."""
    bind.execute(update(DataGeneration).where(DataGeneration.id == 1).values(value=DataGeneration.value + 1))
