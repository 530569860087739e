"""Issue 20: the demo's bank requisites pass the checks a person's input must pass, and the supplier's
details are complete, so an invoice can be issued from a fresh demo (db/demo/requisites.py)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.actions.company_settings import checked_details
from db.company import company_details
from db.models import Client
from db.rules import requisites as r
from db.rules.validate import Checks

from tests.test_demo import _all, demo  # noqa: F401 - the module's demo database


def test_the_demo_clients_requisites_pass_the_checks(demo):  # noqa: F811
    engine, _ = demo
    rows = _all(engine, select(Client.id, Client.inn, Client.kpp, Client.ogrn, Client.bank_name, Client.bic,
                               Client.settlement_account, Client.correspondent_account, Client.status))
    active = [row for row in rows if row.status == "active"]
    banked = [row for row in rows if row.bic]
    assert 0.75 * len(active) <= len(banked) < len(active)  # most, not all
    assert all(row.status == "active" for row in banked)
    for row in banked:
        v = Checks()
        assert v.ogrn("ogrn", row.ogrn) == row.ogrn and (len(row.ogrn) == 15) == (len(row.inn) == 12)
        assert row.kpp is None or v.kpp("kpp", row.kpp) == row.kpp
        assert r.bank_account_problems(row.bic, row.settlement_account, row.correspondent_account) == {}
        assert row.settlement_account.startswith("40802" if len(row.inn) == 12 else "40702")
        assert row.bank_name
    assert len({row.bic for row in banked}) >= 4


def test_the_demo_company_is_complete_and_valid(demo):  # noqa: F811
    engine, _ = demo
    with Session(engine) as session:
        details = company_details(session)
    assert details.missing_for_invoice == [] and details.legal_name == "ООО «СтройОптТорг»"
    assert checked_details(**vars(details)) == details  # the admin's page would save it as it is
