"""Issue 21, calendar, in the pages: My day's .ics download holds one's own open tasks and is
recorded like every export."""
from __future__ import annotations

import datetime as dt
import json

from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.actions.activities import schedule_task
from db.generation import bump_generation
from db.models import Activity, AuditEntry, Contact, OutgoingMail, Role, StandIn, Task
from ui import calendar_grid
from ui.calendar import week_start
from ui.lang import date

from .conftest import DEFERRED_FILES, signed_in, texts


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


def grid(at) -> dict:
    """What the calendar's grid component draws (its data)."""
    found = [e for e in at.get("bidi_component") if e.proto.component_name == "crm_calendar_grid"]
    assert len(found) == 1
    return json.loads(found[0].proto.json)


def cards(at) -> dict[str, str]:
    """{title: "<day> <when> · <client>"} of the grid's tasks."""
    return {c["title"]: f"{c['day']} {c['when']}" + (f" · {c['client']}" if c["client"] else "")
            for c in grid(at)["tasks"]}


def drop(at, task_id: int, day: dt.date, start: str | None, *, version: int | None = None,
         minutes: int | None = None):
    """What the browser sends when a card is dropped on a day's half-hour (or its whole-day row)."""
    card = next(c for c in grid(at)["tasks"] if c["id"] == task_id)
    minutes_from = None if start is None else int(start[:2]) * 60 + int(start[3:])
    at.session_state[calendar_grid.DROP_KEY] = {
        "task": task_id, "version": card["version"] if version is None else version, "day": day.isoformat(),
        "start": minutes_from, "minutes": card["minutes"] if minutes is None else minutes}
    return at.run()


def test_the_week_view_shows_the_days_tasks_with_their_times(seeded, engine):
    monday = week_start(access.today())
    with Session(engine, expire_on_commit=False) as s:
        mgr_a = Viewer(user_id=seeded.users["mgr_a"], role=Role.MANAGER, full_name="mgr_a")
        schedule_task(s, mgr_a, client_id=seeded.clients["a1"], title="Планёрка", due_on=monday + dt.timedelta(days=2),
                      due_time="09:30", duration_minutes=45)
        schedule_task(s, mgr_a, title="Через неделю", due_on=monday + dt.timedelta(days=7), due_time="10:00")
        schedule_task(s, mgr_a, title="Рано утром", due_on=monday, due_time="06:30", duration_minutes=30)
        bump_generation(s)
        s.commit()
    at = signed_in("mgr_a", "pages/calendar.py")
    assert not at.exception
    assert [s.key for s in at.selectbox] == ["calendar_move"]  # a manager: no "whose calendar" to pick
    data = grid(at)
    assert [d["date"] for d in data["days"]] == [(monday + dt.timedelta(days=i)).isoformat() for i in range(7)]
    assert cards(at)["Планёрка"] == f"{monday + dt.timedelta(days=2)} 09:30–10:15 · Альфа Строй"
    assert "Через неделю" not in cards(at)
    assert data["first_hour"] == 6 and data["last_hour"] == 20  # an early task widens the hours shown
    planning = next(c for c in data["tasks"] if c["title"] == "Планёрка")
    assert (planning["start"], planning["minutes"], planning["movable"]) == (9 * 60 + 30, 45, True)
    at.button(key="calendar_next").click().run()
    assert "Через неделю" in cards(at) and "Планёрка" not in cards(at)
    assert cards(at)["Через неделю"].endswith(" 10:00")
    at.button(key="calendar_prev").click().run()
    assert "Планёрка" in cards(at) and "Через неделю" not in cards(at)
    at.date_input(key="calendar_week").set_value(monday + dt.timedelta(days=13)).run()  # any day of a week
    assert "Через неделю" in cards(at)
    at.button(key="calendar_today").click().run()
    assert "Планёрка" in cards(at)
    head = signed_in("head_n", "pages/calendar.py")
    whose = head.selectbox(key="calendar_whose")
    assert whose.options[:1] == ["Nina Head"] and "Anna Manager" in whose.options
    assert "Vera Manager" not in whose.options  # another department's
    assert "Планёрка" not in cards(head)
    whose.select(seeded.users["mgr_a"]).run()
    assert not head.exception
    assert cards(head)["Планёрка"] == f"{monday + dt.timedelta(days=2)} 09:30–10:15 · Альфа Строй"


