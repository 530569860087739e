"""Windows of inference (issue 15, item 11): what a refusal or a total says about clients the viewer
may not see. A new client's INN or name that matches a hidden client says only that one exists
(ask the head), never its name, its manager or how many; the holding's total counts only the
members whose figures the viewer sees."""
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from db import access
from db.actions.clients import HIDDEN_INN_TWIN, create_client, update_client
from db.errors import ValidationError
from db.io.importer import import_table
from db.io.mapping import Mapping
from db.io.reading import read_table
from db.io.report import reasons_text
from db.models import AuditEntry, Client, Shipment
from i18n import translate
from queries import client_card as card

SIMILAR_HIDDEN = ("A similar name exists among clients you cannot see: ask your head or the director who works "
                  "with it. If this is a different company, confirm and save again.")


def _refusal(db, world, login, **fields) -> dict:
    """The refusal's errors; nothing written."""
    before = (db.scalar(select(func.count(Client.id))), db.scalar(select(func.count(AuditEntry.id))))
    with pytest.raises(ValidationError) as info:
        create_client(db, world.viewer(login), **fields)
    assert (db.scalar(select(func.count(Client.id))), db.scalar(select(func.count(AuditEntry.id)))) == before
    return info.value.errors


def _said(errors: dict, field: str) -> str:
    message, params = errors[field]
    return message.format(**params) if params else message


def _names_and_owners(world) -> set[str]:
    return set(world.client_names.values()) | {"Anna", "Boris", "Vera", "Nina", "Semyon"}


def test_an_inn_of_another_managers_client_says_it_exists_not_whose(world, db):
    inn = db.get(Client, world.clients["c1"]).inn  # Vera's
    errors = _refusal(db, world, "mgr_a", name="Новая Вега", inn=inn)
    assert errors["inn"] == (HIDDEN_INN_TWIN, {})
    assert not any(word in _said(errors, "inn") for word in _names_and_owners(world))


def test_an_inn_of_the_unassigned_queue_is_hidden_from_a_manager_too(world, db):
    errors = _refusal(db, world, "mgr_a", name="Новая Гамма", inn=db.get(Client, world.clients["u1"]).inn)
    assert errors["inn"] == (HIDDEN_INN_TWIN, {})


@pytest.mark.parametrize(("login", "twin", "owner"), [
    ("mgr_a", "a2", "Anna Manager"),  # her own client
    ("head_n", "b1", "Boris Manager"),  # a client of her department
    ("director", "c1", "Vera Manager"),
])
def test_an_inn_of_a_client_one_sees_still_names_it_and_its_manager(world, db, login, twin, owner):
    errors = _refusal(db, world, login, name="Дубликат", inn=db.get(Client, world.clients[twin]).inn)
    assert errors["inn"][1] == {"name": world.client_names[twin], "owner": owner}


def test_editing_ones_client_to_a_hidden_inn_names_nobody(world, db):
    a2 = db.get(Client, world.clients["a2"])
    with pytest.raises(ValidationError) as info:
        update_client(db, world.viewer("mgr_a"), client_id=a2.id, expected_version=a2.version,
                      inn=db.get(Client, world.clients["b1"]).inn)
    assert info.value.errors["inn"] == (HIDDEN_INN_TWIN, {})


def test_a_name_like_another_managers_client_names_neither_it_nor_its_manager(world, db):
    errors = _refusal(db, world, "mgr_c", name="ООО «Альфа-строй»")  # Anna's «Альфа Строй»
    assert errors["name"] == (SIMILAR_HIDDEN, {})
    # Confirming it is a different company still creates it.
    created = create_client(db, world.viewer("mgr_c"), name="ООО «Альфа-строй»", allow_similar=True)
    assert created.owner_id == world.users["mgr_c"]


