"""One translation layer for every string a person reads.

Message ids are the English text; Russian lives in `ru.py`. Code marks a
string for translation by passing it to `translate` (in the UI: `ui.lang.t`),
and the db layer's errors carry message ids that the UI translates.
"""
from __future__ import annotations

from .ru import RU

LANGUAGES = {"ru": "Русский", "en": "English"}
CATALOGS = {"ru": RU}


def N_(msgid: str) -> str:
    """Marks a message id defined away from where it is shown (translated later, by `t`)."""
    return msgid


def translate(msgid: str, lang: str, /, **params) -> str:
    text = CATALOGS.get(lang, {}).get(msgid, msgid)
    if not params:
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        # A translation with a broken placeholder must not break the page.
        return msgid.format(**params)
