"""The cookie key never lives in the repository, and is generated on first start."""
import subprocess
from pathlib import Path

import ui.auth as auth

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
    monkeypatch.setattr(auth, "SECRETS_FILE", tmp_path / ".streamlit" / "secrets.toml")
    first = auth.cookie_key()
    assert len(first) >= 32
    assert auth.cookie_key() == first  # read back, not regenerated
    assert (tmp_path / ".streamlit" / "secrets.toml").stat().st_mode & 0o077 == 0  # owner-only


def test_environment_key_wins(monkeypatch):
    monkeypatch.setenv("CRM_COOKIE_KEY", "x" * 40)
    assert auth.cookie_key() == "x" * 40
