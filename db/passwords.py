"""bcrypt password hashes, the format streamlit-authenticator checks against."""
from __future__ import annotations

import bcrypt

MIN_LENGTH = 8
MAX_BYTES = 72  # bcrypt ignores (and bcrypt 5 refuses) anything longer


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


def check_password(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode(), password_hash.encode())
    except ValueError:
        return False


def password_problem(password: str | None) -> tuple[str, dict] | None:
    """Why a new password is refused, as (message id, params); None if fine."""
    if not password or len(password) < MIN_LENGTH:
        return ("The password must have at least {n} characters.", {"n": MIN_LENGTH})
    if len(password.encode()) > MAX_BYTES:
        return ("The password is too long (at most {n} bytes).", {"n": MAX_BYTES})
    if password.strip() != password:
        return ("The password must not start or end with a space.", {})
    return None
