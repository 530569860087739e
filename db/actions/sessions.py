"""Server-side sign-in sessions and the sign-in throttle (issue 15).

A session is a row of `user_sessions` named by the SHA-256 of a random token;
the browser's cookie carries the token. `check_session` runs on every script
run: a session ends on sign-out, a password reset or change, deactivation,
by hand (the user's own or an administrator), after `CRM_SESSION_IDLE_MINUTES`
without a run, and `CRM_SESSION_DAYS` after sign-in whatever the activity.

Failed sign-ins are counted per (login, address), per address and per login;
once a count passes its allowance, attempts under that key are refused until
last failure + min(2^(n - allowance) s, 15 min). Nothing is locked for good,
and a stranger elsewhere cannot delay a person's own attempts.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import secrets

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..access import Can, Viewer, require
from ..errors import AccessDenied, NotFound
from ..models import SignInFailure, User, UserSession, utcnow
from .base import audit, business_action, changed_rows

TOUCH_EVERY = dt.timedelta(seconds=60)  # last_seen_at is written at most this often
MAX_DELAY = dt.timedelta(minutes=15)
FORGET_FAILURES_AFTER = dt.timedelta(days=1)
# Free failures before the delay starts: per (login, address), per address (an office
# behind one address shares it), per login from anywhere (a distributed guesser).
ALLOWANCE = {"pair": 5, "address": 20, "login": 50}


def absolute_lifetime() -> dt.timedelta:
    """`CRM_SESSION_DAYS` (default 1): how long a sign-in lasts at most."""
    try:
        days = float(os.environ.get("CRM_SESSION_DAYS", "1"))
    except ValueError:
        days = 1.0
    return dt.timedelta(days=max(days, 0.001))


def idle_timeout() -> dt.timedelta:
    """`CRM_SESSION_IDLE_MINUTES` (default 120): a session unused this long ends."""
    try:
        minutes = float(os.environ.get("CRM_SESSION_IDLE_MINUTES", "120"))
    except ValueError:
        minutes = 120.0
    return dt.timedelta(minutes=max(minutes, 0.05))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclasses.dataclass(frozen=True)
class NewSession:
    token: str  # goes into the cookie, never into the database
    id: str
    expires_at: dt.datetime


@business_action(bumps_generation=False)
def start_session(session: Session, _viewer: None, *, user_id: int, user_agent: str | None = None,
                  ip_address: str | None = None) -> NewSession:
    """After the password was checked: a new session row; the token is for the cookie."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    row = UserSession(id=token_hash(token), user_id=user_id, created_at=now, last_seen_at=now,
                      expires_at=now + absolute_lifetime(),
                      user_agent=(user_agent or "")[:300] or None, ip_address=(ip_address or "")[:64] or None)
    session.add(row)
    user = session.get_one(User, user_id)  # the one whose password was just checked
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    return NewSession(token=token, id=row.id, expires_at=row.expires_at)


def _why_over(row: UserSession, user: User | None, now: dt.datetime) -> str | None:
    if user is None or not user.active:
        return "deactivated"
    if now >= row.expires_at:
        return "expired"
    if now >= row.last_seen_at + idle_timeout():
        return "idle"
    return None


@business_action(bumps_generation=False)
def check_session(session: Session, _viewer: None, *, session_id: str) -> User | None:
    """The signed-in user if the session is alive (and note it was used); else None,
    ending it if it just ran out. Called on every script run."""
    row = session.get(UserSession, session_id) if session_id else None
    if row is None or row.ended_at is not None:
        return None
    now = utcnow()
    user = session.get(User, row.user_id)
    reason = _why_over(row, user, now)
    if reason:
        row.ended_at, row.ended_reason = now, reason
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
    return user


def _end(session: Session, *conditions, reason: str) -> int:
    result = session.execute(update(UserSession).where(UserSession.ended_at.is_(None), *conditions)
                             .values(ended_at=utcnow(), ended_reason=reason))
    return changed_rows(result)


def session_user(session: Session, *, session_id: str) -> User | None:
    """The same check as check_session, read-only (when the write could not be made: a busy database)."""
    row = session.get(UserSession, session_id) if session_id else None
    if row is None or row.ended_at is not None:
        return None
    user = session.get(User, row.user_id)
    return None if _why_over(row, user, utcnow()) else user


