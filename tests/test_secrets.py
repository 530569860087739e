"""The cookie key never lives in the repository, and is generated on first start."""
import subprocess
from pathlib import Path

import ui.auth as auth
from db import secret_key

ROOT = Path(__file__).resolve().parent.parent


def test_secrets_file_is_ignored_and_not_tracked():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert ".streamlit/secrets.toml" not in tracked.splitlines()
    ignored = subprocess.run(["git", "check-ignore", ".streamlit/secrets.toml"], cwd=ROOT, capture_output=True,
                             text=True, check=False)
    assert ignored.returncode == 0


def test_no_tracked_file_holds_a_cookie_key():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in tracked.splitlines():
        path = ROOT / name
        if path.suffix in (".toml", ".ini", ".cfg", ".env", ".json", ".yaml", ".yml") and path.exists():
            assert "cookie_key" not in path.read_text(errors="ignore"), name


def test_key_is_generated_once_into_the_secrets_file(tmp_path, monkeypatch):
    monkeypatch.delenv("CRM_COOKIE_KEY", raising=False)
    monkeypatch.setattr(secret_key, "SECRETS_FILE", tmp_path / ".streamlit" / "secrets.toml")
    first = auth.cookie_key()
    assert len(first) >= 32
    assert auth.cookie_key() == first  # read back, not regenerated
    assert (tmp_path / ".streamlit" / "secrets.toml").stat().st_mode & 0o077 == 0  # owner-only


def test_environment_key_wins(monkeypatch):
    monkeypatch.setenv("CRM_COOKIE_KEY", "x" * 40)
    assert auth.cookie_key() == "x" * 40


def test_stored_secrets_are_encrypted_with_a_key_from_the_app_secret(monkeypatch):
    monkeypatch.setenv("CRM_COOKIE_KEY", "k" * 48)
    stored = secret_key.encrypt("smtp-password")
    assert stored.startswith("fernet:") and "smtp-password" not in stored
    assert secret_key.decrypt(stored) == "smtp-password"
    assert secret_key.encrypt("") == "" and secret_key.decrypt("") == ""
    monkeypatch.setenv("CRM_COOKIE_KEY", "another-" * 6)  # the secret changed: unreadable, said so
    import pytest

    with pytest.raises(secret_key.UnreadableSecret):
        secret_key.decrypt(stored)


def test_the_migration_encrypts_a_stored_smtp_password_and_downgrade_restores_it(tmp_path):
    from alembic import command
    from sqlalchemy import text

    from db.migrate import alembic_config
    from db.session import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    config = alembic_config()

    def migrate(step, revision):
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            step(config, revision)

    def stored():
        with engine.connect() as conn:
            return conn.execute(text("SELECT value FROM settings WHERE key = 'smtp'")).scalar()

    migrate(command.upgrade, "0004")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO settings (key, value, updated_at) VALUES ('smtp', :v, CURRENT_TIMESTAMP)"),
                     {"v": '{"host": "smtp.example.ru", "password": "plain-old"}'})
    migrate(command.upgrade, "0005s")
    assert "plain-old" not in stored() and "fernet:" in stored()
    migrate(command.downgrade, "0004")
    assert "plain-old" in stored() and "fernet:" not in stored()
    engine.dispose()
