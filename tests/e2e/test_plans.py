"""A head sets a manager's plan through the form; the manager, signing in, sees it on the home page."""
from playwright.sync_api import expect

from .helpers import sign_in, wait_idle


def test_head_sets_a_plan_and_the_manager_sees_it(server, browser, page, seeded):
    sign_in(page, server, "head_n")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Plans and commission").click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="A manager's plan for a month")).to_be_visible()
    page.get_by_test_id("stSelectbox").filter(has_text="Manager").click()
    page.get_by_role("option", name="Boris Manager").click()
    # The form is rebuilt for Boris (Anna's plan was shown first): wait for it, not for time.
    expect(page.get_by_text("Now: no plan set")).to_be_visible()
    wait_idle(page)
    amount = page.get_by_role("spinbutton", name="Plan amount")
    amount.fill("250000")
    amount.press("Tab")
    page.get_by_role("button", name="Save the plan").click()
    wait_idle(page)
    expect(page.get_by_text("Plan saved: Boris Manager")).to_be_visible()

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    manager = context.new_page()
    manager.set_default_timeout(20_000)
    try:
        sign_in(manager, server, "mgr_b")
        expect(manager.get_by_role("heading", name="My plan for")).to_be_visible()
        plan = manager.get_by_test_id("stMetric").filter(has_text="Plan").filter(has_text="RUB\u00a0250,000")
        expect(plan.first).to_be_visible()
        expect(manager.get_by_test_id("stMetric").filter(has_text="Remaining").first).to_contain_text("RUB\u00a0250,000")
    finally:
        context.close()
