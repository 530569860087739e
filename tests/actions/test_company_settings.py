"""Issue 20: the company's requisites, VAT and logo, set by the admin (db/actions/company_settings.py)."""
from __future__ import annotations

import io
from decimal import Decimal

import pytest
from PIL import Image
from sqlalchemy import select

from db.actions.company_settings import save_company_details, save_company_logo
from db.company import COMPANY_KEY, LOGO_KEY, MAX_LOGO_BYTES, CompanyDetails, company_details, company_logo
from db.errors import AccessDenied, StaleRecord, ValidationError
from db.models import AuditEntry, Setting
from db.rules import requisites as r

GOOD = {
    "name": "Стройснаб", "legal_name": 'ООО "Стройснаб"', "inn": "7707083893", "kpp": "773601001",
    "ogrn": "1027700132195", "address": "117997, г. Москва, ул. Вавилова, д. 19", "phone": "+7 495 500-55-50",
    "email": "sales@stroysnab.example", "website": "stroysnab.example", "bank_name": "ПАО Сбербанк",
    "bic": "044525225", "settlement_account": "40702810438000060473",
    "correspondent_account": "30101810400000000225", "director": "Иванов И. И.",
    "director_title": "Генеральный директор", "chief_accountant": "Петрова А. С.", "vat_rate": "20",
    "proposal_validity_days": 10, "proposal_closing_text": "Доставка по Москве бесплатно.\nЖдём вашего заказа.",
}


def image(kind: str = "PNG", size: tuple[int, int] = (120, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=kind)
    return out.getvalue()


def test_defaults_before_anything_is_set(db):
    details = company_details(db)
    assert details == CompanyDetails() and details.vat_percent == Decimal("22")
    assert "INN" in details.missing_for_invoice and company_logo(db) is None


def test_the_admin_saves_the_details_and_the_audit_names_the_change(world, db):
    save_company_details(db, world.viewer("admin"), expected_updated_at=None, **GOOD)
    details = company_details(db)
    assert details == CompanyDetails(**GOOD)
    assert details.vat_percent == Decimal("20") and details.missing_for_invoice == []
    row = db.scalar(select(AuditEntry).where(AuditEntry.entity_id == COMPANY_KEY))
    assert row.action == "save_setting" and row.changes["inn"] == [None, "7707083893"]
    # "Without VAT"
    saved_at = db.get(Setting, COMPANY_KEY).updated_at
    save_company_details(db, world.viewer("admin"), expected_updated_at=saved_at, **(GOOD | {"vat_rate": "none"}))
    assert company_details(db).vat_percent is None


def test_each_bad_requisite_is_named_and_nothing_is_saved(world, db):
    # The KPP's "О" is Cyrillic (a Latin O there would be a valid reason code).
    bad = GOOD | {"name": " ", "inn": "7707083894", "kpp": "7736О1001", "ogrn": "1027700132194",
                  "bic": "044525593", "vat_rate": "18", "proposal_validity_days": 0, "email": "нет"}
    with pytest.raises(ValidationError) as info:
        save_company_details(db, world.viewer("admin"), expected_updated_at=None, **bad)
    assert {f: m for f, (m, _p) in info.value.errors.items()} == {
        "name": "This field is required.",
        "inn": "Not a valid INN: 10 or 12 digits with a correct check digit.",
        "kpp": r.BAD_KPP, "ogrn": r.BAD_OGRN, "email": "Not an e-mail address.",
        "settlement_account": r.SETTLEMENT_MISMATCH, "correspondent_account": r.CORRESPONDENT_MISMATCH,
        "vat_rate": "Choose one of the offered values.",
        "proposal_validity_days": "Must be between {min} and {max}."}
    assert db.get(Setting, COMPANY_KEY) is None


def test_an_ogrnip_with_a_companys_inn_is_refused(world, db):
    with pytest.raises(ValidationError) as info:
        save_company_details(db, world.viewer("admin"), expected_updated_at=None,
                             **(GOOD | {"ogrn": "304500116000157"}))
    assert list(info.value.errors) == ["ogrn"]


def test_only_the_admin_sets_them_and_a_stale_form_is_refused(world, db):
    for login in ("director", "head_n", "mgr_a"):
        with pytest.raises(AccessDenied):
            save_company_details(db, world.viewer(login), expected_updated_at=None, **GOOD)
    save_company_details(db, world.viewer("admin"), expected_updated_at=None, **GOOD)
    with pytest.raises(StaleRecord):
        save_company_details(db, world.viewer("admin"), expected_updated_at=None, **(GOOD | {"name": "Другое"}))
    assert company_details(db).name == "Стройснаб"


def test_a_malformed_stored_setting_gives_the_defaults_not_an_error(db):
    db.add(Setting(key=COMPANY_KEY, value={"name": 5, "vat_rate": "18", "proposal_validity_days": "x",
                                           "inn": "7707083893"}))
    db.add(Setting(key=LOGO_KEY, value={"data": "не base64", "mime": "image/png"}))
    db.flush()
    details = company_details(db)
    assert (details.name, details.vat_rate, details.proposal_validity_days, details.inn) == (
        "", "22", 14, "7707083893")
    assert company_logo(db) is None


def test_the_logo_png_or_jpeg_within_the_limits(world, db):
    admin = world.viewer("admin")
    png = image()
    save_company_logo(db, admin, expected_updated_at=None, data=png)
    logo = company_logo(db)
    assert (logo.data, logo.mime, logo.width, logo.height) == (png, "image/png", 120, 40)
    entry = db.scalar(select(AuditEntry).where(AuditEntry.entity_id == LOGO_KEY))
    assert entry.changes["data"] == [None, "***"] and entry.changes["bytes"] == [None, len(png)]
    jpeg = image("JPEG")
    save_company_logo(db, admin, expected_updated_at=db.get(Setting, LOGO_KEY).updated_at, data=jpeg)
    assert company_logo(db).mime == "image/jpeg"
    for data, message in ((b"GIF89a" + b"\0" * 100, "The logo must be a PNG or JPEG image."),
                          (image("GIF"), "The logo must be a PNG or JPEG image."),
                          (b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "The logo must be a PNG or JPEG image."),
                          (image(size=(4000, 20)), "The logo must be between 16 and {max} pixels a side "
                                                   "(this one is {width} × {height})."),
                          (b"\0" * (MAX_LOGO_BYTES + 1), "The logo is too large: at most {max} KB "
                                                         "(this one is {size} KB).")):
        with pytest.raises(ValidationError) as info:
            save_company_logo(db, admin, expected_updated_at=db.get(Setting, LOGO_KEY).updated_at, data=data)
        assert info.value.errors["logo"][0] == message
    assert company_logo(db).data == jpeg
    save_company_logo(db, admin, expected_updated_at=db.get(Setting, LOGO_KEY).updated_at, data=None)
    assert company_logo(db) is None
    removal = db.scalars(select(AuditEntry).where(AuditEntry.entity_id == LOGO_KEY)
                         .order_by(AuditEntry.id.desc())).first()
    assert removal.changes["mime"] == ["image/jpeg", ""]
    with pytest.raises(AccessDenied):
        save_company_logo(db, world.viewer("director"), expected_updated_at=None, data=png)


def test_the_history_of_changes_names_every_company_field():
    from ui.audit_text import FIELDS

    assert set(CompanyDetails.__dataclass_fields__) <= set(FIELDS)
