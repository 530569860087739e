"""Reading files: encodings, separators, decimal marks and date orders detected; whole-file problems
stop before anything is written, with what to fix."""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select, text

from db.io.importer import import_table
from db.io.mapping import Mapping
from db.io.reading import FileProblem, ReadOptions, read_table
from db.io.values import guess_date_order, guess_decimal, parse_date, parse_decimal
from db.models import Client, Industry
from tests.world import make_inn

INN_1, INN_2 = make_inn("770200001"), make_inn("770200002")
ACCOUNTING = ("Наименование;ИНН;Отрасль;Кредитный лимит;Отсрочка\r\n"
              f"ООО «Ёлка-Трейд»;{INN_1};Розница;1 234 567,89;30\r\n"
              f"Пётр и партнёры;{INN_2};Розница;0,5;\r\n")


def clients_in(db) -> dict[str, Client]:
    return {c.name: c for c in db.scalars(select(Client))}


def test_a_windows_1251_semicolon_file_with_decimal_commas(world, db):
    data = ACCOUNTING.encode("cp1251")
    table = read_table(data, "1c.csv")
    assert (table.encoding, table.separator, table.decimal) == ("cp1251", ";", ",")
    assert table.detected == {"encoding": True, "separator": True, "decimal": True, "dates": True}
    mapping = Mapping(kind="clients", columns={"credit_limit": "Кредитный лимит"})  # the rest by header
    summary = import_table(db, world.viewer("admin"), table=table, mapping=mapping)
    assert (summary.created, len(summary.rejected)) == (2, 0)
    got = clients_in(db)
    assert got["ООО «Ёлка-Трейд»"].credit_limit == Decimal("1234567.89")
    assert got["ООО «Ёлка-Трейд»"].payment_deferral_days == 30 and got["ООО «Ёлка-Трейд»"].inn == INN_1
    assert got["Пётр и партнёры"].credit_limit == Decimal("0.50")
    assert got["Пётр и партнёры"].search_text == "петр и партнеры " + INN_2  # the same folding as the forms
    assert db.scalar(select(Industry.name).where(Industry.id == got["Пётр и партнёры"].industry_id)) == "Розница"


@pytest.mark.parametrize(("encoding", "expected"), [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
                                                    ("cp1251", "cp1251"), ("utf-16", "utf-16")])
def test_encodings_are_detected(encoding, expected):
    table = read_table(ACCOUNTING.encode(encoding), "f.csv")
    assert table.encoding == expected and table.columns[0] == "Наименование"
    assert table.sample(1)[0][0] == "ООО «Ёлка-Трейд»"


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_separators_are_detected(separator):
    text = separator.join(["name", "inn", "notes"]) + "\n" + separator.join(["A", INN_1, '"x, y; z"']) + "\n"
    table = read_table(text.encode(), "f.csv")
    assert table.separator == separator and table.columns == ["name", "inn", "notes"]


def test_dates_and_decimal_marks():
    assert guess_date_order(["2017-03-01", "01.03.2017"]) == "dmy"
    assert guess_date_order(["3/14/2017", "1/2/2017"]) == "mdy"
    assert guess_date_order(["14/3/2017", "1/2/2017"]) == "dmy_slash"
    assert guess_date_order(["2017-03-01"]) == "iso" and guess_date_order(["abc"]) is None
    assert parse_date("01.03.2017", "dmy") == parse_date("3/1/2017", "mdy") == parse_date("1/3/2017", "dmy_slash") \
        == parse_date("2017-03-01", "dmy") == dt.date(2017, 3, 1)
    assert guess_decimal(["1 234,56", "7"]) == "," and guess_decimal(["1,234.56"]) == "."
    assert guess_decimal(["1,234"]) is None  # either mark: no vote
    assert parse_decimal("1.234,5", ",") == Decimal("1234.5") == parse_decimal("1,234.5", ".")
    assert parse_decimal("\u00a01 000", ".") == Decimal("1000")


