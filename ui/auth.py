"""Sign-in with streamlit-authenticator, its credentials built from the users table.

- Only active users are in the credentials: a deactivated user cannot sign
  in, and a cookie of theirs stops working on the next run.
- Failed attempts are counted in the database (db.actions.users.record_sign_in),
  so a new tab does not reset them; a locked user is handed to the library
  as "attempts exhausted" until the lock ends.
- The cookie key comes from CRM_COOKIE_KEY or the secrets, and is generated
  into .streamlit/secrets.toml on first start — never committed.
"""
from __future__ import annotations

import os
import secrets
import tomllib

import streamlit as st
import streamlit_authenticator as stauth
from sqlalchemy import select
from streamlit_authenticator.utilities import LoginError

from db import config
from db.access import Viewer
from db.actions.users import MAX_FAILED_SIGN_INS, record_sign_in
from db.models import Role, User, utcnow
from db.session import read_session, write_session

from .boot import engine
from .data import restart_through_app
from .lang import set_language, t

COOKIE_NAME = "crm_session"
SECRETS_FILE = config.PROJECT_DIR / ".streamlit" / "secrets.toml"
_AUTH_KEY = "crm_authenticator"
_CREDENTIALS_KEY = "crm_credentials"


def cookie_key() -> str:
    """CRM_COOKIE_KEY, else `cookie_key` in the secrets file, else a new one written there."""
    key = os.environ.get("CRM_COOKIE_KEY", "").strip()
    if key:
        return key
    if SECRETS_FILE.exists():
        with SECRETS_FILE.open("rb") as fh:
            key = str(tomllib.load(fh).get("cookie_key", "")).strip()
        if key:
            return key
    return _generate_cookie_key()


def _generate_cookie_key() -> str:
    key = secrets.token_urlsafe(48)
    SECRETS_FILE.parent.mkdir(exist_ok=True)
    try:
        # O_EXCL: if two processes start at once, one writes and the other re-reads.
        fd = os.open(SECRETS_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return cookie_key()
    with os.fdopen(fd, "w") as fh:
        fh.write("# Generated on first start. Keep it secret; never commit it.\n")
        fh.write(f'cookie_key = "{key}"\n')
    return key


def session_days() -> float:
    """How long a sign-in lasts without typing the password again."""
    try:
        return max(float(os.environ.get("CRM_SESSION_DAYS", "1")), 0.01)
    except ValueError:
        return 1.0


def _credentials() -> dict:
    now = utcnow()
    with read_session(engine()) as session:
        users = session.scalars(select(User).where(User.active.is_(True))).all()
    return {
        "usernames": {
            u.login: {
                "name": u.full_name,
                "email": u.email or "",
                "password": u.password_hash,
                "roles": [u.role],
                "failed_login_attempts": (
                    MAX_FAILED_SIGN_INS if u.locked_until and u.locked_until > now else 0
                ),
            }
            for u in users
        }
    }


def build_authenticator() -> stauth.Authenticate:
    """Once per run, in app.py (it renders the cookie component)."""
    credentials = _credentials()
    authenticator = stauth.Authenticate(
        credentials,
        COOKIE_NAME,
        cookie_key(),
        session_days(),
        auto_hash=False,
        login_sleep_time=0,
    )
    st.session_state[_AUTH_KEY] = authenticator
    st.session_state[_CREDENTIALS_KEY] = credentials
    return authenticator


def restore_viewer(authenticator: stauth.Authenticate) -> Viewer | None:
    """The signed-in viewer (from this session or the cookie), re-checked against the database."""
    try:
        authenticator.login(location="unrendered")
    except LoginError:
        # A cookie of a user who is no longer active (or no longer exists).
        # The request's cookies stay the same for the whole session, so tell
        # the library to stop reading it ("logout"), and drop it in the browser.
        st.session_state["logout"] = True
        authenticator.cookie_controller.delete_cookie()
    viewer = None
    login = st.session_state.get("username")
    if st.session_state.get("authentication_status") and login:
        with read_session(engine()) as session:
            user = session.scalar(select(User).where(User.login == login, User.active.is_(True)))
        if user is None:
            authenticator.logout(location="unrendered")
        else:
            viewer = Viewer(user_id=user.id, role=Role(user.role), full_name=user.full_name)
            set_language(user.language)
    st.session_state["crm_viewer"] = viewer
    return viewer


def login_form() -> None:
    """The sign-in form (pages/login.py)."""
    if _AUTH_KEY not in st.session_state:
        restart_through_app()
    authenticator: stauth.Authenticate = st.session_state[_AUTH_KEY]
    credentials = st.session_state[_CREDENTIALS_KEY]["usernames"]
    before = {login: data["failed_login_attempts"] for login, data in credentials.items()}
    try:
        authenticator.login(
            location="main",
            max_login_attempts=MAX_FAILED_SIGN_INS,
            key="sign_in",
            fields={"Form name": t("Sign in"), "Username": t("Login"), "Password": t("Password"),
                    "Login": t("Sign in")},
        )
    except LoginError as exc:
        if "attempts" in str(exc):
            st.error(t("Too many failed attempts. The account is locked for a while; try again later "
                       "or ask the administrator."))
        else:
            st.error(t("Wrong login or password."))
        return
    failed = [login for login, data in credentials.items()
              if data.get("failed_login_attempts", 0) > before.get(login, 0)]
    for login in failed:
        with write_session(engine()) as session:
            record_sign_in(session, None, login=login, success=False)
    status = st.session_state.get("authentication_status")
    if status:
        with write_session(engine()) as session:
            record_sign_in(session, None, login=st.session_state["username"], success=True)
        st.success(t("Signed in. Opening your home page…"))
    elif status is False:
        st.error(t("Wrong login or password."))


def logout_button() -> None:
    authenticator: stauth.Authenticate = st.session_state[_AUTH_KEY]
    authenticator.logout(t("Sign out"), location="sidebar", key="sign_out")
    if not st.session_state.get("authentication_status"):
        st.session_state["crm_viewer"] = None
        st.rerun()
