"""The card's forms as actions: edit, archive, duplicates, contacts, activities, tasks."""
import datetime as dt

import pytest
from sqlalchemy import select

from db import access
from db.actions.activities import complete_task, log_activity, schedule_task
from db.actions.clients import archive_client, create_client, restore_client, update_client
from db.actions.contacts import archive_contact, create_contact, update_contact
from db.errors import AccessDenied, DomainError, NotFound, StaleRecord, ValidationError
from db.models import Activity, Client, Contact, Task, utcnow


def test_edit_keeps_fields_not_given_and_refreshes_search(world, db):
    cid = world.clients["a1"]
    update_client(db, world.viewer("mgr_a"), client_id=cid, expected_version=1, name="Альфа Строй Групп")
    client = db.get(Client, cid)
    assert client.inn and client.industry_id == world.industry_id
    assert "групп" in client.search_text


def test_manager_cannot_edit_a_foreign_client(world, db):
    with pytest.raises(NotFound):
        update_client(db, world.viewer("mgr_a"), client_id=world.clients["c1"], expected_version=1, notes="x")


def test_stale_client_form_is_refused(world, db):
    cid = world.clients["a1"]
    update_client(db, world.viewer("head_n"), client_id=cid, expected_version=1, notes="от руководителя")
    with pytest.raises(StaleRecord) as info:
        update_client(db, world.viewer("mgr_a"), client_id=cid, expected_version=1, notes="от менеджера")
    assert info.value.changed_by == "Nina Head"
    assert db.get(Client, cid).notes == "от руководителя"


def test_holding_cannot_become_a_circle(world, db):
    a1, a2 = world.clients["a1"], world.clients["a2"]
    update_client(db, world.viewer("mgr_a"), client_id=a2, expected_version=1, parent_id=a1)
    with pytest.raises(ValidationError) as info:
        update_client(db, world.viewer("mgr_a"), client_id=a1, expected_version=1, parent_id=a2)
    assert "parent_id" in info.value.errors


def test_similar_name_needs_confirmation(world, db):
    viewer = world.viewer("head_n")  # sees Anna's client (a manager: tests/actions/test_inference_windows.py)
    with pytest.raises(ValidationError) as info:
        create_client(db, viewer, name="ООО «Альфа-строй»")
    message, params = info.value.errors["name"]
    assert params["clients"] == "Альфа Строй (Anna Manager)"
    created = create_client(db, viewer, name="ООО «Альфа-строй»", owner_id=world.users["mgr_b"], allow_similar=True)
    assert created.owner_id == world.users["mgr_b"]


def test_unrelated_names_pass(world, db):
    assert create_client(db, world.viewer("mgr_c"), name="Омега Логистик").id


def test_archive_is_for_heads_and_waits_for_open_deals(world, db):
    with pytest.raises(AccessDenied):
        archive_client(db, world.viewer("mgr_a"), client_id=world.clients["a2"], expected_version=1)
    with pytest.raises(DomainError) as info:
        archive_client(db, world.viewer("head_n"), client_id=world.clients["a1"], expected_version=1)
    assert info.value.params == {"n": 1}
    archived = archive_client(db, world.viewer("head_n"), client_id=world.clients["a2"], expected_version=1)
    assert archived.status == "archived" and archived.archived_at
    assert db.get(Client, world.clients["a2"]) is not None  # kept, never deleted
    restore_client(db, world.viewer("head_n"), client_id=world.clients["a2"], expected_version=archived.version)
    assert db.get(Client, world.clients["a2"]).status == "active"


def test_contacts_and_the_reporting_line(world, db):
    viewer, cid = world.viewer("mgr_a"), world.clients["a1"]
    boss = db.scalar(select(Contact).where(Contact.client_id == cid))
    deputy = create_contact(db, viewer, client_id=cid, full_name="Зам Замов", decision_role="influencer", influence=3,
                            reports_to_id=boss.id, phone="8 (916) 123-45-67")
    assert "9161234567" in deputy.search_text  # phone digits without the 8
    with pytest.raises(ValidationError) as info:
        update_contact(db, viewer, contact_id=boss.id, expected_version=boss.version, reports_to_id=deputy.id)
    assert "reports_to_id" in info.value.errors
    foreign_contact = db.scalar(select(Contact).where(Contact.client_id == world.clients["a2"]))
    with pytest.raises(ValidationError):
        create_contact(db, viewer, client_id=cid, full_name="X", reports_to_id=foreign_contact.id)
    with pytest.raises(ValidationError) as info:
        create_contact(db, viewer, client_id=cid, full_name="Y", influence=9, email="bad")
    assert set(info.value.errors) == {"influence", "email"}
    archive_contact(db, viewer, contact_id=boss.id, expected_version=boss.version)
    assert db.get(Contact, deputy.id).reports_to_id is None  # moved up to the archived boss's boss


def test_contacts_of_foreign_clients_are_out_of_reach(world, db):
    with pytest.raises(NotFound):
        create_contact(db, world.viewer("mgr_b"), client_id=world.clients["a1"], full_name="Шпион")


def test_log_activity(world, db):
    viewer, cid = world.viewer("mgr_a"), world.clients["a1"]
    act = log_activity(db, viewer, client_id=cid, kind="call", subject="Обсудили поставку",
                       body="<script>alert(1)</script>")
    assert db.get(Activity, act.id).body == "<script>alert(1)</script>"  # stored verbatim
    with pytest.raises(ValidationError) as info:
        log_activity(db, viewer, client_id=cid, kind="telepathy", subject="",
                     occurred_at=utcnow() + dt.timedelta(days=1))
    assert set(info.value.errors) == {"kind", "subject", "occurred_at"}
    other = db.scalar(select(Contact.id).where(Contact.client_id == world.clients["a2"]))
    with pytest.raises(ValidationError):
        log_activity(db, viewer, client_id=cid, kind="call", subject="x", contact_id=other)


def test_tasks(world, db):
    today = access.today()
    task = schedule_task(db, world.viewer("mgr_a"), client_id=world.clients["a1"], title="Позвонить",
                         due_on=today + dt.timedelta(days=1))
    assert task.assignee_id == world.users["mgr_a"]
    with pytest.raises(ValidationError):
        schedule_task(db, world.viewer("mgr_a"), client_id=world.clients["a1"], title="x", due_on=today,
                      assignee_id=world.users["mgr_b"])
    for_boris = schedule_task(db, world.viewer("head_n"), client_id=world.clients["b1"], title="Проверить",
                              due_on=today, assignee_id=world.users["mgr_b"])
    assert for_boris.assignee_id == world.users["mgr_b"]
    with pytest.raises(ValidationError):
        schedule_task(db, world.viewer("mgr_a"), title="x", due_on=dt.date(9999, 12, 31))
    complete_task(db, world.viewer("mgr_a"), task_id=task.id, expected_version=task.version)
    assert db.get(Task, task.id).done
    with pytest.raises((DomainError, StaleRecord)):
        complete_task(db, world.viewer("mgr_a"), task_id=task.id, expected_version=None)