def test_an_excel_workbook_with_typed_cells(world, db):
    book = Workbook()
    sheet = book.active
    sheet.append(["Line id", "Client", "Product", "Shipped on", "Quantity", "Amount"])
    sheet.append(["X-1", world.client_names["a1"], "KR-001", dt.datetime(2026, 2, 3), 4000, 10000.5])
    out = io.BytesIO()
    book.save(out)
    table = read_table(out.getvalue(), "1c.xlsx")
    assert table.format == "xlsx" and table.sample(1)[0][3] == dt.date(2026, 2, 3)
    summary = import_table(db, world.viewer("admin"), table=table, mapping=Mapping(kind="shipments"))
    assert (summary.created, len(summary.rejected)) == (1, 0), summary.rejected


def _nothing_written(db, before: int) -> None:
    assert db.scalar(select(func.count(Client.id))) == before


@pytest.mark.parametrize(("data", "options", "mapping", "says"), [
    (ACCOUNTING.encode("cp1251"), ReadOptions(encoding="utf-8"), {}, "cannot be read as UTF-8"),
    (b"name;inn\r\n", ReadOptions(), {}, None),  # a header only: fine, no rows
    (b"", ReadOptions(), {}, "The file is empty"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ReadOptions(), {}, "old Excel file"),
    (b"PK\x03\x04garbage", ReadOptions(), {}, "cannot be opened"),
    ("ИНН;Отрасль\r\n1;2\r\n".encode("cp1251"), ReadOptions(), {}, "required field Name"),
    ("Клиент;ИНН\r\nА;1\r\n".encode(), ReadOptions(), {"columns": {"phone": "Телефон"}}, "column Телефон"),
    ("Клиент\r\nА\r\n".encode(), ReadOptions(), {"columns": {"nonsense": "Клиент"}}, "field nonsense"),
    ("Клиент\r\nА\r\n".encode(), ReadOptions(), {"key": "phone"}, "cannot be matched by phone"),
    ("Клиент;Этап\r\nА;Lead\r\n".encode(), ReadOptions(), {"kind": "deals"}, "Nothing in the file identifies"),
])
def test_whole_file_problems_stop_before_anything_is_written(world, db, data, options, mapping, says):
    before = db.scalar(select(func.count(Client.id)))
    if says is None:
        summary = import_table(db, world.viewer("admin"), table=read_table(data, "f.csv", options),
                               mapping=Mapping(kind="clients"))
        assert summary.rows == 0
        return
    with pytest.raises(FileProblem) as caught:
        table = read_table(data, "f.csv", options)
        import_table(db, world.viewer("admin"), table=table,
                     mapping=Mapping.from_dict(mapping, kind=mapping.get("kind", "clients")))
    assert says in str(caught.value)
    _nothing_written(db, before)


def test_a_file_in_another_encoding_is_refused():
    with pytest.raises(FileProblem, match="reads as none of the usual code pages"):
        read_table(b"name\r\n" + bytes(range(128, 256)) * 3 + b"\r\n", "f.csv")  # no text in any code page
    with pytest.raises(FileProblem, match="not text"):
        read_table("name\r\nАльфа\r\n".encode("utf-16-le"), "f.csv")  # UTF-16 without its BOM


def test_a_streamed_file_reads_like_an_upload(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(ACCOUNTING.encode("cp1251"))
    table = read_table(path)
    assert table.encoding == "cp1251" and [c[0] for c in table.sample(5)] == ["ООО «Ёлка-Трейд»", "Пётр и партнёры"]


def test_a_big_import_refreshes_the_planner_statistics_on_sqlite(world, db, monkeypatch):
    import db.io.importer as importer

    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("PostgreSQL's autovacuum analyses by itself")
    monkeypatch.setattr(importer, "ANALYZE_AFTER_ROWS", 3)  # "big": five lines will do
    lines = "Line id;Client;Product;Shipped on;Quantity;Amount\r\n" + "".join(
        f"S-{i};{world.client_names['a1']};KR-001;03.02.2026;{i + 1};{(i + 1) * 2},50\r\n" for i in range(5))
    summary = import_table(db, world.viewer("admin"), table=read_table(lines.encode(), "s.csv"),
                           mapping=Mapping(kind="shipments"))
    assert summary.created == 5
    counts = {int(stat.split()[0]) for (stat,) in db.execute(text(
        "SELECT stat FROM sqlite_stat1 WHERE tbl = 'shipments'"))}
    shipped = db.scalar(text("SELECT count(*) FROM shipments"))
    assert counts == {shipped}  # every index's statistics count the lines just imported
