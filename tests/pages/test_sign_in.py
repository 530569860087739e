"""Sign-in through the real form: first start, success, failures and lockout, deactivation, sign-out."""
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.actions.users import MAX_FAILED_SIGN_INS
from db.models import User
from tests.world import PASSWORD, empty_database

from .conftest import signed_in


def _submit_sign_in(at, login, password):
    at.text_input[0].input(login)
    at.text_input[1].input(password)
    at.button[0].click().run()
    return at


def _user(engine, login) -> User:
    with Session(engine) as s:
        return s.scalar(select(User).where(User.login == login))


def test_first_start_asks_for_the_administrator(engine):
    empty_database(engine)
    at = signed_in(None)
    assert at.title[0].value == "Welcome to the Sales CRM"
    at.text_input[0].input("boss")
    at.text_input[1].input("Борис Главный")
    at.text_input[2].input("boss@example.ru")
    at.text_input[3].input("short")
    at.text_input[4].input("short")
    at.button[0].click().run()
    assert "at least 8 characters" in at.error[0].value
    assert _user(engine, "boss") is None  # refused: nothing written
    at.text_input[3].input("long enough 1")
    at.text_input[4].input("long enough 1")
    at.button[0].click().run()
    admin = _user(engine, "boss")
    assert admin is not None and admin.role == "admin"
    assert at.title[0].value == "Sales CRM"  # the sign-in page
    assert "administrator is created" in at.success[0].value
    _submit_sign_in(at, "boss", "long enough 1").run()
    assert at.title[0].value.startswith("Hello")
    empty_database(engine)


def test_manager_signs_in_and_lands_on_home(seeded, engine):
    at = signed_in(None)
    _submit_sign_in(at, "mgr_a", PASSWORD)
    assert at.session_state["authentication_status"] is True
    at.run()
    assert at.title[0].value == "Hello, Anna"
    assert "Shipped this month" in [m.label for m in at.metric]
    assert _user(engine, "mgr_a").last_login_at is not None


def test_wrong_password_is_counted_in_the_database_and_locks(seeded, engine):
    at = signed_in(None)
    for attempt in range(1, MAX_FAILED_SIGN_INS):
        _submit_sign_in(at, "mgr_b", "wrong password")
        assert at.error[0].value == "Wrong login or password."
        assert _user(engine, "mgr_b").failed_logins == attempt
    _submit_sign_in(at, "mgr_b", "wrong password")
    assert _user(engine, "mgr_b").locked_until is not None
    # A new browser session does not reset the lock, and the right password is refused too.
    fresh = signed_in(None)
    _submit_sign_in(fresh, "mgr_b", PASSWORD)
    assert "locked" in fresh.error[0].value
    assert fresh.session_state["authentication_status"] is not True


def test_deactivated_user_cannot_sign_in(seeded):
    at = signed_in(None)
    _submit_sign_in(at, "gleb", PASSWORD)
    assert at.session_state["authentication_status"] is not True
    assert at.error[0].value == "Wrong login or password."


def test_user_deactivated_while_signed_in_is_signed_out(seeded, engine):
    at = signed_in("mgr_b")
    assert at.title[0].value == "Hello, Boris"
    with Session(engine) as s:
        s.execute(update(User).where(User.login == "mgr_b").values(active=False))
        s.commit()
    at.run()
    assert at.title[0].value == "Sales CRM"
    assert [b.label for b in at.button] == ["Sign in"]


def test_sign_out(seeded):
    at = signed_in("mgr_a")
    at.sidebar.button[0].click().run()
    assert at.title[0].value == "Sales CRM"
    assert at.session_state["authentication_status"] is None
