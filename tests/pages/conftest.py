"""AppTest fixtures: run app.py as a signed-in person, on the committed test world."""
from __future__ import annotations

import pytest
import streamlit as st

from ui.apptest import NavigationPagesManager, signed_in  # noqa: F401 - re-exported for the tests


@pytest.fixture(autouse=True)
def _like_the_server(monkeypatch):
    import streamlit.testing.v1.app_test as app_test_module

    monkeypatch.setattr(app_test_module, "PagesManager", NavigationPagesManager)
    st.cache_data.clear()
    yield
    st.cache_data.clear()


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
    return "\n".join(parts)
