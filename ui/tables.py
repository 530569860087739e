"""Every table of the app: translated headers, and numbers, money, percentages and dates written
the way the reader's language writes them ("1 555 383" and "64,7 %" in Russian, "1,555,383" and
"64.7 %" in English) — while the table still sorts by the values themselves.

How: Streamlit's own number formats cannot do it ("localized" follows the browser's locale, not
the person's language; printf patterns have no space grouping), so each cell's text is made by
Babel (i18n.formatting, the one path for metrics and sentences too) and handed over as a pandas
Styler's display value; the NumberColumn keeps no format of its own (a column format would take
precedence over the Styler's text) and the grid sorts by the underlying number or date.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st
from babel.numbers import format_decimal, get_currency_symbol

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


def columns(labels: dict[str, str], *, money=(), percent=(), integer=(), links: dict | None = None,
            styled_text: bool = True) -> dict:
    """column_config for the given headers; money in the company currency, sortable as numbers.
    Number columns carry no format: their text is the Styler's (see `styled`) — unless the table
    is too big to style (`styled_text` False): then Streamlit's "localized", which the page's
    script (ui/builtin_text) points at the person's language."""
    symbol = currency_symbol()
    number_format = None if styled_text else "localized"
    cfg: dict = {}
    for key, label in labels.items():
        if key in money:
            cfg[key] = st.column_config.NumberColumn(f"{label}, {symbol}", format=number_format)
        elif key in integer:
            cfg[key] = st.column_config.NumberColumn(label, format=number_format)
        elif key in percent:
            cfg[key] = st.column_config.NumberColumn(label, format=None if styled_text else "%.1f %%")
        else:
            cfg[key] = label
    for key, (label, pattern) in (links or {}).items():
        cfg[key] = st.column_config.LinkColumn(labels.get(key, key) if label is None else label,
                                               display_text=pattern)
    return cfg


def _some_number(value, lang: str) -> str:
    """A number of no declared kind: whole as "1 555 383", else with up to two decimals ("9,5")."""
    if fmt.missing(value):
        return EMPTY
    return format_decimal(value, format="#,##0.##", locale=LOCALES.get(lang, "ru_RU"))


def _moment(value, lang: str) -> str:
    if fmt.missing(value):
        return EMPTY
    if not isinstance(value, dt.datetime):
        return fmt.date(value, lang)
    # Stored in UTC; a naive value is UTC too (SQLite keeps no zone).
    return fmt.datetime(value if value.tzinfo else value.replace(tzinfo=dt.UTC), lang, config.timezone())


def _day(value, lang: str) -> str:
    if fmt.missing(value):
        return EMPTY
    return fmt.date(value.date() if isinstance(value, dt.datetime) else value, lang)


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


def cell_formats(data: pd.DataFrame, *, money=(), percent=(), integer=(), kopecks: bool = False,
                 lang: str | None = None) -> dict[str, Callable]:
    """Each number and date column's text maker, in the reader's language."""
    lang = lang or language()
    formats: dict[str, Callable] = {}
    digits = 2 if kopecks else 0
    for key in data.columns:
        column = data[key]
        if key in money:
            formats[key] = lambda v: fmt.number(v, lang, digits)
        elif key in percent:
            formats[key] = lambda v: fmt.percent(v, lang)
        elif key in integer:
            formats[key] = lambda v: fmt.number(v, lang)
        elif pd.api.types.is_bool_dtype(column):
            continue
        elif pd.api.types.is_numeric_dtype(column):
            if not _is_code(key):
                formats[key] = lambda v: _some_number(v, lang)
        elif (kind := _when_kind(column)) is not None:
            formats[key] = (lambda v: _day(v, lang)) if kind == "date" else (lambda v: _moment(v, lang))
    return formats


# Beyond this many cells a Styler costs seconds (about 1 s per 35,000 cells here) and pandas
# refuses past styler.render.max_elements: such a table keeps Streamlit's own formats.
STYLED_CELLS = 60_000


def stylable(data: pd.DataFrame) -> bool:
    return data.size <= STYLED_CELLS and data.columns.is_unique


def styled(data: pd.DataFrame, formats: dict[str, Callable]):
    """`data` with its display text: a Styler when some column is formatted."""
    formats = {k: f for k, f in formats.items() if k in data.columns}
    if not formats or not stylable(data):
        return data
    if not data.index.is_unique:
        data = data.reset_index(drop=True)
    return data.style.format(formats)


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
    for key in data.columns:
        label = column_config.get(key)
        if key in money:
            column_config[key] = st.column_config.NumberColumn(
                f"{label or key}, {symbol}", format=None if stylable(data) else "localized")
        elif label is None and pd.api.types.is_numeric_dtype(data[key]) \
                and not pd.api.types.is_bool_dtype(data[key]):
            column_config[key] = st.column_config.NumberColumn(str(key))
    kwargs.setdefault("placeholder", EMPTY)
    kwargs.setdefault("hide_index", True)
    formats = cell_formats(data, money=money, percent=percent, integer=integer, kopecks=kopecks)
    return st.dataframe(styled(data, formats), column_config=column_config, **kwargs)


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
    shown = st.dataframe(
        styled(data, cell_formats(data, money=money, percent=percent, integer=integer, kopecks=kopecks)),
        hide_index=True, width="stretch", column_order=[*(k for k in links or {} if k not in labels), *labels],
        column_config=columns(labels, money=money, percent=percent, integer=integer, links=links,
                              styled_text=stylable(data)), **kwargs,
    )
    if export:
        export_buttons(df, labels, name=export, money=money, percent=percent)
    return shown
