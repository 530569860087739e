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


def texts(at: AppTest) -> str:
    """Every string the page shows, in one blob (for "nothing foreign appears" checks)."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "success", "info",
                 "warning", "error", "metric"):
        for element in getattr(at, kind):
            parts.append(str(getattr(element, "value", "")))
            parts.append(str(getattr(element, "label", "")))
    for df in at.dataframe:
        parts.append(df.value.to_string())
    for box in at.selectbox:
        parts.extend(str(o) for o in box.options)  # AppTest gives the formatted labels
    return "\n".join(parts)
