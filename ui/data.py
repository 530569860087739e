"""Cached reads and the one way pages run a write.

Loaders are keyed by the viewer, today's date (stand-ins end by the
calendar) and the data generation, which every write bumps — so a write
anywhere, in any process, is seen on the next run, and no page has to
know which caches to clear.
"""
from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps
from typing import Concatenate, NoReturn, ParamSpec, TypeVar

import streamlit as st
from sqlalchemy.orm import Session
from streamlit.runtime.pages_manager import PagesManager

from db import access
from db.access import Viewer
from db.generation import current_generation
from db.models import Role
from db.session import read_session, write_session

from .boot import engine

_QUERIES: dict[str, Callable] = {}
P = ParamSpec("P")
R = TypeVar("R")
_GENERATION_KEY = "crm_generation"


def refresh_generation() -> int:
    """Read the generation (one tiny query); app.py does it once per run."""
    with engine().connect() as conn:
        value = current_generation(conn)
    st.session_state[_GENERATION_KEY] = value
    return value


def generation() -> int:
    value = st.session_state.get(_GENERATION_KEY)
    return refresh_generation() if value is None else value


def restart_through_app() -> NoReturn:
    """A page ran on its own, without app.py (no sign-in check, no viewer).

    That happens on the first run of a fresh server process at a page's URL:
    Streamlit treats a `pages/` folder as old-style multipage until some run
    calls st.navigation. Switch that off and start over through app.py.
    """
    PagesManager.uses_pages_directory = False
    st.rerun()


def current_viewer() -> Viewer:
    viewer = st.session_state.get("crm_viewer")
    if viewer is None:  # app.py never runs a page without one
        restart_through_app()
    return viewer


@st.cache_data(show_spinner=False, max_entries=1000, ttl=3600)
def _cached(name: str, user_id: int, role: str, day, gen: int, filters: dict):
    viewer = Viewer(user_id=user_id, role=Role(role))
    with read_session(engine()) as session:
        return _QUERIES[name](session, viewer, **filters)


def loader(query: Callable) -> Callable:
    """Turn `query(session, viewer, **filters)` into `load(**filters)` for the current viewer."""
    name = f"{query.__module__}.{query.__qualname__}"
    _QUERIES[name] = query

    @wraps(query)
    def load(**filters):
        viewer = current_viewer()
        return _cached(name, viewer.user_id, viewer.role.value, access.today(), generation(), filters)

    return load


def run_action(action: Callable[Concatenate[Session, Viewer, P], R], /,
               *args: P.args, **kwargs: P.kwargs) -> R:
    """Run a db/actions function as the current viewer; errors reach the caller.
    Arguments the action does not take raise TypeError before a session opens."""
    check_arguments(action, *args, **kwargs)
    with write_session(engine()) as session:
        result = action(session, current_viewer(), *args, **kwargs)
    refresh_generation()
    return result


def check_arguments(action: Callable, /, *args: object, **kwargs: object) -> None:
    """Raise TypeError naming the action when the arguments do not fit its signature
    (a mistyped or missing keyword): at the call, before anything is opened or written."""
    try:
        inspect.signature(action).bind(None, None, *args, **kwargs)
    except TypeError as exc:
        hint = ""
        if {"success", "rerun"} & kwargs.keys():
            hint = " (FormState: the success message is submit's second argument; rerun=False is attempt(...))"
        raise TypeError(f"{action.__module__}.{action.__qualname__}(): {exc}{hint}") from None
