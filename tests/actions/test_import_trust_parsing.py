"""Issue 16: the file-reading and parsing classes of silent corruption, each reproduced with the issue's own
example and shown fixed — encodings (1), headers auto-matched to a column the mapping uses (2), the date
order (4), the rejected-rows file (6), null markers and templates (7) — and the README's line-level order
file example (readme_import.md), imported as written there."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.io.__main__ import _parser
from db.io.__main__ import main as cli
from db.io.importer import import_table
from db.io.kinds import KINDS
from db.io.mapping import Mapping, column_reader, resolve
from db.io.reading import DatesUnsure, EncodingUnsure, FileProblem, ReadOptions, read_table
from db.io.report import rejected_csv
from db.models import Client, Industry, Product, Shipment, Territory
from i18n import translate
from tests.world import make_inn


def en(msg, /, **params) -> str:
    return translate(msg, "en", **params)


def clients_named(db, *names) -> dict[str, Client]:
    return {c.name: c for c in db.scalars(select(Client).where(Client.name.in_(names)))}


# --- 1. encodings -------------------------------------------------------------------------------------------

# Northwind's customers, as an old Windows export saves them (Windows-1252, ";"): Western European names.
WESTERN = ("CustomerID;CompanyName;ContactName;City;Country\r\n"
           "ALFKI;Alfreds Futterkiste;Maria Anders;Berlin;Germany\r\n"
           "ANTON;Antonio Moreno Taquería;Antonio Moreno;México D.F.;Mexico\r\n"
           "BERGS;Berglunds snabbköp;Christina Berglund;Luleå;Sweden\r\n"
           "BOLID;Bólido Comidas preparadas;Martín Sommer;Madrid;Spain\r\n"
           "FOLIG;Folies gourmandes;Martine Rancé;Lille;France\r\n"
           "KOENE;Königlich Essen;Philip Cramer;Brandenburg;Germany\r\n")
WESTERN_MAPPING = {"kind": "clients", "key": "external_id",
                   "columns": {"external_id": "CustomerID", "name": "CompanyName", "territory": "City"}}
RUSSIAN = ("Наименование;ИНН;Отрасль\r\n"
           f"ООО «Ёлка-Трейд»;{make_inn('771600001')};Розница\r\n"
           f"Пётр и партнёры;{make_inn('771600002')};Опт\r\n")


def test_a_windows_1252_file_of_western_names_is_read_as_such(world, db):
    """It was taken for Windows-1251: "Kцniglich Essen", "Mйxico D.F." stored with exit status 0."""
    table = read_table(WESTERN.encode("cp1252"), "customers.csv")
    assert (table.encoding, table.detected["encoding"]) == ("cp1252", True)
    summary = import_table(db, world.viewer("admin"), table=table, mapping=Mapping.from_dict(WESTERN_MAPPING))
    assert (summary.created, len(summary.rejected)) == (6, 0)
    got = clients_named(db, "Königlich Essen", "Bólido Comidas preparadas", "Antonio Moreno Taquería",
                        "Berglunds snabbköp")
    assert len(got) == 4
    territories = set(db.scalars(select(Territory.name)))
    assert {"México D.F.", "Luleå"} <= territories


@pytest.mark.parametrize(("text", "encoding", "expected"), [
    (WESTERN, "cp1252", "cp1252"),
    (RUSSIAN, "cp1251", "cp1251"),
    (RUSSIAN, "utf-8", "utf-8"),
    (RUSSIAN, "utf-8-sig", "utf-8-sig"),
    (WESTERN, "utf-8", "utf-8"),
    (WESTERN, "utf-8-sig", "utf-8-sig"),
    (RUSSIAN.replace("«", '"').replace("»", '"'), "koi8-r", "koi8-r"),
])
def test_encodings_detected_by_charset_normalizer(text, encoding, expected):
    table = read_table(text.encode(encoding), "f.csv")
    assert table.encoding == expected
    rows = [cells for _, cells in table.rows()]
    assert [r[1] for r in rows] == [line.split(";")[1] for line in text.splitlines()[1:]]


@pytest.mark.parametrize(("given", "codec"), [("cp1252", "cp1252"), ("latin-1", "iso8859-1"),
                                               ("Windows-1252", "cp1252"), ("ISO-8859-1", "iso8859-1"),
                                               ("latin1", "iso8859-1"), ("cp1251", "cp1251"),
                                               ("UTF8", "utf-8")])
def test_any_codec_python_knows_may_be_given(given, codec):
    """`--encoding cp1252` and `--encoding latin-1` were refused ("choose UTF-8, UTF-8 with BOM or Windows-1251")."""
    text = RUSSIAN if codec == "cp1251" else "name\r\nKöniglich Essen\r\nBólido\r\n"
    table = read_table(text.encode(codec), "f.csv", ReadOptions(encoding=given))
    assert table.encoding == codec and table.detected["encoding"] is False
    assert table.sample(1)[0][0] == text.splitlines()[1].split(";")[0]


@pytest.mark.parametrize("given", ["nonsense", "rot13", "base64"])
def test_an_unknown_encoding_is_refused_before_the_file_is_read(given):
    with pytest.raises(FileProblem, match="Unknown encoding"):
        read_table(b"", "f.csv", ReadOptions(encoding=given))  # an empty file would say "empty" if read


def test_the_command_line_takes_latin_1_and_stores_the_names_right(seeded, engine, tmp_path, capsys):
    path = tmp_path / "customers.csv"
    path.write_bytes(WESTERN.encode("latin-1"))
    mapping = tmp_path / "m.json"
    mapping.write_text(json.dumps(WESTERN_MAPPING))
    args = ["--lang", "en", "import", "--kind", "clients", "--file", str(path), "--mapping", str(mapping)]
    assert cli([*args, "--encoding", "latin-1"]) == 0
    assert "ISO-8859-1 (Latin-1)" in capsys.readouterr().out
    with Session(engine) as s:
        assert s.scalar(select(func.count(Client.id)).where(Client.name == "Königlich Essen")) == 1
    assert cli([*args, "--encoding", "klingon"]) == 1
    assert "Unknown encoding klingon" in capsys.readouterr().err


def test_an_uncertain_encoding_stops_with_the_candidates(seeded, engine, tmp_path, capsys):
    """One Russian name: Windows-1251's "Пётр" or Windows-1257's "Ļøņš" — nothing tells; the person says."""
    data = "name\r\nПётр\r\n".encode("cp1251")
    with pytest.raises(EncodingUnsure) as caught:
        read_table(data, "f.csv")
    candidates = dict(caught.value.candidates)  # each with the lines that tell, as it reads them
    assert candidates == {"cp1251": ["Пётр"], "cp1257": ["Ļøņš"]}
    path = tmp_path / "one.csv"
    path.write_bytes(data)
    with Session(engine) as s:
        before = s.scalar(select(func.count(Client.id)))
    assert cli(["--lang", "en", "import", "--kind", "clients", "--file", str(path)]) == 1
    err = capsys.readouterr().err
    assert "encoding is uncertain" in err and "cp1251 (Пётр); cp1257 (Ļøņš)" in err
    assert "--encoding" in err
    assert cli(["--lang", "en", "import", "--kind", "clients", "--file", str(path), "--encoding", "cp1251"]) == 0
    with Session(engine) as s:
        assert s.scalar(select(func.count(Client.id))) == before + 1
        assert s.scalar(select(func.count(Client.id)).where(Client.name == "Пётр")) == 1


# --- 2. a column the mapping uses is matched to no second field ------------------------------------------

def test_a_mapped_column_does_not_also_feed_a_field_by_its_header(world, db):
    """`"industry": "Segment"` also fed size_segment (alias "segment"): every row was rejected."""
    text = "Name;Segment\r\nСегментный;Машиностроение\r\n"
    table = read_table(text.encode(), "f.csv")
    mapping = Mapping.from_dict({"kind": "clients", "columns": {"industry": "Segment"}})
    resolved = resolve(mapping, KINDS["clients"].fields, table.columns, keys=KINDS["clients"].keys)
    assert resolved.columns == {"name": "Name", "industry": "Segment"}
    summary = import_table(db, world.viewer("admin"), table=table, mapping=mapping)
    assert (summary.created, len(summary.rejected)) == (1, 0)
    client = clients_named(db, "Сегментный")["Сегментный"]
    assert client.size_segment is None
    assert db.scalar(select(Industry.name).where(Industry.id == client.industry_id)) == "Машиностроение"


def test_a_line_discount_column_does_not_fill_the_deals_discount():
    header = ["id", "client", "stage", "product", "qty", "price", "discount"]
    fields, keys = KINDS["deals"].fields, KINDS["deals"].keys
    resolved = resolve(Mapping.from_dict({"kind": "deals", "columns": {"line_discount_pct": "discount"}}),
                       fields, header, keys=keys)
    assert resolved.columns["line_discount_pct"] == "discount" and "discount_pct" not in resolved.columns
    # A template's columns count as used too.
    title = {"template": "{client} {discount}"}
    resolved = resolve(Mapping.from_dict({"kind": "deals", "columns": {"title": title, "client": "client"}}),
                       fields, header, keys=keys)
    assert "discount_pct" not in resolved.columns and resolved.columns["client"] == "client"


def test_a_dry_run_prints_the_final_field_column_table(seeded, tmp_path, capsys):
    path = tmp_path / "clients.csv"
    path.write_text(f"Name;Segment;INN;City;E mail address\r\nТабличный;Опт;{make_inn('771600011')};Тверь;a@b.ru\r\n",
                    encoding="utf-8")
    mapping = tmp_path / "m.json"
    mapping.write_text(json.dumps({"kind": "clients", "columns": {"industry": "Segment",
                                                                  "territory": {"template": "{City}"}},
                                   "defaults": {"payment_deferral_days": "14"}}))
    assert cli(["--lang", "en", "import", "--kind", "clients", "--file", str(path), "--mapping", str(mapping),
                "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    table = out[out.index("Fields and the columns they come from:") + 1:]
    assert [" ".join(line.split()) for line in table if "←" in line] == [
        "Name ← Name", "INN ← INN", "Industry ← Segment", "Territory ← {City}", "Payment deferral, days ← =14"]
    assert "Columns not imported: E mail address" in out  # a header that matched nothing is said, not dropped


# --- 4. the date order, from the whole file --------------------------------------------------------------

def _dated(dates: list[str]) -> bytes:
    return ("Line id;Date\r\n" + "".join(f"L{i};{d}\r\n" for i, d in enumerate(dates, 1))).encode()


def test_the_date_order_is_decided_on_the_whole_file():
    """A D/M/YYYY file whose first 2,000 rows have days ≤ 12 was read as M/D/YYYY: day and month swapped."""
    dates = [f"{d}/{m}/2025" for m in range(1, 13) for d in range(1, 13)] * 15  # 2,160 rows, all ambiguous
    table = read_table(_dated([*dates, "25/12/2025"]), "f.csv")
    assert table.dates == "dmy_slash"
    first = next(table.rows())[1][1]
    assert first == "1/1/2025"
    from db.io.values import parse_date

    assert parse_date("3/4/2025", table.dates) == dt.date(2025, 4, 3)
    assert read_table(_dated([*dates, "12/25/2025"]), "f.csv").dates == "mdy"


def test_both_orders_fitting_every_row_stops_and_asks(seeded, tmp_path, capsys):
    data = _dated(["1/2/2025", "3/4/2025", "12/11/2025"])
    with pytest.raises(DatesUnsure) as caught:
        read_table(data, "f.csv")
    assert caught.value.examples == ["1/2/2025", "3/4/2025", "12/11/2025"]
    assert read_table(data, "f.csv", ReadOptions(dates="dmy_slash")).dates == "dmy_slash"
    assert read_table(data, "f.csv", ReadOptions(dates="M/D/YYYY")).dates == "mdy"
    path = tmp_path / "lines.csv"
    path.write_bytes(data)
    assert cli(["--lang", "en", "import", "--kind", "shipments", "--file", str(path), "--dry-run"]) == 1
    err = capsys.readouterr().err
    assert "reads both as day/month and as month/day (1/2/2025, 3/4/2025, 12/11/2025)" in err
    assert "--dates dmy_slash" in err and "--dates mdy" in err


def test_an_unknown_dates_value_is_an_error_before_any_row_is_read(seeded, tmp_path, capsys):
    with pytest.raises(FileProblem, match="Unknown date format dd-mm-yy"):
        read_table(b"", "f.csv", ReadOptions(dates="dd-mm-yy"))  # an empty file would say "empty" if read
    path = tmp_path / "f.csv"
    path.write_bytes(_dated(["1/2/2025"]))
    assert cli(["--lang", "en", "import", "--kind", "shipments", "--file", str(path), "--dates", "ymd"]) == 1
    assert "Unknown date format ymd" in capsys.readouterr().err
    help_text = _parser()._subparsers._group_actions[0].choices["import"].format_help()  # type: ignore[union-attr]
    for accepted in ("iso (YYYY-MM-DD)", "dmy (DD.MM.YYYY)", "dmy_slash (D/M/YYYY)", "mdy (M/D/YYYY)"):
        assert accepted in " ".join(help_text.split())


# --- 6. the rejected-rows file keeps every cell ---------------------------------------------------------------

def test_the_rejected_rows_keep_every_cell(world, db):
    text = ("name;inn\r\n"
            ";1;extra;more\r\n"  # wider than the header
            "Без ИНН;12\r\n")
    summary = import_table(db, world.viewer("admin"), table=read_table(text.encode(), "f.csv"),
                           mapping=Mapping(kind="clients"))
    lines = rejected_csv(summary, en).decode("utf-8-sig").splitlines()
    assert lines[0] == "Row;Why rejected;name;inn;column 3;column 4"
    assert lines[1].startswith("2;") and lines[1].endswith(";;1;extra;more")
    assert lines[2].endswith(";Без ИНН;12;;")


# --- 7. null markers, and templates without stray separators ---------------------------------------------

def test_null_markers_are_empty_before_templates(world, db):
    """"Fax: NULL" was stored as a note; a NULL INN was rejected as a bad INN."""
    text = ("name;inn;fax;city;region;country\r\n"
            "Нулевой;NULL;NULL;Madrid;N/A;Spain\r\n"
            "Пустой; #N/A ;;;Castile;Spain\r\n")
    mapping = Mapping.from_dict({"kind": "clients", "columns": {
        "notes": {"template": "Fax: {fax}"}, "legal_name": {"template": "{city} {region}, {country}"}}})
    summary = import_table(db, world.viewer("admin"), table=read_table(text.encode(), "f.csv"), mapping=mapping)
    assert (summary.created, len(summary.rejected)) == (2, 0), summary.rejected
    got = clients_named(db, "Нулевой", "Пустой")
    assert (got["Нулевой"].inn, got["Нулевой"].notes, got["Нулевой"].legal_name) == (None, None, "Madrid, Spain")
    assert (got["Пустой"].inn, got["Пустой"].legal_name) == (None, "Castile, Spain")


def test_the_null_values_option_replaces_the_default():
    index = {"a": 0}
    mapping = Mapping.from_dict({"kind": "clients", "options": {"null_values": ["-", "нет данных"]}})
    read = column_reader("a", index, mapping.null_values)
    assert [read([v]) for v in ["-", "нет данных", "NULL", " - "]] == ["", "", "NULL", ""]
    assert Mapping(kind="clients").null_values == {"NULL", "null", "Null", "N/A", "n/a", "#N/A", "None", "NaN", "—"}
    assert "-" not in Mapping(kind="clients").null_values  # "-" is "no" in a yes/no column
    none = Mapping.from_dict({"kind": "clients", "options": {"null_values": []}}).null_values
    assert column_reader("a", index, none)(["NULL"]) == "NULL"
    with pytest.raises(FileProblem, match="null_values"):
        _ = Mapping.from_dict({"kind": "clients", "options": {"null_values": {"x": 1}}}).null_values


@pytest.mark.parametrize(("template", "cells", "expected"), [
    ("{city} {region}, {country}", ["Madrid", "", "Spain"], "Madrid, Spain"),
    ("{city} {region}, {country}", ["", "Castile", "Spain"], "Castile, Spain"),
    ("{city} {region}, {country}", ["Madrid", "Castile", ""], "Madrid Castile"),
    ("{city} {region}, {country}", ["Madrid", "Castile", "Spain"], "Madrid Castile, Spain"),
    ("{city}, {region}, {country}", ["", "", "Spain"], "Spain"),
    ("{city}, {region}, {country}", ["Madrid", "", ""], "Madrid"),
    ("{city}, {region}, {country}", ["Madrid", "NULL", "Spain"], "Madrid, Spain"),
    ("Tel: {city}; Fax: {region}", ["1", "", ""], "Tel: 1"),
    ("Tel: {city}; Fax: {region}", ["", "2", ""], "Fax: 2"),
    ("{city} ({region})", ["Madrid", "", ""], "Madrid"),
    ("{city}, {region}, {country}", ["", "", ""], ""),
])
def test_templates_leave_no_stray_separators(template, cells, expected):
    read = column_reader({"template": template}, {"city": 0, "region": 1, "country": 2})
    assert read(cells) == expected


# --- the README's line-level order file (coord/readme_import.md) ------------------------------------------

INN_A, INN_B = make_inn("771600021"), make_inn("771600022")
ORDER_LINES = ("Order;Line;Order date;Customer;Customer INN;City;Item;Item name;Category;Qty;Unit price;Line total\r\n"
               f"SO-1001;1;03.02.2026;Альфа-Трейд;{INN_A};Москва;KR-101;Кронштейн 40;Крепёж;10;150,00;1 500,00\r\n"
               f"SO-1001;2;03.02.2026;Альфа-Трейд;{INN_A};Москва;KR-102;Кронштейн 60;Крепёж;5;210,50;1 052,50\r\n"
               f"SO-1002;1;05.02.2026;Бета-Снаб;{INN_B};Казань;KR-101;Кронштейн 40;Крепёж;4;150,00;600,00\r\n"
               f"SO-1003;1;06.02.2026;Альфа-Трейд;{INN_A};Москва;BL-7;Болт М8;Метизы;100;2,10;210,00\r\n")
# As in readme_import.md: three mappings over the same file.
README_MAPPINGS = {
    "clients": {"kind": "clients", "key": "inn",
                "columns": {"name": "Customer", "inn": "Customer INN", "territory": "City"}},
    "products": {"kind": "products", "key": "sku",
                 "columns": {"sku": "Item", "name": "Item name", "group": "Category", "price": None}},
    "shipments": {"kind": "shipments", "key": "external_id",
                  "columns": {"external_id": {"template": "{Order}-{Line}"}, "client": "Customer INN",
                              "product": "Item", "shipped_on": "Order date", "quantity": "Qty",
                              "amount": "Line total"},
                  "options": {"dates": "dmy", "decimal": ","}},
}


def test_the_readme_line_level_order_file_example(world, db):
    """One row per order line: each client and product is on several lines. They are counted as repeats,
    not rejected, and the shipments are the lines."""
    summaries = {}
    for kind, spec in README_MAPPINGS.items():
        mapping = Mapping.from_dict(spec)
        table = read_table(ORDER_LINES.encode("cp1251"), "orders.csv", ReadOptions.from_dict(mapping.options))
        summaries[kind] = import_table(db, world.viewer("admin"), table=table, mapping=mapping)
    got = {k: (s.rows, s.created, s.repeated, len(s.rejected)) for k, s in summaries.items()}
    assert got == {"clients": (4, 2, 2, 0), "products": (4, 3, 1, 0), "shipments": (4, 4, 0, 0)}
    assert all(s.reconciles() for s in summaries.values())
    alfa = db.scalar(select(Client).where(Client.inn == INN_A))
    assert alfa.name == "Альфа-Трейд"
    assert db.scalar(select(Product.name).where(Product.sku == "KR-102")) == "Кронштейн 60"
    assert db.scalar(select(Product.price).where(Product.sku == "KR-101")) == 0  # "price": null, not a line's
    line = db.scalar(select(Shipment).where(Shipment.external_id == "SO-1001-2"))
    assert (line.client_id, line.shipped_on, line.quantity, line.amount) == (
        alfa.id, dt.date(2026, 2, 3), Decimal("5"), Decimal("1052.50"))
    assert db.scalar(select(func.sum(Shipment.amount)).where(Shipment.external_id.like("SO-%"))) == Decimal("3362.50")
    # The same file again: nothing new, nothing rejected.
    again = import_table(db, world.viewer("admin"), table=read_table(ORDER_LINES.encode("cp1251"), "orders.csv"),
                         mapping=Mapping.from_dict(README_MAPPINGS["clients"]))
    assert (again.created, again.unchanged, again.repeated, len(again.rejected)) == (0, 2, 2, 0)


def test_a_repeated_row_with_other_values_is_still_refused(world, db):
    text = (f"name;inn;notes\r\nДвойной;{INN_A};первый\r\nДвойной;{INN_A};второй\r\nДвойной;{INN_A};первый\r\n")
    summary = import_table(db, world.viewer("admin"), table=read_table(text.encode(), "f.csv"),
                           mapping=Mapping.from_dict({"kind": "clients", "key": "inn"}))
    assert (summary.created, summary.repeated, [r.number for r in summary.rejected]) == (1, 1, [3])
    assert summary.reconciles()


def test_the_readme_example_from_the_command_line(seeded, engine, tmp_path, capsys):
    orders = tmp_path / "orders.csv"
    orders.write_bytes(ORDER_LINES.encode("cp1251"))
    for kind, spec in README_MAPPINGS.items():
        (tmp_path / f"orders_{kind}.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
        assert cli(["--lang", "en", "import", "--kind", kind, "--file", str(orders), "--mapping",
                    str(tmp_path / f"orders_{kind}.json")]) == 0, capsys.readouterr()
    out = capsys.readouterr().out
    assert out.count("Windows-1251") == 3
    assert "rows repeating an earlier row (not written again) 2" in out  # the clients
    assert "rows repeating an earlier row (not written again) 1" in out  # the products
    with Session(engine) as s:
        assert s.scalar(select(func.count(Shipment.id)).where(Shipment.external_id.like("SO-100%"))) == 4


# --- found on the way: percent cells of a workbook --------------------------------------------------------

def test_a_workbooks_percent_cells_are_read_as_the_sheet_shows_them(world, db):
    """Excel keeps "15 %" as 0.15: a deal's discount typed as 15 % was stored as 0.15 %, silently."""
    import io

    from openpyxl import Workbook

    from db.models import Deal

    book = Workbook()
    sheet = book.active
    sheet.append(["id", "client", "stage", "product", "quantity", "price", "discount", "probability"])
    sheet.append(["XP-1", world.client_names["a1"], "Proposal", "KR-001", 10, 100, 0.15, 0.4])
    sheet.append(["XP-2", world.client_names["a1"], "Proposal", "KR-001", 1, 10, 0.075, 1])
    for row in (2, 3):
        sheet.cell(row=row, column=7).number_format = "0.0%"
        sheet.cell(row=row, column=8).number_format = "0%"
    out = io.BytesIO()
    book.save(out)
    table = read_table(out.getvalue(), "deals.xlsx")
    assert table.sample(2)[0][6:] == [Decimal("15.00"), Decimal("40.0")]
    assert table.sample(2)[1][6:] == [Decimal("7.500"), 100]
    summary = import_table(db, world.viewer("head_n"), table=table, mapping=Mapping(kind="deals"))
    assert (summary.created, len(summary.rejected)) == (2, 0), summary.rejected
    got = {d.external_id: d for d in db.scalars(select(Deal).where(Deal.external_id.in_(["XP-1", "XP-2"])))}
    assert (got["XP-1"].discount_pct, got["XP-1"].probability) == (Decimal("15.00"), 40)
    assert (got["XP-2"].discount_pct, got["XP-2"].probability) == (Decimal("7.50"), 100)


