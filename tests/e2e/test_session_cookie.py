"""The sign-in cookie: it carries a session across visits, and stops working when it expires
or when the user is deactivated."""
import datetime as dt
import os

import jwt
from playwright.sync_api import expect
from sqlalchemy import update
from sqlalchemy.orm import Session

from db.models import User
from ui.auth import COOKIE_NAME

from .helpers import wait_idle


def _cookie(server: str, login: str, expires: dt.datetime) -> dict:
    token = jwt.encode({"username": login, "exp_date": expires.timestamp()}, os.environ["CRM_COOKIE_KEY"],
                       algorithm="HS256")
    return {"name": COOKIE_NAME, "value": token, "url": server}


def _open(page, server):
    page.goto(server)
    page.wait_for_load_state("networkidle")
    wait_idle(page)


def test_a_valid_cookie_signs_the_person_in(server, page, seeded):
    page.context.add_cookies([_cookie(server, "mgr_a", dt.datetime.now() + dt.timedelta(hours=1))])
    _open(page, server)
    expect(page.get_by_role("heading", name="Hello, Anna")).to_be_visible()


def test_an_expired_cookie_asks_for_the_password(server, page, seeded):
    page.context.add_cookies([_cookie(server, "mgr_a", dt.datetime.now() - dt.timedelta(minutes=1))])
    _open(page, server)
    expect(page.get_by_role("textbox", name="Password")).to_be_visible()
    expect(page.get_by_role("heading", name="Hello, Anna")).to_have_count(0)


def test_a_forged_cookie_is_refused(server, page, seeded):
    token = jwt.encode({"username": "director", "exp_date": 4102444800}, "not-the-key-" * 4, algorithm="HS256")
    page.context.add_cookies([{"name": COOKIE_NAME, "value": token, "url": server}])
    _open(page, server)
    expect(page.get_by_role("textbox", name="Password")).to_be_visible()


def test_a_deactivated_users_cookie_stops_working(server, page, seeded, engine):
    with Session(engine) as s:
        s.execute(update(User).where(User.login == "mgr_b").values(active=False))
        s.commit()
    page.context.add_cookies([_cookie(server, "mgr_b", dt.datetime.now() + dt.timedelta(hours=1))])
    _open(page, server)
    expect(page.get_by_role("textbox", name="Password")).to_be_visible()
