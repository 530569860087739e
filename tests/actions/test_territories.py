"""Editing the territory tree, the industries and the assignment matrix: checks and rights."""
import pytest

from db.actions.territories import (
    create_industry,
    create_territory,
    remove_rule,
    set_rule,
    update_industry,
    update_territory,
)
from db.errors import AccessDenied, StaleRecord, ValidationError
from db.models import AssignmentRule, AuditEntry, Territory
from tests.geo_world import add_geo, add_rule


@pytest.fixture
def geo(world, db):
    built = add_geo(db, world)
    db.commit()
    return built


@pytest.mark.parametrize("login", ["head_n", "director", "admin"])
def test_leaders_and_the_admin_edit_the_tree(world, db, geo, login):
    city = create_territory(db, world.viewer(login), name="Зеленоград", kind="city", parent_id=geo.moscow)
    assert db.get(Territory, city.id).parent_id == geo.moscow
    assert db.query(AuditEntry).filter_by(action="create_territory", entity_id=str(city.id)).count() == 1


def test_managers_edit_nothing(world, db, geo):
    viewer = world.viewer("mgr_a")
    with pytest.raises(AccessDenied):
        create_territory(db, viewer, name="Зеленоград", kind="city", parent_id=geo.moscow)
    with pytest.raises(AccessDenied):
        create_industry(db, viewer, name="Медицина")
    with pytest.raises(AccessDenied):
        set_rule(db, viewer, territory_id=geo.moscow, industry_id=None, manager_id=world.users["mgr_a"])


def test_tree_checks_show_by_field(world, db, geo):
    viewer = world.viewer("admin")
    with pytest.raises(ValidationError) as info:
        create_territory(db, viewer, name="ЦАО", kind="district", parent_id=geo.moscow)
    assert set(info.value.errors) == {"name"}
    with pytest.raises(ValidationError) as info:
        create_territory(db, viewer, name="Тверь", kind="city", parent_id=None)
    assert set(info.value.errors) == {"parent_id"}
    with pytest.raises(ValidationError) as info:
        create_territory(db, viewer, name="", kind="planet", parent_id=geo.russia)
    assert set(info.value.errors) == {"name", "kind"}
    # Moving Moscow into its own district would make a circle.
    moscow = db.get(Territory, geo.moscow)
    with pytest.raises(ValidationError) as info:
        update_territory(db, viewer, territory_id=geo.moscow, expected_version=moscow.version, name="Москва",
                         kind="region", parent_id=geo.cao)
    assert set(info.value.errors) == {"parent_id"}


def test_a_territory_is_retired_not_deleted_and_stale_forms_are_refused(world, db, geo):
    spb = db.get(Territory, geo.spb)
    version = spb.version
    update_territory(db, world.viewer("head_n"), territory_id=geo.spb, expected_version=version,
                     name="Санкт-Петербург", kind="region", parent_id=geo.russia, active=False)
    assert db.get(Territory, geo.spb).active is False
    with pytest.raises(StaleRecord) as info:
        update_territory(db, world.viewer("admin"), territory_id=geo.spb, expected_version=version,
                         name="Петербург", kind="region", parent_id=geo.russia)
    assert info.value.changed_by == "Nina Head"


def test_industries_are_unique_and_can_be_retired(world, db, geo):
    viewer = world.viewer("head_s")
    with pytest.raises(ValidationError) as info:
        create_industry(db, viewer, name="торговля")
    assert "name" in info.value.errors
    medicine = create_industry(db, viewer, name="Медицина")
    update_industry(db, viewer, industry_id=medicine.id, expected_version=medicine.version, name="Медицина",
                    active=False)
    assert medicine.active is False


def test_set_rule_creates_then_changes_the_cell(world, db, geo):
    viewer = world.viewer("head_n")
    rule = set_rule(db, viewer, territory_id=geo.cao, industry_id=geo.trade, manager_id=world.users["mgr_a"])
    again = set_rule(db, viewer, territory_id=geo.cao, industry_id=geo.trade, manager_id=world.users["mgr_b"],
                     expected_version=rule.version)
    assert again.id == rule.id and again.manager_id == world.users["mgr_b"]
    assert db.query(AssignmentRule).count() == 1
    changes = db.query(AuditEntry).filter_by(action="update_rule").one().changes
    assert changes == {"manager_id": [world.users["mgr_a"], world.users["mgr_b"]]}


def test_a_rule_needs_a_side_and_an_active_manager(world, db, geo):
    viewer = world.viewer("director")
    with pytest.raises(ValidationError) as info:
        set_rule(db, viewer, territory_id=None, industry_id=None, manager_id=world.users["mgr_a"])
    assert set(info.value.errors) == {"territory_id"}
    with pytest.raises(ValidationError) as info:
        set_rule(db, viewer, territory_id=geo.spb, industry_id=None, manager_id=world.users["gleb"])
    assert set(info.value.errors) == {"manager_id"}


def test_a_head_assigns_only_their_people_and_changes_only_their_rules(world, db, geo):
    head_n = world.viewer("head_n")
    with pytest.raises(ValidationError) as info:
        set_rule(db, head_n, territory_id=geo.spb, industry_id=None, manager_id=world.users["mgr_c"])
    assert set(info.value.errors) == {"manager_id"}
    south = add_rule(db, geo.spb, None, world.users["mgr_c"])
    db.commit()
    with pytest.raises(AccessDenied):
        set_rule(db, head_n, territory_id=geo.spb, industry_id=None, manager_id=world.users["mgr_a"])
    with pytest.raises(AccessDenied):
        remove_rule(db, head_n, rule_id=south, expected_version=1)
    assert db.get(AssignmentRule, south).manager_id == world.users["mgr_c"]
    remove_rule(db, world.viewer("head_s"), rule_id=south, expected_version=1)
    assert db.get(AssignmentRule, south) is None
    assert db.query(AuditEntry).filter_by(action="remove_rule").one().changes["manager_id"] == \
        [world.users["mgr_c"], None]
