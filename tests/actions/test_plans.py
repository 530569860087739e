"""Setting plans and the basis: who may, what is refused (next to which field), all or nothing, staleness."""
import datetime as dt
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from db import access
from db.actions.plans import cell_key, set_department_plan, set_plan, set_plan_basis, set_plans_for_quarter
from db.errors import AccessDenied, StaleRecord, ValidationError
from db.generation import current_generation
from db.models import AuditEntry, SalesPlan, Setting
from queries.plan_actuals import month_start

THIS = month_start(access.today())
NEXT = month_start(THIS, 1)
LAST = month_start(THIS, -1)


def plan_amount(db, world, login, month):
    return db.scalar(select(SalesPlan.amount).where(SalesPlan.user_id == world.users[login], SalesPlan.month == month))


def count_plans(db):
    return db.scalar(select(func.count()).select_from(SalesPlan))


def test_head_sets_a_plan_with_audit_and_one_generation_bump(world, db):
    gen = current_generation(db)
    saved = set_plan(db, world.viewer("head_n"), user_id=world.users["mgr_b"], month=NEXT + dt.timedelta(days=9),
                     amount="1 250 000,50", expected_version=0)
    assert (saved.month, saved.amount, saved.version) == (NEXT, D("1250000.50"), 1)
    assert current_generation(db) == gen + 1
    entry = db.scalars(select(AuditEntry).where(AuditEntry.entity == "sales_plan")).one()
    assert entry.user_id == world.users["head_n"] and entry.changes["amount"] == [None, "1250000.5"]


def test_changing_a_plan_audits_old_and_new_and_unchanged_writes_nothing(world, db):
    viewer = world.viewer("head_n")
    set_plan(db, viewer, user_id=world.users["mgr_a"], month=THIS, amount="250000", expected_version=1)
    assert plan_amount(db, world, "mgr_a", THIS) == D("250000")
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "set_plan")).one()
    assert entry.changes == {"amount": ["200000", "250000"]}
    gen = current_generation(db)
    assert set_plan(db, viewer, user_id=world.users["mgr_a"], month=THIS, amount="250000.00",
                    expected_version=2) is None
    assert db.scalar(select(func.count()).select_from(AuditEntry)) == 1
    assert current_generation(db) == gen + 1  # the action ran (one bump), but changed nothing


@pytest.mark.parametrize(("login", "target", "outcome"), [
    ("head_n", "mgr_a", "ok"), ("head_n", "mgr_c", "field"), ("head_s", "mgr_a", "field"),
    ("director", "mgr_c", "ok"), ("head_n", "head_n", "field"), ("head_n", "gleb", "field"),
    ("mgr_a", "mgr_a", "denied"), ("admin", "mgr_a", "denied"),
])
def test_who_may_set_whose_plan(world, db, login, target, outcome):
    kwargs = dict(user_id=world.users[target], month=NEXT, amount="100000")
    if outcome == "ok":
        assert set_plan(db, world.viewer(login), **kwargs).user_id == world.users[target]
    elif outcome == "denied":
        with pytest.raises(AccessDenied):
            set_plan(db, world.viewer(login), **kwargs)
    else:
        with pytest.raises(ValidationError) as info:
            set_plan(db, world.viewer(login), **kwargs)
        assert set(info.value.errors) == {"user_id"}
    assert count_plans(db) == 1 + (outcome == "ok")


def test_bad_input_is_refused_field_by_field_and_nothing_is_written(world, db):
    before = count_plans(db)
    with pytest.raises(ValidationError) as info:
        set_plan(db, world.viewer("head_n"), user_id=world.users["mgr_a"], month=LAST, amount="-5")
    assert set(info.value.errors) == {"month", "amount"}
    assert info.value.errors["month"][0].startswith("Plans of past months are closed")
    with pytest.raises(ValidationError) as info:
        set_plan(db, world.viewer("head_n"), user_id=world.users["mgr_a"], month=None, amount="много")
    assert info.value.errors["amount"][0] == "Not a number." and "month" in info.value.errors
    assert count_plans(db) == before


def test_a_stale_form_is_refused_naming_who_changed_the_plan(world, db):
    set_plan(db, world.viewer("head_n"), user_id=world.users["mgr_b"], month=NEXT, amount="100000", expected_version=0)
    set_plan(db, world.viewer("director"), user_id=world.users["mgr_b"], month=NEXT, amount="150000",
             expected_version=1)
    with pytest.raises(StaleRecord) as info:
        set_plan(db, world.viewer("head_n"), user_id=world.users["mgr_b"], month=NEXT, amount="120000",
                 expected_version=1)
    assert info.value.changed_by == "Dmitry Director"
    assert plan_amount(db, world, "mgr_b", NEXT) == D("150000")


