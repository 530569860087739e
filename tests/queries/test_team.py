"""The team's plans by role: who appears, the hand-computed rows and totals, the grid, the reconciliation."""
import datetime as dt
from decimal import Decimal as D

import pandas as pd
import pytest

from db.models import SalesPlan, StandIn, User
from queries import commission, team

from .test_plans import MARCH, add_scheme, plan, ship

TODAY = dt.date(2025, 3, 10)
NAMES = {"mgr_a": "Anna Manager", "mgr_b": "Boris Manager", "mgr_c": "Vera Manager"}
SEES = {"mgr_a": {"mgr_a"}, "mgr_b": {"mgr_b"}, "mgr_c": {"mgr_c"}, "head_n": {"mgr_a", "mgr_b"},
        "head_s": {"mgr_c"}, "director": {"mgr_a", "mgr_b", "mgr_c"}, "admin": {"mgr_a", "mgr_b", "mgr_c"}}


@pytest.fixture
def march(world, db):
    """Anna: plan 1 000 000, shipped 1 200 000. Boris: plan 500 000, shipped 100 000.
    Vera: no plan, shipped 50 000. Department plans: North 1 600 000, South 300 000."""
    add_scheme(db)
    plan(db, world, "mgr_a", MARCH, "1000000")
    ship(db, world, "mgr_a", dt.date(2025, 3, 3), "1200000")
    plan(db, world, "mgr_b", MARCH, "500000")
    ship(db, world, "mgr_b", dt.date(2025, 3, 4), "100000", client="b1")
    ship(db, world, "mgr_c", dt.date(2025, 3, 5), "50000", client="c1")
    for dept, amount in (("North", "1600000"), ("South", "300000")):
        db.add(SalesPlan(department_id=world.departments[dept], month=MARCH, amount=D(amount)))
    db.flush()
    return world


@pytest.mark.parametrize("login", list(SEES))
def test_team_view_shows_exactly_the_people_of_the_viewer(march, db, login):
    view = team.team_view(db, march.viewer(login), month=MARCH, today=TODAY)
    assert set(view.people["manager"]) == {NAMES[k] for k in SEES[login]}  # a manager: only themselves
    assert "Gleb Gone" not in set(view.people["manager"])  # left, and had no plan or sales


def test_rows_and_department_totals_by_hand(march, db):
    view = team.team_view(db, march.viewer("director"), month=MARCH, today=TODAY)
    rows = view.people.set_index("manager")
    anna, boris, vera = rows.loc["Anna Manager"], rows.loc["Boris Manager"], rows.loc["Vera Manager"]
    assert (anna["plan"], anna["actual"], anna["commission"]) == (D("1000000.00"), D("1200000.00"), D("46000.00"))
    assert anna["pace"] == D("3720000.00")  # 1 200 000 × 31 / 10
    assert anna["plan_pct"] == pytest.approx(120.0)
    assert (boris["plan_pct"], boris["commission"]) == (pytest.approx(20.0), D("0.00"))
    assert vera["plan"] is None and vera["commission"] is None and vera["no_commission"] == "plan"
    depts = view.departments.set_index("department")
    north, south = depts.loc["North"], depts.loc["South"]
    assert (north["plan"], north["actual"], north["commission"]) == (D("1500000.00"), D("1300000.00"), D("46000.00"))
    assert north["plan_pct"] == pytest.approx(1300000 / 1500000 * 100)
    assert (north["department_plan"], north["difference"]) == (D("1600000.00"), D("-100000.00"))
    assert south["plan"] is None and pd.isna(south["plan_pct"]) and south["actual"] == D("50000.00")


def test_head_sees_only_their_department_totals(march, db):
    view = team.team_view(db, march.viewer("head_n"), month=MARCH, today=TODAY)
    assert list(view.departments["department"]) == ["North"]
    assert team.team_view(db, march.viewer("mgr_a"), month=MARCH, today=TODAY).departments.empty


def test_a_stand_in_head_does_not_see_the_absent_persons_pay(march, db):
    db.add(StandIn(absent_user_id=march.users["mgr_c"], stand_in_user_id=march.users["head_n"],
                   starts_on=dt.date(2025, 3, 1), ends_on=dt.date(2099, 1, 1)))
    db.flush()
    view = team.team_view(db, march.viewer("head_n"), month=MARCH, today=TODAY)
    assert "Vera Manager" not in set(view.people["manager"])


def test_a_manager_who_left_still_shows_for_the_month_they_sold_in(march, db):
    ship(db, march, "gleb", dt.date(2025, 3, 2), "7000", client="a1")
    view = team.team_view(db, march.viewer("head_n"), month=MARCH, today=TODAY)
    assert "Gleb Gone" in set(view.people["manager"])


