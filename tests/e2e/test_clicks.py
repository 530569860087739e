"""Issue 18 in the browser: a list opens its record on a click, a card's save leaves the person
on their tab with the new entry in view, phones are tel: links; the card and My day fit a phone."""
from playwright.sync_api import expect
from sqlalchemy import update
from sqlalchemy.orm import Session

from db.generation import bump_generation
from db.models import Client

from .conftest import ARTIFACTS
from .helpers import sign_in, wait_idle


def first_row_cell(scope, x_offset: int):
    """Click the first data row of the first table in `scope`, `x_offset` pixels from its left edge
    (on the grid's scroller over its canvas: Playwright waits until it is there and stable)."""
    grid = scope.get_by_test_id("stDataFrame").first.locator(".dvn-scroller")  # it takes the pointer
    expect(grid).to_be_visible()
    grid.hover(position={"x": x_offset, "y": 35 + 17})  # the grid tracks the pointer before a click
    grid.click(position={"x": x_offset, "y": 35 + 17})


def test_a_click_on_a_client_name_opens_the_card_and_a_call_stays_in_view(server, page, seeded, engine):
    with Session(engine) as s:
        s.execute(update(Client).where(Client.id == seeded.clients["a2"]).values(phone="+7 (495) 123-45-67",
                                                                               email="info@arktika.example.ru"))
        bump_generation(s)
        s.commit()
    sign_in(page, server, "mgr_a")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Clients").click()
    wait_idle(page)
    page.get_by_role("textbox", name="Search").fill("арктика")
    page.get_by_role("button", name="Find").click()
    wait_idle(page)
    expect(page.get_by_text("1 client found")).to_be_visible()
    # The name's cell, right of the row's box and the narrow "open in a new tab" link column.
    page.screenshot(path=str(ARTIFACTS / "clicks_clients_list.png"))
    # The link column's icon opens the card in a new tab (signed in by the cookie); this tab stays on the list.
    with page.context.expect_page() as opened:
        first_row_cell(page, 57)
    card_tab = opened.value
    expect(card_tab.get_by_role("heading", name="Арктика")).to_be_visible()
    assert f"client?id={seeded.clients['a2']}" in card_tab.url
    card_tab.close()
    expect(page.get_by_role("heading", name="Clients")).to_be_visible()
    first_row_cell(page, 160)  # the name's cell: the card opens here
    expect(page.get_by_role("heading", name="Арктика")).to_be_visible()
    assert f"client?id={seeded.clients['a2']}" in page.url
    wait_idle(page)
    # The phone and the e-mail are links.
    expect(page.locator("a[href='tel:+74951234567']")).to_have_text("+7 (495) 123-45-67")
    expect(page.locator("a[href='mailto:info@arktika.example.ru']")).to_be_visible()
    # A call logged on the third tab: the tab stays, the message names it, the entry is on top, marked.
    page.get_by_role("tab", name="Timeline").click()
    wait_idle(page)
    panel = page.get_by_role("tabpanel", name="Timeline")
    panel.get_by_role("textbox", name="Subject").fill("Звонок: договорились о встрече")
    panel.get_by_role("button", name="Log it").click()
    wait_idle(page)
    expect(page.get_by_role("tab", name="Timeline")).to_have_attribute("aria-selected", "true")
    expect(panel.get_by_text("Logged: Call «Звонок: договорились о встрече».")).to_be_visible()
    # The feed's first entry is the new one, marked, and on the screen without scrolling.
    entry = panel.locator(".st-key-just_logged")
    expect(entry).to_contain_text("Just logged")
    expect(entry).to_contain_text("Звонок: договорились о встрече")
    expect(entry).to_be_in_viewport()
    page.screenshot(path=str(ARTIFACTS / "clicks_timeline_after_log.png"), full_page=True)
    assert "card_tab=Timeline" in page.url
    # The contacts: a click on a contact's row opens it for editing, on the same tab.
    page.get_by_role("tab", name="Contacts").click()
    wait_idle(page)
    contacts = page.get_by_role("tabpanel", name="Contacts")
    first_row_cell(contacts, 60)  # the name, left of the phone's link
    wait_idle(page)
    expect(contacts.get_by_role("button", name="The person no longer works there")).to_be_visible()
    expect(contacts.get_by_role("textbox", name="Full name").last).to_have_value("Контакт Арктика")


def test_the_card_and_my_day_fit_a_phone_screen(server, browser, seeded, engine):
    """390 px wide (a phone): nothing wider than the screen, no sideways scrolling."""
    with Session(engine) as s:
        s.execute(update(Client).where(Client.id == seeded.clients["a1"]).values(phone="+7 (495) 123-45-67"))
        bump_generation(s)
        s.commit()
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US", is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    try:
        sign_in(page, server, "mgr_a")
        widths = {}
        for name, path, heading in [("card", f"client?id={seeded.clients['a1']}", "Альфа Строй"),
                                    ("my_day", "my-day", "My day")]:
            page.goto(f"{server}/{path}")
            wait_idle(page)
            expect(page.get_by_role("heading", name=heading)).to_be_visible()
            if name == "card":
                expect(page.locator("a[href='tel:+74951234567']")).to_be_visible()
            else:  # the tasks, each a row with its Done button, on the screen's width
                expect(page.get_by_role("button", name="Done").first).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / f"phone_390_{name}.png"))
            widths[name] = page.evaluate("document.documentElement.scrollWidth")
            # The app scrolls inside its own container: check that too.
            widths[name + "_main"] = page.evaluate(
                "Math.max(...[...document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer]')]"
                ".map(e => e.scrollWidth))")
        assert max(widths.values()) <= 390, widths
        # To look at: the whole of My day on a tall phone-wide window (the app scrolls in its own box).
        page.set_viewport_size({"width": 390, "height": 2400})
        wait_idle(page)
        page.screenshot(path=str(ARTIFACTS / "phone_390_my_day_tall.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
