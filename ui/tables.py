"""Column settings for st.dataframe: translated headers, money and percent formats."""
from __future__ import annotations

import pandas as pd
import streamlit as st
from babel.numbers import get_currency_symbol

from db import config
from i18n.formatting import LOCALES

from .export import buttons as export_buttons
from .lang import language
from .text import EMPTY


def currency_symbol() -> str:
    return get_currency_symbol(config.currency(), locale=LOCALES.get(language(), "ru_RU"))


def columns(labels: dict[str, str], *, money=(), percent=(), integer=(), links: dict | None = None) -> dict:
    """column_config for the given headers; money in the company currency, sortable as numbers."""
    symbol = currency_symbol()
    cfg: dict = {}
    for key, label in labels.items():
        if key in money:
            cfg[key] = st.column_config.NumberColumn(f"{label}, {symbol}", format="localized")
        elif key in percent:
            cfg[key] = st.column_config.NumberColumn(label, format="%.1f %%")
        elif key in integer:
            cfg[key] = st.column_config.NumberColumn(label, format="localized")
        else:
            cfg[key] = label
    for key, (label, pattern) in (links or {}).items():
        cfg[key] = st.column_config.LinkColumn(labels.get(key, key) if label is None else label,
                                               display_text=pattern)
    return cfg


def show(df, labels: dict[str, str], *, money=(), percent=(), integer=(), kopecks: bool = False,
         export: str | None = None, links: dict | None = None, **kwargs):
    """st.dataframe of the labelled columns, in their order; money as numbers (sortable),
    in whole roubles unless `kopecks` (lists are scanned, not reconciled). With `export`
    (the file's name), the .xlsx and CSV buttons of exactly these rows and columns follow.
    `links`: {column: (header, display_text)} of columns holding URLs (LinkColumn); one not
    among `labels` comes first (e.g. the record's "open" link, see ui/lists.py)."""
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
                and not pd.api.types.is_bool_dtype(data[key]):
            data[key] = data[key].where(data[key].notna(), "—")
    kwargs.setdefault("placeholder", EMPTY)
    shown = st.dataframe(
        data, hide_index=True, width="stretch", column_order=[*(k for k in links or {} if k not in labels), *labels],
        column_config=columns(labels, money=money, percent=percent, integer=integer, links=links), **kwargs,
    )
    if export:
        export_buttons(df, labels, name=export, money=money, percent=percent)
    return shown
