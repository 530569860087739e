"""Workload per manager, by role, with hand-computed figures; the placeholder A class."""
from decimal import Decimal

import pytest

from db import access
from queries.workload import a_clients_by_shipments, portfolio, workload
from tests.geo_world import add_client

PEOPLE = {
    "head_n": {"Nina Head", "Anna Manager", "Boris Manager"},
    "head_s": {"Semyon Head", "Vera Manager"},
    "director": {"Nina Head", "Anna Manager", "Boris Manager", "Semyon Head", "Vera Manager"},
    "admin": {"Nina Head", "Anna Manager", "Boris Manager", "Semyon Head", "Vera Manager"},
    "mgr_a": set(),
    "mgr_c": set(),
}


@pytest.mark.parametrize("login", list(PEOPLE))
def test_each_role_sees_the_people_it_leads(world, db, login):
    rows = workload(db, world.viewer(login))
    assert set(rows["full_name"]) == PEOPLE[login]  # Gleb left: never listed


def test_figures_worked_by_hand(world, db):
    """a1: 100 000 shipped, open deal 300 000, a task 2 days overdue (the other is due today);
    c1: 50 000 shipped, open deal 80 000. Two clients shipped → the top 20 %, rounded up, is 1: a1."""
    rows = workload(db, world.viewer("director")).set_index("full_name")
    anna, vera, boris = rows.loc["Anna Manager"], rows.loc["Vera Manager"], rows.loc["Boris Manager"]
    assert (anna.clients, anna.a_clients, anna.open_deals, anna.overdue_tasks) == (2, 1, 1, 1)
    assert Decimal(str(anna.value)) == Decimal("100000") and Decimal(str(anna.open_amount)) == Decimal("300000")
    assert (vera.clients, vera.a_clients, vera.open_deals, vera.overdue_tasks) == (1, 0, 1, 0)
    assert Decimal(str(vera.open_amount)) == Decimal("80000")
    assert (boris.clients, boris.a_clients, boris.open_deals, boris.value) == (1, 0, 0, 0)


def test_a_clients_are_the_top_fifth_by_the_years_shipments(world, db):
    today = access.today()
    ids = [add_client(db, f"Клиент {i}", world.users["mgr_b"], shipped=str(i * 1000), today=today,
                      product_id=world.product_id) for i in range(1, 9)]
    # 10 shipped clients now (8 + a1 with 100 000 + c1 with 50 000): the top 2 are a1 and c1.
    a_ids = set(db.scalars(a_clients_by_shipments(today)))
    assert a_ids == {world.clients["a1"], world.clients["c1"]}
    add_client(db, "Крупный", world.users["mgr_b"], shipped="75000", today=today, product_id=world.product_id)
    # 11 shipped → ceil(2.2) = 3.
    assert len(set(db.scalars(a_clients_by_shipments(today)))) == 3
    assert ids[0] not in set(db.scalars(a_clients_by_shipments(today)))


def test_portfolio_of_chosen_people(world, db):
    u = world.users
    df = portfolio(db, user_ids=(u["mgr_a"], u["mgr_c"], u["head_n"]), today=access.today()).set_index("user_id")
    assert df.loc[u["mgr_a"], "clients"] == 2 and df.loc[u["mgr_a"], "value"] == 100000
    assert df.loc[u["mgr_c"], "value"] == 50000 and df.loc[u["head_n"], "clients"] == 0
