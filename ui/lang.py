"""The current person's language, and text and numbers in it."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Literal

import streamlit as st

from db import config
from db.errors import Amount, DomainError, MessageId, ValidationError
from i18n import N_, NP_, ntranslate, ptranslate, translate
from i18n import formatting as fmt
from i18n.formatting import missing


# A file made on a download click runs outside the page's run (no session state): `speaking` gives it
# the reader's language, captured when the page ran (issue 19, the audit page's export).
_SPOKEN: ContextVar[str | None] = ContextVar("crm_spoken_language", default=None)


def language() -> str:
    return _SPOKEN.get() or st.session_state.get("crm_lang") or config.default_language()


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """t(), dates and numbers in `lang` within the block, whatever the session says."""
    token = _SPOKEN.set(lang)
    try:
        yield
    finally:
        _SPOKEN.reset(token)


def set_language(lang: str | None) -> None:
    st.session_state["crm_lang"] = lang or config.default_language()


def t(msgid: str, /, **params) -> str:
    """Translate a message id; dates, times and numbers in params are formatted by locale."""
    lang = language()
    return translate(msgid, lang, **{k: _param(v, lang) for k, v in params.items()})


def pt(context: str, msgid: str, /, **params) -> str:
    """Translate a message id in a context: pt("client status", "Active") -> "Активный"
    where t("Active") of a user reads "Активен"."""
    lang = language()
    return ptranslate(context, msgid, lang, **{k: _param(v, lang) for k, v in params.items()})


def nt(singular: str, plural: str, n: int, /, **params) -> str:
    """A count in a sentence, in the plural form the language wants for n; {n} is filled in:
    nt("{n} client", "{n} clients", 3) -> "3 клиента", 5 -> "5 клиентов", 21 -> "21 клиент"."""
    lang = language()
    params.setdefault("n", n)
    return ntranslate(singular, plural, n, lang, **{k: _param(v, lang) for k, v in params.items()})


# Codes stored in the database, each with its message id written out (a context where the
# English word is said differently in Russian elsewhere): code("role", "head") -> "Руководитель".
CODES: dict[str, dict[str, str | tuple[str, str]]] = {
    "role": {"manager": N_("Manager"), "head": N_("Head"), "director": N_("Director"), "admin": N_("Admin")},
    "activity": {"call": N_("Call"), "email": N_("Email"), "meeting": N_("Meeting"), "letter": N_("Letter"),
                 "note": N_("Note")},
    "size segment": {"key": N_("Key"), "large": N_("Large"), "medium": N_("Medium"), "small": N_("Small")},
    "client status": {"active": NP_("client status", "Active"), "archived": NP_("client status", "Archived")},
    "deal state": {"open": NP_("deal state", "Open"), "won": NP_("deal state", "Won"),
                   "lost": NP_("deal state", "Lost")},
}


def code(kind: str, value, empty: str = "—") -> str:
    """A stored code (a role, an activity kind, a size segment, a client status, a deal state)
    in the person's language; `empty` for no value, the code itself for one the table lacks."""
    if value is None or value == "" or value != value:  # None, "", NaN
        return empty
    value = getattr(value, "value", value)
    msgid = CODES[kind].get(value)
    if msgid is None:
        return str(value)
    return pt(*msgid) if isinstance(msgid, tuple) else t(msgid)


def _param(value, lang: str):
    if isinstance(value, MessageId):  # a field's label named in a refusal
        return translate(value, lang)
    if isinstance(value, dt.datetime):
        return fmt.datetime(value, lang, config.timezone())
    if isinstance(value, dt.date):
        return fmt.date(value, lang)
    if isinstance(value, Amount):  # a sum of money named in a refusal
        return fmt.money(value, lang, config.currency(), kopecks=value != value.to_integral())
    if isinstance(value, Decimal):
        return fmt.number(value, lang, digits=0 if value == value.to_integral() else 2)
    if isinstance(value, int) and not isinstance(value, bool):
        return fmt.number(value, lang)
    return value


def error_text(exc: DomainError) -> str:
    """A refusal's message for st.error & co. (markdown): what a person typed, in its params, shows as text."""
    return t(exc.message, **plain_params(exc.params))


def refusal_text(exc: DomainError) -> str:
    """Every message of a refusal, in the person's language (each field's of a ValidationError)."""
    if isinstance(exc, ValidationError):
        return " ".join(t(message, **plain_params(params)) for message, params in exc.errors.values())
    return error_text(exc)


def plain_params(params: dict) -> dict:
    from .text import md_escape

    # A MessageId (a field's label) is ours, not typed: it stays one, to be translated.
    return {k: md_escape(v) if isinstance(v, str) and not isinstance(v, MessageId)
            else datetime(v) if isinstance(v, dt.datetime) else v for k, v in params.items()}


def money(value, *, kopecks: bool | Literal["auto"] = False) -> str:
    """Whole roubles unless `kopecks`; "auto": kopecks only when the amount has them (a metric
    beside whole sums: "0 ₽" and "1 234,50 ₽", not "0,00 ₽" next to "3 360 000 ₽")."""
    if kopecks == "auto":
        kopecks = not missing(value) and Decimal(value) != Decimal(value).to_integral()
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


def short_name(full_name: str | None) -> str:
    """"Богданов П. О." for "Богданов Павел Олегович"; other names as they are."""
    parts = (full_name or "").split()
    if len(parts) == 3:
        return f"{parts[0]} {parts[1][0]}. {parts[2][0]}."
    return full_name or ""


def greeting_name(full_name: str | None) -> str:
    """How to address a person: "Светлана Васильевна" for "Калинина Светлана Васильевна"
    (surname, name, patronymic), else the first name ("Anna" of "Anna Manager")."""
    parts = (full_name or "").split()
    if len(parts) == 3 and parts[2].lower().endswith(("вич", "вна", "ична", "ич")):
        return f"{parts[1]} {parts[2]}"
    return parts[0] if parts else ""
