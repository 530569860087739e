"""The sign-in cookie names a server-side session: it carries a sign-in across visits while
the session lives, and anything else in it -- expired, ended, forged, alg=none, garbage --
simply shows the sign-in form (issue 15, items 2 and 10)."""
import base64
import datetime as dt
import json
import os

import jwt
import pytest
from playwright.sync_api import expect
from sqlalchemy import update
from sqlalchemy.orm import Session

from db.actions.sessions import start_session
from db.models import User, UserSession, utcnow
from ui.auth import COOKIE_NAME

from .helpers import wait_idle


def _session_cookie(server: str, engine, login: str) -> tuple[dict, str]:
    """A cookie as the sign-in form makes it, for a new session of `login`; and the session's id."""
    with Session(engine, expire_on_commit=False) as s:
        user_id = s.query(User.id).filter(User.login == login).scalar()
        new = start_session(s, None, user_id=user_id)
    token = jwt.encode({"sid": new.token, "exp": int(new.expires_at.timestamp())}, os.environ["CRM_COOKIE_KEY"],
                       algorithm="HS256")
    return {"name": COOKIE_NAME, "value": token, "url": server}, new.id


def _open(page, server):
    page.goto(server)
    page.wait_for_load_state("networkidle")
    wait_idle(page)


def _sign_in_form_shows(page):
    expect(page.get_by_role("textbox", name="Password")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text("Traceback")).to_have_count(0)


def test_a_live_session_cookie_signs_the_person_in(server, page, seeded, engine):
    cookie, _ = _session_cookie(server, engine, "mgr_a")
    page.context.add_cookies([cookie])
    _open(page, server)
    expect(page.get_by_role("heading", name="Hello, Anna")).to_be_visible()


def test_an_expired_session_asks_for_the_password(server, page, seeded, engine):
    cookie, session_id = _session_cookie(server, engine, "mgr_a")
    with Session(engine) as s:
        s.execute(update(UserSession).where(UserSession.id == session_id)
                  .values(expires_at=utcnow() - dt.timedelta(minutes=1)))
        s.commit()
    page.context.add_cookies([cookie])
    _open(page, server)
    _sign_in_form_shows(page)
    expect(page.get_by_role("heading", name="Hello, Anna")).to_have_count(0)


def _unsigned(payload: dict) -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(payload)}."


@pytest.mark.parametrize("kind", ["other key", "alg none", "garbage", "old library format"])
def test_a_forged_or_garbled_cookie_shows_the_sign_in_form(server, page, seeded, engine, kind):
    _, session_id = _session_cookie(server, engine, "director")  # a live session the forgery aims at
    far = int((dt.datetime.now() + dt.timedelta(days=30)).timestamp())
    value = {
        "other key": jwt.encode({"sid": "x" * 43, "exp": far}, "not-the-key-" * 4, algorithm="HS256"),
        "alg none": _unsigned({"sid": "x" * 43, "exp": far, "username": "director", "exp_date": far}),
        "garbage": "%%%not.a.token%%%",
        "old library format": jwt.encode({"username": "director", "exp_date": far}, os.environ["CRM_COOKIE_KEY"],
                                         algorithm="HS256"),
    }[kind]
    page.context.add_cookies([{"name": COOKIE_NAME, "value": value, "url": server}])
    _open(page, server)
    _sign_in_form_shows(page)
    expect(page.get_by_role("heading", name="Hello, Dmitry")).to_have_count(0)
    # The refused cookie is deleted from the browser.
    page.wait_for_function("() => !document.cookie.includes('crm_session=')")


def test_a_deactivated_users_cookie_stops_working(server, page, seeded, engine):
    cookie, _ = _session_cookie(server, engine, "mgr_b")
    with Session(engine) as s:
        s.execute(update(User).where(User.login == "mgr_b").values(active=False))
        s.commit()
    page.context.add_cookies([cookie])
    _open(page, server)
    _sign_in_form_shows(page)
