"""Issue 21, calendar, in the pages: My day's .ics download holds one's own open tasks and is
recorded like every export."""
from __future__ import annotations

import datetime as dt

from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.actions.activities import schedule_task
from db.generation import bump_generation
from db.models import AuditEntry, Role, Task

from ui.calendar import week_start

from .conftest import DEFERRED_FILES, signed_in


def test_the_ics_download_on_my_day_is_ones_own_and_recorded(seeded, engine):
    with Session(engine, expire_on_commit=False) as s:
        head = Viewer(user_id=seeded.users["head_n"], role=Role.HEAD, full_name="head_n")
        schedule_task(s, head, client_id=seeded.clients["a1"], title="Для Анны", due_on=dt.date(2026, 12, 30),
                      due_time="23:30", duration_minutes=45, assignee_id=seeded.users["mgr_a"])
        schedule_task(s, head, title="Своё у Нины", due_on=dt.date(2026, 12, 30))
        bump_generation(s)
        s.commit()
    for login, expected in (("mgr_a", {"Для Анны — Альфа Строй", "Перезвонить — Альфа Строй",
                                       "Отправить КП — Арктика"}), ("head_n", {"Своё у Нины"})):
        at = signed_in(login, "pages/my_day.py")
        assert not at.exception
        button = next(b for b in at.get("download_button") if b.proto.id.endswith("calendar_ics"))
        cal = Calendar.from_ical(DEFERRED_FILES[button.proto.deferred_file_id]())
        events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
        assert set(events) == expected
    late = Calendar.from_ical(DEFERRED_FILES[next(
        b for b in signed_in("mgr_a", "pages/my_day.py").get("download_button")
        if b.proto.id.endswith("calendar_ics")).proto.deferred_file_id]())
    event = next(e for e in late.walk("VEVENT") if str(e["SUMMARY"]).startswith("Для Анны"))
    assert event.decoded("DTSTART").astimezone(dt.UTC) == dt.datetime(2026, 12, 30, 20, 30, tzinfo=dt.UTC)
    assert event.decoded("DTEND").astimezone(dt.UTC) == dt.datetime(2026, 12, 30, 21, 15, tzinfo=dt.UTC)
    with Session(engine) as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action == "export").order_by(AuditEntry.id)).all()
    assert [(r.user_id, r.changes["rows"][1], r.changes["format"][1]) for r in rows] == [
        (seeded.users["mgr_a"], 3, "ics"), (seeded.users["head_n"], 1, "ics"), (seeded.users["mgr_a"], 3, "ics")]


def _week_texts(at) -> list[str]:
    return [m.value for m in at.markdown] + [c.value for c in at.caption]


def test_the_week_view_shows_the_days_tasks_with_their_times(seeded, engine):
    monday = week_start(access.today())
    with Session(engine, expire_on_commit=False) as s:
        mgr_a = Viewer(user_id=seeded.users["mgr_a"], role=Role.MANAGER, full_name="mgr_a")
        schedule_task(s, mgr_a, client_id=seeded.clients["a1"], title="Планёрка", due_on=monday + dt.timedelta(days=2),
                      due_time="09:30", duration_minutes=45)
        schedule_task(s, mgr_a, title="Через неделю", due_on=monday + dt.timedelta(days=7), due_time="10:00")
        bump_generation(s)
        s.commit()
    at = signed_in("mgr_a", "pages/calendar.py")
    assert not at.exception
    assert [s.key for s in at.selectbox] == ["calendar_move"]  # a manager: no "whose calendar" to pick
    shown = _week_texts(at)
    assert "Планёрка" in shown and "09:30–10:15 · Альфа Строй" in shown
    assert "Через неделю" not in shown
    at.button(key="calendar_next").click().run()
    assert "Через неделю" in _week_texts(at) and "10:00" in _week_texts(at)
    assert "Планёрка" not in _week_texts(at)
    at.button(key="calendar_prev").click().run()
    assert "Планёрка" in _week_texts(at) and "Через неделю" not in _week_texts(at)
    at.date_input(key="calendar_week").set_value(monday + dt.timedelta(days=13)).run()  # any day of a week
    assert "Через неделю" in _week_texts(at)
    head = signed_in("head_n", "pages/calendar.py")
    whose = head.selectbox(key="calendar_whose")
    assert whose.options[:1] == ["Nina Head"] and "Anna Manager" in whose.options
    assert "Vera Manager" not in whose.options  # another department's
    assert "Планёрка" not in _week_texts(head)
    whose.select(seeded.users["mgr_a"]).run()
    assert not head.exception
    assert "Планёрка" in _week_texts(head) and "09:30–10:15 · Альфа Строй" in _week_texts(head)


def test_a_task_is_moved_from_the_week_view(seeded, engine):
    monday = week_start(access.today())
    with Session(engine, expire_on_commit=False) as s:
        mgr_a = Viewer(user_id=seeded.users["mgr_a"], role=Role.MANAGER, full_name="mgr_a")
        task = schedule_task(s, mgr_a, title="Перенести", due_on=monday + dt.timedelta(days=1), due_time="09:00",
                             duration_minutes=30)
        bump_generation(s)
        s.commit()
    at = signed_in("mgr_a", "pages/calendar.py")
    at.selectbox(key="calendar_move").select(task.id).run()
    prefix = f"calendar_move_{task.id}_"
    next(w for w in at.date_input if w.key and w.key.startswith(prefix)).set_value(monday + dt.timedelta(days=3))
    next(w for w in at.time_input if w.key and w.key.startswith(prefix)).set_value(dt.time(13, 0))
    next(w for w in at.selectbox if w.key and w.key.startswith(prefix)).select(90)
    next(b for b in at.button if b.label == "Move").click()
    at.run()
    assert not at.exception
    with Session(engine) as s:
        moved = s.get(Task, task.id)
    assert (moved.due_on, moved.due_time, moved.duration_minutes) == (monday + dt.timedelta(days=3),
                                                                       dt.time(13, 0), 90)
    assert "13:00–14:30" in _week_texts(at)
