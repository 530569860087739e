"""A stale edit is not lost (issue 15, item 9): two people edit the same client; the second to
save is told who changed it and when, sees their values beside, keeps what they typed, and can
apply it on top of the other person's change or reload."""
from __future__ import annotations

from sqlalchemy.orm import Session

from db.models import Client

from .conftest import signed_in


def _box(at, client_id: int, field: str):
    return next(w for w in (*at.text_input, *at.text_area)
                if w.key and w.key.startswith(f"edit_client_{client_id}.") and w.key.endswith(f".{field}"))


def _save(at, client_id: int):
    return next(b for b in at.button if b.label == "Save" and b.proto.form_id.startswith(f"edit_client_{client_id}."))


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _open_both(seeded):
    client_id = seeded.clients["a1"]
    head = signed_in("head_n", "pages/client.py", query_params={"id": client_id})
    manager = signed_in("mgr_a", "pages/client.py", query_params={"id": client_id})
    assert not head.exception and not manager.exception
    return client_id, head, manager


def test_the_second_save_says_who_and_keeps_the_typing_then_applies_it_on_top(seeded, engine):
    client_id, head, manager = _open_both(seeded)
    _box(manager, client_id, "website").input("manager.example.ru")  # the manager starts typing
    _box(head, client_id, "notes").input("Head's note")
    _save(head, client_id).click().run()
    assert not head.exception
    _save(manager, client_id).click().run()
    assert not manager.exception
    errors = " ".join(e.value for e in manager.error)
    assert "This record was changed by Nina Head at" in errors, errors
    warning = " ".join(w.value for w in manager.warning)
    assert "Nina Head changed this client at" in warning
    assert "Head's note" in " ".join(m.value for m in manager.markdown)  # their value beside
    assert _box(manager, client_id, "website").value == "manager.example.ru"  # the typing is kept
    with Session(engine) as s:
        assert s.get(Client, client_id).website is None  # nothing of the stale form was written
    _button(manager, "Apply my changes on top of theirs").click().run()
    assert _box(manager, client_id, "website").value == "manager.example.ru"
    _save(manager, client_id).click().run()
    assert not manager.exception and not manager.error
    with Session(engine) as s:
        client = s.get(Client, client_id)
        assert (client.website, client.notes) == ("manager.example.ru", "Head's note")  # both changes


def test_reload_takes_the_other_persons_version(seeded, engine):
    client_id, head, manager = _open_both(seeded)
    _box(manager, client_id, "website").input("mine.example.ru")
    _box(head, client_id, "website").input("theirs.example.ru")
    _save(head, client_id).click().run()
    manager.run()  # any rerun: the form already says the client changed meanwhile
    assert "Nina Head changed this client at" in " ".join(w.value for w in manager.warning)
    _button(manager, "Reload: take their version, drop what I typed").click().run()
    assert not manager.exception and not manager.warning
    assert _box(manager, client_id, "website").value == "theirs.example.ru"
    with Session(engine) as s:
        assert s.get(Client, client_id).website == "theirs.example.ru"
