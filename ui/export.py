"""A pair of download buttons (.xlsx and CSV) under a list: every page exports the same way.

    export.buttons(team, {"manager": t("Manager"), ...}, name="team", money=("actual",))

Give the frame the page shows (already access-filtered), or a `query` and its
filters when the list on screen is one page of a longer one: the file is then
made only when a button is clicked, by the same query with the same viewer —
never a wider read. CSV follows the reader's language: `;` and decimal commas
in Russian (what a Russian Excel expects), `,` and points in English.
"""
from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from db import access
from db.access import Viewer
from db.io.export import csv_bytes, xlsx_bytes
from db.session import read_session

from .boot import engine
from .data import current_viewer
from .lang import language, t

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def buttons(data: pd.DataFrame | None, labels: dict[str, str], *, name: str, query: Callable | None = None,
            filters: dict | None = None, money=(), percent=(), key: str | None = None) -> None:
    """Download buttons for `data`, or for `query(session, viewer, **filters)` run on click."""
    key = key or f"export_{name}"
    produce = _frame_maker(data, query, filters or {}, current_viewer())
    semicolon = language() == "ru"
    stamp = access.today().isoformat()
    filename = f"{_slug(name)}-{stamp}"
    left, right, _ = st.columns([1, 1, 6])
    left.download_button(
        t("Excel"), data=lambda: xlsx_bytes(produce(), labels, title=name, money=money, percent=percent),
        file_name=f"{filename}.xlsx", mime=XLSX, icon=":material/table_view:", key=f"{key}_xlsx", on_click="ignore",
        help=t("Download this list as an Excel workbook"))
    right.download_button(
        t("CSV"), data=lambda: csv_bytes(produce(), labels, separator=";" if semicolon else ",",
                                         decimal="," if semicolon else "."),
        file_name=f"{filename}.csv", mime="text/csv", icon=":material/download:", key=f"{key}_csv",
        on_click="ignore", help=t("Download this list as CSV (UTF-8)"))


def _frame_maker(data, query, filters: dict, viewer: Viewer) -> Callable[[], pd.DataFrame]:
    if query is None:
        return lambda: data
    bound = engine()  # captured now: the click runs in another thread, outside the page's run

    def run() -> pd.DataFrame:
        with read_session(bound) as session:
            result = query(session, viewer, **filters)
        return getattr(result, "rows", result)  # a page of a list: its rows

    return run


def _slug(name: str) -> str:
    return re.sub(r"[^\w-]+", "-", name).strip("-") or "export"
