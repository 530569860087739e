"""Exports hold the viewer's records only — by role, for every kind — and the wizard's lists
name nobody the viewer does not already see."""
from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from db.errors import AccessDenied
from db.io.__main__ import main as cli
from db.io.export import csv_bytes, xlsx_bytes
from db.models import Client, Contact, Deal, Shipment
from queries.exports import export_frame
from queries.imports import list_import_mappings, reference_values

ROLES = ["mgr_a", "mgr_b", "mgr_c", "head_n", "head_s", "director", "admin"]
SEES = {"mgr_a": ("mgr_a",), "mgr_b": ("mgr_b",), "mgr_c": ("mgr_c",), "head_n": ("mgr_a", "mgr_b", None),
        "head_s": ("mgr_c", None), "director": ("mgr_a", "mgr_b", "mgr_c", None),
        "admin": ("mgr_a", "mgr_b", "mgr_c", None)}


@pytest.mark.parametrize("login", ROLES)
def test_each_export_holds_only_the_viewers_clients(world, db, login):
    viewer = world.viewer(login)
    mine = world.names_owned_by(*SEES[login])
    foreign = set(world.client_names.values()) - mine
    clients = export_frame(db, viewer, kind="clients")
    assert set(clients["name"]) == mine
    for kind in ("contacts", "deals", "shipments"):
        frame = export_frame(db, viewer, kind=kind)
        assert set(frame["client"]) <= mine, kind
        assert not foreign & set(frame.to_string().split()), kind
    # Every contact, deal and shipment of a visible client is there (nothing lost either).
    visible_ids = [world.clients[k] for k, n in world.client_names.items() if n in mine]
    for kind, model in (("contacts", Contact), ("deals", Deal), ("shipments", Shipment)):
        expected = db.scalar(select(func.count(model.id)).where(model.client_id.in_(visible_ids)))
        assert len(export_frame(db, viewer, kind=kind)) == expected, kind


def test_a_parent_company_outside_the_viewers_access_is_not_named(world, db):
    a1 = db.get(Client, world.clients["a1"])
    a1.parent_id = world.clients["c1"]
    db.commit()
    mine = export_frame(db, world.viewer("mgr_a"), kind="clients").set_index("name")
    assert mine.loc[world.client_names["a1"], "parent"] is None
    everything = export_frame(db, world.viewer("director"), kind="clients").set_index("name")
    assert everything.loc[world.client_names["a1"], "parent"] == db.get(Client, world.clients["c1"]).inn


@pytest.mark.parametrize(("login", "people"), [("head_n", {"head_n", "mgr_a", "mgr_b", "gleb"}),
                                               ("head_s", {"head_s", "mgr_c"}),
                                               ("admin", {"head_n", "head_s", "mgr_a", "mgr_b", "mgr_c",
                                                          "director", "admin", "gleb"})])
def test_people_exports_by_role(world, db, login, people):
    assert set(export_frame(db, world.viewer(login), kind="users")["login"]) == people
    with pytest.raises(AccessDenied):
        export_frame(db, world.viewer("mgr_a"), kind="users")
    with pytest.raises(AccessDenied):
        export_frame(db, world.viewer("mgr_a"), kind="departments")


def test_product_costs_are_not_on_a_managers_export(world, db):
    assert export_frame(db, world.viewer("mgr_a"), kind="products")["cost"].isna().all()
    assert "KR-001" in set(export_frame(db, world.viewer("mgr_a"), kind="products")["sku"])


def test_files_written_from_a_managers_frame_hold_nothing_foreign(world, db):
    frame = export_frame(db, world.viewer("mgr_a"), kind="clients")
    text = csv_bytes(frame, {"name": "Клиент", "credit_limit": "Лимит"}, separator=";", decimal=",")
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Клиент", "Лимит"] and {r[0] for r in rows[1:]} == world.names_owned_by("mgr_a")
    assert {r[1] for r in rows[1:]} == {"500000,00"}  # money with its cents: the decimal mark unambiguous
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx_bytes(frame, {"name": "Клиент"})))
    assert {c.value for c in book.active["A"][1:]} == world.names_owned_by("mgr_a")


def test_the_command_line_exports_with_the_access_of_as(seeded, tmp_path, capsys):
    target = tmp_path / "mine.csv"
    assert cli(["--lang", "en", "export", "--kind", "clients", "--file", str(target), "--as", "mgr_a"]) == 0
    names = {r["name"] for r in csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig")))}
    assert names == seeded.names_owned_by("mgr_a")
    assert cli(["--lang", "en", "export", "--kind", "users", "--file", str(target), "--as", "mgr_a"]) == 1
    assert "You do not have access" in capsys.readouterr().err
    everything = tmp_path / "all.xlsx"
    assert cli(["export", "--kind", "deals", "--file", str(everything)]) == 0  # a script: everything


def test_the_wizards_lists(world, db):
    with pytest.raises(AccessDenied):
        list_import_mappings(db, world.viewer("mgr_a"), kind="clients")
    with pytest.raises(AccessDenied):
        reference_values(db, world.viewer("director"), kind="deals")
    people = reference_values(db, world.viewer("head_s"), kind="clients")["owner"]
    assert set(people) == {"Semyon Head", "Vera Manager"}
    assert "Lead" in reference_values(db, world.viewer("head_n"), kind="deals")["stage"]


def test_a_list_page_export_runs_the_pages_query_as_the_viewer(seeded):
    """The clients page's buttons: the whole filtered list (not one page), made on click, as the viewer."""
    from queries.clients import list_clients
    from ui.export import _frame_maker

    for login in ("mgr_a", "head_s"):
        make = _frame_maker(None, list_clients, {"search": "", "limit": 100_000}, seeded.viewer(login))
        assert set(make()["name"]) == seeded.names_owned_by(*SEES[login])


def test_money_keeps_its_cents_so_our_own_file_says_its_decimal_mark():
    """Found by the import round-trip properties: a shipment of 69.893 units for 0.00 was written
    "69.893" and "0" in a ';' file; read back with the mark detected, 69.893 (a valid "thousands"
    group) became 69 893. Money keeps its scale, so "0.00" tells the mark."""
    from decimal import Decimal

    import pandas as pd

    from db.io.values import guess_decimal

    frame = pd.DataFrame({"quantity": [Decimal("69.893")], "amount": [Decimal("0.00")]})
    text = csv_bytes(frame, separator=";", decimal=".").decode("utf-8-sig")
    cells = [c for line in text.splitlines()[1:] for c in line.split(";")]
    assert cells == ["69.893", "0.00"]
    assert guess_decimal(cells) == "."
    comma = csv_bytes(frame, separator=";", decimal=",").decode("utf-8-sig").splitlines()[1].split(";")
    assert comma == ["69,893", "0,00"] and guess_decimal(comma) == ","
