"""The calendar in a browser (issue 21): a manager drags a task to another day and time, and the
task's date and time change in the database and on the page — through the "Move" form's action
(db/actions/activities.reschedule_task); a click on a card opens its panel; on a 390-px phone
the week scrolls inside the grid, not the page."""
import datetime as dt

from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import access
from db.models import AuditEntry, Task, User
from ui.calendar import week_start

from .helpers import sign_in, wait_idle

FIRST_HOUR, LAST_HOUR = 8, 20  # ui/calendar_grid: the hours shown when no task lies outside them


def add_task(engine, seeded, title: str, day: dt.date, at: dt.time | None, minutes: int | None) -> int:
    with Session(engine) as s:
        task = Task(assignee_id=seeded.users["mgr_a"], created_by_id=seeded.users["mgr_a"],
                    client_id=seeded.clients["a1"], title=title, due_on=day, due_time=at, duration_minutes=minutes)
        s.add(task)
        s.commit()
        return task.id


def open_calendar(page: Page, server: str) -> None:
    page.goto(f"{server}/calendar")
    expect(page.get_by_role("heading", name="Calendar")).to_be_visible()
    expect(page.locator(".cal")).to_be_visible()
    wait_idle(page)


def drag_to(page: Page, card, x: float, y: float) -> None:
    """A person's drag: press on the card, move in steps to the point, release."""
    a = card.bounding_box()
    page.mouse.move(a["x"] + a["width"] / 2, a["y"] + min(a["height"] / 2, 8))
    page.mouse.down()
    page.mouse.move(a["x"] + a["width"] / 2 + 15, a["y"] + 12, steps=4)
    page.mouse.move(x, y, steps=15)
    page.mouse.up()


def slot_point(page: Page, day: dt.date, at: dt.time) -> tuple[float, float]:
    """The middle of the half-hour `at` in the day's column."""
    column = page.locator(f".day-col[data-day='{day.isoformat()}']")
    column.scroll_into_view_if_needed()
    box = column.bounding_box()
    per = box["height"] / ((LAST_HOUR - FIRST_HOUR) * 2)
    index = ((at.hour - FIRST_HOUR) * 60 + at.minute) // 30
    return box["x"] + box["width"] / 2, box["y"] + (index + 0.5) * per


