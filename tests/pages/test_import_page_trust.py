"""The import wizard asks where the file cannot tell (issue 16, items 1, 2 and 4): an uncertain encoding
(each candidate with a few lines as it reads them), dates that read both as D/M and as M/D; and a check
shows the final field ← column table."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Client
from tests.world import make_inn

from .conftest import texts
from .test_import_page import button, upload


def test_an_uncertain_encoding_is_asked_with_a_preview_per_candidate(seeded, engine):
    at = upload("head_n", data="name\r\nПётр\r\n".encode("cp1251"), name="one.csv")
    assert any("encoding is uncertain" in w.value for w in at.warning)
    assert [c.value for c in at.code] == ["Пётр", "Ļøņš"]  # each reading, as it reads
    assert not at.dataframe  # nothing read on until the person chooses
    button(at, "Read as Windows-1251").click().run()
    assert not at.exception and not at.warning
    assert "Read as: CSV, Windows-1251" in texts(at)
    assert list(at.dataframe[0].value["name"]) == ["Пётр"]
    button(at, "Import").click().run()
    with Session(engine) as s:
        assert s.scalar(select(Client.id).where(Client.name == "Пётр")) is not None


def test_dates_both_ways_are_asked(seeded):
    data = ("Line id;Client;Product;Date;Qty;Amount\r\n"
            "L-1;X;Y;1/2/2025;1;10\r\n"
            "L-2;X;Y;3/4/2025;1;10\r\n").encode()
    at = upload("admin", data=data, name="lines.csv", kind="shipments")
    assert any("reads both as day/month and as month/day (1/2/2025, 3/4/2025)" in w.value for w in at.warning)
    button(at, "D/M/YYYY").click().run()
    assert not at.exception and not at.warning
    assert "dates D/M/YYYY" in texts(at)


def test_a_check_shows_which_column_feeds_which_field(seeded):
    data = f"Name;Segment;INN\r\nСтолбцов;Опт;{make_inn('771700001')}\r\n".encode()
    at = upload("head_n", data=data, name="c.csv")
    # "Segment" is the size segment's alias; the person maps it to the industry instead.
    at.selectbox(key=next(s.key for s in at.selectbox if s.key and s.key.endswith(".industry"))).set_value(
        "Segment")
    at.selectbox(key=next(s.key for s in at.selectbox if s.key and s.key.endswith(".size_segment"))).select_index(0)
    button(at, "Apply the columns").click().run()
    button(at, "Check the file").click().run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if list(d.value.columns) == ["Field", "Column"])
    assert dict(zip(table["Field"], table["Column"], strict=True)) == {"Name": "Name", "INN": "INN",
                                                                       "Industry": "Segment"}
    assert {m.label: m.value for m in at.metric}["Rejected"] == "0"
    # A field the person sets to no column is not matched by its header again behind their back.
    at.selectbox(key=next(s.key for s in at.selectbox if s.key and s.key.endswith(".inn"))).select_index(0)
    at.selectbox(key=next(s.key for s in at.selectbox if s.key and s.key.startswith("imp_key"))).set_value("name")
    button(at, "Apply the columns").click().run()
    button(at, "Check the file").click().run()
    table = next(d.value for d in at.dataframe if list(d.value.columns) == ["Field", "Column"])
    assert dict(zip(table["Field"], table["Column"], strict=True)) == {"Name": "Name", "Industry": "Segment"}


def test_a_mapping_files_settings_are_taken_in_their_own_words(seeded):
    """A mapping saying "latin-1", "tab" and "D/M/YYYY" was shown as "detected" and its settings dropped."""
    data = "name\tnotes\r\nKöniglich Essen\t1/2/2025\r\n".encode("latin-1")
    at = upload("head_n", data=data, name="c.csv")
    at.file_uploader(key="imp_mapping_file.clients").set_value((
        "m.json", b'{"kind": "clients", "options": {"encoding": "latin-1", "separator": "tab", '
                  b'"dates": "D/M/YYYY"}}', "application/json")).run()
    assert not at.exception and not at.error
    assert "Read as: CSV, ISO-8859-1 (Latin-1), separator «Tab», decimal mark «.», dates D/M/YYYY" in texts(at)
    assert list(at.dataframe[0].value["name"]) == ["Königlich Essen"]
