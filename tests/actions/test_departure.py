"""A manager leaves: each distribution mode, with counts that reconcile, and the refusals.

Anna (mgr_a) leaves. She holds a1 (open deal, overdue task; 100 000 shipped), a2 (a task),
and here also a3 (60 000 shipped), a4 (30 000), a5 (nothing shipped); an open deal on
Boris's b1, a task about no client, the rule Москва → Anna, and a coming stand-in for Boris.
"""
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from db import access
from db.actions.departure import complete_departure
from db.rules.handover import company_totals, holdings
from db.errors import AccessDenied, DomainError, NotFound, ValidationError
from db.models import AssignmentRule, AuditEntry, Client, Deal, StandIn, Task, User
from queries.departure_plan import plan_departure
from tests.geo_world import add_client, add_geo, add_rule, add_task


@pytest.fixture
def anna(world, db):
    u = world.users
    geo = add_geo(db, world)
    today = access.today()
    ids = dict(world.clients)
    for key, value in (("a3", "60000"), ("a4", "30000"), ("a5", None)):
        ids[key] = add_client(db, f"Клиент {key}", u["mgr_a"], territory_id=geo.moscow, industry_id=geo.building,
                              shipped=value, today=today, product_id=world.product_id)
    db.add(Deal(title="Помощь Борису", client_id=ids["b1"], owner_id=u["mgr_a"], stage_id=world.stages["Lead"],
                amount=Decimal("7000"), probability=10))
    add_task(db, u["mgr_a"], "Отчёт за месяц")
    add_rule(db, geo.moscow, None, u["mgr_a"])
    db.add(StandIn(absent_user_id=u["mgr_b"], stand_in_user_id=u["mgr_a"], starts_on=today + dt.timedelta(days=5),
                   ends_on=today + dt.timedelta(days=9)))
    db.commit()
    return ids, geo


def depart(db, world, login="head_n", **plan_args):
    viewer = world.viewer(login)
    plan = plan_departure(db, viewer, leaving_id=world.users["mgr_a"], **plan_args)
    mapping = dict(zip(plan.rows["client_id"], plan.rows["new_owner_id"], strict=True))
    return plan, complete_departure(db, viewer, leaving_id=world.users["mgr_a"], plan=mapping,
                                    successor_id=plan.successor_id, expected_version=1)


def assert_reconciled(db, world, result):
    u = world.users
    assert (result.before.clients, result.before.deals, result.before.tasks) == (5, 2, 3)
    assert holdings(db, u["mgr_a"]) == result.after == type(result.after)(0, 0, 0)
    assert result.totals_after == result.totals_before == company_totals(db)
    got = result.by_recipient
    assert sum(m.clients for m in got.values()) == 5
    assert sum(m.deals for m in got.values()) == 2
    assert sum(m.tasks for m in got.values()) == 3
    anna = db.get(User, u["mgr_a"])
    assert anna.active is False and anna.left_on == access.today()
    assert db.scalar(select(func.count(AssignmentRule.id)).where(AssignmentRule.manager_id == u["mgr_a"])) == 0
    assert db.scalar(select(StandIn.cancelled)) is True
    assert db.scalar(select(Deal.owner_id).where(Deal.title == "Помощь Борису")) == u["mgr_b"]  # b1's owner
    assert db.query(AuditEntry).filter_by(action="complete_departure").count() == 1


def test_all_to_one_colleague(world, db, anna):
    plan, result = depart(db, world, mode="one", successor_id=world.users["mgr_b"])
    assert set(plan.rows["new_owner_id"]) == {world.users["mgr_b"]}
    assert_reconciled(db, world, result)
    mgr_b = result.by_recipient[world.users["mgr_b"]]
    assert (mgr_b.clients, mgr_b.deals, mgr_b.tasks) == (5, 2, 3)
    assert db.scalar(select(Task.assignee_id).where(Task.title == "Отчёт за месяц")) == world.users["mgr_b"]
    assert db.scalar(select(AssignmentRule.manager_id)) == world.users["mgr_b"]


def test_by_the_rules_passing_over_the_leavers_own(world, db, anna):
    ids, geo = anna
    u = world.users
    db.get(Client, ids["a2"]).territory_id = geo.cao
    add_rule(db, geo.cao, None, u["mgr_b"])
    db.commit()
    plan, result = depart(db, world, mode="rules", successor_id=u["head_n"])
    owners = dict(zip(plan.rows["client_id"], plan.rows["new_owner_id"], strict=True))
    reasons = dict(zip(plan.rows["client_id"], plan.rows["reason"], strict=True))
    assert owners[ids["a2"]] == u["mgr_b"] and reasons[ids["a2"]] == "rule"
    # Москва's rule is Anna's own: passed over, so the rest go to the successor.
    assert {owners[ids[k]] for k in ("a1", "a3", "a4", "a5")} == {u["head_n"]}
    assert {reasons[ids[k]] for k in ("a1", "a3", "a4", "a5")} == {"no_rule"}
    assert_reconciled(db, world, result)
    assert db.get(Client, ids["a2"]).owner_id == u["mgr_b"]


