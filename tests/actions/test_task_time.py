"""Issue 21, calendar: a task's optional time and duration, checked under their fields and audited."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from db import access
from db.actions.activities import complete_task, reschedule_task, schedule_task
from db.actions.follow_up import close_task
from db.errors import DomainError, NotFound, ValidationError
from db.models import AuditEntry, Task

def _errors(exc: pytest.ExceptionInfo) -> dict:
    return {field: message for field, (message, _) in exc.value.errors.items()}


def test_a_task_keeps_its_time_and_duration_and_the_audit_names_them(world, db):
    day = access.today() + dt.timedelta(days=2)
    task = schedule_task(db, world.viewer("mgr_a"), client_id=world.clients["a1"], title="Встреча",
                         due_on=day, due_time="14:30", duration_minutes=90)
    db.expire_all()
    stored = db.get(Task, task.id)
    assert (stored.due_time, stored.duration_minutes) == (dt.time(14, 30), 90)
    row = db.scalars(select(AuditEntry).where(AuditEntry.action == "schedule_task",
                                              AuditEntry.entity_id == str(task.id))).one()
    assert row.changes["due_time"] == [None, "14:30:00"] and row.changes["duration_minutes"] == [None, 90]
    untimed = schedule_task(db, world.viewer("mgr_a"), title="Отчёт", due_on=day)
    assert (untimed.due_time, untimed.duration_minutes) == (None, None)


@pytest.mark.parametrize(("due_time", "minutes", "expected"), [
    (None, 30, {"duration_minutes": "A duration needs a start time."}),
    ("25:00", None, {"due_time": "Not a time of day (hh:mm)."}),
    ("09:00", 0, {"duration_minutes": "Must be between {min} and {max}."}),
    ("09:00", 24 * 60 + 1, {"duration_minutes": "Must be between {min} and {max}."}),
    ("09:00", 2.5, {"duration_minutes": "Must be a whole number."}),
])
def test_a_wrong_time_or_duration_is_refused_under_its_field(world, db, due_time, minutes, expected):
    with pytest.raises(ValidationError) as exc:
        schedule_task(db, world.viewer("mgr_a"), title="x", due_on=access.today(), due_time=due_time,
                      duration_minutes=minutes)
    assert _errors(exc) == expected
    assert db.scalar(select(Task).where(Task.title == "x")) is None


def test_the_next_step_of_a_closed_task_takes_a_time(world, db):
    task = db.scalar(select(Task).where(Task.title == "Перезвонить"))
    day = access.today() + dt.timedelta(days=3)
    with pytest.raises(ValidationError) as exc:
        close_task(db, world.viewer("mgr_a"), task_id=task.id, expected_version=task.version,
                   next_task={"title": "Встреча", "due_on": day, "due_time": None, "duration_minutes": 60})
    assert _errors(exc) == {"next.duration_minutes": "A duration needs a start time."}
    assert not db.get(Task, task.id).done  # nothing of it kept
    made = close_task(db, world.viewer("mgr_a"), task_id=task.id, expected_version=task.version,
                      next_task={"title": "Встреча", "due_on": day, "due_time": dt.time(10, 0),
                                 "duration_minutes": 45})
    assert (made["next_task"].due_time, made["next_task"].duration_minutes) == (dt.time(10, 0), 45)




def test_a_task_is_moved_to_another_day_and_time_and_the_move_is_audited(world, db):
    day = access.today() + dt.timedelta(days=2)
    task = schedule_task(db, world.viewer("mgr_a"), title="Встреча", due_on=day, due_time="09:00",
                         duration_minutes=30)
    moved = reschedule_task(db, world.viewer("mgr_a"), task_id=task.id, expected_version=task.version,
                            due_on=day + dt.timedelta(days=1), due_time="16:15", duration_minutes=60)
    assert (moved.due_on, moved.due_time, moved.duration_minutes) == (day + dt.timedelta(days=1), dt.time(16, 15), 60)
    row = db.scalars(select(AuditEntry).where(AuditEntry.action == "reschedule_task",
                                              AuditEntry.entity_id == str(task.id))).one()
    assert row.changes == {"due_on": [day.isoformat(), (day + dt.timedelta(days=1)).isoformat()],
                           "due_time": ["09:00:00", "16:15:00"], "duration_minutes": [30, 60]}
    whole_day = reschedule_task(db, world.viewer("mgr_a"), task_id=task.id, expected_version=moved.version,
                                due_on=day, due_time=None, duration_minutes=None)
    assert (whole_day.due_time, whole_day.duration_minutes) == (None, None)
    with pytest.raises(ValidationError) as exc:
        reschedule_task(db, world.viewer("mgr_a"), task_id=task.id, expected_version=None, due_on=day,
                        due_time=None, duration_minutes=45)
    assert _errors(exc) == {"duration_minutes": "A duration needs a start time."}
    with pytest.raises(NotFound):  # another manager's task without a client: not theirs to move
        reschedule_task(db, world.viewer("mgr_b"), task_id=task.id, expected_version=None, due_on=day)
    # the head of the department may move it
    reschedule_task(db, world.viewer("head_n"), task_id=task.id, expected_version=None, due_on=day,
                    due_time="10:00")
    complete_task(db, world.viewer("mgr_a"), task_id=task.id, expected_version=None)
    with pytest.raises(DomainError):
        reschedule_task(db, world.viewer("mgr_a"), task_id=task.id, expected_version=None, due_on=day)
