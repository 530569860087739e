"""Sign-in: our form, streamlit-authenticator's bcrypt check; our own server-side sessions.

- The form is a plain `st.form`; its button's callback checks the password with the
  library's AuthenticationController (only that one active user in its credentials),
  behind our throttle, and starts the session -- before the script runs, so the very
  run that follows the press draws the person's first page (no second run).
- The cookie `crm_session` is a JWT (HS256, the app's secret) carrying a random
  token; the row of `user_sessions` named by the token's hash decides, on
  EVERY run, whether the person is still signed in (db.actions.sessions).
  Sign-out, a password reset, deactivation, expiry and "end session" end it
  for every tab and browser at once.
- The cookie is read from the page's request (`st.context.cookies`) and written or
  deleted by a tiny `st.components.v2` component in the page itself (no iframe, and it
  reports nothing back: it never reruns the script). The component the library would
  render (extra_streamlit_components' CookieManager) reported every cookie once it had
  loaded and so reran the script a moment after every page load, which lost a "Sign in"
  pressed in that moment; the library's Authenticate class is not built any more.
- Anything else in the cookie -- another algorithm (alg=none), another key,
  garbage, an old cookie -- is ignored and deleted: the sign-in form shows.
- Sign-out ends the session row, clears everything the person left in the tab's
  session state, and lets the run that deletes the cookie reach the browser
  (no st.rerun(): the cookie is deleted by the component in the page).
- Failed sign-ins delay further attempts per login and address (no hard lock);
  every refusal reads the same, whether the login exists or not.
"""
from __future__ import annotations

import datetime as dt
import logging
import secrets
from email.utils import format_datetime

import jwt
import streamlit as st
from sqlalchemy import func, select
from streamlit.components.v2 import component
from streamlit_authenticator.controllers import AuthenticationController

from db import secret_key
from db.access import Viewer
from db.actions import sessions
from db.errors import DomainError
from db.models import Role, User
from db.passwords import check_password, hash_password
from db.session import read_session, write_session
from i18n import N_

from .boot import engine
from .lang import error_text, set_language, t

log = logging.getLogger(__name__)

COOKIE_NAME = "crm_session"
SECRETS_FILE = secret_key.SECRETS_FILE
SESSION_KEY = "crm_session_id"  # the hash naming this tab's row of user_sessions
LOGIN_FIELD, PASSWORD_FIELD = "crm_sign_in_login", "crm_sign_in_password"
_SET_COOKIE = "crm_set_cookie"  # the cookie line this tab writes on each of its runs (after signing in here)
_DELETE_COOKIE = "crm_delete_cookie"
_REFUSED_COOKIE = "crm_refused_cookie"
_NOTICE = "crm_sign_in_notice"
_OUTCOME = "crm_sign_in_outcome"  # what the last press of "Sign in" came to, for the form to say
# One message for every refusal: unknown login, wrong password, or waiting out a delay.
REFUSED = N_("Wrong login or password, or too many attempts: wait a little and try again.")
# Checked against unknown logins, so that they take as long as wrong passwords.
_DUMMY_HASH = hash_password("not a password of anyone")

# Writes the cookie lines it is given into the page's own document (an st.components.v2
# component runs in the page, not in an iframe). It reports nothing -- no rerun -- except once
# after a sign-out: Streamlit (1.67, its own page menu off) keeps the sidebar on screen, empty,
# after the run that turns to the sign-in page, until a run starts with the sidebar already
# emptied. So once that run is over, the component asks for one more.
_COOKIE_JS = """
let done = null;
function afterRun(then) {
  const app = document.querySelector("[data-testid='stApp']");
  const over = () => !app || app.dataset.testScriptState !== "running";
  if (over()) { then(); return; }
  const watch = new MutationObserver(() => { if (over()) { watch.disconnect(); then(); } });
  watch.observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
}
export default function (component) {
  const { data, setTriggerValue } = component;
  for (const line of (data && data.lines) || []) document.cookie = line;
  if (data && data.rerun && data.rerun !== done) {
    done = data.rerun;
    afterRun(() => setTriggerValue("written", data.rerun));
  }
}
"""
_cookie_writer = component("crm_session_cookie", js=_COOKIE_JS)


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


def _https() -> bool:
    try:
        return str(st.context.url or "").startswith("https:")
    except Exception:  # noqa: BLE001
        return False


def _cookie_line(value: str, expires: dt.datetime) -> str:
    line = f"{COOKIE_NAME}={value}; Path=/; Expires={format_datetime(expires.astimezone(dt.UTC), usegmt=True)}"
    return line + "; SameSite=Strict" + ("; Secure" if _https() else "")


def _delete_line() -> str:
    return _cookie_line("", dt.datetime(1970, 1, 1, tzinfo=dt.UTC))


def _write_cookies(lines: list[str], rerun: str | None = None) -> None:
    """The component that writes `lines` into document.cookie; drawn out of the page's flow (ui/style.py).
    With `rerun` (a fresh value), it then asks for one more run."""
    _cookie_writer(key="crm_session_cookie", data={"lines": lines, "rerun": rerun}, height=0,
                   on_written_change=_no_op)


def _no_op() -> None:
    pass


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


def _from_cookie() -> tuple[str | None, User | None]:
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
        st.session_state.setdefault(_DELETE_COOKIE, True)  # a sign-out's own (with its rerun) stays
        return None, None
    return session_id, user


