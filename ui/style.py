"""The few layout rules Streamlit has no setting for, as one stylesheet sent once per script run."""
from __future__ import annotations

import streamlit as st

# Streamlit leaves 6rem above the first element of every page (room for a header this app
# keeps minimal, see .streamlit/config.toml): on a laptop that is a seventh of the screen.
# 3.5rem keeps clear of the sidebar's open/close button at the top left.
# Selectors are Streamlit's data-testid attributes (stable across its releases, used by its own tests);
# tests/e2e/test_layout.py fails if one stops matching.
_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.5rem; }
/* The sign-in cookie's invisible component (ui/auth.py) would take a row and a gap above the page's
   title; out of the flow it still runs. */
[data-testid="stElementContainer"].st-key-crm_session_cookie {
    position: absolute !important; width: 0 !important; height: 0 !important; overflow: hidden !important;
}
/* A metric's value and label wrap instead of ending in "…" ("RUB 151,089,…", "Дни рождения на нед…"). */
[data-testid="stMetricValue"] { font-size: 1.75rem; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
    overflow: visible !important; text-overflow: clip !important; white-space: normal !important;
    overflow-wrap: anywhere;
}
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
</style>
"""


def apply() -> None:
    st.html(_CSS)  # only a <style>: Streamlit adds it to the page without an element of its own
