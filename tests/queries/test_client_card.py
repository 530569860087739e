"""The client card's queries: access by id, the holding window, credit, completeness, figures."""
import datetime as dt
from decimal import Decimal

import pytest

from db import access
from db.errors import NotFound
from db.models import Activity, Client, Contact, Shipment
from queries import client_card as card
from queries import clients
from queries.completeness import completeness, missing

CARD_QUERIES = [card.get_client_card, card.holding, card.contacts, card.timeline, card.open_tasks, card.deals,
                card.shipments_by_group, card.credit, card.change_history]


@pytest.mark.parametrize("query", CARD_QUERIES, ids=lambda q: q.__name__)
@pytest.mark.parametrize(("login", "foreign"), [("mgr_a", "b1"), ("mgr_a", "c1"), ("mgr_c", "a1"),
                                                ("head_s", "a2"), ("mgr_b", "u1")])
def test_no_piece_of_a_foreign_card_is_served(world, db, query, login, foreign):
    with pytest.raises(NotFound):
        query(db, world.viewer(login), client_id=world.clients[foreign])


def test_unknown_id_is_the_same_not_found(world, db):
    with pytest.raises(NotFound):
        card.get_client_card(db, world.viewer("director"), client_id=999_999)


@pytest.fixture
def holding_world(world, db):
    """Бета Торг (Boris) › Альфа Строй (Anna) › Арктика (Anna), with shipments this year."""
    db.get(Client, world.clients["a1"]).parent_id = world.clients["b1"]
    db.get(Client, world.clients["a2"]).parent_id = world.clients["a1"]
    today = access.today()
    db.add(Shipment(client_id=world.clients["b1"], product_id=world.product_id, manager_id=world.users["mgr_b"],
                    shipped_on=today.replace(month=1, day=2), quantity=Decimal(1), amount=Decimal("70000")))
    db.add(Shipment(client_id=world.clients["a2"], product_id=world.product_id, manager_id=world.users["mgr_a"],
                    shipped_on=today.replace(month=1, day=3), quantity=Decimal(1), amount=Decimal("5000")))
    db.flush()
    return world


def test_holding_shows_relatives_of_others_by_name_and_owner_only(holding_world, db):
    w = holding_world
    members = card.holding(db, w.viewer("mgr_a"), client_id=w.clients["a2"]).set_index("name")
    assert list(members.index) == ["Бета Торг", "Альфа Строй", "Арктика"]  # root first, by depth
    assert list(members["depth"]) == [0, 1, 2]
    assert members.loc["Бета Торг", "owner"] == "Boris Manager"
    assert not members.loc["Бета Торг", "visible"]
    assert members.loc["Бета Торг", "shipped_year"] is None  # Boris's figure is not shown ...
    assert members.loc["Альфа Строй", "shipped_year"] == Decimal("100000")
    assert members.loc["Арктика", "is_current"]
    # ... nor counted in her total (175 000 − 105 000 shown would be Boris's 70 000): 100 000 + 5 000.
    held = card.holding(db, w.viewer("mgr_a"), client_id=w.clients["a2"])
    assert held.attrs["total"] == Decimal("105000") and held.attrs["partial"]


def test_director_sees_every_members_figures(holding_world, db):
    w = holding_world
    members = card.holding(db, w.viewer("director"), client_id=w.clients["b1"]).set_index("name")
    assert members["visible"].all()
    assert members.loc["Бета Торг", "shipped_year"] == Decimal("70000")
    assert members.attrs["total"] == Decimal("175000") and not members.attrs["partial"]


def test_client_outside_a_holding_is_alone(world, db):
    assert len(card.holding(db, world.viewer("mgr_c"), client_id=world.clients["c1"])) == 1


def test_credit_exposure_overdue_and_age(world, db):
    today = access.today()
    cid = world.clients["c1"]  # the world shipped 50 000 unpaid, no due date
    db.add_all([
        Shipment(client_id=cid, product_id=world.product_id, shipped_on=today - dt.timedelta(days=40),
                 quantity=Decimal(1), amount=Decimal("300000"), amount_paid=Decimal("100000"),
                 payment_due_on=today - dt.timedelta(days=10)),
        Shipment(client_id=cid, product_id=world.product_id, shipped_on=today - dt.timedelta(days=60),
                 quantity=Decimal(1), amount=Decimal("80000"), amount_paid=Decimal("80000"),
                 payment_due_on=today - dt.timedelta(days=30)),
        Shipment(client_id=cid, product_id=world.product_id, shipped_on=today - dt.timedelta(days=5),
                 quantity=Decimal(1), amount=Decimal("400000"), payment_due_on=today + dt.timedelta(days=25)),
    ])
    db.flush()
    c = card.credit(db, world.viewer("mgr_c"), client_id=cid)
    assert c.exposure == Decimal("650000")  # 50 000 + 200 000 + 400 000
    assert c.overdue == Decimal("200000") and c.overdue_days == 10
    assert c.limit == Decimal("500000") and c.over_limit and c.available == Decimal("-150000")


