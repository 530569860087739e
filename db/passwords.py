"""bcrypt password hashes, the format streamlit-authenticator checks against."""
from __future__ import annotations

import bcrypt
from zxcvbn import zxcvbn

MIN_LENGTH = 8
MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable: moderate protection from an offline attack"
MAX_BYTES = 72  # bcrypt ignores (and bcrypt 5 refuses) anything longer


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


def check_password(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode(), password_hash.encode())
    except ValueError:
        return False


def password_problem(password: str | None, user_inputs: tuple[str | None, ...] = ()) -> tuple[str, dict] | None:
    """Why a new password is refused, as (message id, params); None if fine.

    Beyond the length, zxcvbn (Dropbox's estimator) must rate it at least
    MIN_SCORE of 4: common passwords, keyboard walks, dates, repeats and the
    person's own login, name or e-mail (`user_inputs`) count for little.
    """
    if not password or len(password) < MIN_LENGTH:
        return ("The password must have at least {n} characters.", {"n": MIN_LENGTH})
    if len(password.encode()) > MAX_BYTES:
        return ("The password is too long (at most {n} bytes).", {"n": MAX_BYTES})
    if password.strip() != password:
        return ("The password must not start or end with a space.", {})
    words = [w for value in user_inputs if value for w in [value, *str(value).replace("@", " ").split()]]
    if zxcvbn(password, user_inputs=words)["score"] < MIN_SCORE:
        return ("The password is too easy to guess: add another word or two (uncommon words are better), "
                "avoid your name, login and common passwords.", {})
    return None
