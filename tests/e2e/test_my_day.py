"""A manager opens "My day", closes an overdue task logging the call and setting the next step in the
same form; the call shows on the client's timeline."""
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Task

from .helpers import sign_in, wait_idle


def test_manager_closes_a_task_with_its_follow_up_on_my_day(server, page, seeded, engine):
    sign_in(page, server, "mgr_a")
    page.get_by_test_id("stSidebar").get_by_role("link", name="My day").click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="My day")).to_be_visible()
    expect(page.get_by_test_id("stMetric").filter(has_text="Overdue tasks")).to_contain_text("1")
    page.get_by_test_id("stSelectbox").filter(has_text="Close a task").click()
    page.get_by_role("option", name="Перезвонить").click()
    wait_idle(page)
    page.get_by_role("textbox", name="Subject").fill("Дозвонилась до снабженца")
    page.get_by_role("textbox", name="Outcome").fill("Ждут КП до пятницы")
    page.get_by_role("textbox", name="Next step").fill("Отправить КП на саморезы")
    page.get_by_role("button", name="Close the task").click()
    wait_idle(page)
    expect(page.get_by_text("Task closed, the activity logged and the next step scheduled")).to_be_visible()
    expect(page.get_by_test_id("stMetric").filter(has_text="Overdue tasks")).to_contain_text("0")
    # The call is on the client's timeline, and the next step is a task of Anna's on the client.
    page.goto(f"{server}/client?id={seeded.clients['a1']}")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Альфа Строй")).to_be_visible()
    page.get_by_role("tab", name="Timeline").click()
    expect(page.get_by_text("Дозвонилась до снабженца")).to_be_visible()
    with Session(engine) as s:
        follow = s.scalar(select(Task).where(Task.title == "Отправить КП на саморезы"))
    assert (follow.client_id, follow.assignee_id, follow.done) == (seeded.clients["a1"], seeded.users["mgr_a"], False)
