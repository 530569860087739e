"""Issue 21, calendar, in the pages: the card's "Schedule a task" and My day's close-with-next-step
take an optional time and duration."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.actions.activities import schedule_task
from db.generation import bump_generation
from db.models import Role, Task

from .conftest import signed_in


def _card(login: str, client_id: int):
    return signed_in(login, "pages/client.py", query_params={"id": client_id, "card_tab": "Tasks and deals"})


def _field(at, kind: str, key: str, suffix: str):
    return next(w for w in getattr(at, kind) if w.key and w.key.startswith(key) and w.key.endswith(suffix))


def test_scheduling_a_task_on_the_card_with_a_time_and_duration(seeded, engine):
    client_id = seeded.clients["a1"]
    at = _card("mgr_a", client_id)
    prefix = f"task_{client_id}."
    _field(at, "text_input", prefix, ".title").input("Встреча на объекте")
    _field(at, "selectbox", prefix, ".duration_minutes").select(60)
    next(b for b in at.button if b.label == "Schedule").click()
    at.run()
    assert not at.exception
    assert "A duration needs a start time." in [e.value for e in at.error]  # under the duration
    _field(at, "time_input", prefix, ".due_time").set_value(dt.time(15, 45))
    next(b for b in at.button if b.label == "Schedule").click()
    at.run()
    assert not at.exception
    with Session(engine) as s:
        task = s.scalar(select(Task).where(Task.title == "Встреча на объекте"))
    assert (task.due_time, task.duration_minutes, task.due_on) == (
        dt.time(15, 45), 60, access.today() + dt.timedelta(days=1))


def test_my_days_close_form_schedules_a_timed_next_step(seeded, engine):
    with Session(engine) as s:
        call_back = s.scalar(select(Task).where(Task.title == "Перезвонить"))
    at = signed_in("mgr_a", "pages/my_day.py")
    at.selectbox(key="my_day_close").select(call_back.id).run()
    prefix = f"close_task_{call_back.id}_"
    _field(at, "text_input", prefix, ".next.title").input("Встреча с закупщиком")
    _field(at, "time_input", prefix, ".next.due_time").set_value(dt.time(11, 0))
    _field(at, "selectbox", prefix, ".next.duration_minutes").select(90)
    next(b for b in at.button if b.label == "Close the task").click()
    at.run()
    assert not at.exception
    with Session(engine) as s:
        made = s.scalar(select(Task).where(Task.title == "Встреча с закупщиком"))
        assert s.get(Task, call_back.id).done
    assert (made.due_time, made.duration_minutes) == (dt.time(11, 0), 90)


def test_my_days_rows_show_the_time_and_the_whole_day_tasks_come_first(seeded, engine):
    today = access.today()
    with Session(engine, expire_on_commit=False) as s:
        mgr_a = Viewer(user_id=seeded.users["mgr_a"], role=Role.MANAGER, full_name="mgr_a")
        schedule_task(s, mgr_a, title="Поздняя встреча", due_on=today, due_time="17:00", duration_minutes=30)
        schedule_task(s, mgr_a, title="Ранний звонок", due_on=today, due_time="08:15")
        bump_generation(s)
        s.commit()
    at = signed_in("mgr_a", "pages/my_day.py")
    assert not at.exception
    rows = [m.value for m in at.markdown if "**" in m.value and "Today" in m.value]
    day = rows[0].split(" · ")[1]
    assert rows == [f"Today · {day} · **Отправить КП**", f"Today · {day} · 08:15 · **Ранний звонок**",
                    f"Today · {day} · 17:00–17:30 · **Поздняя встреча**"]
