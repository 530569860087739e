"""My day, mail-merge recipients and runs, the knowledge base: by role, with access-leak checks.

The world is made "due" everywhere: every client created a year ago and last called 200 days
ago, every deal still for 60 days, every client a regular buyer whose reorder is late, a key
contact with a birthday today at every client. Each role must then see exactly its own share.
"""
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import update

from db import access
from db.errors import NotFound
from db.actions.mail_runs import create_mail_run
from db.models import (Activity, Client, Contact, Deal, Product, ProductGroup, Shipment, StandIn, Task,
                       utcnow)
from queries import mail_runs, mailing, my_day, products

TODAY = access.today()
ROLES = ["mgr_a", "mgr_b", "mgr_c", "head_n", "head_s", "director", "admin"]
OWN = {"mgr_a": {"a1", "a2"}, "mgr_b": {"b1"}, "mgr_c": {"c1"}}  # My day: one's own clients only
SCOPE = {"mgr_a": {"a1", "a2"}, "mgr_b": {"b1"}, "mgr_c": {"c1"}, "head_n": {"a1", "a2", "b1", "u1"},
         "head_s": {"c1", "u1"}, "director": {"a1", "a2", "b1", "c1", "u1"},
         "admin": {"a1", "a2", "b1", "c1", "u1"}}


@pytest.fixture
def due_world(world, db):
    long_ago = utcnow() - dt.timedelta(days=365)
    db.execute(update(Client).values(created_at=long_ago))
    db.execute(update(Activity).values(occurred_at=utcnow() - dt.timedelta(days=200)))
    db.execute(update(Deal).values(stage_entered_at=utcnow() - dt.timedelta(days=60)))
    db.execute(update(Contact).values(birthday=TODAY.replace(year=1980) if not (TODAY.month == 2 and TODAY.day == 29)
                                      else dt.date(1980, 2, 29)))
    group = ProductGroup(name="Цемент")
    db.add(group)
    db.flush()
    cement = Product(sku="CEM-1", name="Цемент М500", group_id=group.id, price=Decimal("500"))
    db.add(cement)
    db.flush()
    for key, client_id in world.clients.items():
        for days in (150, 120, 90):  # cement every 30 days, the last 90 days ago: 52 days late
            db.add(Shipment(client_id=client_id, product_id=cement.id, shipped_on=TODAY - dt.timedelta(days=days),
                            quantity=Decimal("1"), amount=Decimal("10")))
        db.add(Deal(title=f"Сделка {key}", client_id=client_id, owner_id=world.users["mgr_a"] if key == "u1"
                    else db.get(Client, client_id).owner_id, stage_id=world.stages["Lead"], probability=10,
                    stage_entered_at=utcnow() - dt.timedelta(days=60)))
    db.commit()
    return world


def names(world, ids) -> set[str]:
    by_id = {v: k for k, v in world.clients.items()}
    return {by_id[int(i)] for i in ids}


@pytest.mark.parametrize("login", ROLES)
def test_my_day_lists_only_the_viewers_own_clients(due_world, db, login):
    viewer = due_world.viewer(login)
    own = OWN.get(login, set())
    assert names(due_world, my_day.contacts_due(db, viewer)["client_id"]) == own
    assert names(due_world, my_day.reorders_due(db, viewer)["client_id"]) == own
    assert names(due_world, my_day.birthdays(db, viewer)["client_id"]) == own
    stalled = my_day.stalled_deals(db, viewer)
    # Anna also owns the deal on the unassigned client; she may not see that client, so not the deal.
    assert names(due_world, stalled["client_id"]) == own


def test_my_day_figures_worked_out_by_hand(due_world, db):
    viewer = due_world.viewer("mgr_a")
    due = my_day.contacts_due(db, viewer).set_index("client_id")
    a1 = due.loc[due_world.clients["a1"]]
    # Альфа Строй is class A (its 100,000 this month): every 14 days, last call 200 days ago.
    assert (a1["abc"], a1["interval_days"], a1["days_over"]) == ("A", 14, 186)
    reorder = my_day.reorders_due(db, viewer).set_index("client_id").loc[due_world.clients["a2"]]
    # Арктика: 150, 120, 90 days ago → every 30 days, due 38 days after the last: 52 days over.
    assert (reorder["orders"], reorder["interval_days"], reorder["days_over"]) == (3, 30, 52)
    party = my_day.birthdays(db, viewer)
    assert set(party["day"]) == {TODAY} and set(party["age"]) == {TODAY.year - 1980}
    stalled = my_day.stalled_deals(db, viewer)
    assert set(stalled["days_still"]) == {60}


def test_a_stand_in_works_the_absent_colleagues_clients_too(due_world, db):
    db.add(StandIn(absent_user_id=due_world.users["mgr_a"], stand_in_user_id=due_world.users["mgr_b"],
                   starts_on=TODAY - dt.timedelta(days=1), ends_on=TODAY + dt.timedelta(days=5)))
    db.commit()
    viewer = due_world.viewer("mgr_b")
    assert names(due_world, my_day.contacts_due(db, viewer)["client_id"]) == {"a1", "a2", "b1"}


