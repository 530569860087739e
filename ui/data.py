"""Cached reads and the one way pages run a write.

Loaders are keyed by the viewer, today's date (stand-ins end by the
calendar) and the generations of the data areas the query reads (issue 19,
db/generation.py; each query's areas declared in ui/cache_areas.py), which
the writes to those areas bump — so a write anywhere, in any process, is
seen on the next run, no page has to know which caches to clear, and a
write to one area (a call logged) leaves the other areas' reads warm.
"""
from __future__ import annotations

import inspect
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Concatenate, NoReturn, ParamSpec, TypeVar

import streamlit as st
from sqlalchemy.orm import Session
from streamlit.runtime.pages_manager import PagesManager

from db import access
from db.access import Viewer
from db import partitions
from db.generation import EVERYTHING, current_generations, generation_key
from db.models import Role
from db.session import read_session, write_session
from queries import kept

from .boot import engine
from .cache_areas import areas_of_query, owner_scoped

_QUERIES: dict[str, Callable] = {}
P = ParamSpec("P")
R = TypeVar("R")
_GENERATION_KEY = "crm_generation"
# The cached query running now in this thread (its name): tests/cache_reads.py checks that the
# tables it reads are in the areas it declares.
READING: ContextVar[str | None] = ContextVar("crm_cached_query", default=None)
# The viewer and the generations of reads made outside any script run (ui/warm.py: the server's own
# reads when it starts and after midnight), where st.session_state is nobody's and keeps nothing.
_OUTSIDE: ContextVar[tuple[Viewer, dict[str, int]] | None] = ContextVar("crm_outside_run", default=None)


@contextmanager
def reading_as(viewer: Viewer) -> Iterator[None]:
    """Loaders called in this block (in this thread) read as `viewer`, keyed by the generations read
    now: they fill the same cache entries a page run of that viewer would."""
    with engine().connect() as conn:
        values = current_generations(conn)
    token = _OUTSIDE.set((viewer, values))
    try:
        yield
    finally:
        _OUTSIDE.reset(token)


def refresh_generation() -> int:
    """Read the generations (one read of a few rows); app.py does it once per run.
    Returns the "anything changed" counter."""
    with engine().connect() as conn:
        values = current_generations(conn)
    st.session_state[_GENERATION_KEY] = values
    return values[EVERYTHING]


def generations() -> dict[str, int]:
    """Every data area's counter, as read at the start of this run (or after its last write)."""
    outside = _OUTSIDE.get()
    if outside is not None:
        return outside[1]
    values = st.session_state.get(_GENERATION_KEY)
    if not isinstance(values, dict):
        refresh_generation()
        values = st.session_state[_GENERATION_KEY]
    return values


def generation() -> int:
    """The "anything changed" counter."""
    return generations()[EVERYTHING]


def restart_through_app() -> NoReturn:
    """A page ran on its own, without app.py (no sign-in check, no viewer).

    That happens on the first run of a fresh server process at a page's URL:
    Streamlit treats a `pages/` folder as old-style multipage until some run
    calls st.navigation. Switch that off and start over through app.py.
    """
    PagesManager.uses_pages_directory = False
    st.rerun()


def current_viewer() -> Viewer:
    outside = _OUTSIDE.get()
    if outside is not None:
        return outside[0]
    viewer = st.session_state.get("crm_viewer")
    if viewer is None:  # app.py never runs a page without one
        restart_through_app()
    return viewer


class _Superseded:
    """Drops a cache entry once a newer one takes its place (issue 19: memory under writes).

    A write moves the generations a read is keyed by, so the read's next entry goes under a new key
    and the old one can never be hit again (counters only grow; the day only moves on) — yet
    st.cache_data would keep it until its ttl or until max_entries pushed it out: an office writing
    every second filled the caches with dead copies of every page's frames. A slot is what an entry
    stands for apart from the generations and the day (the query, the viewer, the arguments); the
    slot's last arguments are remembered, and a different key for the slot clears the entry of the
    last. A session still on older generations may lose its entry to a newer one and read again:
    its next run reads the new generations anyway."""

    def __init__(self, slots: int = 20_000):
        self._last: OrderedDict[tuple, tuple] = OrderedDict()
        self._slots = slots
        self._lock = threading.Lock()

    def drop(self, cached: Callable, slot: tuple, args: tuple) -> None:
        with self._lock:
            before = self._last.pop(slot, None)
            self._last[slot] = args
            if len(self._last) > self._slots:
                self._last.popitem(last=False)
        if before is not None and before != args:
            cached.clear(*before)  # type: ignore[attr-defined]  # st.cache_data's per-key clear


