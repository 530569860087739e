"""The current person's language, and text and numbers in it."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import streamlit as st

from db import config
from db.errors import DomainError
from i18n import formatting as fmt
from i18n import translate


def language() -> str:
    return st.session_state.get("crm_lang") or config.default_language()


def set_language(lang: str | None) -> None:
    st.session_state["crm_lang"] = lang or config.default_language()


def t(msgid: str, /, **params) -> str:
    """Translate a message id; dates, times and numbers in params are formatted by locale."""
    lang = language()
    return translate(msgid, lang, **{k: _param(v, lang) for k, v in params.items()})


def _param(value, lang: str):
    if isinstance(value, dt.datetime):
        return fmt.datetime(value, lang, config.timezone())
    if isinstance(value, dt.date):
        return fmt.date(value, lang)
    if isinstance(value, Decimal):
        return fmt.number(value, lang, digits=0 if value == value.to_integral() else 2)
    if isinstance(value, int) and not isinstance(value, bool):
        return fmt.number(value, lang)
    return value


def error_text(exc: DomainError) -> str:
    return t(exc.message, **exc.params)


def money(value, *, kopecks: bool = False) -> str:
    return fmt.money(value, language(), config.currency(), kopecks=kopecks)


def number(value, digits: int = 0) -> str:
    return fmt.number(value, language(), digits)


def percent(value, digits: int = 1) -> str:
    return fmt.percent(value, language(), digits)


def date(value) -> str:
    return fmt.date(value, language())


def month(value) -> str:
    return fmt.month(value, language())


def datetime(value) -> str:
    return fmt.datetime(value, language(), config.timezone())


def greeting_name(full_name: str | None) -> str:
    """How to address a person: "Светлана Васильевна" for "Калинина Светлана Васильевна"
    (surname, name, patronymic), else the first name ("Anna" of "Anna Manager")."""
    parts = (full_name or "").split()
    if len(parts) == 3 and parts[2].lower().endswith(("вич", "вна", "ична", "ич")):
        return f"{parts[1]} {parts[2]}"
    return parts[0] if parts else ""