def test_a_manager_drags_a_task_to_another_day_and_time(server, page, seeded, engine):
    monday = week_start(access.today())
    tuesday, thursday = monday + dt.timedelta(days=1), monday + dt.timedelta(days=3)
    task_id = add_task(engine, seeded, "Встреча на объекте", tuesday, dt.time(9, 0), 60)
    sign_in(page, server, "mgr_a")
    open_calendar(page, server)
    expect(page.locator(".gutter .hour").first).to_have_text(f"{FIRST_HOUR:02d}:00")
    card = page.locator(f".day-col[data-day='{tuesday.isoformat()}'] .task", has_text="Встреча на объекте")
    expect(card).to_contain_text("09:00–10:00")
    drag_to(page, card, *slot_point(page, thursday, dt.time(14, 30)))
    expect(page.get_by_text("Task moved to", exact=False)).to_contain_text(", 14:30.")
    wait_idle(page)
    moved = page.locator(f".day-col[data-day='{thursday.isoformat()}'] .task", has_text="Встреча на объекте")
    expect(moved).to_contain_text("14:30–15:30")
    expect(page.locator(f".day-col[data-day='{tuesday.isoformat()}'] .task",
                        has_text="Встреча на объекте")).to_have_count(0)
    with Session(engine) as s:
        task = s.get(Task, task_id)
        assert (task.due_on, task.due_time, task.duration_minutes) == (thursday, dt.time(14, 30), 60)
        row = s.scalars(select(AuditEntry).where(AuditEntry.action == "reschedule_task",
                                                 AuditEntry.entity_id == str(task_id))).one()
        assert s.get(User, row.user_id).login == "mgr_a"
    # To the whole-day row of Friday: the time goes, the task is for the whole day.
    friday = monday + dt.timedelta(days=4)
    cell = page.locator(f".allday-cell[data-day='{friday.isoformat()}']")
    box = cell.bounding_box()
    drag_to(page, moved, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(cell.locator(".task", has_text="Встреча на объекте")).to_be_visible()
    with Session(engine) as s:
        task = s.get(Task, task_id)
        assert (task.due_on, task.due_time, task.duration_minutes) == (friday, None, None)


def test_a_click_on_a_card_opens_the_task_and_its_invitation(server, page, seeded, engine):
    tomorrow = access.today() + dt.timedelta(days=1)  # a meeting still ahead: one may invite to it
    add_task(engine, seeded, "Переговоры", tomorrow, dt.time(11, 0), 90)
    sign_in(page, server, "mgr_a")
    open_calendar(page, server)
    if tomorrow.weekday() == 0:  # today is Sunday: tomorrow is in the next week
        page.get_by_role("button", name="Next week").click()
        wait_idle(page)
    page.locator(".task", has_text="Переговоры").click()
    expect(page.get_by_role("button", name="Reschedule")).to_be_visible()
    expect(page.get_by_role("button", name="Send invitation")).to_be_visible()


def test_on_a_390_px_phone_the_week_scrolls_inside_the_grid(server, browser, seeded):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    try:
        sign_in(page, server, "mgr_a")
        open_calendar(page, server)
        scroll, width = page.locator(".cal-scroll").evaluate("b => [b.scrollWidth, b.clientWidth]")
        assert scroll > width + 200  # seven days side by side
        for container in ("document.documentElement", "document.querySelector(\"[data-testid='stMain']\")"):
            assert page.evaluate(f"(() => {{ const e = {container}; return e.scrollWidth <= e.clientWidth; }})()"), (
                container)
        today = access.today().isoformat()
        expect(page.locator(f".day-head[data-day='{today}']")).to_be_in_viewport()  # today is brought into view
        expect(page.locator(".gutter .hour").first).to_be_in_viewport()  # the hours stay beside it
        page.get_by_role("radio", name="Day", exact=True).click()
        wait_idle(page)
        expect(page.locator(".day-head")).to_have_count(1)
        scroll, width = page.locator(".cal-scroll").evaluate("b => [b.scrollWidth, b.clientWidth]")
        assert scroll <= width
    finally:
        context.close()


def test_on_a_phone_a_finger_drags_a_task_by_its_grip_in_the_day_view(server, browser, seeded, engine):
    """Touch: the grip drags (the rest of the card lets the page scroll under the finger)."""
    today = access.today()
    task_id = add_task(engine, seeded, "Звонок с утра", today, dt.time(9, 0), 30)
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                  locale="en-US")
    page = context.new_page()
    try:
        sign_in(page, server, "mgr_a")
        open_calendar(page, server)
        page.get_by_role("radio", name="Day", exact=True).click()
        wait_idle(page)
        expect(page.locator(".day-head")).to_have_count(1)
        column = page.locator(f".day-col[data-day='{today.isoformat()}']")
        column.evaluate("c => c.scrollIntoView({block: 'start'})")
        grip = column.locator(".task", has_text="Звонок с утра").locator(".grip")
        expect(grip).to_be_visible()
        box = grip.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        tx, ty = slot_point(page, today, dt.time(13, 0))
        touch = context.new_cdp_session(page)
        touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
        for i in range(1, 21):
            touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [
                {"x": x + (tx - x) * i / 20, "y": y + (ty - y) * i / 20}]})
        touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        expect(page.get_by_text("Task moved to", exact=False)).to_contain_text(", 13:00.")
        with Session(engine) as s:
            task = s.get(Task, task_id)
            assert (task.due_on, task.due_time, task.duration_minutes) == (today, dt.time(13, 0), 30)
    finally:
        context.close()


def test_on_a_390_px_phone_a_card_held_at_the_grids_edge_reaches_a_day_out_of_view(server, browser, seeded, engine):
    """A week shows about three days at 390 px: held near the edge, the grid scrolls to the others."""
    today = access.today()
    monday = week_start(today)
    target = monday if today.weekday() >= 3 else monday + dt.timedelta(days=6)  # the far end of the week
    task_id = add_task(engine, seeded, "Через край", today, dt.time(10, 0), 30)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    try:
        sign_in(page, server, "mgr_a")
        open_calendar(page, server)
        page.locator(".cal").evaluate("c => c.scrollIntoView({block: 'start'})")
        head = page.locator(f".day-head[data-day='{target.isoformat()}']")
        expect(head).not_to_be_in_viewport()
        card = page.locator(f".day-col[data-day='{today.isoformat()}'] .task", has_text="Через край")
        box = card.bounding_box()
        grid = page.locator(".cal-scroll").bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 8)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] / 2 + 10, box["y"] + 20, steps=3)
        edge = grid["x"] + 60 if target < today else grid["x"] + grid["width"] - 8
        page.mouse.move(edge, box["y"] + 20, steps=10)
        def in_view(column) -> bool:
            return grid["x"] + 50 < column["x"] + column["width"] / 2 < grid["x"] + grid["width"] - 40

        for i in range(100):  # held at the edge until the far day is in view (the grid scrolls by itself)
            column = page.locator(f".day-col[data-day='{target.isoformat()}']").bounding_box()
            if in_view(column):
                break
            page.mouse.move(edge + i % 2, box["y"] + 20)
            page.wait_for_timeout(60)
        assert in_view(column), column
        per = column["height"] / ((LAST_HOUR - FIRST_HOUR) * 2)
        x, y = column["x"] + column["width"] / 2, column["y"] + ((11 - FIRST_HOUR) * 2 + 0.5) * per
        page.mouse.move(x, y, steps=8)
        page.mouse.up()
        expect(page.get_by_text("Task moved to", exact=False)).to_contain_text(", 11:00.")
        with Session(engine) as s:
            task = s.get(Task, task_id)
            assert (task.due_on, task.due_time) == (target, dt.time(11, 0))
    finally:
        context.close()