def test_a_workbook_whose_formulas_were_never_calculated_is_refused(world, db):
    """A program's .xlsx with "=B2*2" and no saved value: the cell was read as empty, the limit lost."""
    import io

    from openpyxl import Workbook

    def workbook(limit) -> bytes:
        book = Workbook()
        sheet = book.active
        sheet.append(["name", "base", "credit_limit"])
        sheet.append(["Формульный", 500, limit])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    with pytest.raises(FileProblem, match="formulas have no saved values"):
        read_table(workbook("=B2*2"), "f.xlsx")
    assert db.scalar(select(func.count(Client.id)).where(Client.name == "Формульный")) == 0
    assert read_table(workbook(1000), "f.xlsx").sample(1) == [["Формульный", 500, 1000]]  # no formula: fine
    # As Excel saves it: the formula with its value.
    from tests.actions.test_import_hostile import _cell, handmade_xlsx

    calculated = handmade_xlsx(f'<row r="1">{_cell("A1", "name")}{_cell("B1", "base")}{_cell("C1", "limit")}</row>'
                               f'<row r="2">{_cell("A2", "Формульный")}<c r="B2"><v>500</v></c>'
                               '<c r="C2"><f>B2*2</f><v>1000</v></c></row>', dimension="A1:C2")
    assert read_table(calculated, "f.xlsx").sample(1) == [["Формульный", 500, 1000]]


