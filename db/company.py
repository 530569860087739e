"""The supplier's own requisites, VAT and proposal defaults (issue 20), kept in the `settings` table.

The admin sets them on the "Company details" page (db/actions/company_settings.py); the proposal and
invoice documents read them with `company_details(session)` and `company_logo(session)`. As in
db/routine_config.py, a reader gets the defaults for anything missing or malformed: a half-filled
setting never breaks a document (an empty requisite shows as empty, and `missing_for_invoice` says
which ones an invoice still lacks).
"""
from __future__ import annotations

import base64
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from i18n import N_

from .routine_config import _build, _stored

COMPANY_KEY = "company_details"
LOGO_KEY = "company_logo"
# The rates a Russian supplier invoices at: the general 22 % (from 2026; 20 % before), the reduced 10 %,
# 5 % and 7 % (the simplified tax system's), 0 % (exports); "none": without VAT (not a VAT payer).
VAT_RATES = ("22", "20", "10", "7", "5", "0", "none")
WITHOUT_VAT = "none"
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
MAX_LOGO_BYTES = 512 * 1024  # a letterhead logo; a photograph is refused
MAX_LOGO_SIDE = 3000  # pixels

# The requisites an invoice cannot go without (labels for the message naming them).
INVOICE_REQUISITES = {
    "legal_name": N_("Legal name"), "inn": N_("INN"), "address": N_("Address"), "bank_name": N_("Bank"),
    "bic": N_("BIC"), "settlement_account": N_("Settlement account"),
    "correspondent_account": N_("Correspondent account"), "director": N_("Director"),
}


@dataclass(frozen=True)
class CompanyDetails:
    name: str = ""  # the short name on the letterhead ("Стройснаб")
    legal_name: str = ""  # 'ООО "Стройснаб"'
    inn: str = ""
    kpp: str = ""
    ogrn: str = ""
    address: str = ""  # the legal address, as the invoice prints it
    phone: str = ""
    email: str = ""
    website: str = ""
    bank_name: str = ""
    bic: str = ""
    settlement_account: str = ""
    correspondent_account: str = ""
    director: str = ""  # the head of the organisation who signs ("Иванов И. И.")
    director_title: str = ""  # empty: "Director" ("Генеральный директор")
    chief_accountant: str = ""  # empty: the director signs for the accountant too
    vat_rate: str = "22"  # one of VAT_RATES
    proposal_validity_days: int = 14  # a proposal's "valid until" is its date plus this
    proposal_closing_text: str = ""  # the proposal's last paragraph (terms, delivery, a kind word)

    @property
    def vat_percent(self) -> Decimal | None:
        """The VAT rate as a number of per cent, None without VAT."""
        return None if self.vat_rate == WITHOUT_VAT else Decimal(self.vat_rate)

    @property
    def missing_for_invoice(self) -> list[str]:
        """The labels (message ids) of the requisites an invoice needs and that are not set."""
        return [label for name, label in INVOICE_REQUISITES.items() if not getattr(self, name)]


@dataclass(frozen=True)
class Logo:
    data: bytes
    mime: str  # image/png or image/jpeg
    width: int
    height: int


def company_details(session: Session) -> CompanyDetails:
    details = _build(CompanyDetails, _stored(session, COMPANY_KEY))
    if details.vat_rate not in VAT_RATES:  # a rate no longer offered: the default, not a broken invoice
        details = _build(CompanyDetails, _stored(session, COMPANY_KEY) | {"vat_rate": CompanyDetails.vat_rate})
    return details


def company_logo(session: Session) -> Logo | None:
    raw = _stored(session, LOGO_KEY)
    try:
        data = base64.b64decode(raw["data"], validate=True)
        if not data:
            return None
        return Logo(data=data, mime=str(raw["mime"]), width=int(raw["width"]), height=int(raw["height"]))
    except (KeyError, TypeError, ValueError):
        return None
