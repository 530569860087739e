"""A manager opens the analyses from the menu: ABC/XYZ of own clients, the leaders of a segment
turned into pilot tasks (once, however often the button is pressed), and product sales."""
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Task

from .helpers import sign_in, wait_idle


def open_page(page, name):
    page.get_by_test_id("stSidebar").get_by_role("link", name=name).click()
    wait_idle(page)


def test_manager_reviews_classes_and_makes_pilot_tasks(server, page, seeded, engine):
    # First in the run, this test may meet a cold server: let its first script run finish.
    page.goto(server)
    expect(page.get_by_role("textbox", name="Login")).to_be_visible(timeout=60_000)
    sign_in(page, server, "mgr_a")
    open_page(page, "ABC/XYZ")
    expect(page.get_by_role("heading", name="ABC/XYZ")).to_be_visible()
    expect(page.get_by_test_id("stMetric").filter(has_text="Total")).to_contain_text("2")  # Anna's two clients
    page.get_by_text("Coverage", exact=True).click()
    wait_idle(page)
    expect(page.get_by_text("A-clients with no call, letter, e-mail or meeting since")).to_be_visible()

    open_page(page, "Segments and leaders")
    page.get_by_text("Leaders", exact=True).click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Follow-up tasks for the owners")).to_be_visible()
    page.get_by_role("button", name="Create the tasks").click()
    wait_idle(page)
    expect(page.get_by_text("Tasks created: 1. Already had one: 0.")).to_be_visible()
    page.get_by_role("button", name="Create the tasks").click()
    wait_idle(page)
    expect(page.get_by_text("Tasks created: 0. Already had one: 1.")).to_be_visible()
    with Session(engine) as s:
        tasks = s.scalars(select(Task).where(Task.source == "pilot")).all()
        assert [(t.client_id, t.assignee_id) for t in tasks] == [(seeded.clients["a1"], seeded.users["mgr_a"])]

    open_page(page, "Product sales")
    expect(page.get_by_role("heading", name="Product sales")).to_be_visible()
    expect(page.get_by_role("heading", name="Top clients in 12 months")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
