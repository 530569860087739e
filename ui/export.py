"""A pair of download buttons (.xlsx and CSV) under a list: every page exports the same way.

    export.buttons(team, {"manager": t("Manager"), ...}, name="team", money=("actual",))

Give the frame the page shows (already access-filtered), or a `query` and its
filters when the list on screen is one page of a longer one: the file is then
made only when a button is clicked, by the same query with the same viewer —
never a wider read. CSV follows the reader's language: `;` and decimal commas
in Russian (what a Russian Excel expects), `,` and points in English.

Every file made is recorded (db/actions/exports.py: who, which list, how many
rows, the format) at the moment it is made — which is the click: the buttons
get a function, not bytes, so nothing is built until the person downloads.
"""
from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from db import access
from db.access import Viewer
from db.actions.exports import record_export
from db.io.export import csv_bytes, xlsx_bytes
from db.session import read_session, write_session

from .boot import engine
from .data import current_viewer
from .lang import language, t

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def buttons(data: pd.DataFrame | None, labels: dict[str, str], *, name: str, query: Callable | None = None,
            filters: dict | None = None, money=(), percent=(), key: str | None = None) -> None:
    """Download buttons for `data`, or for `query(session, viewer, **filters)` run on click."""
    key = key or f"export_{name}"
    viewer = current_viewer()
    produce = _frame_maker(data, query, filters or {}, viewer)
    semicolon = language() == "ru"
    stamp = access.today().isoformat()
    filename = f"{_slug(name)}-{stamp}"
    left, right, _ = st.columns([1, 1, 6])
    left.download_button(
        t("Excel"), data=_recorded(lambda frame: xlsx_bytes(frame, labels, title=name, money=money, percent=percent),
                                   produce, viewer, name, "xlsx"),
        file_name=f"{filename}.xlsx", mime=XLSX, icon=":material/table_view:", key=f"{key}_xlsx", on_click="ignore",
        help=t("Download this list as an Excel workbook"))
    right.download_button(
        t("CSV"), data=_recorded(lambda frame: csv_bytes(frame, labels, separator=";" if semicolon else ",",
                                                         decimal="," if semicolon else "."),
                                 produce, viewer, name, "csv"),
        file_name=f"{filename}.csv", mime="text/csv", icon=":material/download:", key=f"{key}_csv",
        on_click="ignore", help=t("Download this list as CSV (UTF-8)"))


def _recorded(write: Callable[[pd.DataFrame], bytes], produce: Callable[[], pd.DataFrame], viewer: Viewer,
              name: str, file_format: str) -> Callable[[], bytes]:
    """The file's maker, which also writes the export's audit row (the click runs it)."""
    bound = engine()

    def make() -> bytes:
        frame = produce()
        data = write(frame)
        with write_session(bound) as session:
            record_export(session, viewer, what=name, rows=len(frame), file_format=file_format)
        return data

    return make


def record_download(name: str, rows: int, file_format: str) -> None:
    """For a file made before the click (bytes given to st.download_button): call from its on_click."""
    with write_session(engine()) as session:
        record_export(session, current_viewer(), what=name, rows=rows, file_format=file_format)


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
