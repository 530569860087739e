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
from queries import periods as periods_q
from db.rules.periods import month_starts, shift_month

from .data import loader
from .lang import language, month, percent, t

# The clients list and the card: the company's class of each client the viewer sees,
# computed once per viewer and data generation.
visible_classes = loader(abc.visible_classes)
shipment_span = loader(periods_q.shipment_span)

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


def end_months(today: dt.date, first: dt.date | None) -> list[dt.date]:
    """The months a period can end with, latest first: this month (the default) back to the
    month of the first shipment — every month the data covers, however long its history."""
    this = today.replace(day=1)
    earliest = min(first.replace(day=1), this) if first else this
    months, one = [], this
    while one >= earliest:
        months.append(one)
        one = shift_month(one, -1)
    return months


def end_month_picker(column, key: str) -> dt.date:
    """The month a period ends with: this month (to date) or any month back to the viewer's
    first shipment."""
    this = access.today().replace(day=1)
    first, last = shipment_span()
    help_text = t("Shipments on record: {first} – {last}.", first=first, last=last) if first else None
    return column.selectbox(t("Ending with"), end_months(access.today(), first), key=key, help=help_text,
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
