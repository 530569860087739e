"""Backup and restore: a round trip gives back every table, row for row; a restore checks before it
changes anything, and a refused one leaves the database exactly as it was."""
from __future__ import annotations

import json
import shutil
import sqlite3
import threading

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db import backup
from db.generation import bump_generation
from db.models import Activity, Client, DataGeneration
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
    assert backup.compare(before, restored, restored=True) == []
    assert backup.verify(path, restored) == []


def test_a_restore_moves_the_cache_counters_past_every_value_the_servers_knew(seeded, engine, tmp_path):
    """The backup's counters are older: a server's cache keyed by one of them would show the figures
    of before the restore as if current."""
    path = tmp_path / "crm.backup"
    backup.backup(engine, path)
    with engine.begin() as conn:
        for _ in range(3):  # life goes on: writes bump the counters past the backup's
            bump_generation(conn, everything=True)
        known = dict(conn.execute(select(DataGeneration.id, DataGeneration.value)).all())
    backup.restore(engine, path)
    with engine.connect() as conn:
        after = dict(conn.execute(select(DataGeneration.id, DataGeneration.value)).all())
    assert set(after) >= set(known)
    assert min(after.values()) > max(known.values())


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
    manifest = json.loads((tmp_path / "cli.backup.manifest.json").read_text())
    assert manifest["schema"] and manifest["dialect"] == engine.dialect.name
    assert backup.main(["--restore", str(path), "--database", TEST_DATABASE_URL]) == 0
    assert "match the backup" in capsys.readouterr().out


def test_a_backup_taken_while_someone_writes_verifies_on_restore(seeded, engine, tmp_path, capsys):
    """The manifest describes the snapshot the backup holds, not the live database a moment later."""
    stop, written = threading.Event(), []

    def keep_writing():
        with Session(engine) as s:
            while not stop.is_set():
                s.add(Activity(kind="note", client_id=seeded.clients["a1"], subject=f"busy {len(written)}"))
                s.commit()
                written.append(1)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        while len(written) < 20:  # the writer is well under way
            stop.wait(0.01)
        path = tmp_path / "busy.backup"
        assert backup.main(["--to", str(path), "--database", TEST_DATABASE_URL]) == 0
        while len(written) < 40:
            stop.wait(0.01)
    finally:
        stop.set()
        writer.join()
    manifest = json.loads((tmp_path / "busy.backup.manifest.json").read_text())
    in_backup = manifest["tables"]["activities"]["rows"]
    assert backup.fingerprints(engine)["activities"]["rows"] > in_backup  # it went on after the snapshot
    capsys.readouterr()
    assert backup.main(["--restore", str(path), "--database", TEST_DATABASE_URL]) == 0, capsys.readouterr().err
    assert "match the backup" in capsys.readouterr().out
    assert backup.fingerprints(engine)["activities"]["rows"] == in_backup


# --- refused restores: a one-line reason, exit 1, no traceback, nothing changed ------------------

@pytest.fixture
def good_backup(seeded, engine, tmp_path):
    path = tmp_path / "good.backup"
    backup.backup(engine, path)
    with Session(engine) as s:  # the database moves on: a refused restore must keep this
        s.add(Activity(kind="note", client_id=seeded.clients["a1"], subject="kept"))
        s.commit()
    return path


def _refused(engine, path, capsys, says: str) -> None:
    before = backup.fingerprints(engine)
    capsys.readouterr()
    assert backup.main(["--restore", str(path), "--database", TEST_DATABASE_URL]) == 1
    out = capsys.readouterr()
    message = out.err.strip()
    assert "\n" not in message and "Traceback" not in message and out.out == ""
    assert message.startswith("restore refused:") and message.endswith("Nothing was changed.")
    assert says in message, message
    assert backup.fingerprints(engine) == before  # every table, row for row
    assert before["clients"]["rows"] == 5


def _manifest_of(good, target):
    shutil.copy(backup._manifest_path(good), backup._manifest_path(target))


def test_an_empty_file_is_refused(good_backup, engine, tmp_path, capsys):
    empty = tmp_path / "empty.backup"
    empty.write_bytes(b"")
    _manifest_of(good_backup, empty)
    _refused(engine, empty, capsys, "is empty")


