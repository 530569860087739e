"""One translation layer for every string a person reads: gettext catalogs.

Message ids are the English text. Russian lives in the gettext catalog
`i18n/locales/ru/LC_MESSAGES/messages.po` (the source of truth, committed),
with message contexts (msgctxt) for words that Russian says differently in
different places and plural forms (Russian has three). The app compiles the
.po in memory when it first needs a language (once per process), so a fresh
clone needs no build step; `pybabel compile` is only a check.

Code marks a string for translation by passing it to `translate` (in the UI:
`ui.lang.t`, `ui.lang.pt` with a context, `ui.lang.nt` for a count), and the
db layer's errors carry message ids that the UI translates. `N_`, `NP_` and
`NN_` mark ids defined away from where they are shown.

A feature may still bring its Russian as a dict `RU = {"English": "Русский"}`
in `i18n/ru_<feature>.py` (a key may be a `(context, msgid)` tuple): those
entries fill in what the .po lacks. Fold them into the .po with
`python -m i18n.fold` (see README, "Translations").
"""
from __future__ import annotations

import functools
import gettext
import importlib
import io
import pkgutil
import string
from pathlib import Path

LANGUAGES = {"ru": "Русский", "en": "English"}
LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"


def N_(msgid: str) -> str:
    """Marks a message id defined away from where it is shown (translated later, by `t`)."""
    return msgid


def NP_(context: str, msgid: str) -> tuple[str, str]:
    """Marks a message id in a context, shown later by `pt(*NP_(...))`."""
    return context, msgid


def NN_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a counted message, shown later by `nt(*NN_(...), n)`."""
    return singular, plural


def po_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def dict_catalogs(lang: str) -> dict[str, dict]:
    """{module name: RU dict} of the i18n/<lang>_<feature>.py files not yet folded into the .po."""
    found = {}
    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if module.name.startswith(f"{lang}_"):
            found[module.name] = importlib.import_module(f"{__package__}.{module.name}").RU
    return found


def _split(key) -> tuple[str | None, str]:
    return (key[0], key[1]) if isinstance(key, tuple) else (None, key)


@functools.cache
def catalog_for(lang: str):
    """The language's Babel catalog: the .po, plus what the feature dicts add. None without a .po."""
    from babel.messages.pofile import read_po

    path = po_path(lang)
    if not path.exists():
        return None
    with path.open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    for entries in dict_catalogs(lang).values():
        for key, text in entries.items():
            context, msgid = _split(key)
            known = catalog.get(msgid, context)
            if known is None:
                catalog.add(msgid, text, context=context)
            elif not known.string or known.fuzzy:
                known.string, known.flags = text, known.flags - {"fuzzy"}
    return catalog


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """gettext translations compiled in memory from the language's catalog, cached per process."""
    from babel.messages.mofile import write_mo

    catalog = catalog_for(lang)
    if catalog is None:
        return gettext.NullTranslations()
    mo = io.BytesIO()
    write_mo(mo, catalog)  # fuzzy entries are left out, as gettext does
    mo.seek(0)
    return gettext.GNUTranslations(mo)


class _Formatter(string.Formatter):
    """str.format, plus what a Russian translation may ask of a person's name:
    "{name:dat}" (a case), "{who:изменил|изменила}" (a word agreeing with them); see names.py."""

    def format_field(self, value, format_spec: str):
        if format_spec and isinstance(value, str):
            from .names import format_name

            named = format_name(value, format_spec)
            if named is not None:
                return named
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def _format(text: str, fallback: str, params: dict) -> str:
    if not params:
        return text
    try:
        return _FORMATTER.format(text, **params)
    except (KeyError, IndexError, ValueError):
        # A translation with a broken placeholder must not break the page.
        return fallback.format(**params)


def translate(msgid: str, lang: str, /, **params) -> str:
    return _format(translations(lang).gettext(msgid), msgid, params)


def ptranslate(context: str, msgid: str, lang: str, /, **params) -> str:
    """A message in a context: `ptranslate("client status", "Active", "ru")` -> "Активный"."""
    return _format(translations(lang).pgettext(context, msgid), msgid, params)


def ntranslate(singular: str, plural: str, n: int, lang: str, /, context: str | None = None, **params) -> str:
    """The form of a counted message for `n` (Russian: 1 клиент, 2 клиента, 5 клиентов)."""
    catalog = translations(lang)
    text = (catalog.npgettext(context, singular, plural, n) if context
            else catalog.ngettext(singular, plural, n))
    return _format(text, singular if n == 1 else plural, params)
