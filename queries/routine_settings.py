"""The routine settings as the pages read them (db/routine_config.py holds the defaults)."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import access
from db.access import Can, Viewer
from db.models import Setting
from db.routine_config import (
    LABELS_KEY,
    REMINDERS_KEY,
    SMTP_KEY,
    LabelLayout,
    ReminderRules,
    SmtpConfig,
    label_layout as _label_layout,
    reminder_rules as _reminder_rules,
    smtp_config,
)


def reminder_rules(session: Session, viewer: Viewer) -> ReminderRules:
    return _reminder_rules(session)


def label_layout(session: Session, viewer: Viewer) -> LabelLayout:
    return _label_layout(session)


@dataclass(frozen=True)
class SmtpView:
    config: SmtpConfig  # the password blanked: it never goes back to a browser
    has_password: bool
    password_from_environment: bool


def smtp_settings(session: Session, viewer: Viewer) -> SmtpView:
    access.require(viewer, Can.CONFIGURE)
    config = smtp_config(session)
    return SmtpView(config=replace(config, password=""), has_password=bool(config.password),
                    password_from_environment=bool(os.environ.get("CRM_SMTP_PASSWORD")))


def versions(session: Session, viewer: Viewer) -> dict[str, dt.datetime | None]:
    """When each setting was last saved: the forms' stale check."""
    rows = session.execute(select(Setting.key, Setting.updated_at)
                           .where(Setting.key.in_([REMINDERS_KEY, LABELS_KEY, SMTP_KEY])))
    return {key: at for key, at in rows}