def test_the_day_view_shows_one_day_and_steps_a_day_at_a_time(seeded, engine):
    today = access.today()
    with Session(engine, expire_on_commit=False) as s:
        mgr_a = Viewer(user_id=seeded.users["mgr_a"], role=Role.MANAGER, full_name="mgr_a")
        schedule_task(s, mgr_a, title="Сегодня в два", due_on=today, due_time="14:00", duration_minutes=60)
        schedule_task(s, mgr_a, title="Завтра", due_on=today + dt.timedelta(days=1))
        bump_generation(s)
        s.commit()
    at = signed_in("mgr_a", "pages/calendar.py")
    at.segmented_control(key="calendar_view").set_value("day").run()
    assert not at.exception
    assert [d["date"] for d in grid(at)["days"]] == [today.isoformat()]
    assert set(cards(at)) == {"Сегодня в два", "Отправить КП"}
    assert next(b for b in at.button if b.key == "calendar_next").label == "Next day"
    at.button(key="calendar_next").click().run()
    assert [d["date"] for d in grid(at)["days"]] == [(today + dt.timedelta(days=1)).isoformat()]
    assert cards(at) == {"Завтра": f"{today + dt.timedelta(days=1)} Whole day"}
    at.button(key="calendar_today").click().run()
    assert grid(at)["days"][0]["today"] is True


def test_a_dropped_card_moves_the_task_and_a_stale_card_changes_nothing(seeded, engine):
    monday = week_start(access.today())
    with Session(engine, expire_on_commit=False) as s:
        mgr_a = Viewer(user_id=seeded.users["mgr_a"], role=Role.MANAGER, full_name="mgr_a")
        task = schedule_task(s, mgr_a, client_id=seeded.clients["a1"], title="Перетащить",
                             due_on=monday + dt.timedelta(days=1), due_time="09:00", duration_minutes=90)
        bump_generation(s)
        s.commit()
    at = signed_in("mgr_a", "pages/calendar.py")
    drop(at, task.id, monday + dt.timedelta(days=3), "15:30")
    assert not at.exception and not at.error
    with Session(engine) as s:
        moved = s.get(Task, task.id)
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "reschedule_task")).all()
    assert (moved.due_on, moved.due_time, moved.duration_minutes) == (monday + dt.timedelta(days=3),
                                                                       dt.time(15, 30), 90)
    assert len(audit) == 1 and audit[0].user_id == seeded.users["mgr_a"]
    assert f"Task moved to {date(monday + dt.timedelta(days=3))}, 15:30." in [m.value for m in at.success]
    assert cards(at)["Перетащить"] == f"{monday + dt.timedelta(days=3)} 15:30–17:00 · Альфа Строй"
    # The whole-day row: the time and the duration go.
    drop(at, task.id, monday + dt.timedelta(days=4), None)
    with Session(engine) as s:
        moved = s.get(Task, task.id)
    assert (moved.due_on, moved.due_time, moved.duration_minutes) == (monday + dt.timedelta(days=4), None, None)
    # A card drawn before someone else moved the task: refused, said so, nothing changed.
    stale = moved.version - 1
    drop(at, task.id, monday, "10:00", version=stale)
    assert any("changed by" in e.value for e in at.error), [e.value for e in at.error]
    with Session(engine) as s:
        assert s.get(Task, task.id).due_on == monday + dt.timedelta(days=4)
    # Nonsense from the browser: refused with a message, nothing changed.
    at.session_state[calendar_grid.DROP_KEY] = {"task": task.id, "day": "not a day", "start": 600}
    at.run()
    assert "The move could not be read; drag the task again." in [e.value for e in at.error]


