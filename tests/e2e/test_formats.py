"""In Russian the browser shows numbers the Russian way ("1 555 383", "64,7 %") and none of
Streamlit's own English ("Choose options", "Press Enter to submit form", "200MB per file",
"Upload") — issue 18, items 1 and 2. Screenshots of the ABC, plans, product and forecast pages,
Russian and English at 1440 px, go to tests/e2e/artifacts/formats-*.png to be looked at."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlalchemy import update
from sqlalchemy.orm import Session

from db.models import User

from .conftest import ARTIFACTS
from .helpers import sign_in, wait_idle

ENGLISH = ("Choose options", "Choose an option", "Press Enter", "200MB", "per file", "Drag and drop",
           "Browse files", "Upload", "RUB", "No results", "Download as CSV", "Skip to main content")
# A number grouped in thousands the Russian way: a (no-break or thin) space between the groups.
RUSSIAN_GROUPED = re.compile(r"\d[\u00a0\u202f ]\d{3}\b")
ENGLISH_GROUPED = re.compile(r"\d,\d{3}\b")


def speak(engine, login: str, lang: str) -> None:
    with Session(engine) as s:
        s.execute(update(User).where(User.login == login).values(language=lang))
        s.commit()


def open_path(page: Page, server: str, path: str) -> None:
    page.goto(f"{server}/{path}")
    wait_idle(page)
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    wait_idle(page)


def grid_cells(page: Page, index: int = -1) -> list[str]:
    """The text of a table's cells (the grid draws on a canvas; its accessible table holds the
    same text once the grid is on screen)."""
    grid = page.get_by_test_id("stDataFrame").nth(index)
    grid.scroll_into_view_if_needed()
    expect(grid.locator("table td").first).to_be_attached()
    return [c.strip() for c in grid.locator("table td").all_inner_texts()]


def english_on(page: Page) -> list[str]:
    body = page.locator("body").inner_text()
    return [word for word in ENGLISH if word in body]


def lang_of(page: Page) -> str:
    return "ru" if "Главная" in page.locator("body").inner_text() else "en"


def shoot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"formats-{name}.png"), full_page=True)


def test_russian_pages_write_numbers_the_russian_way_and_no_streamlit_english(server, browser, seeded, engine):
    speak(engine, "head_n", "ru")
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="en-US")  # an English browser
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        sign_in(page, server, "head_n")

        open_path(page, server, "abc")
        expect(page.get_by_role("heading", name="ABC/XYZ")).to_be_visible()
        expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
        assert "Все классы" in page.get_by_test_id("stMultiSelect").first.inner_html()  # its placeholder
        # The grid paints its cells on a canvas; the accessible table under it holds the cells'
        # values (numbers unformatted: the formatted text is checked in tests/pages/test_formats.py).
        # The classes grid's cells are text: "1 · 100 000 ₽".
        cells = grid_cells(page, 0)
        assert any(RUSSIAN_GROUPED.search(c) for c in cells), cells  # 100 000 of Anna's client
        assert not [c for c in cells + grid_cells(page) if ENGLISH_GROUPED.search(c)], cells
        shoot(page, "abc-ru")
        assert not english_on(page), english_on(page)

        # A form's field, typed into: Streamlit's "Press Enter to submit form", in Russian.
        open_path(page, server, "clients")
        search = page.get_by_test_id("stTextInput").first.locator("input")
        search.fill("Вег")
        expect(page.get_by_test_id("InputInstructions").first).to_contain_text("Нажмите Enter")
        assert not english_on(page), english_on(page)

        # The file drop zone: "Загрузить", "до 200 МБ на файл".
        open_path(page, server, "import")
        zone = page.get_by_test_id("stFileUploaderDropzone").first
        expect(zone).to_contain_text("Загрузить")
        expect(zone).to_contain_text("до 200 МБ на файл")
        assert not english_on(page), english_on(page)

        # A date field's calendar: Russian months, "Выберите дату", not "Choose date".
        open_path(page, server, "absences")
        page.get_by_test_id("stDateInputField").first.click()
        calendar = page.get_by_test_id("stDateInputCalendar")
        expect(calendar).to_contain_text("Выберите дату")
        assert re.search(r"январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|декабрь",
                         calendar.inner_text()), calendar.inner_text()
        assert not english_on(page) and "Choose date" not in page.locator("body").inner_text()
        page.keyboard.press("Escape")

        for path in ("plans", "forecast", f"product?id={seeded.product_id}"):
            open_path(page, server, path)
            expect(page.get_by_test_id("stException")).to_have_count(0)
            shoot(page, f"{path.split('?')[0]}-ru")
            assert not english_on(page), (path, english_on(page))
            metrics = " ".join(page.get_by_test_id("stMetricValue").all_inner_texts())
            assert not ENGLISH_GROUPED.search(metrics), (path, metrics)
    finally:
        page.screenshot(path=str(ARTIFACTS / f"formats-last-{lang_of(page)}.png"), full_page=True)
        context.close()


def test_english_pages_for_the_screenshots(server, browser, seeded, engine):
    speak(engine, "head_n", "en")
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        sign_in(page, server, "head_n")
        open_path(page, server, "abc")
        expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
        cells = grid_cells(page, 0)
        assert any(ENGLISH_GROUPED.search(c) for c in cells), cells  # "1 · RUB 100,000"
        shoot(page, "abc-en")
        for path in ("plans", "forecast", f"product?id={seeded.product_id}"):
            open_path(page, server, path)
            expect(page.get_by_test_id("stException")).to_have_count(0)
            shoot(page, f"{path.split('?')[0]}-en")
            metrics = " ".join(page.get_by_test_id("stMetricValue").all_inner_texts())
            assert "RUB\u00a0" in metrics or "RUB " in metrics or "RUB" not in metrics, metrics
            assert not re.search(r"RUB\d", metrics), metrics
    finally:
        page.screenshot(path=str(ARTIFACTS / f"formats-last-{lang_of(page)}.png"), full_page=True)
        context.close()
