"""Settings of the routine work (issue 9), kept in the `settings` table as JSON.

- `reminder_rules`: contact regulations by client class, stalled deals, reorder cadence;
- `label_layout`: address labels on an A4 sheet;
- `smtp`: the mail server the mail-merge sends through.

Readers get defaults for anything missing or malformed: a half-edited
setting never breaks a page.
"""
from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Setting
from .secret_key import decrypt

REMINDERS_KEY = "reminder_rules"
LABELS_KEY = "label_layout"
SMTP_KEY = "smtp"


@dataclass(frozen=True)
class ReminderRules:
    # Days without a contact (call, letter, e-mail, meeting) after which a client of the class is due.
    contact_days: dict[str, int] = field(default_factory=lambda: {"A": 14, "B": 30, "C": 90})
    stalled_days: int = 30  # an open deal with no movement this long gets a task
    reorder_lookback_days: int = 365  # the purchase history the usual interval is taken from
    reorder_min_orders: int = 3  # shipment days of a product group that make a client "regular" for it
    reorder_grace_pct: int = 25  # how far past the usual interval before a call is due
    on: bool = True  # the rules make tasks (the lists on "My day" show either way)


@dataclass(frozen=True)
class LabelLayout:
    """An A4 sheet of labels, in millimetres (the default: 3 × 8 labels of 70 × 37 mm, no gaps)."""

    columns: int = 3
    rows: int = 8
    margin_top: float = 0.5
    margin_left: float = 0.0
    gap_x: float = 0.0
    gap_y: float = 0.0
    padding: float = 4.0
    font_size: float = 9.0

    @property
    def per_page(self) -> int:
        return self.columns * self.rows


@dataclass(frozen=True)
class SmtpConfig:
    host: str = ""
    port: int = 587
    security: str = "starttls"  # none | starttls | ssl
    username: str = ""
    password: str = ""  # encrypted (db.secret_key); CRM_SMTP_PASSWORD, when set, is used instead
    from_address: str = ""
    from_name: str = ""
    timeout: int = 30

    @property
    def configured(self) -> bool:
        return bool(self.host and self.from_address)

    def secret(self) -> str:
        """The password in plain text, for the SMTP login only (raises UnreadableSecret
        when it was stored under another app secret)."""
        return os.environ.get("CRM_SMTP_PASSWORD") or decrypt(self.password)


def _stored(session: Session, key: str) -> dict:
    value = session.scalar(select(Setting.value).where(Setting.key == key))
    return value if isinstance(value, dict) else {}


def _build(cls, raw: dict):
    """The dataclass from stored values of the right type; defaults for the rest."""
    defaults = cls()
    kwargs = {}
    for f in fields(cls):
        if f.name not in raw:
            continue
        value, default = raw[f.name], getattr(defaults, f.name)
        if isinstance(default, bool):
            ok = isinstance(value, bool)
        elif isinstance(default, (int, float)):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            value = type(default)(value) if ok else value
        else:
            ok = isinstance(value, type(default))
        if ok:
            kwargs[f.name] = value
    return cls(**kwargs)


def reminder_rules(session: Session) -> ReminderRules:
    raw = _stored(session, REMINDERS_KEY)
    rules = _build(ReminderRules, raw)
    days = ReminderRules().contact_days | {
        k: int(v) for k, v in rules.contact_days.items()
        if k in ("A", "B", "C") and isinstance(v, (int, float)) and v > 0}
    return ReminderRules(**(asdict(rules) | {"contact_days": days}))


def label_layout(session: Session) -> LabelLayout:
    return _build(LabelLayout, _stored(session, LABELS_KEY))


def smtp_config(session: Session) -> SmtpConfig:
    return _build(SmtpConfig, _stored(session, SMTP_KEY))
