"""The access policy: who sees which clients, on which days, through every query."""
import datetime as dt

import pytest
from sqlalchemy import select

from db import access
from db.errors import NotFound
from db.models import Client, Role, StandIn
from queries import clients, home

ROLES = ["mgr_a", "mgr_b", "mgr_c", "head_n", "head_s", "director", "admin"]
EXPECTED = {
    "mgr_a": {"a1", "a2"},
    "mgr_b": {"b1"},
    "mgr_c": {"c1"},
    "head_n": {"a1", "a2", "b1", "u1"},  # North's managers, and the unassigned queue
    "head_s": {"c1", "u1"},
    "director": {"a1", "a2", "b1", "c1", "u1"},
    "admin": {"a1", "a2", "b1", "c1", "u1"},
}


def visible(world, db, login, **kw):
    page = clients.list_clients(db, world.viewer(login), status=None, **kw)
    return set(page.rows["name"])


@pytest.mark.parametrize("login", ROLES)
def test_client_list_shows_exactly_the_viewers_clients(world, db, login):
    expected = {world.client_names[k] for k in EXPECTED[login]}
    assert visible(world, db, login) == expected


@pytest.mark.parametrize("login", ROLES)
def test_card_by_id_refuses_foreign_clients(world, db, login):
    viewer = world.viewer(login)
    for key, client_id in world.clients.items():
        if key in EXPECTED[login]:
            assert access.require_client(db, viewer, client_id).id == client_id
        else:
            with pytest.raises(NotFound):
                access.require_client(db, viewer, client_id)


@pytest.mark.parametrize("login", ["mgr_a", "mgr_b", "mgr_c"])
def test_search_never_finds_another_managers_client(world, db, login):
    """Search by name, INN, contact phone and e-mail: foreign clients stay invisible."""
    for key in world.clients:
        client = db.get(Client, world.clients[key])
        for needle in (client.name, client.inn, client.name.upper(), "Контакт", "example.ru", "495"):
            found = visible(world, db, login, search=needle)
            assert found <= {world.client_names[k] for k in EXPECTED[login]}, (login, needle, found)


def test_search_is_case_insensitive_in_cyrillic(world, db):
    assert visible(world, db, "mgr_a", search="альфа") == {"Альфа Строй"}
    assert visible(world, db, "mgr_a", search="АЛЬФА") == {"Альфа Строй"}
    assert visible(world, db, "mgr_a", search="КОНТАКТ АРКТИКА") == {"Арктика"}


def test_search_by_contact_phone_and_email(world, db):
    assert visible(world, db, "mgr_a", search="495 000-00-02") == {"Арктика"}
    assert visible(world, db, "mgr_a", search="contact1@a1") == {"Альфа Строй"}


def test_search_treats_like_wildcards_literally(world, db):
    assert visible(world, db, "director", search="%") == set()
    assert visible(world, db, "director", search="_") == set()


def _stand_in(db, world, *, absent, stand_in, starts, ends):
    db.add(StandIn(absent_user_id=world.users[absent], stand_in_user_id=world.users[stand_in],
                   starts_on=starts, ends_on=ends))
    db.flush()


def test_stand_in_sees_the_absent_managers_clients_only_during_the_period(world, db):
    today = dt.date(2026, 11, 27)
    _stand_in(db, world, absent="mgr_a", stand_in="mgr_c", starts=today, ends=today + dt.timedelta(days=6))
    viewer = world.viewer("mgr_c")

    def names(on):
        db.info.clear()
        s = access.scope(db, viewer, on)
        return set(db.scalars(select(Client.name).where(s.clients())))

    mine = {"Вега Пром"}
    with_a = mine | {"Альфа Строй", "Арктика"}
    assert names(today - dt.timedelta(days=1)) == mine
    assert names(today) == with_a  # first day, inclusive
    assert names(today + dt.timedelta(days=6)) == with_a  # last day, inclusive
    assert names(today + dt.timedelta(days=7)) == mine  # rights ended by themselves


def test_cancelled_stand_in_gives_nothing(world, db):
    today = access.today()
    _stand_in(db, world, absent="mgr_a", stand_in="mgr_b", starts=today, ends=today)
    db.scalars(select(StandIn)).one().cancelled = True
    db.flush()
    assert visible(world, db, "mgr_b") == {"Бета Торг"}


@pytest.mark.parametrize("login", ["mgr_a", "mgr_b", "mgr_c", "head_n", "head_s"])
def test_home_queries_show_nothing_foreign(world, db, login):
    viewer = world.viewer(login)
    allowed = {world.client_names[k] for k in EXPECTED[login]}
    acts = home.recent_activities(db, viewer, limit=100)
    assert set(acts["client"]) <= allowed
    team = home.team_summary(db, viewer)
    if viewer.role == Role.MANAGER:
        assert list(team["user_id"]) == [world.users[login]]
    tasks = home.my_open_tasks(db, viewer)
    assert set(tasks["client"].dropna()) <= allowed


def test_head_team_is_their_department(world, db):
    team = home.team_summary(db, world.viewer("head_n"))
    assert set(team["manager"]) == {"Anna Manager", "Boris Manager"}


def test_a_head_is_listed_among_the_managers_only_with_something_of_their_own(world, db):
    """Issue 18, item 7: a head who owns no client, no deal and has no plan is not a row of zeros."""
    from db.models import Client

    db.get(Client, world.clients["a1"]).owner_id = world.users["head_n"]
    db.flush()
    team = home.team_summary(db, world.viewer("head_n")).set_index("manager")
    assert set(team.index) == {"Nina Head", "Anna Manager", "Boris Manager"}
    assert team.loc["Nina Head", "clients"] == 1


def test_personal_summary_counts_own_figures(world, db):
    s = home.personal_summary(db, world.viewer("mgr_a"))
    assert (s.clients, s.open_deals, s.tasks_overdue, s.tasks_today) == (2, 1, 1, 1)
    assert s.weighted_amount == 120000  # 300 000 × 40 %
    # The plan and its % moved to queries/plans.plan_progress (tests/queries/test_plans.py).
