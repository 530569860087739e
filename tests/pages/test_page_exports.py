"""Every list and report offers its rows as .xlsx and CSV, holding what the viewer sees and no more."""
import csv
import io

import pytest
from openpyxl import load_workbook

from .conftest import DEFERRED_FILES, downloads, signed_in

# page, who opens it, the file's name (as on its buttons), a header and a value the CSV must hold
REPORTS = [
    ("pages/funnel.py", "head_n", "Funnel by stage", "Stage", "Proposal"),
    ("pages/funnel.py", "director", "Funnel by manager", "Manager", "Vera Manager"),
    ("pages/forecast.py", "head_n", "Forecast", "Weighted pipeline", None),
    ("pages/forecast.py", "head_n", "Backtest", "Run rate said", None),
    ("pages/abc.py", "director", "ABC-XYZ", "Client", "Вега Пром"),
    ("pages/territories.py", "head_n", "Workload", "Manager", "Boris Manager"),
    ("pages/handover.py", "director", "Clients", "Client", "Гамма Снаб"),
    ("pages/products.py", "mgr_a", "Products", "SKU", "KR-001"),
    ("pages/users.py", "admin", "Users", "Login", "gleb"),
    ("pages/my_day.py", "head_n", "Team", "Manager", "Boris Manager"),
]


def _file(at, name: str, kind: str) -> bytes:
    button = next((b for b in at.get("download_button") if b.proto.id.endswith(f"export_{name}_{kind}")), None)
    assert button is not None, f"no {kind} export of {name!r}"
    return DEFERRED_FILES[button.proto.deferred_file_id]()


@pytest.mark.parametrize(("page", "login", "name", "header", "value"), REPORTS,
                         ids=[f"{r[0].split('/')[1][:-3]}-{r[2]}" for r in REPORTS])
def test_each_report_exports_what_it_shows(seeded, page, login, name, header, value):
    at = signed_in(login, page)
    assert not at.exception
    rows = list(csv.reader(io.StringIO(_file(at, name, "csv").decode("utf-8-sig"))))
    assert any(header in cell for cell in rows[0]), rows[0]
    if value is not None:
        assert value in {cell for row in rows[1:] for cell in row}
    book = load_workbook(io.BytesIO(_file(at, name, "xlsx")))
    sheet = book.active
    assert sheet.max_row >= len(rows)  # the same rows (the workbook may add a title row)


def test_a_managers_exports_hold_only_their_clients(seeded):
    at = signed_in("mgr_a", "pages/funnel.py")
    files = "\n".join(downloads(at, ".csv"))
    assert "Поставка крепежа" in files or "Proposal" in files
    for foreign in ("Вега Пром", "Бета Торг", "Boris Manager", "Vera Manager"):
        assert foreign not in files
    at = signed_in("mgr_a", "pages/clients.py")
    files = "\n".join(downloads(at, ".csv"))
    assert "Альфа Строй" in files and "Арктика" in files
    assert "Вега Пром" not in files and "Бета Торг" not in files
