"""Settings read from the environment, with defaults that make a fresh checkout run."""
from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_DIR / "data"


def database_url() -> str:
    """`CRM_DATABASE_URL`, else a SQLite file under data/."""
    url = os.environ.get("CRM_DATABASE_URL", "").strip()
    if url:
        return url
    DATA_DIR.mkdir(exist_ok=True)
    return f"sqlite:///{DATA_DIR / 'crm.sqlite3'}"


def default_language() -> str:
    """The language of users who have not chosen one: `CRM_DEFAULT_LANGUAGE`, else Russian."""
    lang = os.environ.get("CRM_DEFAULT_LANGUAGE", "ru").strip().lower()
    return lang if lang in ("ru", "en") else "ru"


def currency() -> str:
    return os.environ.get("CRM_CURRENCY", "RUB").strip().upper() or "RUB"


def timezone() -> ZoneInfo:
    """The company's time zone: what "today" means for due dates and stand-ins."""
    return ZoneInfo(os.environ.get("CRM_TIMEZONE", "Europe/Moscow"))