def test_a_manager_cannot_move_another_managers_task_by_a_forged_drop(seeded, engine):
    monday = week_start(access.today())
    with Session(engine, expire_on_commit=False) as s:
        mgr_b = Viewer(user_id=seeded.users["mgr_b"], role=Role.MANAGER, full_name="mgr_b")
        task = schedule_task(s, mgr_b, client_id=seeded.clients["b1"], title="Борисово", due_on=monday,
                             due_time="11:00")
        bump_generation(s)
        s.commit()
    at = signed_in("mgr_a", "pages/calendar.py")
    at.session_state[calendar_grid.DROP_KEY] = {"task": task.id, "version": task.version,
                                                "day": (monday + dt.timedelta(days=2)).isoformat(), "start": 600,
                                                "minutes": None}
    at.run()
    assert at.error and "Борисово" not in texts(at)
    with Session(engine) as s:
        assert s.get(Task, task.id).due_on == monday


def test_a_head_drags_a_team_members_task(seeded, engine):
    monday = week_start(access.today())
    with Session(engine, expire_on_commit=False) as s:
        mgr_a = Viewer(user_id=seeded.users["mgr_a"], role=Role.MANAGER, full_name="mgr_a")
        task = schedule_task(s, mgr_a, title="Без клиента", due_on=monday + dt.timedelta(days=1))
        head_n = Viewer(user_id=seeded.users["head_n"], role=Role.HEAD, full_name="head_n")
        schedule_task(s, head_n, title="Своё у Нины", due_on=monday + dt.timedelta(days=1))
        bump_generation(s)
        s.commit()
    head = signed_in("head_n", "pages/calendar.py")
    head.selectbox(key="calendar_whose").select(seeded.users["mgr_a"]).run()
    drop(head, task.id, monday + dt.timedelta(days=2), "12:00")
    assert not head.error
    with Session(engine) as s:
        moved = s.get(Task, task.id)
    assert (moved.due_on, moved.due_time) == (monday + dt.timedelta(days=2), dt.time(12, 0))
    # The task chosen in the panel, then back to one's own calendar: the panel lets it go.
    head.selectbox(key="calendar_move").select(task.id).run()
    head.selectbox(key="calendar_whose").select(seeded.users["head_n"]).run()
    assert not head.exception and not any(b.label == "Reschedule" for b in head.button)
    assert [c["title"] for c in grid(head)["tasks"]] == ["Своё у Нины"]


def test_a_stand_in_opens_the_absent_colleagues_calendar(seeded, engine):
    today = access.today()
    with Session(engine, expire_on_commit=False) as s:
        s.add(StandIn(absent_user_id=seeded.users["mgr_a"], stand_in_user_id=seeded.users["mgr_b"],
                      starts_on=today - dt.timedelta(days=1), ends_on=today + dt.timedelta(days=3),
                      created_by_id=seeded.users["head_n"]))
        bump_generation(s)
        s.commit()
    boris = signed_in("mgr_b", "pages/calendar.py")
    whose = boris.selectbox(key="calendar_whose")
    assert whose.options == ["Boris Manager", "Anna Manager"]
    whose.select(seeded.users["mgr_a"]).run()
    assert "Отправить КП" in cards(boris)
    task_id = next(c["id"] for c in grid(boris)["tasks"] if c["title"] == "Отправить КП")
    drop(boris, task_id, today + dt.timedelta(days=1), "10:00")  # standing in, Boris moves Anna's task
    assert not boris.error
    with Session(engine) as s:
        assert (s.get(Task, task_id).due_on, s.get(Task, task_id).due_time) == (today + dt.timedelta(days=1),
                                                                                 dt.time(10, 0))
    vera = signed_in("mgr_c", "pages/calendar.py")  # not standing in: only her own
    assert "calendar_whose" not in [s.key for s in vera.selectbox]


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
    next(b for b in at.button if b.label == "Reschedule").click()
    at.run()
    assert not at.exception
    with Session(engine) as s:
        moved = s.get(Task, task.id)
    assert (moved.due_on, moved.due_time, moved.duration_minutes) == (monday + dt.timedelta(days=3),
                                                                       dt.time(13, 0), 90)
    assert cards(at)["Перенести"] == f"{monday + dt.timedelta(days=3)} 13:00–14:30"


