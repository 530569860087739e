"""Sign-in: streamlit-authenticator's form and bcrypt check; our own server-side sessions.

- The library renders the form and checks the password against the users
  table (only active users are in its credentials). It never reads or writes
  the cookie: it is built with cookie_expiry_days=0 and told it "logged out".
- The cookie `crm_session` is a JWT (HS256, the app's secret) carrying a random
  token; the row of `user_sessions` named by the token's hash decides, on
  EVERY run, whether the person is still signed in (db.actions.sessions).
  Sign-out, a password reset, deactivation, expiry and "end session" end it
  for every tab and browser at once.
- Anything else in the cookie -- another algorithm (alg=none), another key,
  garbage, an old cookie -- is ignored and deleted: the sign-in form shows.
- Sign-out ends the session row, clears everything the person left in the tab's
  session state, and lets the run that deletes the cookie reach the browser
  (no st.rerun(): the cookie is deleted by a component in the browser).
- Failed sign-ins delay further attempts per login and address (no hard lock);
  every refusal reads the same, whether the login exists or not.
"""
from __future__ import annotations

import datetime as dt
import logging

import jwt
import streamlit as st
import streamlit_authenticator as stauth
from sqlalchemy import select
from streamlit_authenticator.utilities import LoginError

from db import secret_key
from db.access import Viewer
from db.actions import sessions
from db.errors import DomainError
from db.models import Role, User
from db.passwords import check_password, hash_password
from db.session import read_session, write_session
from i18n import N_

from .boot import engine
from .data import restart_through_app
from .lang import error_text, set_language, t

log = logging.getLogger(__name__)

COOKIE_NAME = "crm_session"
SECRETS_FILE = secret_key.SECRETS_FILE
SESSION_KEY = "crm_session_id"  # the hash naming this tab's row of user_sessions
_AUTH_KEY = "crm_authenticator"
_DELETE_COOKIE = "crm_delete_cookie"
_REFUSED_COOKIE = "crm_refused_cookie"
_NOTICE = "crm_sign_in_notice"
# One message for every refusal: unknown login, wrong password, or waiting out a delay.
REFUSED = N_("Wrong login or password, or too many attempts: wait a little and try again.")
# Checked against unknown logins, so that they take as long as wrong passwords.
_DUMMY_HASH = hash_password("not a password of anyone")


def cookie_key() -> str:
    """The app's secret (CRM_COOKIE_KEY, else the secrets file, else generated there)."""
    return secret_key.app_secret()


def session_days() -> float:
    return sessions.absolute_lifetime().total_seconds() / 86400


def client_address() -> str | None:
    """The browser's address as Streamlit sees it (behind a proxy: the proxy's)."""
    try:
        address = st.context.ip_address
    except Exception:  # noqa: BLE001 - AppTest and old runtimes
        return None
    return address if isinstance(address, str) and address else None


def _user_agent() -> str | None:
    try:
        agent = st.context.headers.get("User-Agent")
    except Exception:  # noqa: BLE001
        return None
    return agent if isinstance(agent, str) else None


def _credentials() -> dict:
    with read_session(engine()) as session:
        users = session.scalars(select(User).where(User.active.is_(True))).all()
    return {"usernames": {u.login: {"name": u.full_name, "email": u.email or "", "password": u.password_hash,
                                    "roles": [u.role]} for u in users}}


def build_authenticator() -> stauth.Authenticate:
    """Once per run, in app.py (it renders the cookie component, which sets and deletes our cookie)."""
    authenticator = stauth.Authenticate(_credentials(), COOKIE_NAME, cookie_key(), 0,
                                        auto_hash=False, login_sleep_time=0)
    st.session_state[_AUTH_KEY] = authenticator
    return authenticator


def _cookies(authenticator: stauth.Authenticate):
    return authenticator.cookie_controller.cookie_model.cookie_manager


def _delete_cookie(authenticator: stauth.Authenticate) -> None:
    try:
        _cookies(authenticator).delete(COOKIE_NAME)
    except KeyError:  # the component had not reported the cookie yet; the delete is sent anyway
        pass


def _set_cookie(authenticator: stauth.Authenticate, new: sessions.NewSession) -> None:
    token = jwt.encode({"sid": new.token, "exp": int(new.expires_at.timestamp())}, cookie_key(), algorithm="HS256")
    secure = False
    try:
        secure = str(st.context.url or "").startswith("https:")
    except Exception:  # noqa: BLE001
        pass
    _cookies(authenticator).set(COOKIE_NAME, token, expires_at=new.expires_at.astimezone().replace(tzinfo=None),
                                secure=secure or None, same_site="strict")


def _token_from_cookie(raw: str) -> str | None:
    """The session token of a cookie we signed; None for anything else (never raises)."""
    try:
        payload = jwt.decode(raw, cookie_key(), algorithms=["HS256"], options={"require": ["exp", "sid"]})
    except (jwt.PyJWTError, ValueError, TypeError):
        return None
    token = payload.get("sid") if isinstance(payload, dict) else None
    return token if isinstance(token, str) and 20 <= len(token) <= 100 else None


def _check(session_id: str) -> User | None:
    try:
        with write_session(engine()) as session:
            return sessions.check_session(session, None, session_id=session_id)
    except DomainError:  # the database is busy with another writer: decide without writing this time
        with read_session(engine()) as session:
            return sessions.session_user(session, session_id=session_id)


