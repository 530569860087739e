"""Running app.py in Streamlit's AppTest as a signed-in person (tests and the benchmark)."""
from __future__ import annotations

from pathlib import Path

import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


class NavigationPagesManager(PagesManager):
    """AppTest makes a new PagesManager for every run and, seeing our `pages/`
    folder, runs page files on their own (old-style multipage) on reruns.
    The real server stops doing that once app.py calls st.navigation; this
    makes AppTest behave like the server."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


def behave_like_the_server() -> None:
    app_test_module.PagesManager = NavigationPagesManager


def start_session_for(login: str) -> str:
    """A new row of user_sessions for `login`; its id (what a tab keeps in session state)."""
    from sqlalchemy import select

    from db import config
    from db.actions.sessions import start_session
    from db.models import User
    from db.session import get_engine, write_session

    with write_session(get_engine(config.database_url())) as session:
        user_id = session.scalar(select(User.id).where(User.login == login))
        if user_id is None:
            raise LookupError(f"no user {login!r}")
        return start_session(session, None, user_id=user_id).id


# Each new AppTest, on its first run, reads the metadata of every installed package looking
# for Streamlit components (about 1.3 s of a sign-in's 2 s). The installed packages do not
# change while the tests run, so the first AppTest's registry serves all the later ones.
_components = None


def signed_in(login: str | None, page: str | None = None, *, query_params: dict | None = None,
              timeout: float = 60) -> AppTest:
    """app.py run as `login` (already signed in), optionally switched to `page`."""
    global _components
    at = AppTest.from_file(APP, default_timeout=timeout)
    if _components is not None and hasattr(at, "_bidi_component_manager"):
        at._bidi_component_manager = _components
    if login:
        # A real server-side session, as the sign-in form would start (app.py checks it on every run).
        at.session_state["crm_session_id"] = start_session_for(login)
    at.run()
    _components = getattr(at, "_bidi_component_manager", None)
    if page:
        for key, value in (query_params or {}).items():
            at.query_params[key] = str(value)
        at.switch_page(page).run()
    return at