def test_tasks_are_mine_and_never_show_a_client_out_of_reach(world, db):
    db.add(Task(assignee_id=world.users["mgr_a"], client_id=world.clients["c1"], title="Чужая задача",
                due_on=TODAY))
    db.add(Task(assignee_id=world.users["mgr_a"], title="Без клиента", due_on=TODAY + dt.timedelta(days=3)))
    db.add(Task(assignee_id=world.users["mgr_a"], title="Через месяц", due_on=TODAY + dt.timedelta(days=30)))
    db.commit()
    tasks = my_day.tasks(db, world.viewer("mgr_a"))
    assert list(tasks["title"]) == ["Перезвонить", "Отправить КП", "Без клиента"]
    assert list(tasks["bucket"]) == ["overdue", "today", "soon"]
    assert "Вега Пром" not in set(tasks["client"].dropna())
    assert my_day.tasks(db, world.viewer("mgr_b")).empty


@pytest.mark.parametrize("login", ROLES)
def test_recipients_are_the_viewers_clients_even_from_a_handed_over_list(world, db, login):
    viewer = world.viewer(login)
    assert names(world, mailing.recipients(db, viewer)["client_id"]) == SCOPE[login]
    every_id = list(world.clients.values())
    assert names(world, mailing.recipients(db, viewer, client_ids=every_id)["client_id"]) == SCOPE[login]
    assert set(mailing.merge_values(db, viewer, client_ids=every_id)) == {world.clients[k] for k in SCOPE[login]}


def test_recipient_filters_and_the_contact_chosen(world, db):
    viewer = world.viewer("director")
    found = mailing.recipients(db, viewer, abc="A").set_index("client_id")
    assert names(world, found.index) == {"a1", "c1"}
    assert found.loc[world.clients["a1"], "email"] == "contact1@a1.example.ru"
    assert names(world, mailing.recipients(db, viewer, search="бета")["client_id"]) == {"b1"}
    assert names(world, mailing.recipients(db, viewer, owner_id=world.users["mgr_c"])["client_id"]) == {"c1"}
    values = mailing.merge_values(db, viewer, client_ids=[world.clients["a1"]])[world.clients["a1"]]
    assert values["manager"] == "Anna Manager" and values["products"] == "крепёж"


@pytest.mark.parametrize("login", ROLES)
def test_a_run_is_seen_by_its_author_and_their_leaders_only(world, db, login):
    run = create_mail_run(db, world.viewer("mgr_a"), name="Весна", channel="download", subject="{client}",
                          body="Текст", client_ids=[world.clients["a1"], world.clients["a2"]])
    may = login in ("mgr_a", "head_n", "director", "admin")
    viewer = world.viewer(login)
    assert (run.id in set(mail_runs.list_runs(db, viewer)["id"])) == may
    if may:
        assert names(world, mail_runs.run_letters(db, viewer, run_id=run.id)["client_id"]) == {"a1", "a2"}
    else:
        with pytest.raises(NotFound):
            mail_runs.run_letters(db, viewer, run_id=run.id)


@pytest.mark.parametrize("login", ROLES)
def test_a_clients_products_follow_the_client_card_access(world, db, login):
    viewer = world.viewer(login)
    for key, client_id in world.clients.items():
        if key in SCOPE[login]:
            rows = products.client_products(db, viewer, client_id=client_id)
            assert list(rows["name"]) == (["Саморез 4×40"] if key in ("a1", "c1") else [])
        else:
            with pytest.raises(NotFound):
                products.client_products(db, viewer, client_id=client_id)


def test_the_knowledge_base_is_searchable_by_anyone(world, db):
    from db.actions.products import product_search_text

    product = db.get(Product, world.product_id)
    product.description = "Оцинкованный, для гипсокартона"
    product.search_text = product_search_text(db, product)
    db.commit()
    found = products.list_products(db, world.viewer("mgr_c"), search="САМОРЕЗ")
    assert list(found["name"]) == ["Саморез 4×40"]
    assert list(products.list_products(db, world.viewer("mgr_a"), search="гипсокартон")["name"]) == ["Саморез 4×40"]
    assert list(found["name"]) == ["Саморез 4×40"]
    assert products.list_products(db, world.viewer("mgr_c"), search="нет такого").empty
    assert products.get_product(db, world.viewer("mgr_a"), product_id=world.product_id).sku == "KR-001"
    with pytest.raises(NotFound):
        products.get_product(db, world.viewer("mgr_a"), product_id=world.product_id + 1000)


TEAM = {"mgr_a": {"Anna Manager"}, "mgr_b": {"Boris Manager"}, "mgr_c": {"Vera Manager"},
        "head_n": {"Nina Head", "Anna Manager", "Boris Manager"}, "head_s": {"Semyon Head", "Vera Manager"},
        "director": {"Nina Head", "Semyon Head", "Anna Manager", "Boris Manager", "Vera Manager"},
        "admin": {"Nina Head", "Semyon Head", "Anna Manager", "Boris Manager", "Vera Manager"}}


@pytest.mark.parametrize("login", ROLES)
def test_the_team_routine_shows_the_viewers_people_only(due_world, db, login):
    team = my_day.team_routine(db, due_world.viewer(login)).set_index("manager")
    assert set(team.index) == TEAM[login]
    if "Anna Manager" in team.index:
        anna = team.loc["Anna Manager"]
        # Two clients due for a contact and a reorder; her two deals and the one on the unassigned client.
        assert (anna["overdue_tasks"], anna["today_tasks"], anna["contacts_due"], anna["reorders_due"],
                anna["stalled_deals"]) == (1, 1, 2, 2, 4)
