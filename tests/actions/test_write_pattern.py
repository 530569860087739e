"""The write pattern: validate, check access, then change + audit + generation in one transaction."""
import datetime as dt

import pytest
from sqlalchemy import func, select

import db.actions.clients as client_actions
from db.actions.clients import create_client
from db.actions.users import update_user
from db.errors import AccessDenied, StaleRecord, ValidationError
from db.generation import current_generation
from db.models import AuditEntry, Client, User
from tests.world import make_inn


def count(db, model):
    return db.scalar(select(func.count()).select_from(model))


def test_create_client_writes_row_audit_and_one_generation_bump(world, db):
    before = current_generation(db)
    client = create_client(db, world.viewer("mgr_a"), name="  Дельта  ", inn=make_inn("770200001"),
                           credit_limit="150000,50")
    assert client.owner_id == world.users["mgr_a"]
    assert client.name == "Дельта" and str(client.credit_limit) == "150000.50"
    assert current_generation(db) == before + 1
    entry = db.scalars(select(AuditEntry).where(AuditEntry.entity == "client",
                                                AuditEntry.entity_id == str(client.id))).one()
    assert entry.user_id == world.users["mgr_a"] and entry.action == "create_client"
    assert entry.changes["name"] == [None, "Дельта"]
    assert entry.changes["credit_limit"] == [None, "150000.5"]


def test_a_failing_step_leaves_nothing_written(world, db, monkeypatch):
    clients_before, audit_before, gen_before = count(db, Client), count(db, AuditEntry), current_generation(db)

    def broken_audit(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(client_actions, "audit", broken_audit)
    with pytest.raises(RuntimeError):
        create_client(db, world.viewer("mgr_a"), name="Эпсилон")
    assert (count(db, Client), count(db, AuditEntry), current_generation(db)) == (
        clients_before, audit_before, gen_before)
    assert db.scalar(select(Client).where(Client.name == "Эпсилон")) is None


def test_refused_input_writes_nothing_and_names_each_field(world, db):
    gen = current_generation(db)
    with pytest.raises(ValidationError) as info:
        create_client(db, world.viewer("mgr_a"), name="", inn="1234567890", credit_limit="-5",
                      email="not-mail", payment_deferral_days="NaN")
    assert set(info.value.errors) == {"name", "inn", "credit_limit", "email", "payment_deferral_days"}
    assert current_generation(db) == gen


def test_duplicate_inn_names_the_existing_client_and_owner(world, db):
    existing = db.get(Client, world.clients["c1"])
    with pytest.raises(ValidationError) as info:  # one who sees it (a manager: test_inference_windows.py)
        create_client(db, world.viewer("director"), name="Вега-2", inn=existing.inn)
    message, params = info.value.errors["inn"]
    assert params == {"name": "Вега Пром", "owner": "Vera Manager"}


@pytest.mark.parametrize(("login", "owner", "allowed"), [
    ("mgr_a", "mgr_a", True), ("mgr_a", "mgr_b", False), ("head_n", "mgr_b", True),
    ("head_n", "mgr_c", False), ("director", "mgr_c", True), ("mgr_a", "gleb", False),
])
def test_who_may_give_a_new_client_to_whom(world, db, login, owner, allowed):
    kwargs = dict(name=f"Новый {login} {owner}", owner_id=world.users[owner])
    if allowed:
        assert create_client(db, world.viewer(login), **kwargs).owner_id == world.users[owner]
    else:
        with pytest.raises(ValidationError) as info:
            create_client(db, world.viewer(login), **kwargs)
        assert "owner_id" in info.value.errors


def test_director_creates_unassigned_client_for_the_queue(world, db):
    assert create_client(db, world.viewer("director"), name="Без менеджера").owner_id is None


def test_stale_edit_is_refused_naming_who_changed_it_and_when(world, db):
    admin = world.viewer("admin")
    user = db.get(User, world.users["mgr_b"])
    loaded_version = user.version
    update_user(db, admin, user_id=user.id, expected_version=loaded_version, full_name="Boris Renamed",
                email=user.email, role="manager", department_id=user.department_id)
    with pytest.raises(StaleRecord) as info:
        update_user(db, admin, user_id=user.id, expected_version=loaded_version, full_name="Boris Other",
                    email=user.email, role="manager", department_id=user.department_id)
    assert info.value.changed_by == "Alla Admin"
    assert isinstance(info.value.changed_at, dt.datetime)
    assert "changed by Alla Admin" in str(info.value)
    assert db.get(User, user.id).full_name == "Boris Renamed"


def test_concurrent_update_that_slips_past_the_check_is_still_refused(world, db):
    """The ORM's version column catches an update whose row changed under it."""
    from sqlalchemy import update as sql_update

    admin = world.viewer("admin")
    user = db.get(User, world.users["mgr_c"])
    db.execute(sql_update(User).where(User.id == user.id).values(version=User.version + 1)
               .execution_options(synchronize_session=False))
    with pytest.raises(StaleRecord):
        update_user(db, admin, user_id=user.id, expected_version=None, full_name="Vera X",
                    email=user.email, role="manager", department_id=user.department_id)


def test_role_checks_come_before_any_write(world, db):
    with pytest.raises(AccessDenied):
        update_user(db, world.viewer("head_n"), user_id=world.users["mgr_a"], expected_version=None,
                    full_name="x", email=None, role="manager", department_id=None)
