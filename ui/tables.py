"""Every table of the app: translated headers, and numbers, money, percentages and dates written
the way the reader's language writes them ("1 555 383" and "64,7 %" in Russian, "1,555,383" and
"64.7 %" in English) — while the table still sorts by the values themselves.

How (issue 19): the grid writes each cell itself, from the column's format. Numbers are
"localized" — the browser's Intl.NumberFormat in `navigator.languages`, which the page's script
(ui/builtin_text) makes the person's language, so Russian reads "1 555 383" whatever the
browser's own locale; the fraction digits are fixed by the column's step. What Intl cannot write
the way Babel does, the column's printf pattern writes (English percentages, "64.7 %"), and dates
and moments get the app's own patterns (i18n.formatting's, as moment.js patterns). The values
sent are rounded here the way Babel rounds (half to even on the decimal text), so the grid shows
what i18n.formatting would; tests/e2e/test_table_formats.py checks that with Streamlit's own
formatter in Chromium.

Until issue 19 each cell's text was made by Babel and sent as a pandas Styler's display values:
the table went twice (the values and their text), and styling took 100–300 ms a page.
"""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal

import pandas as pd
import streamlit as st
from babel.numbers import get_currency_symbol

from db import config
from streamlit.util import AttributeDictionary

from i18n import N_
from i18n import formatting as fmt
from i18n.formatting import LOCALES

from .export import buttons as export_buttons
from .lang import language, t
from .text import EMPTY


def currency_symbol() -> str:
    return get_currency_symbol(config.currency(), locale=LOCALES.get(language(), "ru_RU"))


def days(column: pd.Series) -> pd.Series:
    """A column of moments shown as their days ("03.12.2026"), still dates to sort by."""
    return column.map(lambda v: None if fmt.missing(v) else v.date() if isinstance(v, dt.datetime) else v)


def _is_code(key) -> bool:
    """A number that names rather than counts (an id, a year): written without grouping."""
    key = str(key).lower()
    return key == "id" or key.endswith("_id") or key in {"year", "inn"}


def _when_kind(column: pd.Series) -> str | None:
    """"date", "datetime" or None: a column of days, of moments, or neither."""
    present = column.dropna()
    if pd.api.types.is_datetime64_any_dtype(column):
        return "date" if not present.empty and (present.dt.normalize() == present).all() \
            and present.dt.tz is None else "datetime"
    if column.dtype != object or present.empty:
        return None
    sample = present.head(50)
    if not all(isinstance(v, dt.date) for v in sample):
        return None
    return "datetime" if any(isinstance(v, dt.datetime) for v in sample) else "date"


def _is_dates(column: pd.Series) -> bool:
    return _when_kind(column) is not None


# i18n.formatting's date patterns (CLDR's) as moment.js writes them: the grid's DateColumn and
# DatetimeColumn formats. "MMM" is English in moment's default locale, as it is in Babel's en.
MOMENT_DATE = {"ru": "DD.MM.YYYY", "en": "MMM D, YYYY"}
MOMENT_DATETIME = {"ru": "DD.MM.YYYY HH:mm", "en": "MMM D, YYYY, HH:mm"}
# A percentage with one decimal: Intl writes Russian's "64,7 %" itself (the value a fraction,
# three decimals); English's "64.7 %" (CLDR's pattern with a space) is a printf pattern.
PERCENT_EN = "%,.1f %%"


def rounded(column: pd.Series, digits: int) -> pd.Series:
    """The column's numbers rounded as Babel rounds what it writes: half to even, on the decimal
    text of the number (Decimal(str(x))), not on its binary value — so the grid, writing the
    rounded number with `digits` decimals, shows what i18n.formatting shows (but "0" where Babel
    writes "-0" of a small negative). Missing stays missing."""
    values = pd.to_numeric(column, errors="coerce").astype("float64")
    whole = values.dropna()
    if digits == 0 and (whole == whole.round(0)).all():
        return values + 0.0
    quantum = Decimal(1).scaleb(-digits)
    # + 0.0: a value that rounds to zero is written "0", not Babel's "-0".
    return values.map(lambda v: v if v != v else float(Decimal(str(v)).quantize(quantum, ROUND_HALF_EVEN)) + 0.0)


def table_data(data: pd.DataFrame, *, money=(), percent=(), integer=(), kopecks: bool = False,
               lang: str | None = None) -> tuple[pd.DataFrame, dict[str, dict]]:
    """What the grid gets to write each number and date column in the reader's language: the
    frame (numbers rounded as Babel would, Russian percentages as fractions, moments in the
    company's time zone) and, per such column, its column type ("number", "date", "datetime")
    and format arguments (`format`, `step`)."""
    lang = lang or language()
    data = data.copy()
    specs: dict[str, dict] = {}
    for key in data.columns:
        column = data[key]
        if key in money:
            data[key] = rounded(column, 2 if kopecks else 0)
            specs[key] = {"kind": "number", "format": "localized", "step": 0.01 if kopecks else 1}
        elif key in percent:
            if lang == "en":
                data[key] = rounded(column, 1)
                specs[key] = {"kind": "number", "format": PERCENT_EN}
            else:
                data[key] = rounded(column, 1) / 100
                specs[key] = {"kind": "number", "format": "percent", "step": 0.001}
        elif key in integer:
            data[key] = rounded(column, 0)
            specs[key] = {"kind": "number", "format": "localized", "step": 1}
        elif pd.api.types.is_bool_dtype(column):
            continue
        elif pd.api.types.is_numeric_dtype(column):
            if _is_code(key):
                specs[key] = {"kind": "number", "format": None}
            elif pd.api.types.is_integer_dtype(column):
                specs[key] = {"kind": "number", "format": "localized", "step": 1}
            else:  # up to two decimals, as "#,##0.##": "9,5", "1 555 383"
                data[key] = rounded(column, 2)
                specs[key] = {"kind": "number", "format": "localized"}
        elif (kind := _when_kind(column)) == "date":
            data[key] = days(column)
            specs[key] = {"kind": "date", "format": MOMENT_DATE.get(lang, MOMENT_DATE["ru"])}
        elif kind == "datetime":
            # Stored in UTC; a naive value is UTC too (SQLite keeps no zone). Shown as the company's
            # local time, naive, so the grid adds no zone of the browser's.
            moments = pd.to_datetime(column, utc=True)
            data[key] = moments.dt.tz_convert(str(config.timezone())).dt.tz_localize(None)
            specs[key] = {"kind": "datetime", "format": MOMENT_DATETIME.get(lang, MOMENT_DATETIME["ru"])}
    return data, specs


