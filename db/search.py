"""The text the clients search box matches: case-folded (SQLite's LOWER() only
folds ASCII, so Cyrillic is folded in Python) and phone numbers as bare digits."""
from __future__ import annotations

import re


def fold(*parts: str | None) -> str:
    return " ".join(p.casefold() for p in parts if p)


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
