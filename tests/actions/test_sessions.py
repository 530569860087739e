"""Server-side sessions and the sign-in throttle (issue 15, items 2 and 12b)."""
import datetime as dt

import pytest
from sqlalchemy import select, update

from db.actions import sessions
from db.actions.users import change_own_password, deactivate_user, reactivate_user, reset_password
from db.errors import AccessDenied, NotFound
from db.models import AuditEntry, SignInFailure, User, UserSession, utcnow
from tests.world import PASSWORD


def _start(db, world, login, **kw) -> sessions.NewSession:
    return sessions.start_session(db, None, user_id=world.users[login], **kw)


def _alive(db, new) -> bool:
    return sessions.check_session(db, None, session_id=new.id) is not None


def _reason(db, new) -> str | None:
    return db.get(UserSession, new.id).ended_reason


def test_a_session_is_named_by_the_hash_of_its_token(world, db):
    new = _start(db, world, "mgr_a", user_agent="Firefox", ip_address="10.0.0.7")
    assert new.id == sessions.token_hash(new.token) and new.token not in new.id
    row = db.get(UserSession, new.id)
    assert (row.user_agent, row.ip_address) == ("Firefox", "10.0.0.7")
    assert db.scalar(select(UserSession).where(UserSession.id == new.token)) is None
    assert sessions.check_session(db, None, session_id=new.id).id == world.users["mgr_a"]
    assert sessions.check_session(db, None, session_id="0" * 64) is None


def test_sign_out_ends_only_that_session(world, db):
    here, there = _start(db, world, "mgr_a"), _start(db, world, "mgr_a")
    sessions.sign_out(db, None, session_id=here.id)
    assert not _alive(db, here) and _reason(db, here) == "signed_out"
    assert _alive(db, there)


def test_idle_and_absolute_expiry(world, db, monkeypatch):
    idle, old = _start(db, world, "mgr_a"), _start(db, world, "mgr_a")
    db.execute(update(UserSession).where(UserSession.id == idle.id)
               .values(last_seen_at=utcnow() - sessions.idle_timeout() - dt.timedelta(seconds=1)))
    db.execute(update(UserSession).where(UserSession.id == old.id)
               .values(expires_at=utcnow() - dt.timedelta(seconds=1)))
    assert not _alive(db, idle) and _reason(db, idle) == "idle"
    assert not _alive(db, old) and _reason(db, old) == "expired"
    # The settings: CRM_SESSION_IDLE_MINUTES and CRM_SESSION_DAYS.
    monkeypatch.setenv("CRM_SESSION_IDLE_MINUTES", "15")
    monkeypatch.setenv("CRM_SESSION_DAYS", "0.5")
    assert sessions.idle_timeout() == dt.timedelta(minutes=15)
    assert sessions.absolute_lifetime() == dt.timedelta(hours=12)
    short = _start(db, world, "mgr_a")
    assert dt.timedelta(hours=11) < short.expires_at - utcnow() <= dt.timedelta(hours=12)


def test_a_session_in_use_stays_alive_and_is_seen(world, db):
    new = _start(db, world, "mgr_a")
    db.execute(update(UserSession).where(UserSession.id == new.id)
               .values(last_seen_at=utcnow() - dt.timedelta(minutes=30)))
    assert _alive(db, new)
    assert utcnow() - db.get(UserSession, new.id).last_seen_at < dt.timedelta(minutes=1)


def test_password_reset_and_deactivation_end_every_session(world, db):
    admin = world.viewer("admin")
    first, second = _start(db, world, "mgr_b"), _start(db, world, "mgr_b")
    reset_password(db, admin, user_id=world.users["mgr_b"], new_password="fresh-password")
    assert _reason(db, first) == _reason(db, second) == "password_reset"
    assert not _alive(db, first)

    gleb = world.users["gleb"]
    db.execute(update(User).where(User.id == gleb).values(active=True))
    before = _start(db, world, "gleb")
    version = db.get(User, gleb).version
    deactivate_user(db, admin, user_id=gleb, expected_version=version)
    assert _reason(db, before) == "deactivated"
    reactivate_user(db, admin, user_id=gleb)
    assert not _alive(db, before)  # reactivation does not bring an old sign-in back
    assert _alive(db, _start(db, world, "gleb"))


def test_changing_ones_password_ends_the_other_sessions(world, db):
    me = world.viewer("mgr_a")
    here, elsewhere = _start(db, world, "mgr_a"), _start(db, world, "mgr_a")
    change_own_password(db, me, current_password=PASSWORD, new_password="new-password-1", keep_session=here.id)
    assert _alive(db, here) and _reason(db, elsewhere) == "password_changed"


