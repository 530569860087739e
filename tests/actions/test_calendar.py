"""Issue 21, calendar: the .ics file of one's own open tasks (parsed back with icalendar), and whose
week a person may open."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlalchemy import select

from db.actions.activities import complete_task, schedule_task
from db.io.ics import ics_bytes, task_uid
from db.models import Task
from queries import calendar

MOSCOW = ZoneInfo("Europe/Moscow")


def _events(data: bytes) -> dict[str, dict]:
    cal = Calendar.from_ical(data)
    return {str(e["SUMMARY"]): {"uid": str(e["UID"]), "start": e.decoded("DTSTART"), "end": e.decoded("DTEND")}
            for e in cal.walk("VEVENT")}


def test_the_ics_holds_ones_open_tasks_timed_and_all_day(world, db):
    mgr_a, head_n = world.viewer("mgr_a"), world.viewer("head_n")
    day = dt.date(2026, 12, 31)  # 23:30 in Moscow for an hour: ends on the next day (and year)
    late = schedule_task(db, mgr_a, client_id=world.clients["a1"], title="Поздний звонок", due_on=day,
                         due_time="23:30", duration_minutes=60)
    short = schedule_task(db, mgr_a, title="Без длительности", due_on=day, due_time="09:15")
    done = schedule_task(db, mgr_a, title="Сделано", due_on=day, due_time="10:00")
    complete_task(db, mgr_a, task_id=done.id, expected_version=done.version)
    schedule_task(db, head_n, client_id=world.clients["a1"], title="Для Анны от Нины", due_on=day,
                  assignee_id=world.users["mgr_a"])
    schedule_task(db, head_n, title="Своё у Нины", due_on=day, due_time="12:00", duration_minutes=30)
    schedule_task(db, world.viewer("mgr_b"), title="Чужое", due_on=day)

    events = _events(ics_bytes(calendar.my_open_tasks(db, mgr_a), name="Tasks"))
    untimed = db.scalar(select(Task).where(Task.title == "Перезвонить"))
    assert set(events) == {"Поздний звонок — Альфа Строй", "Без длительности", "Для Анны от Нины — Альфа Строй",
                           "Перезвонить — Альфа Строй", "Отправить КП — Арктика"}  # not the done one, nor others'
    got = events["Поздний звонок — Альфа Строй"]
    assert got["start"] == dt.datetime(2026, 12, 31, 23, 30, tzinfo=MOSCOW)
    assert got["start"].astimezone(dt.UTC) == dt.datetime(2026, 12, 31, 20, 30, tzinfo=dt.UTC)
    assert got["end"] == dt.datetime(2027, 1, 1, 0, 30, tzinfo=MOSCOW)
    assert str(got["start"].tzinfo) == "Europe/Moscow" and got["uid"] == task_uid(late.id)
    assert events["Без длительности"]["end"] - events["Без длительности"]["start"] == dt.timedelta(minutes=30)
    assert events["Без длительности"]["uid"] == task_uid(short.id)
    whole_day = events["Перезвонить — Альфа Строй"]
    assert (whole_day["start"], whole_day["end"]) == (untimed.due_on, untimed.due_on + dt.timedelta(days=1))
    assert not isinstance(whole_day["start"], dt.datetime)  # a DATE, not a midnight
    # The same task has the same UID in the next file: a calendar updates it instead of adding a copy.
    again = _events(ics_bytes(calendar.my_open_tasks(db, mgr_a), name="Tasks"))
    assert {k: v["uid"] for k, v in again.items()} == {k: v["uid"] for k, v in events.items()}
    # A head's file is their own calendar: none of their people's tasks.
    assert set(_events(ics_bytes(calendar.my_open_tasks(db, head_n), name="Tasks"))) == {"Своё у Нины"}


def test_a_head_opens_a_team_members_week_a_manager_only_their_own(world, db):
    start = dt.date(2026, 12, 28)
    schedule_task(db, world.viewer("mgr_a"), title="В неделе", due_on=start + dt.timedelta(days=6),
                  due_time="08:00")
    schedule_task(db, world.viewer("mgr_a"), title="После недели", due_on=start + dt.timedelta(days=7))
    head_n, mgr_a = world.viewer("head_n"), world.viewer("mgr_a")
    assert list(calendar.week(db, head_n, user_id=world.users["mgr_a"], start=start)["title"]) == ["В неделе"]
    assert list(calendar.week(db, mgr_a, user_id=world.users["mgr_a"], start=start)["title"]) == ["В неделе"]
    assert calendar.week(db, world.viewer("mgr_b"), user_id=world.users["mgr_a"], start=start).empty
    assert calendar.week(db, world.viewer("head_s"), user_id=world.users["mgr_a"], start=start).empty
    assert list(calendar.people(db, mgr_a)["full_name"]) == ["Anna Manager"]
    assert list(calendar.people(db, head_n)["full_name"]) == ["Nina Head", "Anna Manager", "Boris Manager"]


def test_a_stand_in_opens_the_absent_colleagues_week_only_during_the_stand_in(world, db):
    from db import access
    from db.models import StandIn

    today = access.today()
    start = today - dt.timedelta(days=today.weekday())
    schedule_task(db, world.viewer("mgr_a"), title="Задача Анны", due_on=start, due_time="09:00")
    mgr_b = world.viewer("mgr_b")
    assert calendar.week(db, mgr_b, user_id=world.users["mgr_a"], start=start).empty
    assert list(calendar.people(db, mgr_b)["full_name"]) == ["Boris Manager"]
    over = StandIn(absent_user_id=world.users["mgr_a"], stand_in_user_id=world.users["mgr_b"],
                   starts_on=today - dt.timedelta(days=10), ends_on=today - dt.timedelta(days=1))
    db.add(over)
    db.commit()
    db.info.clear()  # the scope is memoised per session
    assert calendar.week(db, mgr_b, user_id=world.users["mgr_a"], start=start).empty  # ended yesterday
    db.add(StandIn(absent_user_id=world.users["mgr_a"], stand_in_user_id=world.users["mgr_b"],
                   starts_on=today, ends_on=today + dt.timedelta(days=2)))
    db.commit()
    db.info.clear()
    assert "Задача Анны" in set(calendar.week(db, mgr_b, user_id=world.users["mgr_a"], start=start)["title"])
    assert list(calendar.people(db, mgr_b)["full_name"]) == ["Boris Manager", "Anna Manager"]
    assert calendar.week(db, world.viewer("mgr_c"), user_id=world.users["mgr_a"], start=start).empty
