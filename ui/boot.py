"""The database as the app sees it: one engine per process, migrated to head once."""
from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from db import config
from db.migrate import upgrade_to_head
from db.session import get_engine


@st.cache_resource(show_spinner=False)
def _migrated_engine(url: str) -> Engine:
    engine = get_engine(url)
    upgrade_to_head(engine)
    return engine


def engine() -> Engine:
    return _migrated_engine(config.database_url())