def test_garbage_is_refused(good_backup, engine, tmp_path, capsys):
    garbage = tmp_path / "garbage.backup"
    garbage.write_bytes(b"\x00\x13garbage" * 1000)
    _manifest_of(good_backup, garbage)
    _refused(engine, garbage, capsys, "is not a backup of this database")


def test_a_damaged_backup_is_refused(good_backup, engine, tmp_path, capsys):
    """The right header, then noise: it cannot be read (or restored) as a whole."""
    damaged = tmp_path / "damaged.backup"
    data = good_backup.read_bytes()
    damaged.write_bytes(data[:100] + b"\xff" * (len(data) - 100))
    _manifest_of(good_backup, damaged)
    _refused(engine, damaged, capsys, "damaged.backup")


def test_a_missing_file_is_refused(good_backup, engine, tmp_path, capsys):
    _refused(engine, tmp_path / "nowhere.backup", capsys, "No backup at")


def _foreign_sqlite(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO recipes (name) VALUES ('borscht')")
    conn.commit()
    conn.close()


def test_a_foreign_sqlite_file_is_refused(good_backup, engine, tmp_path, capsys):
    foreign = tmp_path / "recipes.sqlite3"
    _foreign_sqlite(foreign)
    # Without a manifest ...
    says = "No manifest" if engine.dialect.name == "sqlite" else "is not a backup of this database"
    _refused(engine, foreign, capsys, says)
    # ... and with one borrowed from a real backup.
    _manifest_of(good_backup, foreign)
    says = "names no schema version" if engine.dialect.name == "sqlite" else "is not a backup of this database"
    _refused(engine, foreign, capsys, says)


def test_a_backup_of_another_schema_version_is_refused(good_backup, engine, tmp_path, capsys):
    manifest_file = backup._manifest_path(good_backup)
    manifest = json.loads(manifest_file.read_text())
    manifest["schema"] = ["0003"]
    manifest_file.write_text(json.dumps(manifest))
    _refused(engine, good_backup, capsys, "schema version 0003")


def test_a_backup_file_at_another_schema_version_is_refused_even_with_a_current_manifest(
        good_backup, engine, tmp_path, capsys):
    if engine.dialect.name != "sqlite":
        pytest.skip("edits the SQLite backup file itself; the manifest's version is checked on both")
    conn = sqlite3.connect(good_backup)
    conn.execute("UPDATE alembic_version SET version_num = '0003'")
    conn.commit()
    conn.close()
    _refused(engine, good_backup, capsys, "The backup is at schema version 0003")


def test_a_manifest_that_does_not_match_the_backup_is_refused(good_backup, engine, tmp_path, capsys):
    manifest_file = backup._manifest_path(good_backup)
    manifest = json.loads(manifest_file.read_text())
    manifest["tables"]["clients"]["rows"] = 6
    manifest_file.write_text(json.dumps(manifest))
    _refused(engine, good_backup, capsys, "clients: 6 rows expected, 5 found")


def test_a_backup_whose_rows_were_edited_is_refused(good_backup, engine, tmp_path, capsys):
    if engine.dialect.name != "sqlite":
        pytest.skip("edits the SQLite backup file itself")
    conn = sqlite3.connect(good_backup)
    conn.execute("UPDATE clients SET notes = 'tampered'")
    conn.commit()
    conn.close()
    _refused(engine, good_backup, capsys, "clients: the rows' checksum differs")


def test_a_missing_or_unreadable_manifest_is_refused(good_backup, engine, tmp_path, capsys):
    manifest_file = backup._manifest_path(good_backup)
    manifest_file.write_text("{not json")
    _refused(engine, good_backup, capsys, "cannot be read")
    manifest_file.unlink()
    _refused(engine, good_backup, capsys, "No manifest")


def test_a_backup_with_tables_this_code_cannot_read_is_refused(good_backup, engine, tmp_path, capsys):
    if engine.dialect.name != "sqlite":
        pytest.skip("edits the SQLite backup file itself")
    conn = sqlite3.connect(good_backup)
    conn.execute('CREATE TABLE "odd""name" (x)')
    conn.commit()
    conn.close()
    _refused(engine, good_backup, capsys, "cannot be read as this CRM's database")
