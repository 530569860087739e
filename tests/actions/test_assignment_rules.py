"""Rule precedence, new clients placed by the rules, and the unassigned queue."""
import pytest

from db.actions.clients import create_client
from db.assignment import RuleBook, owner_by_rules
from db.errors import ValidationError
from db.models import AssignmentRule, Client
from queries.handover import UNASSIGNED, handover_candidates
from tests.geo_world import add_geo, add_rule


@pytest.fixture
def geo(world, db):
    built = add_geo(db, world)
    db.commit()
    return built


def test_the_most_specific_rule_wins_in_the_documented_order(world, db, geo):
    """Territory+industry (deepest first) › territory only (deepest first) › industry only › queue."""
    u = world.users
    order = [
        add_rule(db, geo.cao, geo.building, u["mgr_a"]),
        add_rule(db, geo.moscow, geo.building, u["mgr_b"]),
        add_rule(db, geo.russia, geo.building, u["mgr_c"]),
        add_rule(db, geo.cao, None, u["head_n"]),
        add_rule(db, geo.moscow, None, u["head_s"]),
        add_rule(db, geo.russia, None, u["mgr_a"]),
        add_rule(db, None, geo.building, u["mgr_b"]),
    ]
    # Unrelated rules never match a construction client in ЦАО.
    add_rule(db, geo.spb, None, u["mgr_c"])
    add_rule(db, geo.cao, geo.trade, u["mgr_c"])
    add_rule(db, None, geo.trade, u["mgr_c"])

    for expected in order:
        assert RuleBook(db).match(geo.cao, geo.building).rule_id == expected
        db.delete(db.get(AssignmentRule, expected))
        db.flush()
    assert RuleBook(db).match(geo.cao, geo.building) is None


def test_a_city_rule_beats_its_regions_and_a_region_rule_covers_its_parts(world, db, geo):
    u = world.users
    add_rule(db, geo.moscow, None, u["mgr_b"])
    assert owner_by_rules(db, territory_id=geo.cao, industry_id=None) == u["mgr_b"]
    add_rule(db, geo.cao, None, u["mgr_a"])
    assert owner_by_rules(db, territory_id=geo.cao, industry_id=None) == u["mgr_a"]
    assert owner_by_rules(db, territory_id=geo.moscow, industry_id=geo.trade) == u["mgr_b"]
    assert owner_by_rules(db, territory_id=geo.spb, industry_id=geo.building) is None


def test_territory_and_industry_beat_a_deeper_territory_only_rule(world, db, geo):
    u = world.users
    add_rule(db, geo.cao, None, u["mgr_a"])
    add_rule(db, geo.moscow, geo.building, u["mgr_b"])
    assert owner_by_rules(db, territory_id=geo.cao, industry_id=geo.building) == u["mgr_b"]
    assert owner_by_rules(db, territory_id=geo.cao, industry_id=geo.trade) == u["mgr_a"]


def test_industry_only_rules_place_clients_without_a_territory(world, db, geo):
    add_rule(db, None, geo.trade, world.users["mgr_c"])
    assert owner_by_rules(db, territory_id=None, industry_id=geo.trade) == world.users["mgr_c"]
    assert owner_by_rules(db, territory_id=None, industry_id=None) is None


def test_rules_of_people_who_left_or_are_leaving_are_passed_over(world, db, geo):
    u = world.users
    add_rule(db, geo.cao, None, u["gleb"])  # Gleb has left
    add_rule(db, geo.moscow, None, u["mgr_a"])
    assert owner_by_rules(db, territory_id=geo.cao, industry_id=None) == u["mgr_a"]
    assert owner_by_rules(db, territory_id=geo.cao, industry_id=None, exclude=[u["mgr_a"]]) is None


def test_a_director_creating_without_an_owner_gets_the_rules_owner(world, db, geo):
    add_rule(db, geo.cao, geo.building, world.users["mgr_b"])
    db.commit()
    client = create_client(db, world.viewer("director"), name="Новый Центр", territory_id=geo.cao,
                           industry_id=geo.building)
    assert client.owner_id == world.users["mgr_b"]


def test_no_rule_puts_the_client_in_the_queue_heads_see_and_managers_do_not(world, db, geo):
    client = create_client(db, world.viewer("admin"), name="Ничейная Компания", territory_id=geo.spb,
                           industry_id=geo.trade)
    assert client.owner_id is None
    for login, sees in (("head_n", True), ("head_s", True), ("director", True), ("mgr_a", False)):
        _rows, ids = handover_candidates(db, world.viewer(login), owner_id=UNASSIGNED)
        assert (client.id in ids) is sees, login
    rows, ids = handover_candidates(db, world.viewer("head_n"), owner_id=UNASSIGNED)
    assert set(ids) == {client.id, world.clients["u1"]}
    assert set(rows["name"]) == {"Ничейная Компания", "Гамма Снаб"}


def test_explicit_owner_and_managers_own_clients_ignore_the_rules(world, db, geo):
    add_rule(db, geo.moscow, None, world.users["mgr_b"])
    db.commit()
    chosen = create_client(db, world.viewer("director"), name="Выбранный Владелец", owner_id=world.users["mgr_c"],
                           territory_id=geo.moscow)
    assert chosen.owner_id == world.users["mgr_c"]
    own = create_client(db, world.viewer("mgr_a"), name="Своя Компания", territory_id=geo.moscow)
    assert own.owner_id == world.users["mgr_a"]


def test_a_refused_client_writes_nothing_even_when_a_rule_matches(world, db, geo):
    add_rule(db, geo.moscow, None, world.users["mgr_b"])
    db.commit()
    with pytest.raises(ValidationError):
        create_client(db, world.viewer("director"), name="", territory_id=geo.moscow)
    assert db.query(Client).count() == 5
