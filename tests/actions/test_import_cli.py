"""`python -m db.io import`: the summary, the rejected rows written beside the file, the exit status."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.io.__main__ import main as cli
from db.models import Client
from tests.world import make_inn

INN = make_inn("770600001")


def clients(engine) -> int:
    with Session(engine) as s:
        return s.scalar(select(func.count(Client.id)))


def test_the_command_imports_and_writes_the_rejected_rows(seeded, engine, tmp_path, capsys):
    path = tmp_path / "clients.csv"
    path.write_bytes(f"Наименование;ИНН\r\nКонсоль;{INN}\r\n;1\r\n".encode("cp1251"))
    before = clients(engine)
    assert cli(["--lang", "en", "import", "--kind", "clients", "--file", str(path), "--dry-run"]) == 2
    assert clients(engine) == before
    assert "a dry run: nothing was written" in capsys.readouterr().out
    assert cli(["--lang", "en", "import", "--kind", "clients", "--file", str(path), "--as", "head_n"]) == 2
    out = capsys.readouterr().out
    assert "created 1" in out and "rejected 1" in out and "Windows-1251" in out
    rejected = (tmp_path / "clients.rejected.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rejected == ["Row;Why rejected;Наименование;ИНН",
                        '3;"Name (Наименование): This field is required.; INN (ИНН): Not a valid INN: 10 or 12 '
                        'digits with a correct check digit.";;1']
    assert clients(engine) == before + 1
    # The same file again: matched, not duplicated.
    assert cli(["--lang", "en", "import", "--kind", "clients", "--file", str(path), "--as", "head_n"]) == 2
    assert "unchanged 1" in capsys.readouterr().out and clients(engine) == before + 1


def test_a_file_that_cannot_be_used_exits_1_and_writes_nothing(seeded, engine, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes("Город\r\nМосква\r\n".encode())
    before = clients(engine)
    assert cli(["--lang", "en", "import", "--kind", "clients", "--file", str(path)]) == 1
    assert "required field Name" in capsys.readouterr().err
    assert cli(["--lang", "en", "import", "--kind", "clients", "--file", str(path), "--as", "mgr_a"]) == 1
    assert "Your role may not do this." in capsys.readouterr().err
    mapping = tmp_path / "m.json"
    mapping.write_text('{"kind": "deals"}')
    assert cli(["--lang", "en", "import", "--kind", "clients", "--file", str(path), "--mapping", str(mapping)]) == 1
    assert clients(engine) == before
