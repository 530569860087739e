"""The credit rules an administrator sets (issue 17, item 1): after how many days past due overdue debt
blocks committing moves (db/rules/credit.py reads it; 30 by default)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from ..access import Can, Viewer, require
from ..rules.credit import SETTING_KEY
from .base import business_action
from .routine_settings import _save
from ..rules.validate import Checks


@business_action
def save_credit_rules(session: Session, viewer: Viewer, *, overdue_block_days,
                      expected_updated_at: dt.datetime | None) -> None:
    """`expected_updated_at`: the setting's time when the form was loaded (a newer save is refused)."""
    require(viewer, Can.CONFIGURE)
    v = Checks()
    days = v.integer("overdue_block_days", overdue_block_days, minimum=0, maximum=3650, required=True)
    v.raise_if_any()
    _save(session, viewer, SETTING_KEY, {"overdue_block_days": days}, expected_updated_at)
