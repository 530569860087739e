"""The app's secret: it signs the sign-in cookie and encrypts stored secrets (the SMTP password).

`CRM_COOKIE_KEY`, else `cookie_key` in .streamlit/secrets.toml, else a new one
generated into that file on first use (owner-only, never committed). Kept free
of streamlit: the migrations and the command-line tools read it too.
"""
from __future__ import annotations

import base64
import os
import secrets
import tomllib

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .config import PROJECT_DIR

SECRETS_FILE = PROJECT_DIR / ".streamlit" / "secrets.toml"
ENCRYPTED_PREFIX = "fernet:"


def app_secret() -> str:
    key = os.environ.get("CRM_COOKIE_KEY", "").strip()
    if key:
        return key
    if SECRETS_FILE.exists():
        with SECRETS_FILE.open("rb") as fh:
            key = str(tomllib.load(fh).get("cookie_key", "")).strip()
        if key:
            return key
    return _generate()


def _generate() -> str:
    key = secrets.token_urlsafe(48)
    SECRETS_FILE.parent.mkdir(exist_ok=True)
    try:
        # O_EXCL: if two processes start at once, one writes and the other re-reads.
        fd = os.open(SECRETS_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return app_secret()
    with os.fdopen(fd, "w") as fh:
        fh.write("# Generated on first start. Keep it secret; never commit it.\n")
        fh.write(f'cookie_key = "{key}"\n')
    return key


def _fernet(purpose: bytes) -> Fernet:
    """A Fernet key of its own per purpose, derived from the app's secret (HKDF-SHA256)."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"sales-crm", info=purpose).derive(app_secret().encode())
    return Fernet(base64.urlsafe_b64encode(raw))


def encrypt(plain: str, purpose: bytes = b"stored secrets") -> str:
    """`fernet:<token>`; the empty string stays empty (nothing stored)."""
    if not plain:
        return ""
    return ENCRYPTED_PREFIX + _fernet(purpose).encrypt(plain.encode()).decode()


def is_encrypted(value: str | None) -> bool:
    return value is not None and value.startswith(ENCRYPTED_PREFIX)


class UnreadableSecret(ValueError):
    """Stored with another app secret (the key was changed): it must be entered again."""


def decrypt(value: str | None, purpose: bytes = b"stored secrets") -> str:
    if not value:
        return ""
    if not is_encrypted(value):
        return value  # written before encryption; the migration 0005s encrypts those
    try:
        return _fernet(purpose).decrypt(value[len(ENCRYPTED_PREFIX):].encode()).decode()
    except InvalidToken as exc:
        raise UnreadableSecret("The stored secret was encrypted with another app secret.") from exc