def test_a_user_ends_their_own_other_sessions_but_nobody_elses(world, db):
    me = world.viewer("mgr_a")
    here, phone, laptop = (_start(db, world, "mgr_a") for _ in range(3))
    someone_elses = _start(db, world, "mgr_b")
    sessions.end_own_session(db, me, session_id=phone.id, current_id=here.id)
    assert _reason(db, phone) == "ended_by_user" and _alive(db, laptop)
    with pytest.raises(NotFound):
        sessions.end_own_session(db, me, session_id=someone_elses.id, current_id=here.id)
    with pytest.raises(AccessDenied):
        sessions.end_own_session(db, me, session_id=here.id, current_id=here.id)
    assert sessions.end_other_sessions(db, me, current_id=here.id) == 1
    assert _alive(db, here) and not _alive(db, laptop) and _alive(db, someone_elses)


def test_only_an_admin_ends_anyones_sessions_and_it_is_audited(world, db):
    target = _start(db, world, "mgr_b")
    with pytest.raises(AccessDenied):
        sessions.end_sessions_of(db, world.viewer("head_n"), user_id=world.users["mgr_b"])
    assert _alive(db, target)
    assert sessions.end_sessions_of(db, world.viewer("admin"), user_id=world.users["mgr_b"],
                                    session_id=target.id) == 1
    assert _reason(db, target) == "ended_by_admin"
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "end_sessions")).one()
    assert entry.entity_id == str(world.users["mgr_b"]) and entry.user_id == world.users["admin"]


def _fail(db, login, address, times=1):
    for _ in range(times):
        sessions.record_failed_sign_in(db, None, login=login, address=address)


def test_the_delay_grows_per_login_and_address_and_never_locks(world, db):
    # The curve: free tries, then 1 s, 2 s, 4 s ... and never more than 15 minutes.
    seconds = [sessions._delay("pair", n).total_seconds() for n in range(1, 17)]
    assert seconds == [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]
    assert sessions._delay("address", 20).total_seconds() == 1 and sessions._delay("address", 19).total_seconds() == 0
    assert sessions._delay("login", 1000) == sessions.MAX_DELAY

    wait = lambda login="director", address="10.0.0.66": sessions.sign_in_wait(db, login=login, address=address)  # noqa: E731
    _fail(db, "director", "10.0.0.66", 4)
    assert wait() == dt.timedelta(0)  # four typos cost nothing
    _fail(db, "director", "10.0.0.66", 8)
    assert dt.timedelta(seconds=60) < wait() <= dt.timedelta(seconds=128)  # the 12th failure: 128 s
    # The director at her own desk is not delayed by a stranger's guesses...
    assert wait(address="10.0.0.5") == dt.timedelta(0)
    # ...and the delay never exceeds 15 minutes, however many tries.
    _fail(db, "director", "10.0.0.66", 30)
    assert dt.timedelta(minutes=14) < wait() <= dt.timedelta(minutes=15)
    # Trying every login from one address (spraying) is delayed by the address's count too.
    assert wait(login="mgr_a") > dt.timedelta(minutes=1)
    # Old failures are forgotten after a day.
    db.execute(update(SignInFailure).values(last_failure_at=utcnow() - dt.timedelta(days=2)))
    assert wait() == dt.timedelta(0)


def test_unknown_logins_are_counted_like_known_ones(world, db):
    _fail(db, "no-such-login", "10.0.0.9", 10)
    assert sessions.sign_in_wait(db, login="no-such-login", address="10.0.0.9") > dt.timedelta(0)


def test_success_clears_the_logins_count_but_not_the_addresss(world, db):
    _fail(db, "mgr_a", "10.0.0.8", 6)
    sessions.clear_failed_sign_ins(db, None, login="mgr_a", address="10.0.0.8")
    keys = set(db.scalars(select(SignInFailure.key)))
    assert keys == {"address:10.0.0.8"}


def test_the_read_only_check_agrees(world, db):
    alive, ended = _start(db, world, "mgr_a"), _start(db, world, "mgr_a")
    sessions.sign_out(db, None, session_id=ended.id)
    assert sessions.session_user(db, session_id=alive.id).id == world.users["mgr_a"]
    assert sessions.session_user(db, session_id=ended.id) is None
    db.execute(update(UserSession).where(UserSession.id == alive.id)
               .values(expires_at=utcnow() - dt.timedelta(seconds=1)))
    assert sessions.session_user(db, session_id=alive.id) is None
