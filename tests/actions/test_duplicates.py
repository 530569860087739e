"""Merging twins: every row pointing at the twin moves to the survivor, totals are kept, the twin is archived
with a link, it is audited, and only those who may merge merge (a manager proposes)."""
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from db.actions.clients import update_client
from db.actions.duplicates import (
    CLIENT_REFERENCES_KEPT,
    CLIENT_REFERENCES_MOVED,
    CONTACT_REFERENCES_KEPT,
    CONTACT_REFERENCES_MOVED,
    merge_clients,
    merge_contacts,
)
from db.actions.merge_proposals import dismiss_merge, mark_not_twins, propose_merge
from db.errors import AccessDenied, DomainError, NotFound, StaleRecord
from db.models import (
    Activity,
    AuditEntry,
    Base,
    Client,
    Contact,
    Deal,
    MailLetter,
    MailRun,
    MergeProposal,
    Shipment,
    Task,
)
from db.search import client_search_text
from tests.world import make_inn


def references_to(table_name: str) -> set[tuple[str, str]]:
    return {(table.name, fk.parent.name) for table in Base.metadata.tables.values()
            for fk in table.foreign_keys if fk.column.table.name == table_name}


def test_every_reference_to_a_client_or_contact_is_moved_or_kept_on_purpose():
    """A new table pointing at clients or contacts fails here until the merge decides what its rows do."""
    assert references_to("clients") == set(CLIENT_REFERENCES_MOVED) | set(CLIENT_REFERENCES_KEPT)
    assert references_to("contacts") == set(CONTACT_REFERENCES_MOVED) | set(CONTACT_REFERENCES_KEPT)


@pytest.fixture
def twin(world, db):
    """«ООО "АЛЬФА-СТРОЙ"», Anna's twin of a1 (Альфа Строй), with a row in every table that points at clients:
    a contact (with an activity and a mail letter, and a junior reporting to it), a deal, a shipment of
    25 000,50, a task, a subsidiary, and a phone and website a1 lacks; its own INN."""
    u = world.users
    client = Client(name='ООО "АЛЬФА-СТРОЙ"', owner_id=u["mgr_a"], phone="+7 495 222-33-44", website="alfa.ru",
                    inn=make_inn("770100009"), credit_limit=Decimal("1000"),
                    search_text=client_search_text("альфа-строй", None, None))
    db.add(client)
    db.flush()
    boss = Contact(client_id=client.id, full_name="Орлов Олег", email="orlov@alfa.ru")
    db.add(boss)
    db.flush()
    junior = Contact(client_id=client.id, full_name="Юнов", reports_to_id=boss.id)
    sub = Client(name="Альфа Строй Юг", owner_id=u["mgr_a"], parent_id=client.id,
                 search_text=client_search_text("Альфа Строй Юг", None, None))
    deal = Deal(title="Крепёж для двойника", client_id=client.id, owner_id=u["mgr_a"],
                stage_id=world.stages["Lead"], amount=Decimal("7000"), probability=10)
    run = MailRun(name="Рассылка", channel="download", subject_template="s", body_template="b",
                  created_by_id=u["mgr_a"])
    db.add_all([junior, sub, deal, run])
    db.flush()
    db.add_all([
        Activity(kind="call", client_id=client.id, contact_id=boss.id, user_id=u["mgr_a"], subject="Звонок"),
        Task(assignee_id=u["mgr_a"], client_id=client.id, title="Сверка", due_on=dt.date(2026, 12, 10)),
        Shipment(client_id=client.id, product_id=world.product_id, manager_id=u["mgr_a"],
                 shipped_on=dt.date(2026, 11, 3), quantity=Decimal("10"), amount=Decimal("25000.50")),
        MailLetter(run_id=run.id, client_id=client.id, contact_id=boss.id, subject="s", body="b"),
    ])
    db.commit()
    return {"id": client.id, "boss": boss.id, "junior": junior.id, "sub": sub.id, "deal": deal.id, "run": run.id,
            "inn": client.inn}


def shipped(db, client_id) -> Decimal:
    return db.scalar(select(func.coalesce(func.sum(Shipment.amount), 0)).where(Shipment.client_id == client_id))


