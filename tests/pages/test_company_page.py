"""Issue 20: the "Company details" page — the admin sets the requisites, a bad one is named on screen and
nothing is saved, what was typed stays; the director reads them; nobody else has the page."""
from __future__ import annotations

from sqlalchemy.orm import Session

from db.actions.company_settings import save_company_details
from db.company import COMPANY_KEY, company_details
from db.models import Setting
from tests.actions.test_company_settings import GOOD
from ui.navigation import PAGES

from .conftest import signed_in, texts


def field(at, name: str, kind: str = "text_input"):
    return next(w for w in getattr(at, kind) if w.key and w.key.endswith(f".{name}"))


def fill(at, values: dict) -> None:
    for name, value in values.items():
        if name == "proposal_validity_days":
            field(at, name, "number_input").set_value(value)
        elif name == "vat_rate":
            field(at, name, "selectbox").set_value(value)
        elif name in ("address", "proposal_closing_text"):
            field(at, name, "text_area").input(value)
        else:
            field(at, name).input(value)


def save(at):
    next(b for b in at.button if b.label == "Save").click().run()


def test_the_admin_fills_in_the_details(seeded, engine):
    at = signed_in("admin", "pages/company.py")
    assert not at.exception
    assert "An invoice needs: Legal name, INN" in texts(at)
    fill(at, GOOD)
    save(at)
    assert not at.exception and "Saved." in [s.value for s in at.success]
    with Session(engine) as s:
        assert company_details(s).settlement_account == GOOD["settlement_account"]
        assert s.get(Setting, COMPANY_KEY).value["vat_rate"] == "20"
    assert "An invoice needs" not in texts(at)
    assert field(at, "bic").value == "044525225"  # the form shows what is stored


def test_a_wrong_account_is_named_under_its_field_and_nothing_is_saved(seeded, engine):
    at = signed_in("admin", "pages/company.py")
    fill(at, GOOD | {"settlement_account": "40702810438000060474", "ogrn": "1027700132194"})
    save(at)
    errors = [e.value for e in at.error]
    assert "The settlement account does not match the BIC: a digit is wrong in one of them (the account's " \
           "control key does not agree)." in errors
    assert any(e.startswith("Not a valid OGRN") for e in errors)
    assert field(at, "settlement_account").value == "40702810438000060474"  # the typing is kept
    with Session(engine) as s:
        assert s.get(Setting, COMPANY_KEY) is None


def test_the_director_reads_them_and_others_do_not_have_the_page(seeded, engine):
    with Session(engine) as s:
        save_company_details(s, seeded.viewer("admin"), expected_updated_at=None, **GOOD)
        s.commit()
    at = signed_in("director", "pages/company.py")
    assert not at.exception
    blob = texts(at)
    assert "30101810400000000225" in blob and "Иванов И" in blob and "20 %" in blob
    assert not at.text_input and not [b for b in at.button if b.label == "Save"]  # read only
    spec = next(p for p in PAGES if p.path == "pages/company.py")
    assert {r.value for r in spec.roles} == {"admin", "director"}
