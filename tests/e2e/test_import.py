"""A head uploads an accounting CSV (Windows-1251, `;`, decimal commas) through the wizard, checks it,
sees the bad row's reason, imports, and finds the new client in the list — with its export buttons."""
from playwright.sync_api import expect

from tests.world import make_inn

from .helpers import sign_in, wait_idle

INN = make_inn("770500001")
FILE = ("Наименование;ИНН;Менеджер;Лимит\r\n"
        f"Браузерный Импорт;{INN};Boris Manager;2 500,75\r\n"
        ";;Boris Manager;\r\n").encode("cp1251")


def test_head_imports_a_file_through_the_wizard(server, page, seeded, tmp_path):
    path = tmp_path / "1c-clients.csv"
    path.write_bytes(FILE)
    sign_in(page, server, "head_n")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Import").click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Import")).to_be_visible()
    page.get_by_test_id("stFileUploader").first.locator("input[type=file]").set_input_files(str(path))
    expect(page.get_by_text("Windows-1251")).to_be_visible()
    wait_idle(page)
    expect(page.get_by_role("heading", name="2. Columns")).to_be_visible()

    page.get_by_role("button", name="Check the file").click()
    wait_idle(page)
    expect(page.get_by_text("A check: nothing was written.")).to_be_visible()
    expect(page.get_by_text("First problem, row 3: Name (Наименование): This field is required.")).to_be_visible()

    page.get_by_role("button", name="Import", exact=True).click()
    wait_idle(page)
    expect(page.get_by_text("Imported from 1c-clients.csv.")).to_be_visible()
    expect(page.get_by_role("button", name="Download the rejected rows")).to_be_visible()

    page.get_by_test_id("stSidebar").get_by_role("link", name="Clients").click()
    wait_idle(page)
    page.get_by_role("textbox", name="Search").fill(INN)
    page.get_by_role("button", name="Find").click()
    wait_idle(page)
    expect(page.get_by_text("1 client found")).to_be_visible()
    expect(page.get_by_role("button", name="Excel", exact=True)).to_be_visible()
    # The file is made on the click (the whole filtered list): allow a loaded machine time for it.
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="CSV", exact=True).click()
    text = download.value.path().read_bytes().decode("utf-8-sig")
    assert "Браузерный Импорт" in text and "Вега Пром" not in text