def column_type(label: str | None, spec: dict):
    """The st.column_config column of `table_data`'s spec, with its header."""
    if spec["kind"] == "date":
        return st.column_config.DateColumn(label, format=spec["format"])
    if spec["kind"] == "datetime":
        return st.column_config.DatetimeColumn(label, format=spec["format"])
    return st.column_config.NumberColumn(label, format=spec["format"], step=spec.get("step"))


def columns(labels: dict[str, str], specs: dict[str, dict], *, money=(), links: dict | None = None) -> dict:
    """column_config for the given headers; money in the company currency, sortable as numbers."""
    symbol = currency_symbol()
    cfg: dict = {}
    for key, label in labels.items():
        if key in specs:
            cfg[key] = column_type(f"{label}, {symbol}" if key in money else label, specs[key])
        else:
            cfg[key] = label
    for key, (label, pattern) in (links or {}).items():
        cfg[key] = st.column_config.LinkColumn(labels.get(key, key) if label is None else label,
                                               display_text=pattern)
    return cfg


NO_ROWS = N_("Nothing to show.")


def no_rows():
    """What a table without rows shows instead of Streamlit's grid, which paints "empty" (English,
    on its canvas: out of reach of a translation); the selection a grid would return, empty."""
    st.caption(t(NO_ROWS))
    return AttributeDictionary({"selection": AttributeDictionary({"rows": [], "columns": [], "cells": []})})


def dataframe(data: pd.DataFrame, column_config: dict | None = None, *, money=(), percent=(), integer=(),
              kopecks: bool = False, **kwargs):
    """st.dataframe of any frame, its numbers and dates written in the reader's language (sortable):
    the one way a page shows a table it does not build with `show`."""
    if data.empty:
        return no_rows()
    column_config = dict(column_config or {})
    symbol = currency_symbol()
    if not data.columns.is_unique:  # a frame with a repeated header: as it is, unformatted
        shown, specs = data, {}
    else:
        shown, specs = table_data(data, money=money, percent=percent, integer=integer, kopecks=kopecks)
    for key, spec in specs.items():
        if key in column_config and not isinstance(column_config[key], str):
            continue  # the page's own column type (or None: hidden)
        label = column_config.get(key) or str(key)
        column_config[key] = column_type(f"{label}, {symbol}" if key in money else label, spec)
    kwargs.setdefault("placeholder", EMPTY)
    kwargs.setdefault("hide_index", True)
    return st.dataframe(shown, column_config=column_config, **kwargs)


def show(df, labels: dict[str, str], *, money=(), percent=(), integer=(), kopecks: bool = False,
         export: str | None = None, links: dict | None = None, **kwargs):
    """st.dataframe of the labelled columns, in their order; money as numbers (sortable),
    in whole roubles unless `kopecks` (lists are scanned, not reconciled). With `export`
    (the file's name), the .xlsx and CSV buttons of exactly these rows and columns follow.
    `links`: {column: (header, display_text)} of columns holding URLs (LinkColumn); one not
    among `labels` comes first (e.g. the record's "open" link, see ui/lists.py)."""
    if df.empty:
        return no_rows()
    data = df.copy()
    for key in (*money, *percent):
        if key in data:
            data[key] = data[key].astype("float64")
    if not kopecks:
        for key in money:
            if key in data:
                data[key] = data[key].round(0)
    numeric = {*money, *percent, *integer, *(links or {})}  # links: an empty one stays empty, not a "—" link
    for key in labels:
        # Text columns: an empty value reads "—" (numbers and dates: the placeholder below).
        if key in data and key not in numeric and not pd.api.types.is_numeric_dtype(data[key]) \
                and not pd.api.types.is_bool_dtype(data[key]) and not _is_dates(data[key]):
            data[key] = data[key].where(data[key].notna(), "—")
    kwargs.setdefault("placeholder", EMPTY)
    data = data[list(dict.fromkeys(k for k in (*(links or {}), *labels) if k in data))]  # what is shown
    data, specs = table_data(data, money=money, percent=percent, integer=integer, kopecks=kopecks)
    shown = st.dataframe(
        data, hide_index=True, width="stretch", column_order=[*(k for k in links or {} if k not in labels), *labels],
        column_config=columns(labels, {k: s for k, s in specs.items() if k not in (links or {})}, money=money,
                              links=links),
        **kwargs,
    )
    if export:
        export_buttons(df, labels, name=export, money=money, percent=percent)
    return shown
