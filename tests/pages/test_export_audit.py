"""Exports are audited (issue 15, item 13): every file made from a list, and the command
line's export, is an audit row (who, what, rows, format) that leaves the caches alone; heads
see an alert on unusually large exports by their people, and nobody else's."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.generation import current_generation
from db.io.__main__ import main as cli
from db.models import AuditEntry

from .conftest import DEFERRED_FILES, signed_in


def _exports(engine) -> list[AuditEntry]:
    with Session(engine) as s:
        return s.scalars(select(AuditEntry).where(AuditEntry.action == "export").order_by(AuditEntry.id)).all()


def _download(at, name: str, kind: str) -> bytes:
    button = next(b for b in at.get("download_button") if b.proto.id.endswith(f"export_{name}_{kind}"))
    return DEFERRED_FILES[button.proto.deferred_file_id]()


def test_a_download_from_a_list_is_recorded_with_its_rows_and_format(seeded, engine):
    at = signed_in("mgr_a", "pages/clients.py")
    assert not at.exception
    assert _exports(engine) == []  # showing the buttons is not an export
    with engine.connect() as conn:
        generation = current_generation(conn)
    _download(at, "Clients", "csv")
    _download(at, "Clients", "xlsx")
    got = _exports(engine)
    assert [(e.user_id, e.changes["what"][1], e.changes["rows"][1], e.changes["format"][1]) for e in got] == [
        (seeded.users["mgr_a"], "Clients", 2, "csv"), (seeded.users["mgr_a"], "Clients", 2, "xlsx")]
    with engine.connect() as conn:
        assert current_generation(conn) == generation  # no cache was emptied by it


def test_the_command_lines_export_is_recorded(seeded, engine, tmp_path, capsys):
    assert cli(["--lang", "en", "export", "--kind", "clients", "--file", str(tmp_path / "c.xlsx"),
                "--as", "head_n"]) == 0
    assert cli(["--lang", "en", "export", "--kind", "deals", "--file", str(tmp_path / "d.csv")]) == 0
    got = _exports(engine)
    assert [(e.user_id, e.changes["what"][1], e.changes["rows"][1], e.changes["format"][1],
             e.changes["source"][1]) for e in got] == [
        (seeded.users["head_n"], "clients", 4, "xlsx", "command line"), (None, "deals", 2, "csv", "command line")]


def _warnings(login: str) -> str:
    at = signed_in(login, "pages/home.py")
    assert not at.exception
    return "\n".join(w.value for w in at.warning)


def test_heads_see_an_alert_on_their_peoples_large_exports(seeded, engine, monkeypatch):
    monkeypatch.setenv("CRM_EXPORT_ALERT_ROWS", "3")
    at = signed_in("mgr_a", "pages/clients.py")
    _download(at, "Clients", "csv")  # 2 rows: below the alert
    assert "Unusually large exports" not in _warnings("head_n")
    _download(at, "Clients", "xlsx")  # 4 rows in a day: the alert
    for login in ("head_n", "director", "admin"):
        text = _warnings(login)
        assert "Unusually large exports: Anna Manager took 4 rows in 2 files" in text, login
    for login in ("head_s", "mgr_a", "mgr_b"):  # another department's head; managers
        assert "Unusually large exports" not in _warnings(login), login
