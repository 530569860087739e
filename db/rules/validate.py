"""Input checks shared by the actions: collect every field's problem, then refuse once.

    v = Checks()
    name = v.text("name", name, max_len=200, required=True)
    inn = v.inn("inn", inn)
    v.raise_if_any()   # ValidationError with {field: message}
"""
from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from ..errors import ValidationError
from . import requisites

if TYPE_CHECKING:
    from ..models.fields import FieldSpec

MONEY_MAX = Decimal("999999999999.99")  # what Numeric(14, 2) holds
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Checks:
    def __init__(self) -> None:
        self.errors: dict[str, tuple[str, dict]] = {}

    def fail(self, field: str, message: str, **params) -> None:
        self.errors.setdefault(field, (message, params))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(dict(self.errors))

    # --- text -------------------------------------------------------------
    def text(self, field: str, value, *, max_len: int, required: bool = False,
             multiline: bool = False) -> str | None:
        """Trimmed text, or None when empty. Stored verbatim otherwise."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            value = ""
        value = str(value).strip()
        if not value:
            if required:
                self.fail(field, "This field is required.")
            return None
        if _CONTROL.search(value) or (not multiline and ("\n" in value or "\r" in value)):
            self.fail(field, "This field contains characters that cannot be stored.")
            return None
        if len(value) > max_len:
            self.fail(field, "Too long: at most {max} characters (now {n}).", max=max_len, n=len(value))
            return None
        return value

    def email(self, field: str, value, *, required: bool = False) -> str | None:
        value = self.text(field, value, max_len=200, required=required)
        if value is not None and not _EMAIL.match(value):
            self.fail(field, "Not an e-mail address.")
            return None
        return value

    def phone(self, field: str, value) -> str | None:
        value = self.text(field, value, max_len=50)
        if value is not None and not re.fullmatch(r"[0-9+()\-\s.,;/доб ext#*]+", value, re.IGNORECASE):
            self.fail(field, "A phone number may hold digits, spaces, + ( ) - and an extension.")
            return None
        if value is not None and len(re.sub(r"\D", "", value)) < 5:
            self.fail(field, "Too few digits for a phone number.")
            return None
        return value

    def inn(self, field: str, value) -> str | None:
        """A Russian tax id: 10 digits (company) or 12 (entrepreneur), checksum verified."""
        value = self.text(field, value, max_len=12)
        if value is None:
            return None
        if not inn_is_valid(value):
            self.fail(field, "Not a valid INN: 10 or 12 digits with a correct check digit.")
            return None
        return value

    def kpp(self, field: str, value) -> str | None:
        """A KPP: 4 digits, 2 digits or capital Latin letters, 3 digits (db/rules/requisites.py)."""
        value = self._code(field, value, lambda k: len(k) == 9, requisites.KPP_LENGTH)
        if value is not None and not requisites.kpp_is_valid(value):
            self.fail(field, requisites.BAD_KPP)
            return None
        return value

    def ogrn(self, field: str, value) -> str | None:
        """An OGRN (13 digits) or OGRNIP (15), check digit verified."""
        return self._code(field, value, requisites.ogrn_is_valid, requisites.BAD_OGRN)

    def bic(self, field: str, value) -> str | None:
        return self._code(field, value, requisites.bic_is_valid, requisites.BAD_BIC)

    def account(self, field: str, value) -> str | None:
        """A bank account's 20 digits; whether it agrees with the BIC is `bank_accounts`."""
        return self._code(field, value, lambda a: a.isascii() and a.isdigit() and len(a) == 20,
                          requisites.BAD_ACCOUNT)

    def bank_accounts(self, values: dict) -> None:
        """The settlement and correspondent accounts in `values` checked against its BIC (control keys)."""
        if any(f in self.errors for f in ("bic", "settlement_account", "correspondent_account")):
            return
        problems = requisites.bank_account_problems(values.get("bic"), values.get("settlement_account"),
                                                    values.get("correspondent_account"))
        for field, message in problems.items():
            self.fail(field, message)

    def _code(self, field: str, value, valid, message: str) -> str | None:
        """A code typed with spaces or in lower case ("7707 01 001", "01ab") is taken without them."""
        value = self.text(field, value, max_len=40)  # spaces and dashes typed between the groups included
        if value is None:
            return None
        value = re.sub(r"\s", "", value).upper()
        if not valid(value):
            self.fail(field, message)
            return None
        return value

    def choice(self, field: str, value, choices, *, required: bool = False):
        if value in (None, ""):
            if required:
                self.fail(field, "This field is required.")
            return None
        if value not in set(choices):
            self.fail(field, "Choose one of the offered values.")
            return None
        return value

    # --- a field declared on a model (db/models/fields.py) -------------------
    def field(self, spec: FieldSpec, value):
        """`value` checked as the field's declaration says; the column's default when empty."""
        name, required = spec.name, spec.required
        if spec.kind == "reference":  # the caller checks that the record exists
            got = value or None
        elif spec.kind == "inn":
            got = self.inn(name, value)
        elif spec.kind in ("kpp", "ogrn", "bic", "account"):
            got = getattr(self, spec.kind)(name, value)
        elif spec.kind == "phone":
            got = self.phone(name, value)
        elif spec.kind == "email":
            got = self.email(name, value, required=required)
        elif spec.kind == "choice":
            got = self.choice(name, value, spec.choices, required=required)
        elif spec.kind == "money":
            got = self.money(name, value, required=required)
        elif spec.kind == "integer":
            got = self.integer(name, value, minimum=-(2 ** 31) if spec.minimum is None else spec.minimum,
                               maximum=2 ** 31 - 1 if spec.maximum is None else spec.maximum, required=required)
        else:
            got = self.text(name, value, max_len=spec.max_len or 0, required=required, multiline=spec.kind == "area")
        return spec.empty if got is None else got

    # --- numbers and dates ------------------------------------------------
    def money(self, field: str, value, *, required: bool = False, minimum: Decimal = Decimal("0"),
              maximum: Decimal = MONEY_MAX) -> Decimal | None:
        number = self._decimal(field, value, required=required)
        if number is None:
            return None
        if number < minimum:
            self.fail(field, "Must not be below {min}.", min=minimum)
            return None
        if number > maximum:
            self.fail(field, "Must not be above {max}.", max=maximum)
            return None
        return number.quantize(Decimal("0.01"))

    def percent(self, field: str, value, *, required: bool = False) -> Decimal | None:
        return self.money(field, value, required=required, maximum=Decimal("100"))

    def integer(self, field: str, value, *, minimum: int, maximum: int, required: bool = False) -> int | None:
        number = self._decimal(field, value, required=required)
        if number is None:
            return None
        if number != number.to_integral_value():
            self.fail(field, "Must be a whole number.")
            return None
        if not minimum <= number <= maximum:
            self.fail(field, "Must be between {min} and {max}.", min=minimum, max=maximum)
            return None
        return int(number)

    def date(self, field: str, value, *, required: bool = False, minimum: dt.date = DATE_MIN,
             maximum: dt.date = DATE_MAX) -> dt.date | None:
        if value in (None, ""):
            if required:
                self.fail(field, "This field is required.")
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        if not isinstance(value, dt.date):
            try:
                value = dt.date.fromisoformat(str(value))
            except ValueError:
                self.fail(field, "Not a date.")
                return None
        if not minimum <= value <= maximum:
            self.fail(field, "The date must be between {min} and {max}.", min=minimum, max=maximum)
            return None
        return value

    def time(self, field: str, value, *, required: bool = False) -> dt.time | None:
        """A time of day to the minute ("14:30" or a dt.time); seconds are dropped."""
        if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
            if required:
                self.fail(field, "This field is required.")
            return None
        if isinstance(value, dt.datetime):
            value = value.time()
        if not isinstance(value, dt.time):
            try:
                value = dt.time.fromisoformat(str(value).strip())
            except ValueError:
                self.fail(field, "Not a time of day (hh:mm).")
                return None
        return value.replace(second=0, microsecond=0, tzinfo=None)

    def _decimal(self, field: str, value, *, required: bool) -> Decimal | None:
        if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
            if required:
                self.fail(field, "This field is required.")
            return None
        try:
            number = Decimal(str(value).replace("\u00a0", "").replace(" ", "").replace(",", "."))
        except InvalidOperation:
            self.fail(field, "Not a number.")
            return None
        if not number.is_finite():
            self.fail(field, "Not a number.")
            return None
        return number


def inn_is_valid(inn: str) -> bool:
    """The check digits of a Russian INN (tax id), as the tax service defines them."""
    if not (inn.isascii() and inn.isdigit()) or len(inn) not in (10, 12):  # not "７７０…" nor "७७०…"
        return False
    digits = [int(c) for c in inn]

    def check(weights: list[int]) -> int:
        return sum(w * d for w, d in zip(weights, digits)) % 11 % 10

    if len(inn) == 10:
        return check([2, 4, 10, 3, 5, 9, 4, 6, 8]) == digits[9]
    return (
        check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == digits[10]
        and check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == digits[11]
    )