def test_many_hidden_lookalikes_give_no_count_and_no_names(world, db):
    for n in range(7):
        create_client(db, world.viewer("mgr_b"), name=f"Альфа Строй {n}", allow_similar=True)
    errors = _refusal(db, world, "mgr_c", name="Альфа Строй")
    assert errors["name"] == (SIMILAR_HIDDEN, {})


def test_lookalikes_one_sees_are_listed_and_hidden_ones_only_mentioned(world, db):
    create_client(db, world.viewer("mgr_b"), name="Альфа Строй Юг", allow_similar=True)  # Boris's: hidden from Anna
    errors = _refusal(db, world, "mgr_a", name="Альфа-Строй")
    message, params = errors["name"]
    assert params == {"clients": "Альфа Строй (Anna Manager)"}  # her own, by name
    assert "a similar name also exists among clients you cannot see" in message
    assert "Юг" not in _said(errors, "name") and "Boris" not in _said(errors, "name")


def test_a_head_sees_her_departments_lookalikes_by_name_and_not_the_others(world, db):
    create_client(db, world.viewer("mgr_c"), name="Альфа Строй Юг", allow_similar=True)  # South's
    errors = _refusal(db, world, "head_n", name="Альфа-Строй")
    message, params = errors["name"]
    assert params == {"clients": "Альфа Строй (Anna Manager)"}
    assert "cannot see" in message and "Vera" not in _said(errors, "name")


def test_the_director_sees_every_lookalike_up_to_five(world, db):
    for n in range(7):
        create_client(db, world.viewer("mgr_b"), name=f"Альфа Строй {n}", allow_similar=True)
    message, params = _refusal(db, world, "director", name="Альфа Строй")["name"]
    assert "cannot see" not in message and len(params["clients"].split("; ")) == 5


def test_an_import_names_no_hidden_inn_twin(world, db):
    c1 = db.get(Client, world.clients["c1"])  # South's, outside Nina's department
    table = read_table(f"name;inn\nЮжный двойник;{c1.inn}\n".encode(), "clients.csv")
    summary = import_table(db, world.viewer("head_n"), table=table,
                           mapping=Mapping.from_dict({"key": "name"}, kind="clients"), mode=None, dry_run=False)
    (rejected,) = summary.rejected
    said = reasons_text(summary, rejected, lambda msg, /, **p: translate(msg, "en", **p))
    assert said == "INN: " + HIDDEN_INN_TWIN
    assert db.scalar(select(Client).where(Client.name == "Южный двойник")) is None


@pytest.fixture
def holding(world, db):
    """Бета Торг (Boris) › Альфа Строй (Anna) › Арктика (Anna); shipments this year 70 000 / 100 000 / 5 000."""
    db.get(Client, world.clients["a1"]).parent_id = world.clients["b1"]
    db.get(Client, world.clients["a2"]).parent_id = world.clients["a1"]
    today = access.today()
    for key, owner, amount in (("b1", "mgr_b", "70000"), ("a2", "mgr_a", "5000")):
        db.add(Shipment(client_id=world.clients[key], product_id=world.product_id, manager_id=world.users[owner],
                        shipped_on=today.replace(month=1, day=2), quantity=Decimal(1), amount=Decimal(amount)))
    db.flush()
    return world


def test_a_holding_total_minus_the_members_shown_gives_no_hidden_figure(holding, db):
    members = card.holding(db, holding.viewer("mgr_a"), client_id=holding.clients["a2"])
    shown = sum((s for s in members["shipped_year"] if s is not None), Decimal(0))
    assert members.attrs["total"] - shown == 0  # was 70 000: Boris's figure
    assert members.attrs["total"] == Decimal("105000") and members.attrs["partial"]


def test_those_who_see_every_member_get_the_whole_total(holding, db):
    for login in ("head_n", "director"):
        members = card.holding(db, holding.viewer(login), client_id=holding.clients["a2"])
        assert members.attrs["total"] == Decimal("175000") and not members.attrs["partial"]
