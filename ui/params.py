"""Values read from the page's URL (`?id=...`): anyone can type anything there.

An id is ASCII digits that fit the database's integer columns; anything else —
`?id=²` (a digit to Python's isdigit, not to int()), a 23-digit number
(PostgreSQL's integer overflows), `?id=-1`, `?id=1e3` — reads as no id, and
the page says "not found" instead of failing.
"""
from __future__ import annotations

import streamlit as st

MAX_ID = 2**31 - 1  # PostgreSQL's integer; SQLite's is wider


def record_id(name: str = "id") -> int | None:
    raw = st.query_params.get(name, "") or ""
    if not raw or len(raw) > len(str(MAX_ID)) or not (raw.isascii() and raw.isdigit()):
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None