def test_a_meeting_invitation_is_sent_from_the_tasks_panel(seeded, engine):
    day = access.today() + dt.timedelta(days=1)
    with Session(engine, expire_on_commit=False) as s:
        mgr_a = Viewer(user_id=seeded.users["mgr_a"], role=Role.MANAGER, full_name="mgr_a")
        meeting = schedule_task(s, mgr_a, client_id=seeded.clients["a1"], title="Встреча", due_on=day,
                                due_time="15:00", duration_minutes=60, description="Контакт: Контакт Альфа Строй")
        s.add(Contact(client_id=seeded.clients["a1"], full_name="Алла Первая", email="alla@a1.example.ru"))
        untimed = schedule_task(s, mgr_a, client_id=seeded.clients["a1"], title="Без времени", due_on=day)
        past = schedule_task(s, mgr_a, client_id=seeded.clients["a1"], title="Вчерашняя встреча",
                             due_on=access.today() - dt.timedelta(days=1), due_time="10:00", duration_minutes=60)
        bump_generation(s)
        s.commit()
    at = signed_in("mgr_a", "pages/calendar.py")
    at.segmented_control(key="calendar_view").set_value("day").run()
    at.button(key="calendar_prev").click().run()
    at.selectbox(key="calendar_move").select(past.id).run()
    assert any(b.label == "Reschedule" for b in at.button)
    assert not any(b.label == "Send invitation" for b in at.button)  # begun: nobody is invited to the past
    at.segmented_control(key="calendar_view").set_value("week").run()
    at.button(key="calendar_today").click().run()
    if day > week_start(access.today()) + dt.timedelta(days=6):  # today is Sunday: tomorrow is next week's
        at.button(key="calendar_next").click().run()
    at.selectbox(key="calendar_move").select(untimed.id).run()
    assert not any(b.label == "Send invitation" for b in at.button)  # no time: not a meeting
    at.selectbox(key="calendar_move").select(meeting.id).run()
    prefix = f"calendar_move_invite_{meeting.id}_"
    to = next(w for w in at.selectbox if w.key and w.key.startswith(prefix))
    assert to.options == ["Алла Первая <alla@a1.example.ru>", "Контакт Альфа Строй <contact1@a1.example.ru>"]
    assert to.value == seeded_contact(engine, "contact1@a1.example.ru")  # the one the task names comes first
    subject = next(w for w in at.text_input if w.key and w.key.startswith(prefix))
    assert subject.value == "Invitation: Встреча"
    body = next(w for w in at.text_area if w.key and w.key.startswith(prefix))
    assert "15:00–16:00" in body.value and body.value.endswith("Anna Manager")  # signed with their name
    subject.set_value("Приглашение на встречу")
    next(b for b in at.button if b.label == "Send invitation").click()
    at.run()
    assert not at.exception and not at.error
    assert "The invitation to Контакт Альфа Строй is queued for sending." in [
        m.value for m in at.success]
    with Session(engine) as s:
        mail = s.scalars(select(OutgoingMail)).one()
        logged = s.scalars(select(Activity).where(Activity.subject == "Приглашение на встречу")).one()
    assert (mail.to_address, mail.subject, mail.kind) == ("contact1@a1.example.ru", "Приглашение на встречу",
                                                          "invitation")
    assert "15:00–16:00" in mail.body
    event = next(iter(Calendar.from_ical(mail.attachment).walk("VEVENT")))
    assert event.decoded("DTSTART").astimezone(dt.UTC) == dt.datetime.combine(day, dt.time(12, 0), tzinfo=dt.UTC)
    assert logged.kind == "email" and logged.client_id == seeded.clients["a1"]


def seeded_contact(engine, email: str) -> int:
    with Session(engine) as s:
        return s.scalars(select(Contact.id).where(Contact.email == email)).one()
