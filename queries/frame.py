"""Small helpers every query module uses."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Select
from sqlalchemy.orm import Session


def frame(session: Session, stmt: Select) -> pd.DataFrame:
    """Run a SELECT into a DataFrame with the statement's column names."""
    result = session.execute(stmt)
    # Plain tuples: pandas inspects Row objects one by one, five to ten times slower.
    return pd.DataFrame.from_records([tuple(row) for row in result], columns=list(result.keys()))


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """First day of `day`'s month and first day of the next month."""
    start = day.replace(day=1)
    return start, (start + dt.timedelta(days=32)).replace(day=1)
