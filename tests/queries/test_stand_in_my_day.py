"""Stand-ins for real (issue 21): the stand-in's My day holds the absent colleague's due tasks,
contacts due and reorders, marked as theirs — on the days of the stand-in only.

World (tests/world.py): Anna (mgr_a) has the tasks «Перезвонить» (a1, due TODAY-2) and «Отправить
КП» (a2, due TODAY); added here: Boris's own «Позвонить в Бету» (b1, TODAY) and «Шаг Бориса» on Anna's
Альфа Строй (TODAY), Anna's «Личное» with no
client (TODAY), and Vera's (a third manager's) «Задача Веры» (c1, TODAY). Every client last called
200 days ago and a late regular buyer of cement (as in test_routine_queries). Boris stands in for
Anna from TODAY-1 to TODAY+1.
"""
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import update

from db import access
from db.models import Activity, Client, Product, ProductGroup, Shipment, StandIn, Task, utcnow
from queries import my_day

TODAY = access.today()
START, END = TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)
DAYS = {"day_before": START - dt.timedelta(days=1), "first_day": START, "last_day": END,
        "day_after": END + dt.timedelta(days=1)}
COVERED = {"day_before": False, "first_day": True, "last_day": True, "day_after": False}


@pytest.fixture
def away(world, db):
    db.execute(update(Client).values(created_at=utcnow() - dt.timedelta(days=365)))
    db.execute(update(Activity).values(occurred_at=utcnow() - dt.timedelta(days=200)))
    group = ProductGroup(name="Цемент")
    db.add(group)
    db.flush()
    cement = Product(sku="CEM-1", name="Цемент М500", group_id=group.id, price=Decimal("500"))
    db.add(cement)
    db.flush()
    for client_id in world.clients.values():
        for days in (150, 120, 90):  # every 30 days, the last 90 days ago: late on each day below
            db.add(Shipment(client_id=client_id, product_id=cement.id, shipped_on=TODAY - dt.timedelta(days=days),
                            quantity=Decimal("1"), amount=Decimal("10")))
    db.add_all([
        Task(assignee_id=world.users["mgr_b"], client_id=world.clients["b1"], title="Позвонить в Бету", due_on=TODAY),
        Task(assignee_id=world.users["mgr_a"], title="Личное", due_on=TODAY),
        Task(assignee_id=world.users["mgr_b"], client_id=world.clients["a1"], title="Шаг Бориса", due_on=TODAY),
        Task(assignee_id=world.users["mgr_c"], client_id=world.clients["c1"], title="Задача Веры", due_on=TODAY),
        StandIn(absent_user_id=world.users["mgr_a"], stand_in_user_id=world.users["mgr_b"],
                starts_on=START, ends_on=END),
    ])
    db.commit()
    return world


def marked(df, column) -> dict:
    return {row[column]: (None if row["for_name"] is None or row["for_name"] != row["for_name"] else row["for_name"])
            for _, row in df.iterrows()}


@pytest.mark.parametrize("day", list(DAYS))
def test_the_stand_ins_tasks_hold_the_colleagues_marked_as_theirs(away, db, day):
    tasks = my_day.tasks(db, away.viewer("mgr_b"), today=DAYS[day])
    anna = ({"Перезвонить": "Anna Manager", "Отправить КП": "Anna Manager", "Шаг Бориса": "Anna Manager"}
            if COVERED[day] else {})
    # Anna's task without a client stays hers; Vera's never shows. Boris's own task on Anna's client is
    # marked hers too, and out of his reach (hidden) outside the stand-in.
    assert marked(tasks, "title") == {"Позвонить в Бету": None, **anna}


@pytest.mark.parametrize("day", list(DAYS))
def test_the_stand_ins_contacts_and_reorders_due_hold_the_colleagues_clients(away, db, day):
    boris = away.viewer("mgr_b")
    anna = {"Альфа Строй": "Anna Manager", "Арктика": "Anna Manager"} if COVERED[day] else {}
    assert marked(my_day.contacts_due(db, boris, today=DAYS[day]), "client") == {"Бета Торг": None, **anna}
    assert marked(my_day.reorders_due(db, boris, today=DAYS[day]), "client") == {"Бета Торг": None, **anna}
    assert list(my_day.standing_in_for(db, boris, today=DAYS[day])["full_name"]) == (
        ["Anna Manager"] if COVERED[day] else [])


def test_the_absent_person_and_a_third_manager_see_only_their_own(away, db):
    for login, own in (("mgr_a", {"Перезвонить", "Отправить КП", "Личное"}), ("mgr_c", {"Задача Веры"})):
        tasks = my_day.tasks(db, away.viewer(login), today=TODAY)
        assert marked(tasks, "title") == dict.fromkeys(own)
        assert my_day.standing_in_for(db, away.viewer(login), today=TODAY).empty


@pytest.mark.parametrize("day", list(DAYS))
def test_the_stand_ins_birthdays_hold_the_colleagues_key_contacts_marked(away, db, day):
    """A decision maker of Anna's Альфа Строй and one of Boris's Бета Торг, both born on the day looked at:
    Boris sees his own unmarked, and Anna's marked hers on the stand-in's days only."""
    from db.models import Contact

    born = DAYS[day].replace(year=1980)
    db.add_all([Contact(client_id=away.clients["a1"], full_name="Юбиляр Альфы", decision_role="decision_maker",
                        birthday=born),
                Contact(client_id=away.clients["b1"], full_name="Юбиляр Беты", decision_role="decision_maker",
                        birthday=born)])
    db.flush()
    people = my_day.birthdays(db, away.viewer("mgr_b"), today=DAYS[day])
    anna = {"Юбиляр Альфы": "Anna Manager"} if COVERED[day] else {}
    assert marked(people, "full_name") == {"Юбиляр Беты": None, **anna}
