"""A manager finds a client, opens the card by clicking its row, logs a call and sees it on the timeline."""
from playwright.sync_api import expect

from .helpers import sign_in, wait_idle


def test_manager_searches_opens_the_card_and_logs_a_call(server, page, seeded):
    sign_in(page, server, "mgr_a")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Clients").click()
    wait_idle(page)
    page.get_by_role("textbox", name="Search").fill("арктика")
    page.get_by_role("button", name="Find").click()
    wait_idle(page)
    expect(page.get_by_text("1 client found")).to_be_visible()
    # Click the row's selection cell at the left of the first data row.
    grid = page.get_by_test_id("stDataFrame").first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)
    expect(page.get_by_role("heading", name="Арктика")).to_be_visible()
    wait_idle(page)
    page.get_by_role("tab", name="Timeline").click()
    page.get_by_role("textbox", name="Subject").fill("Звонок: договорились о встрече")
    page.get_by_role("button", name="Log it").click()
    wait_idle(page)
    expect(page.get_by_text("Logged: Call «Звонок: договорились о встрече».").first).to_be_visible()
    page.get_by_role("tab", name="Timeline").click()
    panel = page.get_by_role("tabpanel", name="Timeline")
    expect(panel.get_by_text("Звонок: договорились о встрече", exact=True)).to_be_visible()
    expect(panel.get_by_text("Anna Manager").first).to_be_visible()