def test_a_closed_month_paces_at_its_actual(march, db):
    view = team.team_view(db, march.viewer("director"), month=MARCH, today=dt.date(2025, 4, 2))
    anna = view.people.set_index("manager").loc["Anna Manager"]
    assert anna["pace"] == anna["actual"] == D("1200000.00")


@pytest.mark.parametrize(("login", "expected"), [
    ("head_n", {"Anna Manager", "Boris Manager"}), ("head_s", {"Vera Manager"}),
    ("director", {"Anna Manager", "Boris Manager", "Vera Manager"}), ("mgr_a", set()), ("admin", set()),
])
def test_plannable_managers_and_the_grid(march, db, login, expected):
    assert set(team.plannable_managers(db, march.viewer(login))["full_name"]) == expected
    grid = team.plan_grid(db, march.viewer(login), quarter=dt.date(2025, 1, 1))
    assert set(grid.rows["manager"]) == expected
    if "Anna Manager" in expected:
        row = grid.rows.set_index("manager").loc["Anna Manager"]
        assert row["2025-03-01"] == D("1000000.00") and row["2025-01-01"] is None
        assert grid.versions[(march.users["mgr_a"], MARCH)] == 1


def test_plan_of_hides_plans_outside_the_team(march, db):
    mine = team.plan_of(db, march.viewer("head_n"), user_id=march.users["mgr_a"], month=dt.date(2025, 3, 15))
    assert (mine.amount, mine.version) == (D("1000000.00"), 1)
    foreign = team.plan_of(db, march.viewer("head_s"), user_id=march.users["mgr_a"], month=MARCH)
    assert (foreign.amount, foreign.version) == (None, 0)


def test_department_plan_check_by_hand(march, db):
    check = team.department_plan_check(db, march.viewer("director"), quarter=dt.date(2025, 1, 1))
    north = check[(check["department"] == "North") & (check["month"] == MARCH)].iloc[0]
    assert (north["department_plan"], north["managers_plan"], north["difference"]) == (
        D("1600000.00"), D("1500000.00"), D("-100000.00"))
    jan = check[(check["department"] == "North") & (check["month"] == dt.date(2025, 1, 1))].iloc[0]
    assert jan["department_plan"] is None and jan["difference"] is None and jan["managers_plan"] == 0
    assert set(team.department_plan_check(db, march.viewer("head_s"), quarter=MARCH)["department"]) == {"South"}
    assert team.department_plan_check(db, march.viewer("mgr_a"), quarter=MARCH).empty


@pytest.mark.parametrize("login", ["mgr_a", "head_n"])
def test_schemes_are_listed_only_for_those_who_set_them(march, db, login):
    add_scheme(db, start=dt.date(2025, 3, 1), kind="flat", flat=D("9"), user_id=march.users["mgr_b"])
    assert commission.list_schemes(db, march.viewer(login)).empty
    assert commission.scheme_targets(db, march.viewer(login)).empty
    listed = commission.list_schemes(db, march.viewer("director"))
    assert set(listed["person"].dropna()) == {"Boris Manager"} and len(listed) == 2


def test_inactive_person_can_have_history_but_not_new_plans(march, db):
    db.get(User, march.users["mgr_b"]).active = False
    db.flush()
    assert "Boris Manager" not in set(team.plannable_managers(db, march.viewer("head_n"))["full_name"])
    view = team.team_view(db, march.viewer("head_n"), month=MARCH, today=TODAY)
    assert "Boris Manager" in set(view.people["manager"])  # had a plan that month


@pytest.mark.parametrize("login", ["mgr_a", "head_n", "head_s"])
def test_the_excel_export_holds_only_the_viewers_people(march, db, login):
    import io

    from openpyxl import load_workbook

    from db.io.export import xlsx_bytes

    view = team.team_view(db, march.viewer(login), month=MARCH, today=TODAY)
    people = xlsx_bytes(view.people, {"manager": "Manager", "plan": "Plan", "commission": "Commission"},
                        title="Managers", money=("plan", "commission"))
    depts = xlsx_bytes(view.departments, {"department": "Department", "actual": "Actual"}, title="Departments",
                       money=("actual",))
    rows = list(load_workbook(io.BytesIO(people))["Managers"].iter_rows(values_only=True))
    assert rows[0] == ("Manager", "Plan", "Commission")
    assert {r[0] for r in rows[1:]} == {NAMES[k] for k in SEES[login]}
    if login == "head_n":
        anna = next(r for r in rows if r[0] == "Anna Manager")
        assert anna[1:] == (1000000.0, 46000.0)
        book = load_workbook(io.BytesIO(depts))
        assert [r[0] for r in book["Departments"].iter_rows(values_only=True)] == ["Department", "North"]
