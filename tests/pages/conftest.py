"""AppTest fixtures: run app.py as a signed-in person, on the committed test world."""
from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


class _NavigationPagesManager(PagesManager):
    """AppTest makes a new PagesManager for every run and, seeing our `pages/`
    folder, runs page files on their own (old-style multipage) on reruns.
    The real server stops doing that once app.py calls st.navigation; this
    makes AppTest behave like the server."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


@pytest.fixture(autouse=True)
def _like_the_server(monkeypatch):
    monkeypatch.setattr(app_test_module, "PagesManager", _NavigationPagesManager)
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def signed_in(login: str | None, page: str | None = None) -> AppTest:
    """app.py run as `login` (already signed in), optionally switched to `page`."""
    at = AppTest.from_file(APP, default_timeout=30)
    if login:
        at.session_state["authentication_status"] = True
        at.session_state["username"] = login
        at.session_state["name"] = login
        at.session_state["roles"] = []
        at.session_state["logout"] = None
    at.run()
    if page:
        at.switch_page(page).run()
    return at


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
