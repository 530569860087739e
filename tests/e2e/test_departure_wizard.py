"""A head runs the departure wizard for a manager in a real browser and sees the counts reconcile."""
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from db.models import User

from .helpers import sign_in, wait_idle


def choose(page, label: str, option: str) -> None:
    """Open the selectbox, type to narrow its options, pick the one."""
    page.get_by_test_id("stSelectbox").filter(has_text=label).locator("input").click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option).click()
    wait_idle(page)


def test_head_sees_a_manager_out_and_the_counts_reconcile(server, page, seeded, engine):
    sign_in(page, server, "head_n")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Handover").click()
    wait_idle(page)
    page.get_by_role("tab", name="Departure").click()
    choose(page, "Leaving manager", "Anna Manager")
    panel = page.get_by_role("tabpanel", name="Departure")
    # What is at risk: her two clients, most valuable first, with the completeness score.
    expect(panel.get_by_text("2. What is at risk")).to_be_visible()
    expect(panel.get_by_test_id("stMetric").first).to_contain_text("Clients2")
    choose(page, "Successor", "Boris Manager")
    panel.get_by_role("button", name="Preview").click()
    wait_idle(page)
    expect(panel.get_by_text("4. Preview and apply")).to_be_visible()
    panel.get_by_text("I have checked the preview").click()
    panel.get_by_role("button", name="Apply and close the account").click()
    wait_idle(page)
    expect(page.get_by_text("The counts reconcile: 2 clients, 1 open deals and 2 open tasks all have new owners"))\
        .to_be_visible()
    expect(panel.get_by_test_id("stDataFrame").first).to_be_visible()  # the reconciliation table
    with Session(engine) as s:
        assert s.get(User, seeded.users["mgr_a"]).active is False
