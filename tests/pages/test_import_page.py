"""The import wizard as a page: upload, the file's settings shown, columns and values mapped, a check
with the rejected rows, the import, the saved mapping — as a head and as the administrator."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Client, Department, ImportMapping, Industry, User
from tests.world import make_inn

from .conftest import signed_in, texts

INN = make_inn("770400001")
FILE = ("Наименование;ИНН;Отрасль;Менеджер;Лимит\r\n"
        f"Север-Снаб;{INN};Опт;Boris Manager;1 500,50\r\n"
        ";;Опт;Boris Manager;\r\n"
        "Южанин;;Розница;Vera Manager;\r\n").encode("cp1251")


def button(at, label):
    return next(b for b in at.button if b.label == label)


def upload(login: str, data: bytes = FILE, name: str = "clients.csv", kind: str | None = None):
    at = signed_in(login, "pages/import.py")
    if kind:
        at.selectbox(key="imp_kind").set_value(kind).run()
    at.file_uploader(key="imp_file").set_value((name, data, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def test_a_head_checks_then_imports_a_windows_1251_file(seeded, engine):
    at = upload("head_n")
    blob = texts(at)
    assert "Windows-1251" in blob and "separator «;»" in blob and "decimal mark «,»" in blob
    # Columns are matched by header; the manager's name is matched to our people.
    assert at.selectbox(key=next(s.key for s in at.selectbox if s.key and s.key.endswith(".owner"))).value == \
        "Менеджер"
    owner_values = [s for s in at.selectbox if s.key and ".owner." in s.key and s.key.startswith("imp_val")]
    assert {s.label.split(" (")[0] for s in owner_values} == {"Boris Manager", "Vera Manager"}
    assert "Vera Manager" not in [o for s in owner_values for o in s.options]  # not a South manager's name

    button(at, "Check the file").click().run()
    assert not at.exception
    assert "A check: nothing was written. This is what an import would do." in [i.value for i in at.info]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Rows": "3", "Created": "1", "Updated": "0", "Unchanged": "0", "Rejected": "2"}
    rejected = at.dataframe[-1].value
    assert list(rejected["Row"]) == ["3", "4"]
    assert "Name (Наименование): This field is required." in rejected.iloc[0, 1]
    with Session(engine) as s:
        assert s.scalar(select(Client).where(Client.inn == INN)) is None

    button(at, "Import").click().run()
    assert not at.exception
    # The file name is what a person chose: shown markdown-escaped ("clients\\.csv" reads "clients.csv").
    assert "Imported from clients.csv." in [m.value.replace("\\", "") for m in at.success]
    with Session(engine) as s:
        created = s.scalar(select(Client).where(Client.inn == INN))
        assert created.name == "Север-Снаб" and str(created.credit_limit) == "1500.50"
        assert created.owner_id == seeded.users["mgr_b"]
    at = signed_in("head_n", "pages/clients.py")
    assert "Север-Снаб" in set(at.dataframe[0].value["name"])  # the list sees the import at once


def test_values_are_translated_and_the_mapping_is_saved(seeded, engine):
    at = upload("head_n")
    industry = next(s for s in at.selectbox if s.key and s.key.endswith(".industry.Опт"))
    industry.set_value(next(o for o in industry.options if o == "Строительство"))
    next(b for b in at.button if b.label == "Apply the values").click().run()
    name = next(ti for ti in at.text_input if ti.key and ti.key.startswith("imp_save"))
    name.input("Выгрузка из 1С")
    button(at, "Save the mapping").click().run()
    assert not at.exception
    with Session(engine) as s:
        saved = s.scalar(select(ImportMapping).where(ImportMapping.name == "Выгрузка из 1С"))
        assert saved.kind == "clients" and saved.mapping["values"]["industry"] == {"Опт": "Строительство"}
        assert saved.mapping["columns"]["inn"] == "ИНН"
    # Chosen again next month, it fills the values in.
    at = signed_in("head_n", "pages/import.py")
    at.selectbox(key="imp_saved.clients").set_value("Выгрузка из 1С").run()
    at.file_uploader(key="imp_file").set_value(("clients.csv", FILE, "text/csv")).run()
    assert next(s for s in at.selectbox if s.key and s.key.endswith(".industry.Опт")).value == "Строительство"
    button(at, "Import").click().run()
    with Session(engine) as s:
        industry_name = s.scalar(select(Client).where(Client.inn == INN)).industry_id
        assert industry_name == seeded.industry_id


def test_all_or_nothing_imports_nothing(seeded, engine):
    at = upload("head_n")
    at.radio(key="imp_mode").set_value("all_or_nothing").run()
    button(at, "Import").click().run()
    assert not at.exception
    assert any("Nothing was imported: 2 rows have errors" in w.value for w in at.warning)
    with Session(engine) as s:
        assert s.scalar(select(Client).where(Client.inn == INN)) is None


def test_a_file_that_cannot_be_read_says_what_to_do(seeded):
    at = upload("head_n", data=b"\xd0\xcf\x11\xe0" + b"\0" * 64, name="old.xls")
    assert any("old Excel file (.xls)" in e.value for e in at.error)
    at = upload("head_n", data="Город;Телефон\r\nМосква;1\r\n".encode("cp1251"))
    assert not at.exception
    button(at, "Check the file").click().run()
    assert any("required field Name" in e.value for e in at.error)


def test_the_admin_imports_people(seeded, engine):
    data = "ФИО;Отдел;Руководитель\r\nЛев Орлов;Запад;Зоя Западная\r\n".encode()
    at = upload("admin", data=data, name="team.csv", kind="users")
    button(at, "Import").click().run()
    assert not at.exception
    with Session(engine) as s:
        west = s.scalar(select(Department).where(Department.name == "Запад"))
        assert s.get(User, west.head_id).full_name == "Зоя Западная"
    assert "users" not in signed_in("head_n", "pages/import.py").selectbox(key="imp_kind").options


def test_the_maven_accounts_with_their_mapping_file(seeded, engine):
    """The real sample data through the wizard, its mapping uploaded as JSON (typos translated, holdings)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    at = signed_in("admin", "pages/import.py")
    at.file_uploader(key="imp_mapping_file.clients").set_value(
        ("maven_accounts.json", (root / "db/io/mappings/maven_accounts.json").read_bytes(), "application/json")).run()
    at.file_uploader(key="imp_file").set_value(
        ("accounts.csv", (root / "tests/fixtures/maven/accounts.csv").read_bytes(), "text/csv")).run()
    assert not at.exception
    # The mapping's translations are offered, to names the import will add.
    assert next(s for s in at.selectbox if s.key and s.key.endswith(".industry.technolgy")).value == "technology"
    button(at, "Import").click().run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Created"] == "85"
    with Session(engine) as s:
        assert s.scalar(select(Client).where(Client.name == "Acme Corporation")) is not None
        assert s.scalar(select(func.count(Client.id)).where(Client.parent_id.is_not(None))) == 15
        assert s.scalar(select(Industry.id).where(Industry.name == "technolgy")) is None
