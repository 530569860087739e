"""The list of open sign-in sessions with the buttons that end them (profile and users pages).

Sessions change without bumping the data generation, so they are read fresh on
every run, never through the cached loaders.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from db.actions.sessions import end_other_sessions, end_own_session, end_sessions_of
from db.session import read_session
from queries import sessions as queries

from . import tables
from .boot import engine
from .data import current_viewer
from .forms import FormState
from .lang import datetime, t
from .text import blank

_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("YaBrowser/", "Yandex Browser"), ("Firefox/", "Firefox"),
             ("Chrome/", "Chrome"), ("Chromium/", "Chromium"), ("Safari/", "Safari"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"),
            ("Mac OS", "macOS"), ("Linux", "Linux"))


def browser(agent: str | None) -> str:
    """"Chrome · Windows" from a User-Agent header; "—" when unknown."""
    if not isinstance(agent, str) or not agent:
        return "—"
    name = next((label for marker, label in _BROWSERS if marker in agent), None)
    system = next((label for marker, label in _SYSTEMS if marker in agent), None)
    return " · ".join(p for p in (name, system) if p) or agent[:40]


def own_sessions() -> pd.DataFrame:
    with read_session(engine()) as session:
        return queries.list_own_sessions(session, current_viewer())


def open_sessions(user_id: int) -> pd.DataFrame:
    with read_session(engine()) as session:
        return queries.list_open_sessions(session, current_viewer(), user_id=user_id)


def _label(row) -> str:
    return f"{browser(row.user_agent)} · {blank(row.ip_address)} · {t('since')} {datetime(row.created_at)}"


def _table(rows: pd.DataFrame, current_id: str | None) -> None:
    shown = pd.DataFrame({
        "this": ["✓" if sid == current_id else "" for sid in rows["id"]],
        "browser": rows["user_agent"].map(browser),
        "address": rows["ip_address"].map(lambda a: a if isinstance(a, str) and a else "—"),
        "created_at": rows["created_at"].to_list(),
        "last_seen_at": rows["last_seen_at"].to_list(),
        "expires_at": rows["expires_at"].to_list(),
    })
    labels = {"browser": t("Browser"), "address": t("Address"), "created_at": t("Signed in"),
              "last_seen_at": t("Last active"), "expires_at": t("Ends at the latest")}
    if current_id is not None:
        labels = {"this": t("This browser"), **labels}
    tables.show(shown, labels)


def own_sessions_section(current_id: str | None) -> None:
    """Profile: where I am signed in; end any other session, or all of them."""
    rows = own_sessions()
    _table(rows, current_id)
    others = rows[rows["id"] != current_id]
    if others.empty:
        st.caption(t("You are signed in only here."))
        return
    form = FormState("own_sessions")
    form.top()
    by_id = {row.id: _label(row) for row in others.itertuples()}
    chosen = form.select("session_id", t("Another session"), list(by_id), index=None,
                         placeholder=t("Choose a session"), format_func=by_id.get)
    left, right = st.columns(2)
    if left.button(t("End this session"), disabled=chosen is None):
        form.submit(end_own_session, t("The session is ended."), session_id=chosen, current_id=current_id)
    if right.button(t("End all other sessions"), type="primary"):
        form.submit(end_other_sessions, t("Every other session is ended: those browsers must sign in again."),
                    current_id=current_id)


def user_sessions_section(user_id: int, name: str) -> None:
    """Users page (administrator): a person's open sessions; end one or all."""
    rows = open_sessions(user_id)
    if rows.empty:
        st.caption(t("{name} is not signed in anywhere.", name=name))
        return
    _table(rows, None)
    form = FormState(f"user_sessions_{user_id}")
    form.top()
    by_id = {row.id: _label(row) for row in rows.itertuples()}
    chosen = form.select("session_id", t("Session"), list(by_id), index=None,
                         placeholder=t("Choose a session"), format_func=by_id.get)
    left, right = st.columns(2)
    if left.button(t("End this session"), key=f"end_one_{user_id}", disabled=chosen is None):
        form.submit(end_sessions_of, t("The session is ended."), user_id=user_id, session_id=chosen)
    if right.button(t("End all sessions of {name}", name=name), key=f"end_all_{user_id}", type="primary"):
        form.submit(end_sessions_of, t("{name} is signed out everywhere.", name=name), user_id=user_id)
