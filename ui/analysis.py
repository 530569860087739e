"""Pieces the analysis pages share: cached loaders, the ABC class badge, period pickers,
segment labels."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from babel.dates import get_month_names

from db import access
from i18n import N_
from i18n.formatting import LOCALES
from queries import abc
from db.rules.periods import month_starts, shift_month

from .data import loader
from .lang import language, month, percent, t

# The clients list and the card: the company's class of each client the viewer sees,
# computed once per viewer and data generation.
visible_classes = loader(abc.visible_classes)

CLASS_COLOURS = {"A": "green", "B": "blue", "C": "gray"}
SIZE_LABELS = {"key": N_("Key"), "large": N_("Large"), "medium": N_("Medium"), "small": N_("Small")}
DIMENSION_LABELS = {"industry": N_("Industry"), "size": N_("Size segment"), "territory": N_("Territory")}
PERIODS = (3, 6, 12, 24)


def class_badge(klass: str | None) -> None:
    """The client's ABC class next to a title (nothing for a client without one)."""
    if klass:
        st.badge(t("Class {abc}", abc=klass), color=CLASS_COLOURS.get(klass, "gray"),
                 help=t("The client's ABC class by shipments over the last 12 months (the ABC/XYZ page "
                        "explains the classes)."))


def months_picker(column, key: str, default: int = 12) -> int:
    return column.selectbox(t("Period, months"), PERIODS, index=PERIODS.index(default), key=key)


def end_month_picker(column, key: str, back: int = 24) -> dt.date:
    """The month a period ends with: this month (to date) or one of the `back` before it."""
    this = access.today().replace(day=1)
    options = [shift_month(this, -i) for i in range(back + 1)]
    return column.selectbox(t("Ending with"), options, key=key,
                            format_func=lambda m: t("{month} (to date)", month=month(m)) if m == this else month(m))


def month_abbr(calendar_month: int) -> str:
    """"янв", "Jan": a calendar month's short name in the viewer's language."""
    names = get_month_names("abbreviated", context="stand-alone", locale=LOCALES.get(language(), "ru_RU"))
    return names[calendar_month].rstrip(".")


def period_caption(start: dt.date, end: dt.date) -> str:
    """The exact dates of [start, end) and what they are: whole months, or the last one to date."""
    text = t("Period: {start} – {end}.", start=start, end=end - dt.timedelta(days=1))
    months = len(month_starts(start, end))
    if end.day == 1:
        return text + " " + t("Whole months: {months}.", months=months)
    return text + " " + t("Calendar months: {months}, the last of them to date.", months=months)


def segment_label(row, dims: tuple[str, ...]) -> str:
    """"Строительство · Large · Москва" for a row of queries.segments (names included)."""
    def text(value, missing: str) -> str:  # pandas gives NaN for a missing name
        return value if isinstance(value, str) and value else t(missing)

    parts = []
    for dim in dims:
        if dim == "industry":
            parts.append(text(row.get("industry"), N_("No industry")))
        elif dim == "size":
            size = row.get("size")
            parts.append(t(SIZE_LABELS[size]) if size in SIZE_LABELS else t("No size segment"))
        elif dim == "territory":
            parts.append(text(row.get("territory"), N_("No territory")))
    return " · ".join(str(p) for p in parts) if parts else t("All clients")


def top_groups(mix: pd.DataFrame, n: int = 3) -> dict:
    """segment -> "Крепёж 40 %, Цемент 38 %" (its `n` largest product groups by revenue)."""
    text = {}
    for segment, rows in mix.groupby("segment", sort=False):
        best = rows.nlargest(n, "revenue")
        text[segment] = ", ".join(f"{g if isinstance(g, str) else t('No group')} {percent(s, 0)}"
                                  for g, s in zip(best["group"], best["share"], strict=True))
    return text
