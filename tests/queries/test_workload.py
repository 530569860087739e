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


def test_the_kept_worth_part_gives_the_same_figures(world, db, monkeypatch):
    """workload takes the A-clients and values per owner from a company-wide part the app keeps
    (queries/kept.py): the frame is the same whether the part is computed in place or kept,
    and equals the per-owner sums recomputed from the part's own rows."""
    import pandas as pd

    from queries import kept
    from queries.workload import owner_worth

    today = access.today()
    computed = workload(db, world.viewer("director"), today=today)
    worth = owner_worth(db, None, today=today)
    asked = []
    monkeypatch.setattr(kept, "keeper", lambda query, args: asked.append((query, args)) or worth)
    kept_frame = workload(db, world.viewer("director"), today=today)
    assert asked == [(owner_worth, {"today": today})]
    pd.testing.assert_frame_equal(computed, kept_frame, check_exact=True)
    by_id = computed.set_index("user_id")
    for uid, (a_clients, value) in worth.items():
        if uid in by_id.index:
            assert (by_id.loc[uid, "a_clients"], by_id.loc[uid, "value"]) == (a_clients, value)
    assert workload(db, world.viewer("mgr_a"), today=today).empty
