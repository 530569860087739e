"""What a person reads when the database itself refuses a write (issue 14, point 5).

Each test writes through `business_action` something the database refuses,
bypassing the actions' own checks, as a concurrent writer or a missing check
would, and asserts the refusal names the real cause -- on SQLite and PostgreSQL.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from db.actions.base import business_action
from db.actions.integrity import CONCURRENT
from db.actions.users import update_user
from db.errors import DomainError, StaleRecord, ValidationError
from db.generation import current_generation
from db.models import Client, Contact, Department, ProductGroup, StandIn, User
from tests.world import make_inn


@business_action
def _add(session, viewer, *, row):
    session.add(row)
    return row


def _refusal(db, world, row) -> DomainError:
    before = current_generation(db)
    with pytest.raises(DomainError) as info:
        _add(db, world.viewer("admin"), row=row)
    assert current_generation(db) == before  # nothing written
    return info.value


def test_a_duplicate_inn_says_a_client_with_this_inn_exists(world, db):
    inn = db.get(Client, world.clients["c1"]).inn
    refusal = _refusal(db, world, Client(name="Двойник", inn=inn))
    assert isinstance(refusal, ValidationError)
    assert refusal.errors == {"inn": ("A client with this INN already exists.", {})}
    assert "same moment" not in str(refusal)
    assert db.scalar(select(Client).where(Client.name == "Двойник")) is None


def test_a_duplicate_department_name(world, db):
    refusal = _refusal(db, world, Department(name=db.get(Department, world.departments["North"]).name))
    assert refusal.errors == {"name": ("A department with this name already exists.", {})}


def test_a_duplicate_without_its_own_sentence_names_the_field(world, db):
    name = db.scalars(select(ProductGroup.name)).first()
    refusal = _refusal(db, world, ProductGroup(name=name))
    message, params = refusal.errors["name"]
    assert message == "Another record already has this {field}." and params == {"field": "Name"}


def test_a_missing_required_value_names_the_field(world, db):
    refusal = _refusal(db, world, Department(name=None))
    assert isinstance(refusal, ValidationError)
    message, params = refusal.errors["name"]
    assert message == "{field} is required." and params == {"field": "Name"}


def test_a_value_out_of_range_names_the_field(world, db):
    refusal = _refusal(db, world, Client(name="Минус", inn=make_inn("770299001"), credit_limit=Decimal("-1")))
    message, params = refusal.errors["credit_limit"]
    assert message == "The value of {field} is out of the allowed range."
    assert params == {"field": "Credit limit"}


def test_a_rule_over_two_fields_is_told_as_the_rule(world, db):
    refusal = _refusal(db, world, StandIn(absent_user_id=world.users["mgr_a"], stand_in_user_id=world.users["mgr_b"],
                                          starts_on=dt.date(2026, 5, 10), ends_on=dt.date(2026, 5, 1)))
    assert str(refusal) == "The last day comes before the first day."


def test_a_reference_to_a_missing_record_says_it_no_longer_exists(world, db):
    refusal = _refusal(db, world, Contact(client_id=10**9, full_name="Сирота"))
    if db.get_bind().dialect.name == "postgresql":  # PostgreSQL names the foreign key
        message, params = refusal.errors["client_id"]
        assert message == "The chosen {field} no longer exists. Reload and choose again."
        assert params == {"field": "Client"}
    else:  # SQLite only says a foreign key failed
        assert str(refusal) == "The change refers to a record that no longer exists. Reload and try again."


def test_a_locked_database_keeps_the_concurrency_message(world, db):
    @business_action
    def locked(session, viewer):
        raise OperationalError("UPDATE deals", {}, sqlite3.OperationalError("database is locked"))

    with pytest.raises(DomainError) as info:
        locked(db, world.viewer("admin"))
    assert str(info.value) == CONCURRENT


def test_other_operational_errors_are_not_dressed_up(world, db):
    @business_action
    def broken(session, viewer):
        raise OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: nowhere"))

    with pytest.raises(OperationalError):
        broken(db, world.viewer("admin"))


def _changed_behind_the_form(db, user_id, *, by, at):
    """Someone else's committed edit of the row after the form loaded it (the version moves on)."""
    db.execute(update(User).where(User.id == user_id)
               .values(version=User.version + 1, updated_by_id=by, updated_at=at)
               .execution_options(synchronize_session=False))
    db.commit()  # (ends the test's savepoint: the action's rollback then keeps this change)


def test_a_stale_row_caught_by_the_version_column_names_who_and_when(world, db):
    admin = world.viewer("admin")
    user = db.get(User, world.users["mgr_c"])
    db.get(User, world.users["mgr_b"])  # another versioned row in the session, left alone
    at = dt.datetime(2026, 11, 30, 9, 15, tzinfo=dt.UTC)
    _changed_behind_the_form(db, user.id, by=world.users["director"], at=at)
    with pytest.raises(StaleRecord) as info:
        update_user(db, admin, user_id=user.id, expected_version=None, full_name="Vera X",
                    email=user.email, role="manager", department_id=user.department_id)
    assert info.value.changed_by == "Dmitry Director"
    assert info.value.changed_at == at
    assert "Dmitry Director" in str(info.value) and "?" not in str(info.value)


def test_a_stale_row_without_an_author_says_someone_else_not_question_marks(world, db):
    admin = world.viewer("admin")
    user = db.get(User, world.users["mgr_c"])
    _changed_behind_the_form(db, user.id, by=None, at=None)
    with pytest.raises(StaleRecord) as info:
        update_user(db, admin, user_id=user.id, expected_version=None, full_name="Vera Y",
                    email=user.email, role="manager", department_id=user.department_id)
    text = str(info.value)
    assert text == "This record was changed by someone else in the meantime. Reload it and make your change again."
    assert "?" not in text and "None" not in text


@pytest.mark.parametrize(("who", "when", "expected"), [
    ("Anna", dt.datetime(2026, 1, 2, tzinfo=dt.UTC), "changed by Anna at 2026-01-02"),
    ("Anna", None, "changed by Anna in the meantime"),
    (None, dt.datetime(2026, 1, 2, tzinfo=dt.UTC), "changed by someone else at 2026-01-02"),
    (None, None, "changed by someone else in the meantime"),
])
def test_the_stale_message_says_only_what_is_known(who, when, expected):
    text = str(StaleRecord(changed_by=who, changed_at=when))
    assert expected in text and "?" not in text and "None" not in text


def test_the_field_named_in_a_refusal_is_translated_too(world, db):
    from i18n import translate
    from ui.lang import _param

    refusal = _refusal(db, world, Department(name=None))
    message, params = refusal.errors["name"]
    shown = translate(message, "ru", **{k: _param(v, "ru") for k, v in params.items()})
    assert shown == "Поле «Название» обязательно."
