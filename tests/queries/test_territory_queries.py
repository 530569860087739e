"""The tree, the industries, the matrix and the handover lists: per role, nothing foreign."""
import pytest

from db import access
from queries.handover import UNASSIGNED, handover_candidates, leaver_clients, leaver_summary, leaving_candidates
from queries.territories import assignment_rules, industry_list, territory_tree, who_gets
from tests.geo_world import add_geo, add_rule, add_task

ROLES = ["mgr_a", "mgr_c", "head_n", "head_s", "director", "admin"]
VISIBLE = {  # world clients each viewer may see
    "mgr_a": {"a1", "a2"}, "mgr_c": {"c1"}, "head_n": {"a1", "a2", "b1", "u1"}, "head_s": {"c1", "u1"},
    "director": {"a1", "a2", "b1", "c1", "u1"}, "admin": {"a1", "a2", "b1", "c1", "u1"},
}


@pytest.fixture
def geo(world, db):
    built = add_geo(db, world)
    db.commit()
    return built


@pytest.mark.parametrize("login", ROLES)
def test_tree_in_order_with_paths_and_counts_within_access(world, db, geo, login):
    tree = territory_tree(db, world.viewer(login))
    assert list(tree["path"]) == ["Россия", "Россия › Москва", "Россия › Москва › ЦАО", "Россия › Санкт-Петербург"]
    assert list(tree["depth"]) == [0, 1, 2, 1]
    assert tree.set_index("name").loc["Москва", "clients"] == len(VISIBLE[login])
    industries = industry_list(db, world.viewer(login)).set_index("name")
    assert industries.loc["Строительство", "clients"] == len(VISIBLE[login])


@pytest.mark.parametrize(("login", "editable"), [
    ("head_n", {"Anna Manager"}), ("head_s", {"Vera Manager"}), ("director", {"Anna Manager", "Vera Manager"}),
    ("mgr_a", set()),
])
def test_the_matrix_says_which_rules_the_viewer_may_change(world, db, geo, login, editable):
    add_rule(db, geo.moscow, None, world.users["mgr_a"])
    add_rule(db, geo.spb, geo.trade, world.users["mgr_c"])
    rules = assignment_rules(db, world.viewer(login))
    assert set(rules.loc[rules["editable"], "manager"]) == editable


def test_who_gets_names_the_winning_rule(world, db, geo):
    add_rule(db, geo.moscow, geo.building, world.users["mgr_b"])
    add_rule(db, geo.cao, None, world.users["mgr_a"])
    check = who_gets(db, world.viewer("head_n"), territory_id=geo.cao, industry_id=geo.building)
    assert (check.manager, check.rule_territory, check.rule_industry) == ("Boris Manager", "Москва", "Строительство")
    assert who_gets(db, world.viewer("head_n"), territory_id=geo.spb, industry_id=None).manager_id is None


@pytest.mark.parametrize("login", ROLES)
def test_handover_candidates_stay_within_access(world, db, login):
    rows, ids = handover_candidates(db, world.viewer(login))
    assert set(ids) == {world.clients[k] for k in VISIBLE[login]}
    assert set(rows["name"]) == {world.client_names[k] for k in VISIBLE[login]}
    # Asking for a foreign owner's clients or the queue gives nothing outside access.
    for owner in (world.users["mgr_a"], world.users["mgr_c"], UNASSIGNED):
        _rows, ids = handover_candidates(db, world.viewer(login), owner_id=owner)
        assert set(ids) <= {world.clients[k] for k in VISIBLE[login]}


def test_handover_candidates_filters(world, db, geo):
    head = world.viewer("director")
    assert handover_candidates(db, head, search="арк")[1] == [world.clients["a2"]]
    assert len(handover_candidates(db, head, territory_id=geo.russia)[1]) == 5  # a region's parts included
    assert handover_candidates(db, head, territory_id=geo.spb)[1] == []
    assert handover_candidates(db, head, industry_id=geo.trade)[1] == []
    add_task(db, world.users["mgr_a"], "Позвонить", client_id=world.clients["a2"])
    rows, _ = handover_candidates(db, head, owner_id=world.users["mgr_a"])
    assert dict(zip(rows["name"], rows["open_tasks"], strict=True)) == {"Альфа Строй": 1, "Арктика": 2}
    assert dict(zip(rows["name"], rows["open_deals"], strict=True)) == {"Альфа Строй": 1, "Арктика": 0}


@pytest.mark.parametrize(("login", "names"), [
    ("head_n", {"Anna Manager", "Boris Manager"}), ("head_s", {"Vera Manager"}),
    ("director", {"Anna Manager", "Boris Manager", "Vera Manager"}), ("mgr_a", set()),
])
def test_who_may_be_seen_out(world, db, login, names):
    assert set(leaving_candidates(db, world.viewer(login))["full_name"]) == names


@pytest.mark.parametrize(("login", "sees"), [("head_n", True), ("director", True), ("head_s", False),
                                             ("mgr_b", False), ("mgr_a", False)])
def test_a_leavers_clients_with_value_and_completeness(world, db, login, sees):
    rows = leaver_clients(db, world.viewer(login), leaving_id=world.users["mgr_a"], today=access.today())
    summary = leaver_summary(db, world.viewer(login), leaving_id=world.users["mgr_a"])
    if not sees:
        assert rows.empty and summary is None
        return
    assert list(rows["name"]) == ["Альфа Строй", "Арктика"]  # most valuable first
    assert list(rows["value"]) == [100000, 0] and list(rows["open_deals"]) == [1, 0]
    # Known: decision maker, reachable, recent call, INN, industry and territory → 5 of 8.
    assert list(rows["score"]) == [62, 62]
    assert (summary.clients, summary.deals, summary.tasks, summary.deals_elsewhere) == (2, 1, 2, 0)
