"""The administrator sets the company's requisites, VAT rate, proposal defaults and logo (issue 20).

Checked as a client's requisites are (db/rules/requisites.py: INN, KPP, OGRN check digits, the
accounts' control keys against the BIC); saved in the `settings` table with the stale-form check and
the audit row of the other settings (db/actions/routine_settings.py).
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
from dataclasses import asdict

from PIL import Image, UnidentifiedImageError
from sqlalchemy.orm import Session

from ..access import Can, Viewer, require
from ..company import (
    COMPANY_KEY,
    LOGO_KEY,
    LOGO_TYPES,
    MAX_LOGO_BYTES,
    MAX_LOGO_SIDE,
    VAT_RATES,
    CompanyDetails,
)
from ..rules.validate import Checks
from .base import business_action
from .routine_settings import _save

TEXTS = {  # field: (max length, multi-line)
    "name": (200, False), "legal_name": (300, False), "address": (500, True), "bank_name": (300, False),
    "website": (200, False), "director": (200, False), "director_title": (200, False),
    "chief_accountant": (200, False), "proposal_closing_text": (4000, True),
}


def checked_details(**fields) -> CompanyDetails:
    """The details from the form, each field checked; a ValidationError names every bad one."""
    unknown = set(fields) - set(asdict(CompanyDetails()))
    if unknown:
        raise TypeError(f"company details got unknown fields: {sorted(unknown)}")
    v = Checks()
    value: dict = {name: v.text(name, fields.get(name), max_len=max_len, multiline=multiline,
                                required=name == "name") or ""
                   for name, (max_len, multiline) in TEXTS.items()}
    value["inn"] = v.inn("inn", fields.get("inn")) or ""
    value["kpp"] = v.kpp("kpp", fields.get("kpp")) or ""
    value["ogrn"] = v.ogrn("ogrn", fields.get("ogrn")) or ""
    value["phone"] = v.phone("phone", fields.get("phone")) or ""
    value["email"] = v.email("email", fields.get("email")) or ""
    value["bic"] = v.bic("bic", fields.get("bic")) or ""
    value["settlement_account"] = v.account("settlement_account", fields.get("settlement_account")) or ""
    value["correspondent_account"] = v.account("correspondent_account", fields.get("correspondent_account")) or ""
    v.bank_accounts(value)
    if value["inn"] and len(value["inn"]) == 10 and value["ogrn"] and len(value["ogrn"]) != 13:
        v.fail("ogrn", "A company with a 10-digit INN has a 13-digit OGRN.")
    if value["inn"] and len(value["inn"]) == 12 and value["ogrn"] and len(value["ogrn"]) != 15:
        v.fail("ogrn", "An entrepreneur with a 12-digit INN has a 15-digit OGRNIP.")
    value["vat_rate"] = v.choice("vat_rate", fields.get("vat_rate", CompanyDetails.vat_rate), VAT_RATES,
                                 required=True)
    value["proposal_validity_days"] = v.integer("proposal_validity_days", fields.get(
        "proposal_validity_days", CompanyDetails.proposal_validity_days), minimum=1, maximum=365, required=True)
    v.raise_if_any()
    return CompanyDetails(**value)


@business_action
def save_company_details(session: Session, viewer: Viewer, *, expected_updated_at: dt.datetime | None,
                         **fields) -> CompanyDetails:
    """All the details at once (the form sends them all); an empty field is stored empty."""
    require(viewer, Can.CONFIGURE)
    details = checked_details(**fields)
    _save(session, viewer, COMPANY_KEY, asdict(details), expected_updated_at)
    return details


@business_action
def save_company_logo(session: Session, viewer: Viewer, *, expected_updated_at: dt.datetime | None,
                      data: bytes | None) -> None:
    """A PNG or JPEG image, at most MAX_LOGO_BYTES and MAX_LOGO_SIDE pixels a side; None removes the logo.
    The file's own bytes are kept (no re-encoding)."""
    require(viewer, Can.CONFIGURE)
    v = Checks()
    value: dict = {"mime": "", "width": 0, "height": 0, "bytes": 0, "sha256": "", "data": ""}  # removed
    if data is not None:
        if len(data) > MAX_LOGO_BYTES:
            v.fail("logo", "The logo is too large: at most {max} KB (this one is {size} KB).",
                   max=MAX_LOGO_BYTES // 1024, size=-(-len(data) // 1024))
            v.raise_if_any()
        try:
            with Image.open(io.BytesIO(data)) as image:
                kind, (width, height) = image.format, image.size
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            kind, width, height = None, 0, 0
        if kind not in LOGO_TYPES:
            v.fail("logo", "The logo must be a PNG or JPEG image.")
        elif max(width, height) > MAX_LOGO_SIDE or min(width, height) < 16:
            v.fail("logo", "The logo must be between 16 and {max} pixels a side (this one is {width} × {height}).",
                   max=MAX_LOGO_SIDE, width=width, height=height)
        v.raise_if_any()
        assert kind is not None
        value = {"mime": LOGO_TYPES[kind], "width": width, "height": height, "bytes": len(data),
                 "sha256": hashlib.sha256(data).hexdigest(), "data": base64.b64encode(data).decode("ascii")}
    # The audit row names the type, size and checksum of the old and new image, not its bytes.
    _save(session, viewer, LOGO_KEY, value, expected_updated_at, hide=("data",))