def count(db, model, **where) -> int:
    return db.scalar(select(func.count()).select_from(model).filter_by(**where))


def test_the_merge_moves_every_child_row_and_keeps_the_totals(world, db, twin):
    a1 = world.clients["a1"]
    assert (shipped(db, a1), shipped(db, twin["id"])) == (Decimal("100000.00"), Decimal("25000.50"))
    keep = merge_clients(db, world.viewer("head_n"), keep_id=a1, merge_ids=[twin["id"]],
                         expected_versions={a1: 1, twin["id"]: 1})
    db.expire_all()
    assert shipped(db, a1) == Decimal("125000.50") and shipped(db, twin["id"]) == 0
    for model in (Contact, Deal, Shipment, Activity, Task, MailLetter):
        assert count(db, model, client_id=twin["id"]) == 0, model.__name__
    assert (count(db, Contact, client_id=a1), count(db, Deal, client_id=a1), count(db, Activity, client_id=a1),
            count(db, Task, client_id=a1), count(db, MailLetter, client_id=a1)) == (3, 2, 2, 2, 1)
    assert db.get(Client, twin["sub"]).parent_id == a1  # the holding link moves too
    assert db.get(Deal, twin["deal"]).version == 2  # a deal form loaded before the merge is refused
    gone = db.get(Client, twin["id"])
    # Its INN stays with it (the survivor has its own): the record of what the twin was.
    assert (gone.status, gone.merged_into_id, gone.inn) == ("archived", a1, twin["inn"])
    assert gone.archived_at is not None
    # The survivor keeps its own values and takes the twin's where it had none (phone, website).
    assert (keep.name, keep.phone, keep.website, keep.credit_limit) == ("Альфа Строй", "+7 495 222-33-44",
                                                                       "alfa.ru", Decimal("500000.00"))


def test_picked_values_come_from_the_chosen_record_even_the_unique_inn(world, db, twin):
    a1 = world.clients["a1"]
    keep = merge_clients(db, world.viewer("director"), keep_id=a1, merge_ids=[twin["id"]],
                         take={"inn": twin["id"], "credit_limit": twin["id"], "name": a1})
    assert (keep.inn, keep.credit_limit, keep.name) == (twin["inn"], Decimal("1000"), "Альфа Строй")
    assert db.get(Client, twin["id"]).inn is None


def test_the_merge_is_audited_old_to_new(world, db, twin):
    a1 = world.clients["a1"]
    merge_clients(db, world.viewer("head_n"), keep_id=a1, merge_ids=[twin["id"]])
    rows = {r.action: r for r in db.scalars(select(AuditEntry).where(AuditEntry.action.like("merge_%")))}
    assert set(rows) == {"merge_clients", "merge_client_into"}
    survivor = rows["merge_clients"]
    assert (survivor.entity, survivor.entity_id, survivor.user_id) == ("client", str(a1), world.users["head_n"])
    assert survivor.changes["merged_ids"] == [None, [twin["id"]]]
    assert survivor.changes["shipments.client_id"] == [None, 1]
    assert survivor.changes["contacts.client_id"] == [None, 2]
    assert survivor.changes["clients.parent_id"] == [None, 1]
    assert survivor.changes["phone"] == [None, "+7 495 222-33-44"]
    archived = rows["merge_client_into"]
    assert archived.entity_id == str(twin["id"])
    assert archived.changes["merged_into_id"] == [None, a1] and archived.changes["status"] == ["active", "archived"]


def test_a_manager_cannot_merge_and_a_head_not_outside_the_department(world, db, twin):
    a1 = world.clients["a1"]
    with pytest.raises(AccessDenied):
        merge_clients(db, world.viewer("mgr_a"), keep_id=a1, merge_ids=[twin["id"]])
    with pytest.raises(NotFound):  # Anna's clients are not the South head's
        merge_clients(db, world.viewer("head_s"), keep_id=world.clients["c1"], merge_ids=[twin["id"]])
    assert db.get(Client, twin["id"]).status == "active" and shipped(db, a1) == Decimal("100000.00")


