"""Cells to numbers and dates in the file's own conventions, and the guess of those conventions.

A file has one decimal mark ("." or ",") and one date order; ISO dates
(2017-03-01) are read whatever the order, being unambiguous. Excel cells that
already hold numbers and dates pass as they are.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

# Date orders a file may use (the value is what people see in the options).
DATE_FORMATS = {"iso": "YYYY-MM-DD", "dmy": "DD.MM.YYYY", "mdy": "M/D/YYYY", "dmy_slash": "D/M/YYYY"}
DECIMAL_MARKS = {".": "1234.56", ",": "1234,56"}

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T].*)?$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T].*)?$")
# One str.translate per cell: drop spaces and thousands separators, make the decimal mark a point.
_SPACES = {ord(c): None for c in " \t\u00a0\u202f'"}
_COMMA_MARK = str.maketrans({**_SPACES, ord("."): None, ord(","): "."})
_POINT_MARK = str.maketrans({**_SPACES, ord(","): None})
_COMMA_DECIMAL = re.compile(r"^[-+]?(\d+|\d{1,3}([ \u00a0\u202f.]\d{3})+),\d+$")
_POINT_DECIMAL = re.compile(r"^[-+]?(\d+|\d{1,3}([ \u00a0\u202f,]\d{3})+)\.\d+$")
_THOUSANDS_ONLY = re.compile(r"^[-+]?\d{1,3}[.,]\d{3}$")  # 1,234 or 1.234: either mark


class BadValue(ValueError):
    """A cell that is not what its field needs; `message` is a message id."""

    def __init__(self, message: str, **params):
        super().__init__(message)
        self.message = message
        self.params = params


def parse_decimal(value, mark: str) -> Decimal:
    """"1 234,56" with mark "," or "1,234.56" with mark "." → Decimal("1234.56")."""
    if value.__class__ is str:  # the common case first: a million cells go through here
        try:
            number = Decimal(value.translate(_COMMA_MARK if mark == "," else _POINT_MARK))
        except InvalidOperation:
            raise BadValue("Not a number.") from None
        if not number.is_finite():
            raise BadValue("Not a number.")
        return number
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise BadValue("Not a number.")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = str(value).translate(_COMMA_MARK if mark == "," else _POINT_MARK)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise BadValue("Not a number.") from None
    if not number.is_finite():
        raise BadValue("Not a number.")
    return number


def parse_date(value, order: str) -> dt.date:
    """A date in ISO or in the file's order (`order` one of DATE_FORMATS)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if m := _ISO.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if order == "dmy" and (m := _DOTTED.match(text)):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if order in ("mdy", "dmy_slash") and (m := _SLASHED.match(text)):
            first, second = int(m[1]), int(m[2])
            month, day = (first, second) if order == "mdy" else (second, first)
            return dt.date(int(m[3]), month, day)
    except ValueError:
        raise BadValue("No such date: {value}.", value=text) from None
    raise BadValue("Not a date in the file's format ({format}).", format=DATE_FORMATS.get(order, order))


def guess_decimal(cells: Iterable) -> str | None:
    """The decimal mark most text cells use; None when no cell tells."""
    votes: Counter[str] = Counter()
    for cell in cells:
        if not isinstance(cell, str) or not cell or _THOUSANDS_ONLY.match(cell.strip()):
            continue
        text = cell.strip()
        if _COMMA_DECIMAL.match(text):
            votes[","] += 1
        elif _POINT_DECIMAL.match(text):
            votes["."] += 1
    return votes.most_common(1)[0][0] if votes else None


def guess_date_order(cells: Iterable) -> str | None:
    """The date order text cells use; None when no cell holds a date.

    Slashes are read month first (M/D/YYYY) unless a first part above 12
    shows the day comes first.
    """
    votes: Counter[str] = Counter()
    day_first = month_first = False
    for cell in cells:
        if not isinstance(cell, str):
            continue
        text = cell.strip()
        if _ISO.match(text):
            votes["iso"] += 1
        elif _DOTTED.match(text):
            votes["dmy"] += 1
        elif m := _SLASHED.match(text):
            votes["slash"] += 1
            day_first |= int(m[1]) > 12
            month_first |= int(m[2]) > 12
    if not votes:
        return None
    best = max(("dmy", "slash", "iso"), key=lambda k: (votes[k] > 0 and k != "iso", votes[k]))
    if best == "slash":
        return "dmy_slash" if day_first and not month_first else "mdy"
    return best
