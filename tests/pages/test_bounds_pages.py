"""Bounds on the pages (issue 15, item 10): whatever is typed into `?id=` reads as "not found",
never an error page; a cookie with `alg=none` shows the sign-in form."""
from __future__ import annotations

import base64
import datetime as dt
import json
import os

import jwt
import pytest
import streamlit as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.actions.sessions import start_session
from db.models import User
from ui import auth

from .conftest import signed_in

PAGES = {
    "pages/client.py": "Client not found, or it is not among your clients.",
    "pages/deal.py": "Deal not found, or it is not among your deals.",
    "pages/product.py": "Product not found.",
}
BAD_IDS = {
    "superscript-two": "²",  # a digit to str.isdigit, not to int()
    "arabic-indic": "١٢",
    "23-digits": "1" * 23,  # past SQLite's and PostgreSQL's integers
    "past-int4": str(2**31),  # past PostgreSQL's integer column
    "minus-one": "-1",
    "zero": "0",
    "exponent": "1e3",
    "spaces": " 1 ",
    "empty": "",
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("raw", BAD_IDS.values(), ids=BAD_IDS.keys())
def test_a_bad_id_in_the_url_reads_as_not_found(seeded, page, raw):
    at = signed_in("mgr_a", page, query_params={"id": raw})
    assert not at.exception, at.exception[0].message if at.exception else ""
    assert [w.value for w in at.warning] == [PAGES[page]]


def _unsigned(header: dict, payload: dict) -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    return f"{part(header)}.{part(payload)}."


@pytest.fixture
def live_token(seeded, engine) -> str:
    """The token of a live session of the director's (what a forger would aim at)."""
    with Session(engine, expire_on_commit=False) as s:
        user_id = s.scalar(select(User.id).where(User.login == "director"))
        return start_session(s, None, user_id=user_id).token


def _far() -> int:
    return int((dt.datetime.now() + dt.timedelta(days=30)).timestamp())


def _signed(token: str) -> str:
    return jwt.encode({"sid": token, "exp": _far()}, os.environ["CRM_COOKIE_KEY"], algorithm="HS256")


def test_the_cookie_reader_refuses_alg_none_even_for_a_live_session(live_token):
    signed = _signed(live_token)
    assert auth._token_from_cookie(signed) == live_token  # the real thing passes ...
    for header in ({"alg": "none"}, {"alg": "None"}, {"alg": "NONE", "typ": "JWT"}):
        forged = _unsigned(header, {"sid": live_token, "exp": _far()})
        assert auth._token_from_cookie(forged) is None  # ... unsigned, it does not
    assert auth._token_from_cookie(signed[: signed.rindex(".")] + ".") is None  # its signature stripped


def _open_with_cookie(monkeypatch, value: str):
    # AppTest has no cookie jar: the app reads this one as the browser's.
    monkeypatch.setattr(type(st.context), "cookies", property(lambda _self: {auth.COOKIE_NAME: value}))
    at = signed_in(None)
    assert not at.exception, at.exception[0].message if at.exception else ""
    return at


def test_an_alg_none_cookie_shows_the_sign_in_form(live_token, monkeypatch):
    # The same session, signed, signs the director in (the cookie does reach the app) ...
    assert _open_with_cookie(monkeypatch, _signed(live_token)).title[0].value == "Hello, Dmitry"
    # ... unsigned, it shows the sign-in form and no error.
    forged = _unsigned({"alg": "none", "typ": "JWT"},
                       {"sid": live_token, "exp": _far(), "username": "director", "exp_date": _far()})
    at = _open_with_cookie(monkeypatch, forged)
    assert at.title[0].value == "Sales CRM"  # the sign-in page
    assert not any(title.value.startswith("Hello") for title in at.title)
