"""The routine rules make exactly one task per reason, for the owner, saying why.

World (tests/world.py), made a year old here so that creation dates do not
count as contacts: classes over the last 12 months are A for Альфа Строй
(a1, 100,000 shipped) and Вега Пром (c1, 50,000: ranked after 66.7 %),
C for the others (nothing shipped). Intervals: A 14 days, C 90.
"""
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from db import access
from db.actions.activities import complete_task, log_activity
from db.generation import current_generation
from db.models import Activity, AuditEntry, Client, Deal, Product, ProductGroup, Setting, Shipment, Task, utcnow
from db.actions.reminders import run_reminders
from db.reminders import main

TODAY = access.today()


def days_ago(n: int) -> dt.datetime:
    return utcnow() - dt.timedelta(days=n)


@pytest.fixture
def old_world(world, db):
    db.execute(update(Client).values(created_at=days_ago(365)))
    db.execute(update(Deal).values(stage_entered_at=days_ago(1)))
    db.commit()
    return world


def contact_tasks(db):
    return db.scalars(select(Task).where(Task.source == "contact").order_by(Task.client_id)).all()


def set_last_call(db, client_id: int, days: int) -> None:
    db.execute(update(Activity).where(Activity.client_id == client_id).values(occurred_at=days_ago(days)))
    db.commit()


def test_overdue_clients_get_exactly_one_task_each_even_when_run_twice(old_world, db):
    w = old_world
    set_last_call(db, w.clients["a1"], 20)   # class A, 14 days: due 6 days ago
    set_last_call(db, w.clients["a2"], 100)  # class C, 90 days: due 10 days ago
    set_last_call(db, w.clients["b1"], 80)   # class C: not yet
    set_last_call(db, w.clients["c1"], 13)   # class A: due tomorrow
    first = run_reminders(db, None, today=TODAY)
    assert first.created["contact"] == 2
    tasks = contact_tasks(db)
    assert [(t.client_id, t.assignee_id) for t in tasks] == sorted(
        [(w.clients["a1"], w.users["mgr_a"]), (w.clients["a2"], w.users["mgr_a"])])
    a1 = next(t for t in tasks if t.client_id == w.clients["a1"])
    due = (days_ago(20).astimezone(access.config.timezone()).date() + dt.timedelta(days=14))
    assert a1.source_key == f"contact:{w.clients['a1']}:{due.isoformat()}"
    assert a1.due_on == TODAY and "14 days" in a1.description and "class A" in a1.title
    generation = current_generation(db)
    again = run_reminders(db, None, today=TODAY)
    assert again.total == 0 and len(contact_tasks(db)) == 2
    assert current_generation(db) == generation  # nothing made, nothing bumped
    assert db.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "run_reminders")) == 1


def test_a_contact_or_a_closed_reminder_restarts_the_interval(old_world, db):
    w = old_world
    set_last_call(db, w.clients["a1"], 20)
    set_last_call(db, w.clients["a2"], 100)
    run_reminders(db, None, today=TODAY)
    a1_task, a2_task = contact_tasks(db)
    # a1: the manager calls. a2: the manager closes the reminder without logging anything.
    log_activity(db, old_world.viewer("mgr_a"), client_id=w.clients["a1"], kind="call", subject="Позвонила")
    complete_task(db, old_world.viewer("mgr_a"), task_id=a1_task.id, expected_version=a1_task.version)
    complete_task(db, old_world.viewer("mgr_a"), task_id=a2_task.id, expected_version=a2_task.version)
    assert run_reminders(db, None, today=TODAY).total == 0
    # A fortnight on, a1 (class A) is due again — a new reason, a new task; a2 (C, 90 days) is not.
    # (Вега Пром, class A, called 4 days ago, is due then too.)
    run_reminders(db, None, today=TODAY + dt.timedelta(days=14))
    assert {t.client_id for t in contact_tasks(db) if not t.done} == {w.clients["a1"], w.clients["c1"]}


def test_an_open_reminder_is_not_doubled_when_the_reason_moves(old_world, db):
    w = old_world
    set_last_call(db, w.clients["a2"], 100)
    run_reminders(db, None, today=TODAY)
    # The class's interval changes: the due date (and so the key) moves, but a reminder is open.
    db.add(Setting(key="reminder_rules", value={"contact_days": {"C": 60}}))
    db.commit()
    assert run_reminders(db, None, today=TODAY).total == 0
    assert len(contact_tasks(db)) == 1


def test_a_person_runs_the_rules_for_their_own_clients_only(old_world, db):
    w = old_world
    for key in ("a1", "b1", "c1"):
        set_last_call(db, w.clients[key], 200)
    made = run_reminders(db, old_world.viewer("mgr_b"), today=TODAY)
    assert made.created["contact"] == 1
    assert [(t.client_id, t.assignee_id) for t in contact_tasks(db)] == [(w.clients["b1"], w.users["mgr_b"])]
    # The unassigned client gets no task (nobody to give it to), whoever runs the rules.
    set_last_call(db, w.clients["u1"], 200)
    run_reminders(db, None, today=TODAY)
    assert w.clients["u1"] not in {t.client_id for t in contact_tasks(db)}


