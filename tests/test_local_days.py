"""regulations.local_days (a column at once) against local_day (one by one): the company-time-zone
days of UTC timestamps, naive (UTC) or aware, around midnight, None/NaT kept missing (issue 19)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from db.rules.regulations import local_day, local_days

MOMENTS = [
    dt.datetime(2026, 3, 1, 20, 59, 59), dt.datetime(2026, 3, 1, 21, 0), dt.datetime(2026, 12, 31, 21, 0, 1),
    dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC),
    dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=5))),
    None, dt.datetime(2024, 2, 28, 22, 0), dt.datetime(1999, 1, 1, 0, 0),
]


@pytest.mark.parametrize("zone", ["Europe/Moscow", "Asia/Vladivostok", "America/New_York", "UTC"])
def test_local_days_equal_local_day(monkeypatch, zone):
    monkeypatch.setenv("CRM_TIMEZONE", zone)
    expected = [local_day(m) for m in MOMENTS]
    got = local_days(pd.Series(MOMENTS, dtype=object))
    assert [None if pd.isna(d) else d.date() for d in got] == expected
    # as frame() gives them: a datetime64 column (naive UTC) with NaT
    naive = [m.astimezone(dt.UTC).replace(tzinfo=None) if m is not None and m.tzinfo else m for m in MOMENTS]
    column = pd.DataFrame.from_records([(m,) for m in naive], columns=["at"])["at"]
    assert [None if pd.isna(d) else d.date() for d in local_days(column)] == expected
    assert local_days(pd.Series([None, None], dtype=object)).isna().all()