def test_a_stale_form_is_refused(world, db, twin):
    a1 = world.clients["a1"]
    update_client(db, world.viewer("mgr_a"), client_id=twin["id"], expected_version=1, notes="правка")
    with pytest.raises(StaleRecord):
        merge_clients(db, world.viewer("head_n"), keep_id=a1, merge_ids=[twin["id"]],
                      expected_versions={a1: 1, twin["id"]: 1})
    assert db.get(Client, twin["id"]).merged_into_id is None


def test_a_merged_twin_cannot_be_merged_again(world, db, twin):
    a1, b1 = world.clients["a1"], world.clients["b1"]
    merge_clients(db, world.viewer("head_n"), keep_id=a1, merge_ids=[twin["id"]])
    with pytest.raises(DomainError, match="already merged"):
        merge_clients(db, world.viewer("head_n"), keep_id=b1, merge_ids=[twin["id"]])


def test_a_survivor_that_was_the_twins_subsidiary_loses_the_circle(world, db, twin):
    a1 = world.clients["a1"]
    db.get(Client, a1).parent_id = twin["id"]
    db.commit()
    merge_clients(db, world.viewer("head_n"), keep_id=a1, merge_ids=[twin["id"]])
    assert db.get(Client, a1).parent_id is None


def test_a_manager_proposes_and_the_head_merges(world, db, twin):
    a1 = world.clients["a1"]
    proposal = propose_merge(db, world.viewer("mgr_a"), entity="client", keep_id=a1, merge_id=twin["id"],
                             note="Один и тот же клиент")
    with pytest.raises(DomainError, match="already proposed"):
        propose_merge(db, world.viewer("mgr_a"), entity="client", keep_id=twin["id"], merge_id=a1)
    with pytest.raises(NotFound):  # not Boris's clients
        propose_merge(db, world.viewer("mgr_b"), entity="client", keep_id=a1, merge_id=twin["id"])
    with pytest.raises(AccessDenied):
        propose_merge(db, world.viewer("head_n"), entity="client", keep_id=a1, merge_id=twin["id"])
    merge_clients(db, world.viewer("head_n"), keep_id=a1, merge_ids=[twin["id"]])
    closed = db.get(MergeProposal, proposal.id)
    assert (closed.status, closed.decided_by_id) == ("merged", world.users["head_n"])


def test_the_head_dismisses_a_proposal(world, db, twin):
    a1 = world.clients["a1"]
    proposal = propose_merge(db, world.viewer("mgr_a"), entity="client", keep_id=a1, merge_id=twin["id"])
    with pytest.raises(AccessDenied):
        dismiss_merge(db, world.viewer("mgr_a"), proposal_id=proposal.id, expected_version=1)
    dismiss_merge(db, world.viewer("head_n"), proposal_id=proposal.id, expected_version=1, comment="Разные")
    assert db.get(MergeProposal, proposal.id).status == "dismissed"
    assert db.get(Client, twin["id"]).status == "active"


def test_contacts_merge_within_a_client(world, db, twin):
    keep = Contact(client_id=twin["id"], full_name="Олег Орлов", phone="+7 999 000-11-22")
    db.add(keep)
    db.commit()
    merged = merge_contacts(db, world.viewer("head_n"), keep_id=keep.id, merge_ids=[twin["boss"]],
                            take={"full_name": twin["boss"]})
    db.expire_all()
    assert (merged.full_name, merged.email, merged.phone) == ("Орлов Олег", "orlov@alfa.ru", "+7 999 000-11-22")
    assert count(db, Activity, contact_id=keep.id) == 1 and count(db, MailLetter, contact_id=keep.id) == 1
    assert db.get(Contact, twin["junior"]).reports_to_id == keep.id
    gone = db.get(Contact, twin["boss"])
    assert (gone.active, gone.merged_into_id) == (False, keep.id)
    audit = db.scalar(select(AuditEntry).where(AuditEntry.action == "merge_contacts"))
    assert audit.changes["activities.contact_id"] == [None, 1]