def test_a_form_that_saw_no_plan_does_not_overwrite_one_set_meanwhile(world, db):
    set_plan(db, world.viewer("director"), user_id=world.users["mgr_b"], month=NEXT, amount="150000",
             expected_version=0)
    with pytest.raises(StaleRecord) as info:
        set_plan(db, world.viewer("head_n"), user_id=world.users["mgr_b"], month=NEXT, amount="90000",
                 expected_version=0)
    assert info.value.changed_by == "Dmitry Director"


def test_quarter_grid_is_all_or_nothing_with_a_message_per_bad_cell(world, db):
    a, b, c = world.users["mgr_a"], world.users["mgr_b"], world.users["mgr_c"]
    cells = [
        {"user_id": b, "month": NEXT, "amount": "300000", "expected_version": 0},  # fine
        {"user_id": b, "month": month_start(THIS, 2), "amount": "-1", "expected_version": 0},
        {"user_id": a, "month": LAST, "amount": "10", "expected_version": 0},
        {"user_id": c, "month": NEXT, "amount": "10", "expected_version": 0},  # South: not head_n's
        {"user_id": a, "month": THIS, "amount": None, "expected_version": 1},  # emptying a set plan
    ]
    before = count_plans(db)
    with pytest.raises(ValidationError) as info:
        set_plans_for_quarter(db, world.viewer("head_n"), cells=cells)
    errors = info.value.errors
    assert set(errors) == {cell_key(b, month_start(THIS, 2)), cell_key(a, LAST), cell_key(c, NEXT), cell_key(a, THIS)}
    assert errors[cell_key(b, month_start(THIS, 2))][0] == "Must not be below {min}."
    assert errors[cell_key(a, THIS)][0] == "A plan cannot be emptied: enter 0 for no plan."
    assert count_plans(db) == before  # the good cell was not saved either


def test_quarter_grid_saves_the_changes(world, db):
    a, b = world.users["mgr_a"], world.users["mgr_b"]
    cells = [{"user_id": b, "month": NEXT, "amount": "300000", "expected_version": 0},
             {"user_id": a, "month": THIS, "amount": "200000", "expected_version": 1},  # unchanged
             {"user_id": a, "month": NEXT, "amount": "0", "expected_version": 0},  # no plan, explicitly
             {"user_id": b, "month": THIS, "amount": None, "expected_version": 0}]  # left empty
    assert set_plans_for_quarter(db, world.viewer("head_n"), cells=cells) == 2
    assert plan_amount(db, world, "mgr_b", NEXT) == D("300000") and plan_amount(db, world, "mgr_a", NEXT) == 0
    assert plan_amount(db, world, "mgr_b", THIS) is None


def test_a_manager_cannot_use_the_grid(world, db):
    with pytest.raises(AccessDenied):
        set_plans_for_quarter(db, world.viewer("mgr_a"), cells=[])


def test_only_the_director_sets_department_plans(world, db):
    north = world.departments["North"]
    saved = set_department_plan(db, world.viewer("director"), department_id=north, month=NEXT, amount="2000000")
    assert (saved.department_id, saved.user_id, saved.amount) == (north, None, D("2000000"))
    for login in ("head_n", "mgr_a", "admin"):
        with pytest.raises(AccessDenied):
            set_department_plan(db, world.viewer(login), department_id=north, month=NEXT, amount="1")
    with pytest.raises(ValidationError) as info:
        set_department_plan(db, world.viewer("director"), department_id=9999, month=LAST, amount="1")
    assert set(info.value.errors) == {"department_id", "month"}


def test_plan_basis_is_set_by_director_or_admin_and_checked(world, db):
    set_plan_basis(db, world.viewer("director"), basis="won_deals")
    assert db.get(Setting, "plan_basis").value == "won_deals"
    set_plan_basis(db, world.viewer("admin"), basis="shipments")
    assert db.get(Setting, "plan_basis").value == "shipments"
    with pytest.raises(ValidationError):
        set_plan_basis(db, world.viewer("admin"), basis="invoices")
    for login in ("head_n", "mgr_a"):
        with pytest.raises(AccessDenied):
            set_plan_basis(db, world.viewer(login), basis="won_deals")
    changes = [e.changes for e in db.scalars(select(AuditEntry).where(AuditEntry.action == "set_plan_basis"))]
    assert changes == [{"value": [None, "won_deals"]}, {"value": ["won_deals", "shipments"]}]
