"""Small helpers every query module uses."""
from __future__ import annotations

import datetime as dt

from db.rules.frame import frame, text_as_objects

__all__ = ["frame", "month_bounds", "text_as_objects"]


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """First day of `day`'s month and first day of the next month."""
    start = day.replace(day=1)
    return start, (start + dt.timedelta(days=32)).replace(day=1)
