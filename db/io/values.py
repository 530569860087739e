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
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from i18n import N_

# Date orders a file may use (the value is what people see in the options).
DATE_FORMATS = {"iso": "YYYY-MM-DD", "dmy": "DD.MM.YYYY", "mdy": "M/D/YYYY", "dmy_slash": "D/M/YYYY"}
DECIMAL_MARKS = {".": "1234.56", ",": "1234,56"}
NOT_IN_FORMAT = N_("{value} is not a number with the file's decimal mark \"{mark}\": a thousands separator "
                   "must split the digits in groups of three.")

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T].*)?$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T].*)?$")
# Numbers: plain ("1234.56", "-7", "1e3") or with a thousands separator that splits the whole
# part in groups of three, the same separator throughout ("1 234 567,5", "1,234.5", "1'234").
# The thousands separator may be the other mark, a space (also no-break or narrow no-break)
# or an apostrophe; anything else ("12,5" in a point file, "1,5", "1.234,5" there) is refused.
# (Spaces around a plain number are let through: Decimal() ignores them, one strip() fewer a cell.)
_PLAIN = {".": re.compile(r"\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*"),
          ",": re.compile(r"\s*[-+]?(?:\d+,?\d*|,\d+)(?:[eE][-+]?\d+)?\s*")}
_GROUPED = {".": re.compile(r"([-+]?)(\d{1,3}(?:([,' \u00a0\u202f])\d{3})(?:\3\d{3})*)(?:\.(\d+))?"),
            ",": re.compile(r"([-+]?)(\d{1,3}(?:([.' \u00a0\u202f])\d{3})(?:\3\d{3})*)(?:,(\d+))?")}
_NUMBERLIKE = re.compile(r"[-+]?[\d.,' \u00a0\u202f]*\d[\d.,' \u00a0\u202f]*")
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
    """"1 234,56" with mark "," or "1,234.56" with mark "." → Decimal("1234.56").

    A cell that is not a number in the file's convention is refused, never read another
    way: with mark ".", "12,5" is not 125 and "1.234,5" is not 1.2345 (issue 16, item 5).
    """
    if value.__class__ is str:  # the common case first: a million cells go through here
        if _PLAIN[mark].fullmatch(value):
            return Decimal(value if mark == "." else value.replace(",", "."))
        return _parse_text(value.strip(), mark)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise BadValue("Not a number.")
        return value
    if isinstance(value, bool):
        raise BadValue("Not a number.")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise BadValue("Not a number.")
        return Decimal(repr(value))
    return _parse_text(str(value).strip(), mark)


def _parse_text(text: str, mark: str) -> Decimal:
    try:
        if _PLAIN[mark].fullmatch(text):
            return Decimal(text if mark == "." else text.replace(",", "."))
        if m := _GROUPED[mark].fullmatch(text):
            whole = m[2].replace(m[3], "")
            return Decimal(f"{m[1]}{whole}.{m[4]}" if m[4] else f"{m[1]}{whole}")
    except InvalidOperation:  # pragma: no cover - the patterns admit only what Decimal reads
        pass
    if _NUMBERLIKE.fullmatch(text):
        raise BadValue(NOT_IN_FORMAT, value=text, mark=mark)
    raise BadValue("Not a number.")


# The boundary between a file's numbers and the columns (issue 16, item 3): money is rounded
# half up to the cent (Numeric(14, 2): what PostgreSQL itself would do, so SQLite, which keeps
# the value as a REAL, holds the same cents), quantities half up to the thousandth (Numeric(14, 3)).
# db/io/kinds/base.RowChecks.money (every kind's money and percentages), the deals kind (a line's
# quantity) and the shipments kind (the same quantize inlined: Shipments._number, _quantity) round
# before a value is compared with the stored one or written, so an unchanged file re-imported
# changes nothing.
CENT = Decimal("0.01")
THOUSANDTH = Decimal("0.001")


_HUGE = Decimal("1e20")  # beyond any column's range (the range checks refuse it); quantize would overflow


def to_cents(number: Decimal) -> Decimal:
    return number if abs(number) >= _HUGE else number.quantize(CENT, rounding=ROUND_HALF_UP)


def to_thousandths(number: Decimal) -> Decimal:
    return number if abs(number) >= _HUGE else number.quantize(THOUSANDTH, rounding=ROUND_HALF_UP)


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
