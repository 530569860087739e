"""Backup and restore: a round trip gives back every table, row for row."""
from sqlalchemy import update
from sqlalchemy.orm import Session

from db import backup
from db.models import Activity, Client
from tests.conftest import TEST_DATABASE_URL


def test_round_trip_restores_every_table_exactly(seeded, engine, tmp_path):
    before = backup.fingerprints(engine)
    assert before["clients"]["rows"] == 5
    path = tmp_path / "crm.backup"
    backup.backup(engine, path)
    # Life goes on after the backup ...
    with Session(engine) as s:
        s.execute(update(Client).values(notes="changed after the backup"))
        s.add(Activity(kind="note", client_id=seeded.clients["a1"], subject="after the backup"))
        s.commit()
    assert backup.fingerprints(engine) != before
    # ... and the restore brings back the moment of the backup, exactly.
    restored = backup.restore(engine, path)
    assert restored == before
    assert backup.verify(path, restored) == []


def test_verify_names_the_tables_that_differ(seeded, engine, tmp_path):
    path = tmp_path / "crm.backup"
    backup.backup(engine, path)
    with Session(engine) as s:
        s.add(Activity(kind="note", client_id=seeded.clients["a1"], subject="extra"))
        s.commit()
    problems = backup.verify(path, backup.fingerprints(engine))
    assert len(problems) == 1 and problems[0].startswith("activities:")


def test_command_line(seeded, engine, tmp_path, capsys):
    path = tmp_path / "cli.backup"
    assert backup.main(["--to", str(path), "--database", TEST_DATABASE_URL]) == 0
    assert "backed up" in capsys.readouterr().out
    assert backup.main(["--restore", str(path), "--database", TEST_DATABASE_URL]) == 0
    assert "match the backup" in capsys.readouterr().out
