"""The profile lists one's own sessions and ends the others; the administrator ends anyone's (issue 15)."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import User, UserSession
from ui.apptest import start_session_for
from ui.auth import SESSION_KEY

from .conftest import signed_in


def _open_ids(engine, login) -> set[str]:
    with Session(engine) as s:
        return set(s.scalars(select(UserSession.id).join(User, User.id == UserSession.user_id)
                             .where(User.login == login, UserSession.ended_at.is_(None))))


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def test_profile_lists_my_sessions_and_ends_the_others(seeded, engine):
    phone, laptop = start_session_for("mgr_a"), start_session_for("mgr_a")
    elsewhere = start_session_for("mgr_b")
    at = signed_in("mgr_a", "pages/profile.py")
    here = at.session_state[SESSION_KEY]
    table = next(f.value for f in at.dataframe if "this" in f.value.columns)  # headed "This browser"
    assert len(table) == 3 and list(table["this"]).count("✓") == 1
    # One of them...
    at.selectbox(key="own_sessions.0.session_id").select(phone).run()
    _button(at, "End this session").click().run()
    assert _open_ids(engine, "mgr_a") == {here, laptop}
    assert "The session is ended." in [s.value for s in at.success]
    # ...then all the others; this one stays signed in, and nobody else's is touched.
    _button(at, "End all other sessions").click().run()
    assert _open_ids(engine, "mgr_a") == {here}
    assert _open_ids(engine, "mgr_b") == {elsewhere}
    assert at.title[0].value == "My profile"
    assert "You are signed in only here." in [c.value for c in at.caption]


def test_admin_ends_all_sessions_of_a_user(seeded, engine):
    victim = signed_in("mgr_b")
    assert victim.title[0].value == "Hello, Boris"
    at = signed_in("admin", "pages/users.py")
    user_box = next(b for b in at.selectbox if b.label == "User")
    with Session(engine) as s:
        boris_id = s.scalar(select(User.id).where(User.login == "mgr_b"))
    user_box.select(boris_id).run()
    _button(at, "End all sessions of Boris Manager").click().run()
    assert _open_ids(engine, "mgr_b") == set()
    victim.run()
    assert victim.title[0].value == "Sales CRM"  # signed out on the next run
    assert "session has ended" in victim.info[0].value
