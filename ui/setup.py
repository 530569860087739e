"""First start: an empty database asks for the first administrator."""
from __future__ import annotations

from sqlalchemy import exists, select

from db.models import User

from .boot import engine


def needs_first_run() -> bool:
    with engine().connect() as conn:
        return not conn.scalar(select(exists().where(User.id.is_not(None))))
