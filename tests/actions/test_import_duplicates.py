"""The import's "duplicates": "flag" option: a new client that looks like one in the CRM, or like an earlier
row of the file, is rejected with the twin named (or not, outside the importer's access) instead of created."""
from __future__ import annotations

from sqlalchemy import func, select

from db.io.importer import import_table
from db.io.mapping import Mapping
from db.io.reading import FileProblem, read_table
from db.io.report import reasons_text
from db.models import Client
from i18n import translate

FILE = ("name;phone;email;owner\n"
        'ООО "АЛЬФА-СТРОЙ";;;mgr_a\n'      # row 2: a1 Альфа Строй, spelt otherwise
        "Зенит;;zenit@mail.ru;mgr_a\n"      # row 3: new
        "ЗАО «Зенит»;;;mgr_a\n"             # row 4: like row 3
        "Полюс;;ZENIT@mail.ru;mgr_a\n"      # row 5: row 3's e-mail
        "Северная звезда;8 812 555-66-77;;mgr_a\n"  # row 6: c1's phone (Vera's, South)
        "Новый клиент;;;mgr_a\n")           # row 7: new


def run(db, viewer, **options):
    table = read_table(FILE.encode("utf-8"), "clients.csv")
    mapping = Mapping.from_dict({"options": options}, kind="clients")
    return import_table(db, viewer, table=table, mapping=mapping)


def why(summary) -> dict[int, str]:
    return {r.number: reasons_text(summary, r, lambda msg, /, **p: translate(msg, "en", **p))
            for r in summary.rejected}


def test_flagged_rows_are_not_created_and_say_whose_twin(world, db):
    db.get(Client, world.clients["c1"]).phone = "+7 (812) 555-66-77"
    db.commit()
    before = db.scalar(select(func.count(Client.id)))
    summary = run(db, world.viewer("head_n"), duplicates="flag")
    reasons = why(summary)
    assert (summary.created, sorted(reasons)) == (2, [2, 4, 5, 6])
    assert "Looks like the client Альфа Строй (manager: Anna Manager): not created." in reasons[2]
    assert "Looks like the client of row 3: not created." in reasons[4] and "row 3" in reasons[5]
    assert "among those you cannot see" in reasons[6] and "Вега" not in reasons[6]
    assert db.scalar(select(func.count(Client.id))) == before + 2
    assert set(db.scalars(select(Client.name).where(Client.name.in_(["Зенит", "Новый клиент"])))) == \
        {"Зенит", "Новый клиент"}


def test_without_the_option_every_row_is_created(world, db):
    assert run(db, world.viewer("admin")).created == 6


def test_an_unknown_value_is_refused(world, db):
    try:
        run(db, world.viewer("admin"), duplicates="maybe")
    except FileProblem as exc:
        assert '"duplicates"' in str(exc)
    else:
        raise AssertionError("an unknown value must be refused")
