"""Stand-ins for real (issue 21): the absent owner's new reminders go to the stand-in on the days of
the stand-in only, and the still-open ones go back to the owner after it.

World (tests/world.py), made a year old: Anna (mgr_a) owns Альфа Строй (a1, class A, every 14 days)
and Арктика (a2, class C, every 90 days) and the deal «Поставка крепежа» on a1; Vera (mgr_c), a
third manager, owns Вега Пром (c1, class A) and «Крепёж для Веги». Every client last called 200
days ago and every deal still for 60 days: all due on every day below. Boris (mgr_b) stands in
for Anna from START to END (inclusive).
"""
import datetime as dt

import pytest
from sqlalchemy import select, update

from db import access
from db.actions.activities import complete_task, schedule_task
from db.actions.reminders import run_reminders
from db.models import Activity, AuditEntry, Client, Deal, StandIn, Task, utcnow

TODAY = access.today()
START, END = TODAY - dt.timedelta(days=2), TODAY + dt.timedelta(days=2)  # Boris acts today, inside
BEFORE, AFTER = START - dt.timedelta(days=1), END + dt.timedelta(days=1)


@pytest.fixture
def away(world, db):
    db.execute(update(Client).values(created_at=utcnow() - dt.timedelta(days=365)))
    db.execute(update(Activity).values(occurred_at=utcnow() - dt.timedelta(days=200)))
    db.execute(update(Deal).values(stage_entered_at=utcnow() - dt.timedelta(days=60)))
    db.add(StandIn(absent_user_id=world.users["mgr_a"], stand_in_user_id=world.users["mgr_b"],
                   starts_on=START, ends_on=END))
    db.commit()
    return world


def reminders(db) -> dict[tuple[str, str], int]:
    """{(rule, client key): assignee id} of the open reminders."""
    return {(t.source, t.client_name): t.assignee_id for t in db.execute(
        select(Task.source, Client.name.label("client_name"), Task.assignee_id)
        .join(Client, Task.client_id == Client.id)
        .where(Task.source.in_(["contact", "stalled"]), Task.done.is_(False)))}


def expected(w, anna_s_go_to: str) -> dict:
    to, vera = w.users[anna_s_go_to], w.users["mgr_c"]
    return {("contact", "Альфа Строй"): to, ("contact", "Арктика"): to, ("stalled", "Альфа Строй"): to,
            ("contact", "Бета Торг"): w.users["mgr_b"],
            ("contact", "Вега Пром"): vera, ("stalled", "Вега Пром"): vera}


@pytest.mark.parametrize(("day", "to"), [(BEFORE, "mgr_a"), (START, "mgr_b"), (END, "mgr_b"), (AFTER, "mgr_a")],
                         ids=["day_before", "first_day", "last_day", "day_after"])
def test_new_reminders_of_the_absent_owner_go_to_the_stand_in_on_its_days_only(away, db, day, to):
    made = run_reminders(db, None, today=day)
    assert made.created == {"contact": 4, "stalled": 2, "reorder": 0}
    assert reminders(db) == expected(away, to)  # Vera's never move


@pytest.mark.parametrize(("day", "made"), [(BEFORE, 1), (START, 4), (END, 4), (AFTER, 1)],
                         ids=["day_before", "first_day", "last_day", "day_after"])
def test_the_stand_in_opening_my_day_runs_the_absent_colleagues_rules_too(away, db, day, made):
    assert run_reminders(db, away.viewer("mgr_b"), today=day).total == made
    mine = {k: v for k, v in reminders(db).items() if v == away.users["mgr_b"]}
    anna_s = {("contact", "Альфа Строй"), ("contact", "Арктика"), ("stalled", "Альфа Строй")}
    assert set(mine) == {("contact", "Бета Торг")} | (anna_s if made > 1 else set())
    assert not any(client == "Вега Пром" for _rule, client in reminders(db))  # the third manager's: not run


def test_open_reminders_go_back_to_the_owner_the_day_after_and_not_before(away, db):
    w = away
    boris, anna = w.viewer("mgr_b"), w.users["mgr_a"]
    run_reminders(db, None, today=START)
    tasks = {t.title: t for t in db.scalars(select(Task).where(Task.assignee_id == w.users["mgr_b"]))}
    done = next(t for t in tasks.values() if t.source == "contact" and "Альфа" in t.title)
    complete_task(db, boris, task_id=done.id, expected_version=done.version)
    # Boris's own task on Anna's client, set by hand: his, not a reminder; it stays his.
    by_hand = schedule_task(db, boris, client_id=w.clients["a2"], title="Уточнить адрес", due_on=START)
    assert run_reminders(db, None, today=END).handed_back == 0  # the last day: still Boris's
    back = run_reminders(db, None, today=AFTER)
    assert back.handed_back == 2  # Арктика's contact and the stalled deal; the closed one stays closed
    db.expire_all()
    assert {(t.source, t.assignee_id) for t in db.scalars(select(Task).where(Task.source != "manual",
                                                                             Task.client_id != w.clients["c1"]))} \
        == {("contact", anna), ("stalled", anna), ("contact", w.users["mgr_b"])}  # Бета Торг: his own
    assert db.get(Task, done.id).assignee_id == w.users["mgr_b"] and db.get(Task, done.id).done
    assert db.get(Task, by_hand.id).assignee_id == w.users["mgr_b"]
    audit = db.scalars(select(AuditEntry).where(AuditEntry.action == "hand_back_task")).all()
    assert len(audit) == 2 and all(a.changes == {"assignee_id": [w.users["mgr_b"], anna]} for a in audit)
    assert run_reminders(db, None, today=AFTER).handed_back == 0  # once


def test_the_owner_opening_my_day_after_the_absence_gets_them_back(away, db):
    run_reminders(db, None, today=START)
    assert run_reminders(db, away.viewer("mgr_a"), today=AFTER).handed_back == 3
    assert reminders(db) == expected(away, "mgr_a")


def test_a_cancelled_stand_in_hands_back_at_once(away, db):
    run_reminders(db, None, today=START)
    db.execute(update(StandIn).values(cancelled=True))
    db.commit()
    day = START + dt.timedelta(days=1)  # inside the planned period, but cancelled
    assert run_reminders(db, None, today=day).handed_back == 3
    assert reminders(db) == expected(away, "mgr_a")


def test_a_client_handed_to_someone_else_meanwhile_stays_with_the_stand_in(away, db):
    run_reminders(db, None, today=START)
    db.execute(update(Client).where(Client.id == away.clients["a2"]).values(owner_id=away.users["mgr_b"]))
    db.commit()
    assert run_reminders(db, None, today=AFTER).handed_back == 2
    assert reminders(db)[("contact", "Арктика")] == away.users["mgr_b"]
