"""The notifications page (issue 21): every role opens it; each person sees their own, in their
language, with links to what they are about; "Mark read" and "Mark all read" work; the menu and My
day show the unread count."""
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import access
from db.models import Notification, User, utcnow

from .conftest import signed_in, texts

TODAY = access.today()


def add(engine, world, login: str, kind: str, params: dict, read: bool = False, **links) -> int:
    with Session(engine) as s:
        row = Notification(user_id=world.users[login], kind=kind, params=params,
                           read_at=utcnow() if read else None, **links)
        s.add(row)
        s.commit()
        return row.id


def menu(at) -> list[str]:
    return [link.proto.label for link in at.get("page_link")]


@pytest.fixture
def notes(seeded, engine):
    w = seeded
    ids = {
        "handed": add(engine, w, "mgr_a", "clients_handed",
                      {"clients": 2, "deals": 1, "tasks": 3, "by": "Nina Head"}),
        "task": add(engine, w, "mgr_a", "task_overdue", {"title": "Перезвонить", "due": TODAY.isoformat()},
                    client_id=w.clients["a1"]),
        "old": add(engine, w, "mgr_a", "task_due", {"title": "Давнее", "due": TODAY.isoformat()}, read=True),
        "boris": add(engine, w, "mgr_b", "task_due", {"title": "Задача Бориса", "due": TODAY.isoformat()},
                     client_id=w.clients["b1"]),
        "head": add(engine, w, "head_n", "abc_slip", {"client": "Бета Торг", "manager": "Boris Manager", "abc": "C"},
                    client_id=w.clients["b1"]),
    }
    return ids


@pytest.mark.parametrize("login", ["mgr_a", "head_n", "director", "admin"])
def test_the_page_opens_for_every_role(notes, login):
    at = signed_in(login, "pages/notifications.py")
    assert not at.exception
    assert at.title[0].value == "Notifications"


def test_a_manager_sees_their_own_unread_with_links_and_the_count_in_the_menu(notes, seeded):
    at = signed_in("mgr_a", "pages/notifications.py")
    assert not at.exception
    blob = texts(at)
    assert "Nina Head handed over to you: clients 2, open deals 1, open tasks 3." in blob
    assert "Task overdue since" in blob and "Перезвонить" in blob
    assert "Давнее" not in blob  # read: only under "All"
    assert "Задача Бориса" not in blob and "Бета Торг" not in blob  # others'
    assert "Notifications (2)" in menu(at)
    # the link to the card is named by the client: "Task due today" alone does not say for whom
    assert "Альфа Строй" in menu(at) and "Clients" in menu(at) and "Client card" not in menu(at)


def test_mark_read_and_mark_all_read(notes, seeded, engine):
    at = signed_in("mgr_a", "pages/notifications.py")
    at.button(key=f"notice_read_btn_{notes['task']}").click().run()
    assert not at.exception
    with Session(engine) as s:
        assert s.get(Notification, notes["task"]).read_at is not None
        assert s.get(Notification, notes["handed"]).read_at is None
    assert "Notifications (1)" in menu(at)
    assert "Перезвонить" not in texts(at)
    at.button(key="notifications_all_btn").click().run()
    assert not at.exception
    with Session(engine) as s:
        unread = s.scalars(select(Notification.id).where(Notification.read_at.is_(None))).all()
    assert sorted(unread) == sorted([notes["boris"], notes["head"]])  # Anna's "all" is hers only
    assert "Notifications" in menu(at) and not any(m.startswith("Notifications (") for m in menu(at))
    assert any("No unread notifications." in i.value for i in at.info)
    at.segmented_control(key="notifications_show").set_value("all").run()
    blob = texts(at)
    assert "Давнее" in blob and "Перезвонить" in blob


def test_the_text_is_in_the_readers_language(notes, seeded, engine):
    with Session(engine) as s:
        s.get(User, seeded.users["head_n"]).language = "ru"
        s.commit()
    at = signed_in("head_n", "pages/notifications.py")
    assert not at.exception
    blob = texts(at)
    assert "Бета Торг" in blob and "Boris Manager" in blob and "slipped" not in blob
    assert "Уведомления (1)" in menu(at)


def test_my_day_shows_the_unread_count(notes):
    at = signed_in("mgr_a", "pages/my_day.py")
    assert not at.exception
    assert "Unread notifications: 2" in menu(at)
    at = signed_in("director", "pages/my_day.py")
    assert not any(m.startswith("Unread notifications") for m in menu(at))
