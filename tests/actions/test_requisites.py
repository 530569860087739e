"""Issue 20: the client's bank requisites and their check digits (db/rules/requisites.py).

Real banks' BICs and correspondent accounts (published by the Bank of Russia) must pass; the
settlement accounts are hand-made, their control key worked out with the Central Bank's rule
(weights 7, 1, 3 over the BIC's last three digits and the 20 digits). Hypothesis: a generated valid
account passes and any single-digit change of it (or of the BIC) fails."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.actions.clients import create_client, update_client
from db.errors import ValidationError
from db.models import Client
from db.rules import requisites as r
from db.rules.validate import Checks
from queries.exports import export_frame

from tests.actions.test_import_rows import english
from tests.actions.test_import_trust import run

# Real: Sberbank (Moscow), Alfa-Bank, VTB, T-Bank, Sberbank's North-West bank (St Petersburg).
BANKS = [("044525225", "30101810400000000225"), ("044525593", "30101810200000000593"),
         ("044525187", "30101810700000000187"), ("044525974", "30101810145250000974"),
         ("044030653", "30101810500000000653")]
# Hand-made: 40702 810 <key> 38000060473 at Sberbank: the sum of the products' last digits with 0 for the
# key is 58, 8 × 3 = 24: the key is 4.
SBER_ACCOUNT = "40702810438000060473"
ALFA_ACCOUNT = "40702810801300012345"  # key 8 over "593": the sum with 0 there is 86, 6 × 3 = 18


def test_real_correspondent_accounts_and_hand_made_settlement_accounts_pass():
    for bic, corr in BANKS:
        assert r.bic_is_valid(bic) and r.correspondent_account_matches(corr, bic), bic
    assert r.control_key("225", SBER_ACCOUNT) == 4 and r.settlement_account_matches(SBER_ACCOUNT, "044525225")
    assert r.control_key("593", ALFA_ACCOUNT) == 8 and r.settlement_account_matches(ALFA_ACCOUNT, "044525593")
    # The same account in another bank: its key does not agree.
    assert not r.settlement_account_matches(SBER_ACCOUNT, "044525593")
    # Sberbank's correspondent account given as Alfa's: it ends with 225, not 593.
    assert not r.correspondent_account_matches("30101810400000000225", "044525593")
    # A settlement account is not a correspondent account (30101…), even with a right key.
    assert not r.correspondent_account_matches(SBER_ACCOUNT, "044525225")


def test_kpp_ogrn_bic_by_hand():
    assert r.kpp_is_valid("770701001") and r.kpp_is_valid("7707AB001") and r.kpp_is_valid("773601001")
    for bad in ("77070100", "7707010011", "7707ab001", "77А701001", "A70701001", "７７０７01001", "7707 1001"):
        assert not r.kpp_is_valid(bad), bad
    # Sberbank's OGRN 1027700132195: 102770013219 mod 11 = 5 → 5. An OGRNIP: 30450011600015 mod 13 = 7 → 7.
    assert r.ogrn_is_valid("1027700132195") and r.ogrn_is_valid("1027739609391")
    assert r.ogrn_is_valid("304500116000157")
    for bad in ("1027700132194", "304500116000158", "102770013219", "10277001321950", "１027700132195"):
        assert not r.ogrn_is_valid(bad), bad
    # Where (first 12 mod 11) is 10 the check digit is 0: 100000000000 = 10 mod 11.
    assert int("100000000000") % 11 == 10 and r.ogrn_is_valid("1000000000000")
    assert not r.ogrn_is_valid("1000000000001")
    assert r.bic_is_valid("044525225")
    for bad in ("044525", "0445252250", "144525225", "03452522x", "０44525225"):
        assert not r.bic_is_valid(bad), bad


def test_bank_account_problems_name_each_field():
    assert r.bank_account_problems("044525225", SBER_ACCOUNT, "30101810400000000225") == {}
    assert r.bank_account_problems(None, None, None) == {}
    assert r.bank_account_problems(None, SBER_ACCOUNT, None) == {"settlement_account": r.NEED_BIC}
    assert r.bank_account_problems("044525225", "4070281043800006047", "301018104000000002251") == {
        "settlement_account": r.BAD_ACCOUNT, "correspondent_account": r.BAD_ACCOUNT}
    assert r.bank_account_problems("044525593", SBER_ACCOUNT, "30101810400000000225") == {
        "settlement_account": r.SETTLEMENT_MISMATCH, "correspondent_account": r.CORRESPONDENT_MISMATCH}
    assert r.bank_account_problems("14452522", SBER_ACCOUNT, None) == {"bic": r.BAD_BIC}


bics = st.from_regex(r"04[0-9]{7}", fullmatch=True)
account_bodies = st.from_regex(r"[0-9]{20}", fullmatch=True)


def _with_key(prefix: str, body: str) -> str:
    return body[:r.KEY_POSITION] + str(r.control_key(prefix, body)) + body[r.KEY_POSITION + 1:]


def _changed(value: str, position: int, shift: int) -> str:
    return value[:position] + str((int(value[position]) + shift) % 10) + value[position + 1:]


@settings(max_examples=300, deadline=None)
@given(bic=bics, body=account_bodies, position=st.integers(0, 19), shift=st.integers(1, 9))
def test_a_generated_settlement_account_passes_and_any_single_digit_change_fails(bic, body, position, shift):
    account = _with_key(r.settlement_prefix(bic), body)
    assert r.settlement_account_matches(account, bic)
    assert not r.settlement_account_matches(_changed(account, position, shift), bic)


@settings(max_examples=300, deadline=None)
@given(bic=bics, body=account_bodies, position=st.integers(6, 8), shift=st.integers(1, 9))
def test_a_changed_bic_digit_breaks_the_settlement_account(bic, body, position, shift):
    account = _with_key(r.settlement_prefix(bic), body)
    assert not r.settlement_account_matches(account, _changed(bic, position, shift))


@settings(max_examples=300, deadline=None)
@given(bic=bics, middle=st.from_regex(r"[0-9]{12}", fullmatch=True), position=st.integers(0, 19),
       shift=st.integers(1, 9))
def test_a_generated_correspondent_account_passes_and_any_single_digit_change_fails(bic, middle, position, shift):
    account = _with_key(r.correspondent_prefix(bic), "30101" + middle + bic[-3:])
    assert r.correspondent_account_matches(account, bic)
    assert not r.correspondent_account_matches(_changed(account, position, shift), bic)


@settings(max_examples=200, deadline=None)
@given(first=st.from_regex(r"[1-9][0-9]{11}", fullmatch=True), ip=st.from_regex(r"3[0-9]{13}", fullmatch=True),
       position=st.integers(0, 12), shift=st.integers(1, 9))
def test_a_generated_ogrn_passes_and_a_changed_check_digit_fails(first, ip, position, shift):
    ogrn = first + str(int(first) % 11 % 10)
    ogrnip = ip + str(int(ip) % 13 % 10)
    assert r.ogrn_is_valid(ogrn) and r.ogrn_is_valid(ogrnip)
    assert not r.ogrn_is_valid(_changed(ogrn, 12, shift))
    assert not r.ogrn_is_valid(_changed(ogrnip, 14, shift))


def test_checks_take_spaces_and_lower_case_and_name_the_field():
    v = Checks()
    assert v.kpp("kpp", " 7707 ab 001 ") == "7707AB001"
    assert v.account("settlement_account", "40702 810 4 3800 0060473") == SBER_ACCOUNT
    assert v.ogrn("ogrn", "") is None and not v.errors
    v.kpp("kpp", "77070100")
    v.ogrn("ogrn", "1027700132194")
    v.bic("bic", "14452522")
    v.account("correspondent_account", "30101-810")
    assert {f: m for f, (m, _p) in v.errors.items()} == {
        "kpp": r.KPP_LENGTH, "ogrn": r.BAD_OGRN, "bic": r.BAD_BIC, "correspondent_account": r.BAD_ACCOUNT}


REQUISITES = {"ogrn": "1027700132195", "bank_name": "ПАО Сбербанк", "bic": "044525225",
              "settlement_account": SBER_ACCOUNT, "correspondent_account": "30101810400000000225"}


def test_the_card_keeps_valid_requisites_and_refuses_each_bad_one_saving_nothing(world, db):
    viewer, cid = world.viewer("mgr_a"), world.clients["a1"]
    update_client(db, viewer, client_id=cid, expected_version=1, kpp="770701001", **REQUISITES)
    client = db.get(Client, cid)
    assert (client.ogrn, client.bic, client.settlement_account, client.kpp) == (
        "1027700132195", "044525225", SBER_ACCOUNT, "770701001")
    version = client.version
    with pytest.raises(ValidationError) as info:
        update_client(db, viewer, client_id=cid, expected_version=version, kpp="77070100X", ogrn="1027700132194",
                      bic="044525593", notes="не сохранится")
    assert {f: m for f, (m, _p) in info.value.errors.items()} == {
        "kpp": r.BAD_KPP, "ogrn": r.BAD_OGRN,
        # The BIC alone changed: the accounts, kept, no longer agree with it.
        "settlement_account": r.SETTLEMENT_MISMATCH, "correspondent_account": r.CORRESPONDENT_MISMATCH}
    db.refresh(client)
    assert (client.version, client.bic, client.notes) == (version, "044525225", None)
    # The bank changed as a whole: accepted.
    update_client(db, viewer, client_id=cid, expected_version=version, bic="044525593",
                  settlement_account=ALFA_ACCOUNT, correspondent_account="30101810200000000593")
    assert db.get(Client, cid).settlement_account == ALFA_ACCOUNT


def test_a_new_client_with_an_account_but_no_bic_is_refused(world, db):
    with pytest.raises(ValidationError) as info:
        create_client(db, world.viewer("mgr_a"), name="Сигма Трейд", settlement_account=SBER_ACCOUNT)
    assert info.value.errors == {"settlement_account": (r.NEED_BIC, {})}


def test_the_import_checks_the_requisites_and_the_export_writes_them(world, db):
    admin = world.viewer("admin")
    text = ("name;КПП;ОГРН;Банк;БИК;Расчётный счёт;Корреспондентский счёт\n"
            f"Реквизиты Один;770701001;1027700132195;ПАО Сбербанк;044525225;{SBER_ACCOUNT};30101810400000000225\n"
            f"Реквизиты Два;7707010;1027700132194;ПАО Сбербанк;044525225;40702810538000060473;\n"
            f"Реквизиты Три;;;АО Альфа-Банк;044525593;{SBER_ACCOUNT};30101810200000000593\n")
    summary = run(db, admin, text, "clients")
    assert summary.created == 1
    reasons = [english(summary, rejected) for rejected in summary.rejected]
    # Each problem named by the field and the file's own column.
    assert reasons[0].split("; ")[:2] == ["KPP (КПП): A KPP is 9 digits.", "OGRN (ОГРН): " + r.BAD_OGRN]
    assert "Settlement account (Расчётный счёт): The settlement account does not match the BIC" in reasons[0]
    assert reasons[1] == "Settlement account (Расчётный счёт): " + r.SETTLEMENT_MISMATCH
    frame = export_frame(db, admin, kind="clients")
    row = frame[frame["name"] == "Реквизиты Один"].iloc[0]
    assert {k: row[k] for k in REQUISITES} == REQUISITES and row["kpp"] == "770701001"


def test_an_import_of_some_bank_fields_is_checked_with_the_stored_ones(world, db):
    admin, cid = world.viewer("admin"), world.clients["a1"]
    update_client(db, admin, client_id=cid, expected_version=1, **REQUISITES)
    name, inn = db.get(Client, cid).name, db.get(Client, cid).inn
    # A new account at the same bank, without the BIC column: checked against the stored BIC, accepted.
    other = "40702810" + str(r.control_key("225", "40702810038000099999")) + "38000099999"
    summary = run(db, admin, f"name;inn;Расчётный счёт\n{name};{inn};{other}\n", "clients")
    assert (summary.updated, summary.rejected) == (1, [])
    assert db.get(Client, cid).settlement_account == other
    # Another bank's BIC alone: the stored accounts no longer agree with it — refused, nothing changed.
    summary = run(db, admin, f"name;inn;БИК\n{name};{inn};044525593\n", "clients")
    assert summary.updated == 0
    assert english(summary, summary.rejected[0]).startswith(
        "Settlement account: " + r.SETTLEMENT_MISMATCH)
    db.expire_all()
    assert db.get(Client, cid).bic == "044525225"
    # A wrong account without the BIC column is refused as wrong, not as "give the BIC too".
    summary = run(db, admin, f"name;inn;Расчётный счёт\n{name};{inn};{other[:-1]}0\n", "clients")
    assert [english(summary, x) for x in summary.rejected] == [
        "Settlement account (Расчётный счёт): " + r.SETTLEMENT_MISMATCH]


ALFA = {"bank_name": "АО «Альфа-Банк»", "bic": "044525593", "settlement_account": ALFA_ACCOUNT,
        "correspondent_account": "30101810200000000593"}


def _twin(world, db, **bank) -> int:
    from db.search import client_search_text

    twin = Client(name="Альфа Строй (двойник)", owner_id=world.users["mgr_a"],
                  search_text=client_search_text("Альфа Строй (двойник)", None, None), **bank)
    db.add(twin)
    db.commit()
    return twin.id


def test_a_merge_takes_the_bank_requisites_together_not_field_by_field(world, db):
    from db.actions.duplicates import merge_clients

    a1 = world.clients["a1"]
    head = world.viewer("head_n")
    # The survivor knows its bank but not the accounts; the twin banks elsewhere: nothing of the twin's
    # bank is mixed in (its account would not agree with the survivor's BIC).
    update_client(db, head, client_id=a1, expected_version=1, bank_name="ПАО Сбербанк", bic="044525225")
    keep = merge_clients(db, head, keep_id=a1, merge_ids=[_twin(world, db, **ALFA)])
    assert (keep.bic, keep.settlement_account, keep.correspondent_account) == ("044525225", None, None)
    # A survivor without any: all of them come from the twin.
    a2 = world.clients["a2"]
    keep = merge_clients(db, head, keep_id=a2, merge_ids=[_twin(world, db, **ALFA)])
    assert {f: getattr(keep, f) for f in ALFA} == ALFA


def test_a_merge_picking_an_account_of_another_bank_is_refused(world, db):
    from db.actions.duplicates import merge_clients

    a1, head = world.clients["a1"], world.viewer("head_n")
    update_client(db, head, client_id=a1, expected_version=1, **REQUISITES)
    twin = _twin(world, db, **ALFA)
    with pytest.raises(ValidationError) as info:
        merge_clients(db, head, keep_id=a1, merge_ids=[twin], take={"settlement_account": twin})
    assert info.value.errors == {"settlement_account": (r.SETTLEMENT_MISMATCH, {})}
    db.rollback()
    assert db.get(Client, twin).merged_into_id is None
