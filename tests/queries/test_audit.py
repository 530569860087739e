"""Who reads which history rows (db/access.py, audit_condition) and the ids named (issue 18, item 6).

Rows by hand: Anna (North) changed Альфа Строй; Vera (South) changed Вега Пром; the admin changed
Boris's (North) user record; someone of no department (the director) changed the unassigned Гамма Снаб;
a reminder run of no one's made tasks.
"""
import pytest
from sqlalchemy import func

from db.models import AuditEntry
from queries import audit


@pytest.fixture
def rows(world, db):
    w = world
    db.add_all([
        AuditEntry(user_id=w.users["mgr_a"], action="update_client", entity="client", entity_id=str(w.clients["a1"]),
                   changes={"owner_id": [None, w.users["mgr_a"]]}),
        AuditEntry(user_id=w.users["mgr_c"], action="update_client", entity="client", entity_id=str(w.clients["c1"]),
                   changes={"owner_id": [w.users["mgr_c"], w.users["head_s"]]}),
        AuditEntry(user_id=w.users["admin"], action="update_user", entity="user", entity_id=str(w.users["mgr_b"]),
                   changes={"department_id": [w.departments["North"], w.departments["South"]]}),
        AuditEntry(user_id=w.users["director"], action="update_client", entity="client",
                   entity_id=str(w.clients["u1"]), changes={"notes": [None, "x"]}),
        AuditEntry(user_id=None, action="run_reminders", entity="task", entity_id=None,
                   changes={"created": [None, [1, 2]]}),
    ])
    db.flush()
    return w


@pytest.mark.parametrize(("login", "records"), [
    ("head_n", {"Альфа Строй", "Boris Manager", "Гамма Снаб"}),  # their people, their clients, the queue
    ("head_s", {"Вега Пром", "Гамма Снаб"}),
    ("director", {"Альфа Строй", "Вега Пром", "Boris Manager", "Гамма Снаб", None}),
    ("admin", {"Альфа Строй", "Вега Пром", "Boris Manager", "Гамма Снаб", None}),
    ("mgr_a", set()),
])
def test_who_reads_which_rows(rows, db, login, records):
    found = audit.history(db, rows.viewer(login))
    assert {r if isinstance(r, str) else None for r in found["record"]} == records


def test_ids_come_back_as_names(rows, db):
    found = audit.history(db, rows.viewer("director"))
    changes = {r: c for r, c in zip(found["record"], found["changes"], strict=True) if isinstance(r, str)}
    assert changes["Альфа Строй"] == {"owner_id": [None, "Anna Manager"]}
    assert changes["Вега Пром"] == {"owner_id": ["Vera Manager", "Semyon Head"]}
    assert changes["Boris Manager"] == {"department_id": ["North", "South"]}


def test_the_filters(rows, db):
    w = rows
    director = w.viewer("director")
    assert list(audit.history(db, director, who=w.users["mgr_c"])["record"]) == ["Вега Пром"]
    assert list(audit.history(db, director, entity="user")["record"]) == ["Boris Manager"]
    assert list(audit.history(db, director, entity="client", record=str(w.clients["a1"]))["record"]) == ["Альфа Строй"]
    assert set(audit.kinds(db, w.viewer("head_n"))) == {"client", "user"}
    assert set(audit.people(db, w.viewer("head_s"))["full_name"]) == {"Vera Manager", "Dmitry Director"}


def test_both_forms_of_the_condition_read_the_same_rows(rows, db):
    """audit_condition has two forms of one policy (db/access.py): an OR of id lists for SQLite, a
    semi-join on a union of joins for PostgreSQL. Whichever database runs the suite, both must let a
    head read exactly the same rows — here about every kind of record, by people of both departments."""
    from sqlalchemy import select

    from db import access
    from db.models import Activity, Contact, Deal, Task, User

    w = rows
    for model, kind in ((Contact, "contact"), (Deal, "deal"), (Task, "task"), (Activity, "activity")):
        for record_id, in db.execute(select(model.id)):
            db.add(AuditEntry(user_id=w.users["director"], action="update", entity=kind,
                              entity_id=str(record_id), changes={}))
    for user_id, in db.execute(select(User.id)):
        db.add(AuditEntry(user_id=None, action="update_user", entity="user", entity_id=str(user_id), changes={}))
    db.add(AuditEntry(user_id=w.users["director"], action="update", entity="deal", entity_id="not-a-number",
                      changes={}))
    db.flush()

    for login in ("head_n", "head_s"):
        viewer = w.viewer(login)
        people = select(User.id).where(access.team_condition(db, viewer, User.id))
        records = access._audit_records(db, viewer)
        by_lists = set(db.scalars(select(AuditEntry.id).where(access._readable_by_lists(people, records))))
        by_joins = set(db.scalars(select(AuditEntry.id).where(access._readable_by_joins(people, records))))
        assert by_lists == by_joins
        assert set(db.scalars(select(AuditEntry.id).where(access.audit_condition(db, viewer)))) == by_lists
        # Something of each kind is read, and not everything: the other department's records are not.
        kinds = set(db.scalars(select(AuditEntry.entity).where(AuditEntry.id.in_(by_lists))))
        assert {"client", "contact", "deal", "activity", "user"} | ({"task"} if login == "head_n" else set()) <= kinds
        assert len(by_lists) < db.scalar(select(func.count(AuditEntry.id)))