def test_cells_merged_down_an_order_belong_to_every_row(world, db):
    """A client's territory merged down its three lines was read on the first line only: two clients
    were stored without a territory, silently. Each row of a merged range now has the range's value."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["name", "territory", "notes"])
    sheet.append(["Слитный-1", "Псков", "a"])
    sheet.append(["Слитный-2", None, "b"])
    sheet.append(["Слитный-3", None, "c"])
    sheet.append(["Раздельный", "Тула", "d"])
    sheet.merge_cells("B2:B4")
    sheet.merge_cells("C5:D5")  # across columns only: nothing to fill
    out = io.BytesIO()
    book.save(out)
    table = read_table(out.getvalue(), "merged.xlsx")
    assert [cells[:2] for cells in table.sample(5)] == [["Слитный-1", "Псков"], ["Слитный-2", "Псков"],
                                                        ["Слитный-3", "Псков"], ["Раздельный", "Тула"]]
    summary = import_table(db, world.viewer("admin"), table=table, mapping=Mapping(kind="clients"))
    assert (summary.created, len(summary.rejected)) == (4, 0)
    got = clients_named(db, "Слитный-1", "Слитный-2", "Слитный-3")
    assert {db.scalar(select(Territory.name).where(Territory.id == c.territory_id)) for c in got.values()} == \
        {"Псков"}


def test_excels_sep_line_says_the_separator_and_is_not_the_header():
    """Excel writes and reads a first line "sep=;"; it was taken for the header (every field missing)."""
    table = read_table("sep=;\r\nname;inn;notes\r\nА, Б и В;1;x, y\r\n".encode(), "f.csv")
    assert (table.separator, table.columns) == (";", ["name", "inn", "notes"])
    assert table.sample(1) == [["А, Б и В", "1", "x, y"]]
    assert read_table(b"\xef\xbb\xbfsep=,\nname,inn\nA,1\n", "f.csv").columns == ["name", "inn"]