def end_user_sessions(session: Session, user_id: int, *, reason: str, keep: str | None = None) -> int:
    """Inside another action (password reset, deactivation): end every open session of the user."""
    conditions = [UserSession.user_id == user_id]
    if keep:
        conditions.append(UserSession.id != keep)
    return _end(session, *conditions, reason=reason)


@business_action(bumps_generation=False)
def sign_out(session: Session, _viewer: None, *, session_id: str) -> None:
    _end(session, UserSession.id == session_id, reason="signed_out")


def _own_row(session: Session, viewer: Viewer, session_id: str) -> UserSession:
    row = session.get(UserSession, session_id)
    if row is None or row.user_id != viewer.user_id:
        raise NotFound("Session not found.")
    return row


@business_action(bumps_generation=False)
def end_own_session(session: Session, viewer: Viewer, *, session_id: str, current_id: str) -> None:
    """A user ends one of their other sessions (a browser left signed in elsewhere)."""
    if session_id == current_id:
        raise AccessDenied("Use “Sign out” to end the session you are using.")
    _own_row(session, viewer, session_id)
    _end(session, UserSession.id == session_id, reason="ended_by_user")


@business_action(bumps_generation=False)
def end_other_sessions(session: Session, viewer: Viewer, *, current_id: str) -> int:
    return end_user_sessions(session, viewer.person_id, reason="ended_by_user", keep=current_id)


@business_action(bumps_generation=False)
def end_sessions_of(session: Session, viewer: Viewer, *, user_id: int, session_id: str | None = None) -> int:
    """An administrator ends one session of anyone, or all of a user's."""
    require(viewer, Can.MANAGE_USERS)
    if session.get(User, user_id) is None:
        raise NotFound("User not found.")
    conditions = [UserSession.user_id == user_id]
    if session_id:
        conditions.append(UserSession.id == session_id)
    ended = _end(session, *conditions, reason="ended_by_admin")
    if ended:
        audit(session, viewer, action="end_sessions", entity="user", entity_id=user_id,
              changes={"sessions_ended": (None, ended)})
    return ended


# -- the sign-in throttle -------------------------------------------------------------

def throttle_keys(login: str, address: str | None) -> dict[str, str]:
    login = (login or "").strip().lower()[:150]
    address = (address or "").strip()[:150] or "?"
    return {"pair": f"pair:{login}|{address}", "address": f"address:{address}", "login": f"login:{login}"}


def _delay(kind: str, failures: int) -> dt.timedelta:
    over = failures - ALLOWANCE[kind]
    if over < 0:
        return dt.timedelta(0)
    return min(dt.timedelta(seconds=2 ** min(over, 20)), MAX_DELAY)


def sign_in_wait(session: Session, *, login: str, address: str | None) -> dt.timedelta:
    """How long attempts for this login from this address are refused (zero: go ahead)."""
    keys = throttle_keys(login, address)
    rows = {r.key: r for r in session.scalars(select(SignInFailure).where(SignInFailure.key.in_(keys.values())))}
    now, wait = utcnow(), dt.timedelta(0)
    for kind, key in keys.items():
        row = rows.get(key)
        if row is None or now - row.last_failure_at > FORGET_FAILURES_AFTER:
            continue
        wait = max(wait, row.last_failure_at + _delay(kind, row.failures) - now)
    return wait


@business_action(bumps_generation=False)
def record_failed_sign_in(session: Session, _viewer: None, *, login: str, address: str | None) -> None:
    now = utcnow()
    for key in throttle_keys(login, address).values():
        row = session.get(SignInFailure, key, with_for_update=session.get_bind().dialect.name == "postgresql")
        if row is None:
            session.add(SignInFailure(key=key, failures=1, last_failure_at=now))
            session.flush()
        else:
            stale = now - row.last_failure_at > FORGET_FAILURES_AFTER
            row.failures, row.last_failure_at = (1 if stale else row.failures + 1), now
    user = session.scalar(select(User).where(func.lower(User.login) == (login or "").strip().lower()))
    if user is not None:
        user.failed_logins += 1  # shown to the administrator; it locks nothing


@business_action(bumps_generation=False)
def clear_failed_sign_ins(session: Session, _viewer: None, *, login: str, address: str | None) -> None:
    """After a successful sign-in: this login's counts start over (the address's does not,
    or signing in to one's own account would reset a guesser's count)."""
    keys = throttle_keys(login, address)
    session.execute(SignInFailure.__table__.delete().where(SignInFailure.key.in_([keys["pair"], keys["login"]])))
