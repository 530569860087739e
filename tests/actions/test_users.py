"""The admin's user actions, one's own profile, and sign-in bookkeeping."""
import pytest
from sqlalchemy import select

from db.actions.users import (
    change_own_password,
    create_department,
    create_user,
    deactivate_user,
    reactivate_user,
    record_sign_in,
    reset_password,
    set_own_language,
    update_department,
)
from db.errors import AccessDenied, DomainError, ValidationError
from db.models import AuditEntry, User
from db.passwords import check_password
from tests.world import PASSWORD

NEW = dict(full_name="Пётр Новиков", email="petr@example.ru", role="manager", password="пароль-надёжный")


def test_admin_creates_a_manager_who_can_then_sign_in(world, db):
    user = create_user(db, world.viewer("admin"), login="  Petr.N ", department_id=world.departments["North"], **NEW)
    assert user.login == "petr.n"  # logins are lower-case: the sign-in form lower-cases them
    assert check_password("пароль-надёжный", user.password_hash)
    audit = db.scalars(select(AuditEntry).where(AuditEntry.action == "create_user")).one()
    assert "password" not in audit.changes and "password_hash" not in audit.changes


@pytest.mark.parametrize(("changes", "field"), [
    ({"login": "mgr_a"}, "login"),
    ({"login": "x"}, "login"),
    ({"login": "имя"}, "login"),
    ({"role": "king"}, "role"),
    ({"department_id": None}, "department_id"),
    ({"password": "short"}, "password"),
    ({"password": " spaced password "}, "password"),
    ({"email": "nope"}, "email"),
    ({"full_name": "x" * 201}, "full_name"),
])
def test_create_user_refuses_bad_input(world, db, changes, field):
    kwargs = {**NEW, "login": "new.user", "department_id": world.departments["North"], **changes}
    with pytest.raises(ValidationError) as info:
        create_user(db, world.viewer("admin"), **kwargs)
    assert field in info.value.errors
    assert db.scalar(select(User).where(User.login == "new.user")) is None


@pytest.mark.parametrize("login", ["mgr_a", "head_n", "director"])
def test_only_the_admin_manages_users(world, db, login):
    with pytest.raises(AccessDenied):
        create_user(db, world.viewer(login), login="new.user", department_id=world.departments["North"], **NEW)


def test_deactivation_is_refused_while_the_manager_holds_clients(world, db):
    with pytest.raises(DomainError) as info:
        deactivate_user(db, world.viewer("admin"), user_id=world.users["mgr_a"])
    assert info.value.params == {"name": "Anna Manager", "clients": 2, "deals": 1, "tasks": 2}
    assert db.get(User, world.users["mgr_a"]).active


def test_deactivate_and_reactivate(world, db):
    admin = world.viewer("admin")
    user = create_user(db, admin, login="temp", department_id=world.departments["South"], **NEW)
    deactivate_user(db, admin, user_id=user.id)
    assert not db.get(User, user.id).active
    reactivate_user(db, admin, user_id=user.id)
    assert db.get(User, user.id).active


def test_admin_cannot_deactivate_self_nor_a_department_head(world, db):
    admin = world.viewer("admin")
    with pytest.raises(DomainError):
        deactivate_user(db, admin, user_id=world.users["admin"])
    with pytest.raises(DomainError) as info:
        deactivate_user(db, admin, user_id=world.users["head_s"])
    assert info.value.params == {"name": "Semyon Head", "department": "South"}


def test_departments(world, db):
    admin = world.viewer("admin")
    dept = create_department(db, admin, name="Key accounts")
    with pytest.raises(ValidationError):
        create_department(db, admin, name="North")
    with pytest.raises(ValidationError) as info:
        update_department(db, admin, department_id=dept.id, expected_version=dept.version, name="Key accounts",
                          head_id=world.users["mgr_a"])
    assert "head_id" in info.value.errors
    update_department(db, admin, department_id=dept.id, expected_version=dept.version, name="Key accounts",
                      head_id=world.users["head_s"])


def test_own_password_and_language(world, db):
    me = world.viewer("mgr_a")
    with pytest.raises(ValidationError) as info:
        change_own_password(db, me, current_password="wrong", new_password="new-password-1")
    assert "current_password" in info.value.errors
    change_own_password(db, me, current_password=PASSWORD, new_password="new-password-1")
    assert check_password("new-password-1", db.get(User, me.user_id).password_hash)
    set_own_language(db, me, language="ru")
    assert db.get(User, me.user_id).language == "ru"
    with pytest.raises(ValidationError):
        set_own_language(db, me, language="de")


def test_admin_reset_password_refuses_a_weak_one(world, db):
    with pytest.raises(ValidationError) as info:
        reset_password(db, world.viewer("admin"), user_id=world.users["mgr_b"], new_password="qwerty123")
    assert "too easy to guess" in info.value.errors["new_password"][0]
    reset_password(db, world.viewer("admin"), user_id=world.users["mgr_b"], new_password="fresh-password")
    assert check_password("fresh-password", db.get(User, world.users["mgr_b"]).password_hash)


def test_successful_sign_in_resets_the_count(world, db):
    record_sign_in(db, None, login="mgr_c", success=False)
    record_sign_in(db, None, login="mgr_c", success=False)
    record_sign_in(db, None, login="MGR_C ", success=True)
    user = db.get(User, world.users["mgr_c"])
    assert user.failed_logins == 0 and user.last_login_at is not None and user.locked_until is None
    record_sign_in(db, None, login="nobody", success=False)  # unknown logins are ignored
