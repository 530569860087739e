"""AppTest fixtures: run app.py as a signed-in person, on the committed test world."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
import streamlit as st

from ui.apptest import NavigationPagesManager, signed_in  # noqa: F401 - re-exported for the tests

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest


# Download buttons make their file only when clicked (a callable given to the media
# file manager); the tests keep those callables so that `texts` can read the files too.
DEFERRED_FILES: dict[str, object] = {}


@pytest.fixture(autouse=True)
def _like_the_server(monkeypatch):
    import streamlit.testing.v1.app_test as app_test_module
    from streamlit.runtime.media_file_manager import MediaFileManager

    monkeypatch.setattr(app_test_module, "PagesManager", NavigationPagesManager)
    register = MediaFileManager.add_deferred

    def keep(self, data_callable, *args, **kwargs):
        file_id = register(self, data_callable, *args, **kwargs)
        DEFERRED_FILES[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    DEFERRED_FILES.clear()
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.fixture(autouse=True)
def _cache_areas_hold():
    """Every cached query a page test runs reads only tables of the data areas it declares
    (issue 19: else a write to the missing area would leave its cached figure stale)."""
    import os

    from tests.cache_reads import recording, undeclared

    with recording() as reads:
        yield
    log = os.environ.get("CRM_CACHE_READS_LOG")  # to list what each query reads
    if log:
        with open(log, "a", encoding="utf-8") as out:
            out.write(json.dumps({name: sorted(tables) for name, tables in reads.items()}) + "\n")
    assert not undeclared(reads), f"cached queries read outside their areas (ui/cache_areas.py): {undeclared(reads)}"
    from ui.cache_areas import QUERY_AREAS
    from ui.data import _QUERIES

    missing = sorted(set(_QUERIES) - set(QUERY_AREAS))
    assert not missing, f"cached queries without declared areas (ui/cache_areas.py): {missing}"


def texts(at: AppTest, skip_keys: tuple[str, ...] = ()) -> str:
    """Every string the page shows, in one blob (for "nothing foreign appears" checks):
    text elements, metrics, tables, charts' data, widgets' labels, options and values."""
    from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "success", "info",
                 "warning", "error", "metric", "exception", "code", "json", "latex", "toast"):
        for element in getattr(at, kind, []):
            parts.append(str(getattr(element, "value", "")))
            parts.append(str(getattr(element, "label", "")))
    for frame in (*at.dataframe, *at.table):
        parts.append(frame.value.to_string())
    for kind in ("selectbox", "multiselect", "radio", "select_slider"):
        for box in getattr(at, kind):
            parts.extend(str(o) for o in box.options)  # AppTest gives the formatted labels
            parts.append(str(box.label))
    for kind in ("text_input", "text_area", "number_input", "date_input", "checkbox", "toggle", "button"):
        for widget in getattr(at, kind):
            parts.append(str(widget.label))
            if getattr(widget, "key", None) not in skip_keys:  # e.g. what was typed into a search box
                parts.append(str(getattr(widget, "value", "")))
    for tab in at.tabs:
        parts.append(str(tab.label))
    for expander in at.expander:
        parts.append(str(expander.label))
    for chart in (*at.get("arrow_vega_lite_chart"), *at.get("vega_lite_chart")):
        parts.append(chart.proto.spec)
        for dataset in chart.proto.datasets:
            parts.append(convert_arrow_bytes_to_pandas_df(dataset.data.data).to_string())
    for graph in at.get("graphviz_chart"):
        parts.append(graph.proto.spec)
    for component in at.get("bidi_component"):  # what a custom component draws (the deal board's cards)
        if component.proto.json:
            parts.append(json.dumps(json.loads(component.proto.json), ensure_ascii=False))
    parts.extend(downloads(at, ".csv"))
    return "\n".join(parts)


def downloads(at: AppTest, suffix: str = "") -> list[str]:
    """The text of each file the page offers for download (made as a click would make it),
    for the buttons whose file name ends with `suffix`."""
    found = []
    for button in at.get("download_button"):
        make = DEFERRED_FILES.get(button.proto.deferred_file_id)
        if make is None or not button.proto.id.endswith(suffix.replace(".", "_")):
            continue
        data = make()
        found.append(data.decode("utf-8-sig") if isinstance(data, bytes) else str(data))
    return found