def _from_cookie(authenticator: stauth.Authenticate) -> tuple[str | None, User | None]:
    try:
        raw = st.context.cookies.get(COOKIE_NAME)
    except Exception:  # noqa: BLE001 - AppTest's mock
        raw = None
    if not isinstance(raw, str) or not raw or raw == st.session_state.get(_REFUSED_COOKIE):
        return None, None
    token = _token_from_cookie(raw)
    session_id = sessions.token_hash(token) if token else None
    user = _check(session_id) if session_id else None
    if user is None:
        # Forged, garbled, expired or ended: forget it here and in the browser.
        st.session_state[_REFUSED_COOKIE] = raw
        _delete_cookie(authenticator)
        return None, None
    return session_id, user


def _clear_tab(notice: str | None = None) -> None:
    """Everything a person left in this tab's session state goes; the cookie is deleted
    on the next run (which must reach the browser)."""
    refused = st.session_state.get(_REFUSED_COOKIE)
    st.session_state.clear()
    st.session_state[_DELETE_COOKIE] = True
    if refused:
        st.session_state[_REFUSED_COOKIE] = refused
    if notice:
        st.session_state[_NOTICE] = notice


def restore_viewer(authenticator: stauth.Authenticate) -> Viewer | None:
    """The signed-in viewer, re-checked against the session row and the users table on every run."""
    state = st.session_state
    if state.pop(_DELETE_COOKIE, False):
        _delete_cookie(authenticator)
    user = None
    session_id = state.get(SESSION_KEY)
    if session_id:
        user = _check(session_id)
        if user is None:  # signed out elsewhere, ended, expired or deactivated
            _clear_tab(t("Your session has ended. Sign in again."))
            state.pop(_DELETE_COOKIE, None)
            state[_AUTH_KEY] = authenticator
            _delete_cookie(authenticator)
            session_id = None
    else:
        session_id, user = _from_cookie(authenticator)
    viewer = None
    if user is not None:
        state[SESSION_KEY] = session_id
        state["authentication_status"], state["username"] = True, user.login
        state["name"], state["roles"] = user.full_name, [user.role]
        viewer = Viewer(user_id=user.id, role=Role(user.role), full_name=user.full_name)
        if "crm_lang" not in state:
            set_language(user.language)
    else:
        for key in ("authentication_status", "username", "name", "roles"):
            state[key] = None
    # The library must never sign anyone in from its own reading of the cookie.
    state["logout"] = True
    state["crm_viewer"] = viewer
    return viewer


def _guard(authenticator: stauth.Authenticate) -> None:
    """Wrap the library's password check: the throttle before it, bookkeeping after."""
    controller = authenticator.authentication_controller
    if getattr(controller, "_crm_guarded", False):
        return
    original = controller.login
    known = authenticator.authentication_controller.authentication_model.credentials["usernames"]

    def login(username=None, password=None, *args, **kwargs):
        if not username:
            return original(username, password, *args, **kwargs)
        login_name, address = username.strip().lower(), client_address()
        with read_session(engine()) as session:
            wait = sessions.sign_in_wait(session, login=login_name, address=address)
        if wait > dt.timedelta(0):
            raise LoginError("throttled")
        if login_name not in known:
            check_password(password or "", _DUMMY_HASH)  # as slow as a wrong password
        ok = original(username, password, *args, **kwargs)
        with write_session(engine()) as session:
            try:
                if ok:
                    sessions.clear_failed_sign_ins(session, None, login=login_name, address=address)
                else:
                    sessions.record_failed_sign_in(session, None, login=login_name, address=address)
            except DomainError:  # two failures written at the same moment; one is enough
                log.info("concurrent sign-in bookkeeping for %s", login_name)
        return ok

    controller.login = login
    controller._crm_guarded = True


def login_form() -> None:
    """The sign-in form (pages/login.py)."""
    if _AUTH_KEY not in st.session_state:
        restart_through_app()
    authenticator: stauth.Authenticate = st.session_state[_AUTH_KEY]
    notice = st.session_state.get(_NOTICE)  # kept until the next sign-in: the cookie component reruns
    if notice:
        st.info(notice, icon=":material/logout:")
    _guard(authenticator)
    st.session_state["logout"] = True
    try:
        authenticator.login(
            location="main",
            key="sign_in",
            fields={"Form name": t("Sign in"), "Username": t("Login"), "Password": t("Password"),
                    "Login": t("Sign in")},
        )
    except LoginError:
        st.session_state["authentication_status"] = None
        st.error(t(REFUSED))
        return
    status = st.session_state.get("authentication_status")
    if status:
        with read_session(engine()) as session:
            user = session.scalar(select(User).where(User.login == st.session_state["username"]))
        try:
            with write_session(engine()) as session:
                new = sessions.start_session(session, None, user_id=user.id, user_agent=_user_agent(),
                                             ip_address=client_address())
        except DomainError as exc:  # e.g. the database busy: nothing started, say so, the form stays
            for key in ("authentication_status", "username", "name", "roles"):
                st.session_state[key] = None
            st.error(error_text(exc))
            return
        st.session_state[SESSION_KEY] = new.id
        st.session_state.pop(_REFUSED_COOKIE, None)
        st.session_state.pop(_NOTICE, None)
        # No st.rerun(): the component that sets the cookie must reach the browser;
        # it reruns the script itself once the cookie is set.
        _set_cookie(authenticator, new)
        st.success(t("Signed in. Opening your home page…"))
    elif status is False:
        st.error(t(REFUSED))


def _sign_out() -> None:
    """The button's callback: runs before the script, so this very run shows the sign-in
    page and carries the cookie's deletion to the browser."""
    session_id = st.session_state.get(SESSION_KEY)
    if session_id:
        with write_session(engine()) as session:
            sessions.sign_out(session, None, session_id=session_id)
    _clear_tab()


def logout_button() -> None:
    st.sidebar.button(t("Sign out"), key="sign_out", on_click=_sign_out)


def current_session_id() -> str | None:
    return st.session_state.get(SESSION_KEY)
