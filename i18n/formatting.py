"""Money, numbers, percentages and dates by locale, with Babel."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_symbol

LOCALES = {"ru": "ru_RU", "en": "en_US"}
DATE_PATTERNS = {"ru": "dd.MM.yyyy", "en": "MMM d, yyyy"}
DATETIME_PATTERNS = {"ru": "dd.MM.yyyy HH:mm", "en": "MMM d, yyyy, HH:mm"}
MONTH_PATTERNS = {"ru": "LLLL yyyy", "en": "MMMM yyyy"}


def missing(value) -> bool:
    """None, NaN, pandas' NaT and pd.NA: an empty value, whatever a frame made of a NULL."""
    if value is None or type(value).__name__ == "NAType":  # pd.NA, whose truth is an error
        return True
    try:
        return bool(value != value)  # noqa: PLR0124 - NaN and NaT are the values unequal to themselves
    except (TypeError, ValueError):  # something compared element-wise (an array): not one empty value
        return False


_missing = missing


def blank(value, empty: str = "—") -> str:
    """A value as text, `empty` for a missing one (see `missing`): the one step between a frame's
    cell and a sentence, a label or a letter, where `value or "—"` would print "nan". An empty
    string is empty too."""
    return empty if missing(value) or (isinstance(value, str) and not value) else str(value)


def _locale(lang: str) -> str:
    return LOCALES.get(lang, "ru_RU")


def _currency_pattern(lang: str, currency: str) -> str:
    """The locale's currency pattern; a code for a symbol ("RUB" in English) is set apart from
    the number by a no-break space: "RUB 811,354", never "RUB811,354"."""
    locale = Locale.parse(_locale(lang))
    pattern = locale.currency_formats["standard"].pattern
    if get_currency_symbol(currency, locale=locale).isalpha() and "¤#" in pattern:
        pattern = pattern.replace("¤#", "¤\u00a0#")
    return pattern


def money(value, lang: str, currency: str = "RUB", *, kopecks: bool = True) -> str:
    """`1 234 567,89 ₽` in Russian, `RUB 1,234,567.89` in English (CLDR's patterns, the code
    set apart by a no-break space)."""
    if _missing(value):
        return "—"
    pattern = _currency_pattern(lang, currency)
    if kopecks:
        return format_currency(Decimal(value), currency, format=pattern, locale=_locale(lang))
    # Whole roubles for metrics and charts: the locale's own pattern minus decimals.
    return format_currency(Decimal(value), currency, format=pattern.replace(".00", ""), locale=_locale(lang),
                           currency_digits=False)


def number(value, lang: str, digits: int = 0) -> str:
    if _missing(value):
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_locale(lang))


def percent(value, lang: str, digits: int = 1) -> str:
    """`value` is a percentage (87.5 means 87.5 %)."""
    if _missing(value):
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + " %"
    return format_percent(Decimal(str(value)) / 100, format=pattern, locale=_locale(lang))


def date(value: dt.date | None, lang: str) -> str:
    if _missing(value):
        return "—"
    return format_date(value, DATE_PATTERNS.get(lang, "dd.MM.yyyy"), locale=_locale(lang))


def month(value: dt.date | None, lang: str) -> str:
    if _missing(value):
        return "—"
    return format_date(value, MONTH_PATTERNS.get(lang, "LLLL yyyy"), locale=_locale(lang))


def datetime(value: dt.datetime | None, lang: str, tz) -> str:
    if value is None or _missing(value):
        return "—"
    return format_datetime(value.astimezone(tz), DATETIME_PATTERNS.get(lang, "dd.MM.yyyy HH:mm"),
                           locale=_locale(lang))
