"""Reassigning one client or many: what moves together, what keeps its owner, who may."""
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from db import access
from db.actions.clients import update_client
from db.actions.handover import CHUNK, hand_over_clients
from db.errors import AccessDenied, NotFound, StaleRecord, ValidationError
from db.models import AuditEntry, Client, Contact, Deal, Shipment, Task
from tests.geo_world import add_client, add_task


@pytest.fixture
def extras(world, db):
    """On a1 besides what the world has: a won deal, a done task, the head's own reminder
    and a colleague's deal — none of which moves with the client."""
    a1, u = world.clients["a1"], world.users
    won = Deal(title="Прошлая поставка", client_id=a1, owner_id=u["mgr_a"], stage_id=world.stages["Won"],
               state="won", amount=Decimal("5000"), probability=100)
    colleague_deal = Deal(title="Совместная сделка", client_id=a1, owner_id=u["mgr_b"],
                          stage_id=world.stages["Lead"], amount=Decimal("1000"), probability=10)
    db.add_all([won, colleague_deal])
    db.flush()
    ids = {"won": won.id, "colleague_deal": colleague_deal.id,
           "done_task": add_task(db, u["mgr_a"], "Сделано", client_id=a1, done=True),
           "head_task": add_task(db, u["head_n"], "Проверить клиента", client_id=a1)}
    db.commit()
    return ids


def test_client_contacts_open_deals_and_tasks_move_together(world, db, extras):
    u, a1, a2 = world.users, world.clients["a1"], world.clients["a2"]
    result = hand_over_clients(db, world.viewer("head_n"), client_ids=[a1, a2], to_user_id=u["mgr_b"])
    moved = result.by_recipient[u["mgr_b"]]
    assert (moved.clients, moved.deals, moved.tasks) == (2, 1, 2)
    assert {db.get(Client, c).owner_id for c in (a1, a2)} == {u["mgr_b"]}
    open_deal = db.scalar(select(Deal).where(Deal.client_id == a1, Deal.title == "Поставка крепежа"))
    assert open_deal.owner_id == u["mgr_b"] and open_deal.version == 2
    assert {t.assignee_id for t in db.scalars(select(Task).where(Task.client_id.in_([a1, a2]),
                                                                 Task.done.is_(False),
                                                                 Task.id != extras["head_task"]))} == {u["mgr_b"]}
    # What stays: the won deal, the done task, the head's reminder, the colleague's deal, the shipments.
    assert db.get(Deal, extras["won"]).owner_id == u["mgr_a"]
    assert db.get(Task, extras["done_task"]).assignee_id == u["mgr_a"]
    assert db.get(Task, extras["head_task"]).assignee_id == u["head_n"]
    assert db.get(Deal, extras["colleague_deal"]).owner_id == u["mgr_b"]
    assert db.scalar(select(Shipment.manager_id).where(Shipment.client_id == a1)) == u["mgr_a"]
    # Contacts have no owner: they follow the client into the new owner's view.
    new_scope = access.scope(db, world.viewer("mgr_b"))
    assert db.scalar(select(Contact.id).join(Client).where(Contact.client_id == a1, new_scope.clients()))
    db.info.clear()
    assert not access.scope(db, world.viewer("mgr_a")).allows_owner(db.get(Client, a1).owner_id)


def test_everything_moved_is_audited_old_to_new(world, db, extras):
    u, a1 = world.users, world.clients["a1"]
    hand_over_clients(db, world.viewer("director"), client_ids=[a1], to_user_id=u["mgr_c"])
    rows = db.scalars(select(AuditEntry).where(AuditEntry.action.like("hand_over%"))).all()
    assert {(r.action, r.entity) for r in rows} == {("hand_over_client", "client"), ("hand_over_deal", "deal"),
                                                    ("hand_over_task", "task"), ("hand_over_clients", "user")}
    client_row = next(r for r in rows if r.entity == "client")
    assert client_row.entity_id == str(a1) and client_row.changes == {"owner_id": [u["mgr_a"], u["mgr_c"]]}
    assert client_row.user_id == u["director"] and client_row.at is not None


def test_a_form_loaded_before_the_handover_is_refused_naming_who(world, db):
    a1 = world.clients["a1"]
    hand_over_clients(db, world.viewer("head_n"), client_ids=[a1], to_user_id=world.users["mgr_b"])
    with pytest.raises(StaleRecord) as info:
        update_client(db, world.viewer("head_n"), client_id=a1, expected_version=1, notes="старая форма")
    assert info.value.changed_by == "Nina Head"


def test_heads_assign_from_the_unassigned_queue(world, db):
    u1 = world.clients["u1"]
    hand_over_clients(db, world.viewer("head_s"), client_ids=[u1], to_user_id=world.users["mgr_c"])
    assert db.get(Client, u1).owner_id == world.users["mgr_c"]


@pytest.mark.parametrize(("login", "client", "to", "error"), [
    ("mgr_a", "a1", "mgr_b", AccessDenied),  # managers do not hand over
    ("head_s", "a1", "mgr_c", NotFound),  # another department's client
    ("head_n", "a1", "mgr_c", ValidationError),  # to another department's manager
    ("head_n", "a1", "gleb", ValidationError),  # to someone who left
    ("director", "a1", "director", ValidationError),  # to someone who holds no clients
])
def test_refusals_change_nothing(world, db, login, client, to, error):
    cid = world.clients[client]
    with pytest.raises(error):
        hand_over_clients(db, world.viewer(login), client_ids=[cid], to_user_id=world.users[to])
    assert db.get(Client, cid).owner_id == world.users["mgr_a"]
    assert db.scalar(select(Deal.owner_id).where(Deal.client_id == cid)) == world.users["mgr_a"]


def test_one_foreign_client_in_a_batch_refuses_the_whole_batch(world, db):
    ids = [world.clients["a1"], world.clients["c1"]]
    with pytest.raises(NotFound):
        hand_over_clients(db, world.viewer("head_n"), client_ids=ids, to_user_id=world.users["mgr_b"])
    assert db.get(Client, world.clients["a1"]).owner_id == world.users["mgr_a"]


def test_empty_selection_and_clients_already_there(world, db):
    with pytest.raises(ValidationError) as info:
        hand_over_clients(db, world.viewer("head_n"), client_ids=[], to_user_id=None)
    assert set(info.value.errors) == {"client_ids", "to_user_id"}
    result = hand_over_clients(db, world.viewer("head_n"), client_ids=[world.clients["b1"], world.clients["a2"]],
                               to_user_id=world.users["mgr_b"])
    assert result.unchanged == 1 and result.total.clients == 1


def test_more_clients_than_one_statement_holds(world, db):
    """Chunks of CHUNK ids: a batch several chunks long moves whole, with its tasks."""
    u = world.users
    ids = [add_client(db, f"Клиент {i}", u["mgr_a"]) for i in range(CHUNK * 2 + 7)]
    for cid in ids[::50]:
        add_task(db, u["mgr_a"], "Позвонить", client_id=cid, due_on=dt.date.today())
    db.commit()
    result = hand_over_clients(db, world.viewer("director"), client_ids=ids, to_user_id=u["mgr_b"])
    assert (result.total.clients, result.total.tasks) == (len(ids), len(ids[::50]))
    assert db.scalar(select(Client.id).where(Client.id.in_(ids), Client.owner_id != u["mgr_b"])) is None
