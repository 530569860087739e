"""Issue 20: the client's bank requisites on the card — a wrong one is named under its field, nothing is
saved and the typing stays; right ones are saved and shown on the card."""
from __future__ import annotations

from sqlalchemy.orm import Session

from db.models import Client
from tests.actions.test_requisites import SBER_ACCOUNT

from .conftest import signed_in, texts
from .test_stale_edit import _box, _save


def test_a_manager_types_the_bank_requisites_on_the_card(seeded, engine):
    client_id = seeded.clients["a1"]
    at = signed_in("mgr_a", "pages/client.py", query_params={"id": client_id})
    assert not at.exception
    typed = {"bank_name": "ПАО Сбербанк", "bic": "044525225", "settlement_account": "4070 2810 4380 0006 0474",
             "correspondent_account": "30101810400000000225", "ogrn": "1027700132194", "kpp": "7707010"}
    for field, value in typed.items():
        _box(at, client_id, field).input(value)
    _save(at, client_id).click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors == [
        "A KPP is 9 digits.",
        "Not a valid OGRN: 13 digits (a company) or 15 (an entrepreneur, OGRNIP) with a correct check digit.",
        "The settlement account does not match the BIC: a digit is wrong in one of them (the account's control "
        "key does not agree)."]
    assert _box(at, client_id, "settlement_account").value == "4070 2810 4380 0006 0474"  # kept as typed
    with Session(engine) as s:
        client = s.get(Client, client_id)
        assert (client.bic, client.ogrn, client.settlement_account) == (None, None, None)
    _box(at, client_id, "settlement_account").input(SBER_ACCOUNT)
    _box(at, client_id, "ogrn").input("1027700132195")
    _box(at, client_id, "kpp").input("770701001")
    _save(at, client_id).click().run()
    assert not at.exception and not at.error
    with Session(engine) as s:
        client = s.get(Client, client_id)
        assert (client.bic, client.ogrn, client.settlement_account, client.kpp) == (
            "044525225", "1027700132195", SBER_ACCOUNT, "770701001")
    assert SBER_ACCOUNT in texts(at) and "ПАО Сбербанк" in texts(at)