def test_a_deal_without_movement_gets_a_task_for_its_owner(old_world, db):
    w = old_world
    deal = db.scalar(select(Deal).where(Deal.client_id == w.clients["a1"]))
    deal.stage_entered_at = days_ago(40)
    db.commit()
    assert run_reminders(db, None, today=TODAY).created["stalled"] == 1
    task = db.scalar(select(Task).where(Task.source == "stalled"))
    assert (task.deal_id, task.assignee_id, task.client_id) == (deal.id, w.users["mgr_a"], w.clients["a1"])
    assert "30 days" in task.description and "Proposal" in task.description
    assert run_reminders(db, None, today=TODAY).total == 0
    # An activity on the deal is movement: after it, nothing more until 30 quiet days pass again.
    complete_task(db, old_world.viewer("mgr_a"), task_id=task.id, expected_version=task.version)
    log_activity(db, old_world.viewer("mgr_a"), client_id=w.clients["a1"], deal_id=deal.id, kind="call",
                 subject="Обсудили")
    assert run_reminders(db, None, today=TODAY).created["stalled"] == 0


def add_shipments(db, w, client_key: str, product_id: int, days_back: list[int]) -> None:
    for n in days_back:
        db.add(Shipment(client_id=w.clients[client_key], product_id=product_id, manager_id=w.users["mgr_a"],
                        shipped_on=TODAY - dt.timedelta(days=n), quantity=Decimal("1"), amount=Decimal("1000")))
    db.commit()


def test_reorder_cadence_on_hand_made_shipments(old_world, db):
    """Арктика buys cement every 20 days: 100, 80, 60, 40 days ago — mean gap 20, due after
    20 × 1.25 = 25 days, i.e. 15 days ago. Fasteners for Альфа Строй: the world's shipment
    on the 1st plus two 30 and 60 days before it: every 30 days, due 38 days after the 1st: not yet."""
    w = old_world
    group = ProductGroup(name="Цемент")
    db.add(group)
    db.flush()
    cement = Product(sku="CEM-1", name="Цемент М500", group_id=group.id, price=Decimal("500"))
    db.add(cement)
    db.commit()
    add_shipments(db, w, "a2", cement.id, [100, 80, 60, 40, 40])  # two lines on one day: one order
    first_of_month = (TODAY - TODAY.replace(day=1)).days
    add_shipments(db, w, "a1", w.product_id, [first_of_month + 30, first_of_month + 60])
    made = run_reminders(db, None, today=TODAY)
    assert made.created["reorder"] == 1
    task = db.scalar(select(Task).where(Task.source == "reorder"))
    last = TODAY - dt.timedelta(days=40)
    assert task.client_id == w.clients["a2"] and task.assignee_id == w.users["mgr_a"]
    assert task.source_key == f"reorder:{w.clients['a2']}:{group.id}:{last.isoformat()}"
    assert "every 20 days" in task.description and "4 orders" in task.description and "Цемент" in task.title
    assert run_reminders(db, None, today=TODAY).total == 0


def test_reorder_is_not_due_before_the_grace_passes(old_world, db):
    w = old_world
    group = ProductGroup(name="Изоляция")
    db.add(group)
    db.flush()
    wool = Product(sku="INS-1", name="Минвата", group_id=group.id, price=Decimal("900"))
    db.add(wool)
    db.commit()
    add_shipments(db, w, "a2", wool.id, [84, 54, 24])  # every 30 days; due 30 × 1.25 = 38 days after: in 14 days
    assert run_reminders(db, None, today=TODAY).created["reorder"] == 0
    assert run_reminders(db, None, today=TODAY + dt.timedelta(days=13)).created["reorder"] == 0
    assert run_reminders(db, None, today=TODAY + dt.timedelta(days=14)).created["reorder"] == 1
    add_shipments(db, w, "b1", wool.id, [60, 30])  # two orders: not a regular buyer
    assert run_reminders(db, None, today=TODAY + dt.timedelta(days=60)).created["reorder"] == 0


def test_rules_switched_off_make_nothing(old_world, db):
    set_last_call(db, old_world.clients["a2"], 200)
    db.add(Setting(key="reminder_rules", value={"on": False}))
    db.commit()
    assert run_reminders(db, None, today=TODAY).total == 0


def test_the_command_runs_the_rules(seeded, engine, capsys):
    from sqlalchemy.orm import Session

    with Session(engine) as s:
        s.execute(update(Client).values(created_at=days_ago(365)))
        s.execute(update(Activity).values(occurred_at=days_ago(200)))
        s.commit()
    assert main([]) == 0
    assert "contact: 4" in capsys.readouterr().out  # a1, a2, b1, c1 — not the unassigned u1
    assert main([]) == 0
    assert "0 new tasks" in capsys.readouterr().out



def test_the_class_map_is_ranked_only_when_a_client_is_due(old_world, db, monkeypatch):
    """Issue 19: a person's own run on opening "My day" ranks every client of the company only when
    one of their clients is due for a contact (a head with no clients: not at all), once, and the
    classes it uses are class_map's."""
    from db.actions import reminders

    calls = []
    real = reminders.class_map

    def counted(session, **kw):
        calls.append(kw)
        return real(session, **kw)

    monkeypatch.setattr(reminders, "class_map", counted)
    run_reminders(db, old_world.viewer("head_n"), today=TODAY)
    assert calls == []
    set_last_call(db, old_world.clients["b1"], 200)
    made = run_reminders(db, old_world.viewer("mgr_b"), today=TODAY)
    assert made.created["contact"] == 1 and len(calls) == 1
    today = TODAY
    lazy = reminders._ClassesWhenAsked(db, today)
    assert dict(lazy.items()) == real(db, today=today) and len(calls) == 2
    assert lazy.get(-1, "C") == "C" and len(calls) == 2  # ranked once