def _clear_tab(notice: str | None = None) -> None:
    """Everything a person left in this tab's session state goes; the cookie is deleted
    by this very run (which must reach the browser), which then asks for one more run
    (the signed-in layout's sidebar goes with it)."""
    refused = st.session_state.get(_REFUSED_COOKIE)
    st.session_state.clear()
    st.session_state[_DELETE_COOKIE] = secrets.token_hex(8)
    if refused:
        st.session_state[_REFUSED_COOKIE] = refused
    if notice:
        st.session_state[_NOTICE] = notice


def restore_viewer() -> Viewer | None:
    """The signed-in viewer, re-checked against the session row and the users table on every run.
    In app.py, before the page: it also draws the cookie's component when there is a cookie to write."""
    state = st.session_state
    user = None
    session_id = state.get(SESSION_KEY)
    if session_id:
        user = _check(session_id)
        if user is None:  # signed out elsewhere, ended, expired or deactivated
            _clear_tab(t("Your session has ended. Sign in again."))
            session_id = None
    else:
        session_id, user = _from_cookie()
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
    state["crm_viewer"] = viewer
    # The cookie: deleted once (sign-out, an ended session, a refused cookie), or -- in a tab that
    # signed in -- written on each run (the same line: idempotent), so that a run cut short by the
    # next click cannot leave the browser without it.
    delete = state.pop(_DELETE_COOKIE, None)
    if delete:
        _write_cookies([_delete_line()], rerun=delete if isinstance(delete, str) else None)
    elif viewer is not None and state.get(_SET_COOKIE):
        _write_cookies([state[_SET_COOKIE]])
    return viewer


def _password_ok(login_name: str, password: str) -> bool:
    """streamlit-authenticator's bcrypt check of this one active user (unknown: as slow, and False).
    On success the library has put name, username and roles into the session state."""
    with read_session(engine()) as session:
        user = session.scalar(select(User).where(func.lower(User.login) == login_name, User.active.is_(True)))
        credentials = {} if user is None else {
            user.login.lower(): {"name": user.full_name, "email": user.email or "", "password": user.password_hash,
                                 "roles": [user.role]}}
    if user is None:
        check_password(password, _DUMMY_HASH)
        return False
    controller = AuthenticationController({"usernames": credentials}, auto_hash=False, secret_key=cookie_key())
    return bool(controller.login(login_name, password))


def _sign_in() -> None:
    """The form's callback: runs before the script, so a success is drawn by this very run
    (the person's first page, and the component that writes the cookie)."""
    state = st.session_state
    login_name = str(state.get(LOGIN_FIELD) or "").strip().lower()
    password = str(state.get(PASSWORD_FIELD) or "")
    state[PASSWORD_FIELD] = ""  # the password does not stay in the tab's state
    if not login_name:  # nothing to check (the library's form did the same)
        return
    address = client_address()
    with read_session(engine()) as session:
        wait = sessions.sign_in_wait(session, login=login_name, address=address)
    ok = wait <= dt.timedelta(0) and _password_ok(login_name, password)
    if wait <= dt.timedelta(0):  # a throttled attempt checks nothing and so counts nothing
        with write_session(engine()) as session:
            try:
                if ok:
                    sessions.clear_failed_sign_ins(session, None, login=login_name, address=address)
                else:
                    sessions.record_failed_sign_in(session, None, login=login_name, address=address)
            except DomainError:  # two failures written at the same moment; one is enough
                log.info("concurrent sign-in bookkeeping for %s", login_name)
    if not ok:
        for key in ("authentication_status", "username", "name", "roles"):
            state[key] = None
        state[_OUTCOME] = "refused"
        return
    with read_session(engine()) as session:
        user_id = session.scalar(select(User.id).where(func.lower(User.login) == login_name))
    try:
        with write_session(engine()) as session:
            new = sessions.start_session(session, None, user_id=user_id, user_agent=_user_agent(),
                                         ip_address=address)
    except DomainError as exc:  # e.g. the database busy: nothing started, say so, the form stays
        for key in ("authentication_status", "username", "name", "roles"):
            state[key] = None
        state[_OUTCOME] = error_text(exc)
        return
    state[SESSION_KEY] = new.id
    token = jwt.encode({"sid": new.token, "exp": int(new.expires_at.timestamp())}, cookie_key(), algorithm="HS256")
    state[_SET_COOKIE] = _cookie_line(token, new.expires_at)
    for key in (_REFUSED_COOKIE, _NOTICE, _DELETE_COOKIE, LOGIN_FIELD):
        state.pop(key, None)


def login_form() -> None:
    """The sign-in form (pages/login.py)."""
    notice = st.session_state.get(_NOTICE)  # kept until the next sign-in
    if notice:
        st.info(notice, icon=":material/logout:")
    with st.form("sign_in"):
        st.subheader(t("Sign in"))
        st.text_input(t("Login"), key=LOGIN_FIELD, autocomplete="off")
        st.text_input(t("Password"), type="password", key=PASSWORD_FIELD, autocomplete="off")
        st.form_submit_button(t("Sign in"), on_click=_sign_in)
    outcome = st.session_state.pop(_OUTCOME, None)
    if outcome == "refused":
        st.error(t(REFUSED))
    elif outcome:
        st.error(outcome)


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