def test_contacts_of_two_clients_are_not_merged(world, db, twin):
    other = db.scalar(select(Contact.id).where(Contact.client_id == world.clients["a1"]))
    with pytest.raises(DomainError, match="one client"):
        merge_contacts(db, world.viewer("head_n"), keep_id=other, merge_ids=[twin["boss"]])
    with pytest.raises(AccessDenied):
        merge_contacts(db, world.viewer("mgr_a"), keep_id=twin["junior"], merge_ids=[twin["boss"]])


def test_records_marked_not_twins_are_no_longer_grouped(world, db, twin):
    from queries.duplicates import client_groups

    a1 = world.clients["a1"]
    assert {a1, twin["id"]} <= set(client_groups(db, world.viewer("head_n"))["id"])
    proposal = propose_merge(db, world.viewer("mgr_a"), entity="client", keep_id=a1, merge_id=twin["id"])
    with pytest.raises(AccessDenied):
        mark_not_twins(db, world.viewer("mgr_a"), entity="client", ids=[a1, twin["id"]])
    with pytest.raises(NotFound):  # the South head sees neither
        mark_not_twins(db, world.viewer("head_s"), entity="client", ids=[a1, twin["id"]])
    assert mark_not_twins(db, world.viewer("head_n"), entity="client", ids=[twin["id"], a1], comment="Разные") == 1
    assert mark_not_twins(db, world.viewer("head_n"), entity="client", ids=[a1, twin["id"]]) == 0  # already
    after = client_groups(db, world.viewer("director"))
    assert twin["id"] not in set(after["id"])  # (a1 stays grouped with its look-alike Альфа Строй Юг)
    assert db.get(MergeProposal, proposal.id).status == "dismissed"  # the manager's proposal is answered
    audit = db.scalar(select(AuditEntry).where(AuditEntry.action == "mark_not_twins"))
    assert audit.changes["ids"] == [None, sorted([a1, twin["id"]])] and audit.changes["pairs"] == [None, 1]


def test_a_colleagues_twin_brings_its_open_work_to_the_survivors_manager(world, db):
    """Boris's twin of Anna's a1: his open deal and open task go to Anna (as in a handover); his won deal,
    done task and shipment keep his name (past statistics do not move)."""
    u, a1 = world.users, world.clients["a1"]
    twin = Client(name="Альфа-Строй", owner_id=u["mgr_b"], search_text="альфа-строй")
    db.add(twin)
    db.flush()
    open_deal = Deal(title="Открытая", client_id=twin.id, owner_id=u["mgr_b"], stage_id=world.stages["Lead"],
                     amount=Decimal("10"), probability=10)
    won = Deal(title="Выиграна", client_id=twin.id, owner_id=u["mgr_b"], stage_id=world.stages["Won"],
               state="won", amount=Decimal("20"), probability=100)
    todo = Task(assignee_id=u["mgr_b"], client_id=twin.id, title="Позвонить", due_on=dt.date(2026, 12, 10))
    done = Task(assignee_id=u["mgr_b"], client_id=twin.id, title="Сделано", due_on=dt.date(2026, 11, 10), done=True)
    sale = Shipment(client_id=twin.id, product_id=world.product_id, manager_id=u["mgr_b"],
                    shipped_on=dt.date(2026, 11, 3), quantity=Decimal("1"), amount=Decimal("30"))
    db.add_all([open_deal, won, todo, done, sale])
    db.commit()
    merge_clients(db, world.viewer("head_n"), keep_id=a1, merge_ids=[twin.id])
    db.expire_all()
    assert (db.get(Deal, open_deal.id).owner_id, db.get(Deal, won.id).owner_id) == (u["mgr_a"], u["mgr_b"])
    assert (db.get(Task, todo.id).assignee_id, db.get(Task, done.id).assignee_id) == (u["mgr_a"], u["mgr_b"])
    assert db.get(Shipment, sale.id).manager_id == u["mgr_b"] and db.get(Shipment, sale.id).client_id == a1
    audit = db.scalar(select(AuditEntry).where(AuditEntry.action == "merge_clients"))
    assert (audit.changes["deals.owner_id"], audit.changes["tasks.assignee_id"]) == ([None, 1], [None, 1])
