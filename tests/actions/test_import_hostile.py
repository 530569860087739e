"""Hostile files: a tiny .xlsx claiming a million rows by 16,384 columns, a 50 MB cell, too many rows or
columns. Each is read in bounded time and memory, or refused with a clear FileProblem; nothing is written."""
from __future__ import annotations

import io
import time
import zipfile

import pytest
from sqlalchemy import func, select

from db.io import reading
from db.io.importer import import_table
from db.io.mapping import Mapping
from db.io.reading import FileProblem, read_table
from db.models import Client

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
 Target="xl/workbook.xml"/></Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
 Target="worksheets/sheet1.xml"/></Relationships>"""


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def handmade_xlsx(rows_xml: str, dimension: str = "A1:XFD1048576") -> bytes:
    """An .xlsx written by hand (as an attacker would), so the sheet can lie about its size."""
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData></worksheet>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def _nothing_written(db, before: int) -> None:
    assert db.scalar(select(func.count(Client.id))) == before


def test_a_tiny_xlsx_claiming_a_million_rows_by_16384_columns_reads_at_once(world, db):
    rows = (f'<row r="1">{_cell("A1", "name")}{_cell("B1", "inn")}</row>'
            f'<row r="2">{_cell("A2", "Ловушка")}</row>'
            # styled but empty cells at the sheet's far corner, as formatting leftovers are
            '<row r="1048576"><c r="XFD1048576" s="0"/></row>')
    data = handmade_xlsx(rows)
    assert len(data) < 2000  # the 1.6 KB of the report
    started = time.monotonic()
    table = read_table(data, "trap.xlsx")
    assert table.columns == ["name", "inn"] and table.sample(5) == [["Ловушка"]]
    assert table.approx_rows == 1  # the trailing empty rows are not rows
    assert time.monotonic() - started < 30  # it used to take minutes (a generous bound: a loaded machine)
    summary = import_table(db, world.viewer("admin"), table=table, mapping=Mapping(kind="clients"))
    assert (summary.rows, summary.created, summary.blank) == (1, 1, 0)


def test_empty_rows_between_rows_keep_the_row_numbers(world, db):
    rows = (f'<row r="1">{_cell("A1", "name")}</row><row r="2">{_cell("A2", "Первый")}</row>'
            f'<row r="5">{_cell("A5", "")}</row><row r="7">{_cell("A7", "Седьмой")}</row>')
    table = read_table(handmade_xlsx(rows), "gaps.xlsx")
    assert list(table.rows()) == [(2, ["Первый"]), (3, []), (4, []), (5, []), (6, []), (7, ["Седьмой"])]


def test_a_row_with_something_past_200_columns_is_refused(world, db):
    before = db.scalar(select(func.count(Client.id)))
    rows = f'<row r="1">{_cell("A1", "name")}</row><row r="2">{_cell("A2", "x")}{_cell("XFD2", "far away")}</row>'
    with pytest.raises(FileProblem, match="Row 2 has more than 200 columns"):
        table = read_table(handmade_xlsx(rows), "wide.xlsx")
        import_table(db, world.viewer("admin"), table=table, mapping=Mapping(kind="clients"))
    _nothing_written(db, before)
    csv = ("name" + ";x" * 250 + "\n" + "A" + ";1" * 250 + "\n").encode()
    with pytest.raises(FileProblem, match="Row 1 has more than 200 columns"):
        read_table(csv, "wide.csv")


def test_a_50_mb_csv_field_is_refused_with_its_row(world, db):
    before = db.scalar(select(func.count(Client.id)))
    data = b'name;notes\r\n"Alpha";"short"\r\n"Beta";"' + b"x" * 50_000_000 + b'"\r\n'
    with pytest.raises(FileProblem, match="A cell in row 3 holds more than 32,767 characters"):
        table = read_table(data, "big.csv")
        import_table(db, world.viewer("admin"), table=table, mapping=Mapping(kind="clients"))
    _nothing_written(db, before)


def test_a_long_csv_field_in_the_first_line_is_refused_not_a_traceback():
    with pytest.raises(FileProblem, match="row 1 holds more than"):
        read_table(b"x" * 200_000 + b"\r\n", "one-line.csv")


def test_a_cell_of_excels_own_limit_is_read_and_one_more_is_refused(world, db):
    fits = "y" * reading.MAX_CELL_CHARS
    table = read_table(f"name;notes\r\nA;{fits}\r\n".encode(), "fits.csv")
    assert table.sample(1)[0][1] == fits
    rows = f'<row r="1">{_cell("A1", "name")}</row><row r="2">{_cell("A2", fits + "y")}</row>'
    with pytest.raises(FileProblem, match="row 2 holds more than 32,767 characters"):
        read_table(handmade_xlsx(rows), "long.xlsx")


def test_too_many_rows_are_refused(world, db, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    before = db.scalar(select(func.count(Client.id)))
    with pytest.raises(FileProblem, match="more than 3 rows"):
        table = read_table(b"name\r\nA\r\nB\r\nC\r\nD\r\n", "long.csv")
        import_table(db, world.viewer("admin"), table=table, mapping=Mapping(kind="clients", mode="all_or_nothing"))
    _nothing_written(db, before)
    rows = "".join(f'<row r="{i}">{_cell(f"A{i}", f"n{i}")}</row>' for i in range(1, 6))
    with pytest.raises(FileProblem, match="more than 3 rows"):
        read_table(handmade_xlsx(rows), "long.xlsx")


def test_a_file_that_takes_too_long_to_read_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "READ_SECONDS", -1.0)
    with pytest.raises(FileProblem, match="takes too long to read"):
        read_table(b"name\r\nA\r\n", "slow.csv")
    rows = f'<row r="1">{_cell("A1", "name")}</row><row r="2">{_cell("A2", "x")}</row>'
    with pytest.raises(FileProblem, match="takes too long to read"):
        read_table(handmade_xlsx(rows), "slow.xlsx")


def test_a_damaged_sheet_is_a_file_problem():
    data = handmade_xlsx('<row r="1"><c r="A1" t="s"><v>99</v></c></row>')  # a shared string that is not there
    with pytest.raises(FileProblem, match="cannot be"):
        read_table(data, "damaged.xlsx")