_superseded = _Superseded()


@st.cache_data(show_spinner=False, max_entries=1000, ttl=3600)
def _cached(name: str, user_id: int, role: str, day, gen: tuple, filters: dict):
    return _read(name, _QUERIES[name], Viewer(user_id=user_id, role=Role(role)), filters)


def _read(name: str, query: Callable, viewer: Viewer | None, args: dict):
    """`query` in a read session, marked as the cached read `name` (tests/cache_reads.py checks
    the tables it reads against its declared areas)."""
    token = READING.set(name)
    try:
        with read_session(engine()) as session:
            return query(session, viewer, **args)
    finally:
        READING.reset(token)


def loader(query: Callable) -> Callable:
    """Turn `query(session, viewer, **filters)` into `load(**filters)` for the current viewer."""
    name = f"{query.__module__}.{query.__qualname__}"
    _QUERIES[name] = query

    @wraps(query)
    def load(**filters):
        viewer = current_viewer()
        args = (name, viewer.user_id, viewer.role.value, access.today(),
                _key(viewer, areas, owner_scoped(name, filters)), filters)
        _superseded.drop(_cached, (name, viewer.user_id, viewer.role.value, repr(filters)), args)
        return _cached(*args)

    areas = areas_of_query(name)

    return load


def _key(viewer: Viewer, areas: frozenset[str] | None, scoped: bool) -> tuple:
    """The generations a read is keyed by. A query that shows a viewer only their scope's rows
    (ui/cache_areas.OWNER_SCOPED), for a viewer who does not see everything, is keyed in the
    partitioned areas by the partitions of the owners in the viewer's scope (db/partitions.py):
    another manager's call leaves it warm."""
    values = generations()
    if not scoped or areas is None or viewer.sees_everything:
        return generation_key(values, areas)
    scope_args = (viewer.user_id, viewer.role.value, access.today(), generation_key(values, ("org",)))
    _superseded.drop(_scope_owners, ("scope", viewer.user_id, viewer.role.value), scope_args)
    owners, unassigned = _scope_owners(*scope_args)
    key: list = []
    for area in sorted(areas):
        if area in partitions.PARTITIONED:
            key.extend(partitions.owner_keys(values, area, owners, unassigned))
        else:
            key.append((area, values.get(area, 0)))
    return tuple(key)


def _keep(query: Callable, args: dict):
    """queries/kept.keeper: inside a cached read of the app, a company-wide part from a cache shared
    by every viewer, keyed by the generations of the areas declared for it; None elsewhere (the
    caller computes)."""
    if READING.get() is None:
        return None
    name = f"{query.__module__}.{query.__qualname__}"
    _PARTS[name] = query
    key = (name, generation_key(generations(), areas_of_query(name)), args)
    _superseded.drop(_kept_part, (name, repr(args)), key)
    return _kept_part(*key)


@st.cache_data(show_spinner=False, max_entries=200, ttl=3600)
def _kept_part(name: str, gen: tuple, args: dict):
    return _read(name, _PARTS[name], None, args)


_PARTS: dict[str, Callable] = {}
kept.keeper = _keep


def _keeping() -> bool:
    return READING.get() is not None


kept.keeping = _keeping


@st.cache_data(show_spinner=False)
def cache_epoch() -> str:
    """A new value whenever the caches are emptied: what is kept beside them (the backtest's past
    months, queries/backtest.py) starts afresh with them."""
    return uuid.uuid4().hex


@st.cache_data(show_spinner=False, max_entries=1000, ttl=3600)
def _scope_owners(user_id: int, role: str, day, org: tuple) -> tuple[frozenset[int], bool]:
    """Whose clients the viewer sees on `day` (stand-ins, a head's department): keyed by the "org"
    area (users, departments, stand-ins), which is all the scope reads."""
    with read_session(engine()) as session:
        scope = access.scope(session, Viewer(user_id=user_id, role=Role(role)), day)
    return scope.owner_ids, scope.unassigned


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
