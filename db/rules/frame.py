"""A SELECT into a DataFrame: the one helper every read (rules and queries) uses."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Select
from sqlalchemy.orm import Session


def frame(session: Session, stmt: Select) -> pd.DataFrame:
    """Run a SELECT into a DataFrame with the statement's column names.

    A NULL stays None in text columns (object dtype, as pandas 2 had it): pandas 3's own string
    dtype makes it NaN, which is truthy and prints "nan" (`value or "—"`, f-strings). Numbers keep
    NaN and timestamps NaT, which arithmetic needs; text made of any cell goes through
    i18n.formatting.blank."""
    result = session.execute(stmt)
    # Plain tuples: pandas inspects Row objects one by one, five to ten times slower.
    df = pd.DataFrame.from_records([tuple(row) for row in result], columns=list(result.keys()))
    return text_as_objects(df)


def text_as_objects(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with its text columns as Python objects, None for a missing value (in place)."""
    for i, dtype in enumerate(df.dtypes):
        if isinstance(dtype, pd.StringDtype):
            column = df.iloc[:, i]
            df.isetitem(i, column.astype(object).where(column.notna(), None))
    return df
