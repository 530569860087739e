"""Check digits of Russian company and bank requisites: KPP, OGRN/OGRNIP, BIC, bank accounts.

Pure functions of strings (no database), shared by the client's fields (db/models/clients.py
via db/rules/validate.py), the import and the company's own requisites (db/company.py).
The INN's check digits are `inn_is_valid` in db/rules/validate.py.

Each value must be plain ASCII digits: full-width or other scripts' digits ("７７０…") are refused.
"""
from __future__ import annotations

import re

from i18n import N_

_KPP = re.compile(r"[0-9]{4}[0-9A-Z]{2}[0-9]{3}")
# Weights of the Central Bank's control key over the 23 digits "3 digits of the BIC + 20-digit account".
_ACCOUNT_WEIGHTS = ((7, 1, 3) * 8)[:23]
KEY_POSITION = 8  # the control key is the account's 9th digit (index 8)
CORRESPONDENT_PREFIX = "30101"  # a bank's correspondent account with the Bank of Russia

KPP_LENGTH = N_("A KPP is 9 digits.")
BAD_KPP = N_("Not a valid KPP: 9 characters — 4 digits, 2 digits or capital Latin letters, 3 digits.")
BAD_OGRN = N_("Not a valid OGRN: 13 digits (a company) or 15 (an entrepreneur, OGRNIP) with a correct "
              "check digit.")
BAD_BIC = N_("Not a valid BIC: 9 digits starting with 04.")
BAD_ACCOUNT = N_("An account number is 20 digits.")
NEED_BIC = N_("Give the bank's BIC too: the account is checked against it.")
SETTLEMENT_MISMATCH = N_("The settlement account does not match the BIC: a digit is wrong in one of them "
                         "(the account's control key does not agree).")
CORRESPONDENT_MISMATCH = N_("The correspondent account does not match the BIC: it starts with 30101, ends with "
                            "the BIC's last three digits, and its control key must agree.")


def _digits(value: str, *lengths: int) -> bool:
    return value.isascii() and value.isdigit() and len(value) in lengths


def kpp_is_valid(kpp: str) -> bool:
    """KPP (tax registration reason code, Order of the Federal Tax Service ММВ-7-6/435@):
    NNNN (tax office) + PP (reason: digits or capital Latin letters A–Z) + XXX (sequence number).
    It has no check digit."""
    return kpp.isascii() and _KPP.fullmatch(kpp) is not None


def ogrn_is_valid(ogrn: str) -> bool:
    """OGRN (13 digits, a company): the 13th digit = (the first 12 as a number mod 11) mod 10.
    OGRNIP (15 digits, an individual entrepreneur): the 15th = (the first 14 mod 13) mod 10.
    (Order of the Ministry of Taxes БГ-3-09/178 and the registry's rules.)"""
    if _digits(ogrn, 13):
        return int(ogrn[:12]) % 11 % 10 == int(ogrn[12])
    if _digits(ogrn, 15):
        return int(ogrn[:14]) % 13 % 10 == int(ogrn[14])
    return False


def bic_is_valid(bic: str) -> bool:
    """BIC of a Russian bank: 9 digits, "04" (the Russian Federation) + 2 digits of the region
    + 2 of the Bank of Russia's division + 3 of the bank in it. No check digit of its own."""
    return _digits(bic, 9) and bic.startswith("04")


def _key_sum(prefix3: str, account: str) -> int:
    """The sum of the products' last digits, digit by weight 7, 1, 3, … over prefix3 + account."""
    return sum(int(d) * w % 10 for d, w in zip(prefix3 + account, _ACCOUNT_WEIGHTS, strict=True))


def _key_holds(prefix3: str, account: str) -> bool:
    """The Central Bank's rule ("Порядок расчета контрольного ключа в номере лицевого счета",
    Положение ЦБ РФ № 579-П, formerly letter № 515 of 1997): the weighted sum of the last digits
    of the products over the 23 digits (with the key in place) is a multiple of 10."""
    return _digits(account, 20) and _key_sum(prefix3, account) % 10 == 0


def control_key(prefix3: str, account: str) -> int:
    """The key digit an account must have at its 9th position: the sum over the 23 digits with the key
    set to 0, its last digit times 3, the last digit of that (the Central Bank's own wording)."""
    zeroed = account[:KEY_POSITION] + "0" + account[KEY_POSITION + 1:]
    return _key_sum(prefix3, zeroed) % 10 * 3 % 10


def settlement_prefix(bic: str) -> str:
    """What a client's settlement account in a bank is keyed with: the BIC's last three digits."""
    return bic[-3:]


def correspondent_prefix(bic: str) -> str:
    """What a bank's correspondent account (in a Bank of Russia division) is keyed with:
    "0" and the BIC's 5th and 6th digits (the division)."""
    return "0" + bic[4:6]


def settlement_account_matches(account: str, bic: str) -> bool:
    """A settlement account (20 digits) opened in the bank with this BIC: the control key agrees."""
    return bic_is_valid(bic) and _key_holds(settlement_prefix(bic), account)


def correspondent_account_matches(account: str, bic: str) -> bool:
    """The bank's correspondent account: 30101…, ending with the BIC's last three digits, the control key
    computed over "0" + the BIC's 5th–6th digits agreeing."""
    return (bic_is_valid(bic) and _digits(account, 20) and account.startswith(CORRESPONDENT_PREFIX)
            and account.endswith(bic[-3:]) and _key_holds(correspondent_prefix(bic), account))


def bank_account_problems(bic: str | None, settlement: str | None,
                          correspondent: str | None) -> dict[str, str]:
    """What is wrong with a set of bank requisites, by field (bic, settlement_account,
    correspondent_account), as message ids; empty when all agree. Empty values are not checked,
    except that an account needs its BIC."""
    problems: dict[str, str] = {}
    if bic and not bic_is_valid(bic):
        problems["bic"] = BAD_BIC
    for field, account, matches, mismatch in (
            ("settlement_account", settlement, settlement_account_matches, SETTLEMENT_MISMATCH),
            ("correspondent_account", correspondent, correspondent_account_matches, CORRESPONDENT_MISMATCH)):
        if not account:
            continue
        if not _digits(account, 20):
            problems[field] = BAD_ACCOUNT
        elif not bic:
            problems[field] = NEED_BIC
        elif "bic" not in problems and not matches(account, bic):
            problems[field] = mismatch
    return problems
