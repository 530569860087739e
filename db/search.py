"""The text the clients search box matches: case-folded (SQLite's LOWER() only
folds ASCII, so Cyrillic is folded in Python) and phone numbers as bare digits."""
from __future__ import annotations

import re


def fold(*parts: str | None) -> str:
    """Case-folded, ё read as е (people type either)."""
    return " ".join(p.casefold().replace("ё", "е") for p in parts if p)


def phone_digits(phone: str | None) -> str:
    """Digits of a Russian number without the country prefix: +7 / 8 (495) … → 495…"""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) == 11 and digits[0] in "78":
        digits = digits[1:]
    return digits


def client_search_text(name: str | None, legal_name: str | None, inn: str | None) -> str:
    return fold(name, legal_name, inn)


def contact_search_text(full_name: str | None, phone: str | None, email: str | None) -> str:
    return fold(full_name, phone_digits(phone), email)


_LEGAL_FORMS = re.compile(
    r"\b(ооо|оао|зао|пао|ао|ип|нко|ано|гк|тд|пк|llc|ltd|inc|corp|co|gmbh|group|групп|холдинг)\b\.?")


def name_core(name: str) -> str:
    """A company name without legal form, quotes and punctuation: «ООО "Вега-Пром"» → "вега пром"."""
    text = _LEGAL_FORMS.sub(" ", (name or "").casefold().replace("ё", "е"))
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())
