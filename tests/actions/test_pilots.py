"""The pilot list's one action: a follow-up task for each leader's owner, audited, made once."""
import datetime as dt

import pytest
from sqlalchemy import select

from db import access
from db.actions.pilots import create_pilot_tasks
from db.errors import NotFound, ValidationError
from db.models import AuditEntry, Client, Task, User

NEXT_WEEK = access.today() + dt.timedelta(days=7)


def pilot(db, world, login, keys, **kw):
    args = dict(product_group_id=group_of(db, world), client_ids=[world.clients[k] for k in keys],
                title="Пилот: новинки крепежа", due_on=NEXT_WEEK)
    return create_pilot_tasks(db, world.viewer(login), **{**args, **kw})


def group_of(db, world):
    from db.models import Product
    return db.get(Product, world.product_id).group_id


def pilot_tasks(db):
    return {(t.client_id, t.assignee_id): t for t in db.scalars(select(Task).where(Task.source == "pilot"))}


def test_a_manager_makes_tasks_for_own_leaders_once(world, db):
    result = pilot(db, world, "mgr_a", ["a1", "a2"])
    assert (result.created, result.skipped) == (2, 0)
    tasks = pilot_tasks(db)
    assert set(tasks) == {(world.clients["a1"], world.users["mgr_a"]), (world.clients["a2"], world.users["mgr_a"])}
    task = tasks[(world.clients["a1"], world.users["mgr_a"])]
    assert task.title == "Пилот: новинки крепежа" and task.due_on == NEXT_WEEK and not task.done
    assert task.source_key == f"pilot:{group_of(db, world)}:{world.clients['a1']}"
    audits = db.scalars(select(AuditEntry).where(AuditEntry.action == "create_pilot_task")).all()
    assert len(audits) == 2 and all(a.user_id == world.users["mgr_a"] for a in audits)
    again = pilot(db, world, "mgr_a", ["a1", "a2"])
    assert (again.created, again.skipped) == (0, 2) and len(pilot_tasks(db)) == 2


def test_a_head_sets_tasks_for_each_owner_and_takes_the_unassigned(world, db):
    pilot(db, world, "mgr_a", ["a1"])
    result = pilot(db, world, "head_n", ["a1", "b1", "u1"])
    assert (result.created, result.skipped) == (2, 1)
    assert set(pilot_tasks(db)) == {(world.clients["a1"], world.users["mgr_a"]),
                                    (world.clients["b1"], world.users["mgr_b"]),
                                    (world.clients["u1"], world.users["head_n"])}


def test_a_client_of_someone_who_left_goes_to_the_viewer(world, db):
    db.get(Client, world.clients["b1"]).owner_id = world.users["gleb"]
    db.commit()
    assert not db.get(User, world.users["gleb"]).active
    pilot(db, world, "director", ["b1"])
    assert set(pilot_tasks(db)) == {(world.clients["b1"], world.users["director"])}


@pytest.mark.parametrize(("login", "keys"), [("mgr_a", ["a1", "b1"]), ("mgr_b", ["a1"]), ("head_s", ["a2"]),
                                             ("mgr_c", ["u1"])])
def test_a_foreign_client_refuses_the_whole_list(world, db, login, keys):
    with pytest.raises(NotFound):
        pilot(db, world, login, keys)
    assert pilot_tasks(db) == {}


@pytest.mark.parametrize(("kw", "field"), [
    ({"title": "  "}, "title"),
    ({"title": "x" * 301}, "title"),
    ({"due_on": access.today() - dt.timedelta(days=1)}, "due_on"),
    ({"due_on": None}, "due_on"),
    ({"product_group_id": 999999}, "product_group_id"),
    ({"product_group_id": None}, "product_group_id"),
    ({"client_ids": []}, "client_ids"),
    ({"client_ids": list(range(1, 202))}, "client_ids"),
])
def test_bad_input_is_refused_and_writes_nothing(world, db, kw, field):
    with pytest.raises(ValidationError) as info:
        pilot(db, world, "mgr_a", ["a1"], **kw)
    assert field in info.value.errors
    assert pilot_tasks(db) == {}