def test_completeness_score_and_what_is_missing(world, db):
    viewer = world.viewer("mgr_a")
    row = completeness(db, viewer, client_ids=(world.clients["a1"],)).iloc[0]
    # decision maker, reachable, contact 1 day ago, INN, industry+territory: 5 of 8
    assert row["score"] == 62
    assert missing(row) == ["No contact has preferences or character notes.", "The client has no notes.",
                            "No postal address."]
    client = db.get(Client, world.clients["a1"])
    client.notes, client.postal_address = "Любит скидки", "Москва, ул. Ленина, 1"
    contact = db.query(Contact).filter_by(client_id=client.id).one()
    contact.preferences = "Звонить после 11"
    db.flush()
    assert completeness(db, viewer, client_ids=(client.id,)).iloc[0]["score"] == 100


def test_completeness_of_an_owners_clients_respects_access(world, db):
    assert set(completeness(db, world.viewer("head_n"), owner_id=world.users["mgr_a"])["name"]) == {
        "Альфа Строй", "Арктика"}
    assert completeness(db, world.viewer("mgr_c"), owner_id=world.users["mgr_a"]).empty


def test_timeline_filters_by_type_and_contact(world, db):
    cid = world.clients["a1"]
    contact_id = db.query(Contact.id).filter_by(client_id=cid).scalar()
    db.add(Activity(kind="meeting", client_id=cid, contact_id=contact_id, user_id=world.users["mgr_a"],
                    subject="Встреча на складе"))
    db.flush()
    viewer = world.viewer("mgr_a")
    assert len(card.timeline(db, viewer, client_id=cid)) == 2
    assert list(card.timeline(db, viewer, client_id=cid, kinds=("meeting",))["subject"]) == ["Встреча на складе"]
    assert list(card.timeline(db, viewer, client_id=cid, contact_id=contact_id)["subject"]) == ["Встреча на складе"]


def test_change_history_is_for_heads(world, db):
    from db.actions.clients import update_client

    cid = world.clients["a1"]
    update_client(db, world.viewer("mgr_a"), client_id=cid, expected_version=1, name="Альфа Строй",
                  notes="Новая заметка", credit_limit="500000")
    history = card.change_history(db, world.viewer("head_n"), client_id=cid)
    assert history.iloc[0]["changes"] == {"notes": [None, "Новая заметка"]}
    assert history.iloc[0]["who"] == "Anna Manager"
    assert card.change_history(db, world.viewer("mgr_a"), client_id=cid).empty


def test_list_columns_and_sorting_by_figures(world, db):
    today = access.today()
    db.add(Shipment(client_id=world.clients["a2"], product_id=world.product_id, manager_id=world.users["mgr_a"],
                    shipped_on=today, quantity=Decimal(1), amount=Decimal("250000"),
                    payment_due_on=today - dt.timedelta(days=1)))
    db.flush()
    page = clients.list_clients(db, world.viewer("head_n"), sort="shipped_ytd", descending=True)
    rows = page.rows.set_index("name")
    assert list(page.rows["name"][:2]) == ["Арктика", "Альфа Строй"]
    assert rows.loc["Арктика", "shipped_ytd"] == Decimal("250000")
    assert rows.loc["Арктика", "overdue"] == Decimal("250000")
    assert rows.loc["Альфа Строй", "open_deals"] == 1 and rows.loc["Альфа Строй", "open_amount"] == Decimal("300000")
    assert rows.loc["Бета Торг", "last_contact"] is not None
    by_name = clients.list_clients(db, world.viewer("head_n"))
    assert list(by_name.rows["name"]) == sorted(by_name.rows["name"])
    assert by_name.rows.set_index("name").loc["Арктика", "shipped_ytd"] == Decimal("250000")