def test_balanced_by_load_and_value(world, db, anna):
    """Worked by hand. Counts first: Boris holds 1 client, Nina 0; handing out 5 one at a
    time to whoever would hold fewest (ties: Boris, listed first) gives Nina 3, Boris 2 —
    both end with 3. Then value, biggest first, to the lowest value received per slot:
    a1 (100 000) → Boris (tie), a3 (60 000) → Nina, a4 (30 000) → Nina (20 000 per slot
    against Boris's 50 000), a2 → Nina (her last slot), a5 → Boris."""
    ids, _geo = anna
    u = world.users
    plan, result = depart(db, world, mode="balanced", successor_id=u["mgr_b"],
                          colleague_ids=(u["mgr_b"], u["head_n"]))
    owners = dict(zip(plan.rows["client_id"], plan.rows["new_owner_id"], strict=True))
    assert list(plan.rows["client_id"]) == [ids[k] for k in ("a1", "a3", "a4", "a2", "a5")]
    assert {k: owners[ids[k]] for k in ("a1", "a2", "a3", "a4", "a5")} == {
        "a1": u["mgr_b"], "a5": u["mgr_b"], "a2": u["head_n"], "a3": u["head_n"], "a4": u["head_n"]}
    recipients = plan.recipients.set_index("user_id")
    assert recipients.loc[u["mgr_b"], "clients_after"] == 3 and recipients.loc[u["head_n"], "clients_after"] == 3
    assert recipients.loc[u["mgr_b"], "value_received"] == 100000
    assert recipients.loc[u["head_n"], "value_received"] == 90000
    assert_reconciled(db, world, result)


def test_a_client_added_after_the_preview_refuses_the_plan(world, db, anna):
    viewer = world.viewer("head_n")
    plan = plan_departure(db, viewer, leaving_id=world.users["mgr_a"], mode="one", successor_id=world.users["mgr_b"])
    add_client(db, "Поздний клиент", world.users["mgr_a"])
    db.commit()
    mapping = dict(zip(plan.rows["client_id"], plan.rows["new_owner_id"], strict=True))
    with pytest.raises(DomainError) as info:
        complete_departure(db, viewer, leaving_id=world.users["mgr_a"], plan=mapping,
                           successor_id=world.users["mgr_b"], expected_version=1)
    assert info.value.params["added"] == 1
    assert db.get(User, world.users["mgr_a"]).active is True
    assert holdings(db, world.users["mgr_a"]).clients == 6


@pytest.mark.parametrize(("login", "leaving", "error"), [
    ("mgr_b", "mgr_a", AccessDenied),
    ("head_s", "mgr_a", NotFound),  # not their department
    ("director", "head_n", NotFound),  # heads leave through the admin
    ("director", "gleb", DomainError),  # already gone
])
def test_who_may_see_whom_out(world, db, anna, login, leaving, error):
    with pytest.raises(error):
        complete_departure(db, world.viewer(login), leaving_id=world.users[leaving], plan={},
                           successor_id=world.users["mgr_b"])


def test_plan_refusals_show_by_field(world, db, anna):
    viewer, u = world.viewer("head_n"), world.users
    with pytest.raises(ValidationError) as info:
        plan_departure(db, viewer, leaving_id=u["mgr_a"], mode="balanced", successor_id=u["mgr_a"], colleague_ids=())
    assert set(info.value.errors) == {"successor_id", "colleague_ids"}
    with pytest.raises(ValidationError) as info:
        plan_departure(db, viewer, leaving_id=u["mgr_a"], mode="one", successor_id=u["mgr_c"])
    assert set(info.value.errors) == {"successor_id"}
    # A plan sending a client outside the department is refused by the action too.
    with pytest.raises(ValidationError) as info:
        complete_departure(db, viewer, leaving_id=u["mgr_a"], plan={world.clients["a1"]: u["mgr_c"]},
                           successor_id=u["mgr_b"])
    assert set(info.value.errors) == {"plan"}


def test_a_manager_sees_no_plan_of_anyone(world, db, anna):
    plan = plan_departure(db, world.viewer("mgr_b"), leaving_id=world.users["mgr_a"], mode="one",
                          successor_id=world.users["mgr_b"])
    assert plan.rows.empty
