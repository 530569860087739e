"""The plan on a manager's home, the Team page and the Plans page, run as the app (AppTest).

The seeded world: Anna (mgr_a) has a plan of 200 000 this month and shipped
100 000 (50 %); Boris has no plan; Vera (South) shipped 50 000. Tests add
the standard scheme: below 80 % nothing, from 80 % 3 % of the actual, from
100 % plus 5 % of the part above the plan.
"""
import datetime as dt
from decimal import Decimal as D

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import access
from db.models import CommissionScheme, CommissionTier, Deal, SalesPlan
from queries.plan_actuals import month_start

from .conftest import signed_in, texts

THIS = month_start(access.today())


@pytest.fixture
def scheme(seeded, engine):
    with Session(engine) as s:
        s.add(CommissionScheme(name="Стандарт", kind="tiered", role="manager", effective_from=dt.date(2024, 1, 1),
                               tiers=[CommissionTier(from_pct=D(f), rate_pct=D(r), base=b)
                                      for f, r, b in ((0, 0, "actual"), (80, 3, "actual"), (100, 5, "excess"))]))
        s.commit()
    return seeded


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def chart_data(at) -> str:
    """What the charts show: their specs and data (the gauge's label is data)."""
    from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

    parts = []
    for chart in at.get("vega_lite_chart"):
        parts.append(chart.proto.spec)
        parts.extend(convert_arrow_bytes_to_pandas_df(d.data.data).to_string() for d in chart.proto.datasets)
    return "\n".join(parts)


def button(at, label):
    return next(b for b in at.button if b.label == label)


def test_manager_home_shows_the_plan_the_pace_commission_and_the_next_tier(scheme):
    at = signed_in("mgr_a", "pages/home.py")
    assert not at.exception
    shown = metrics(at)
    assert shown["Shipped this month"] == "RUB\u00a0100,000" and shown["Plan"] == "RUB\u00a0200,000"
    assert shown["Remaining"] == "RUB\u00a0100,000"
    assert shown["Commission so far"] == "RUB\u00a00"  # 50 %: below the first paying tier
    assert shown["To the next tier"] == "RUB\u00a060,000"  # 80 % of 200 000 − 100 000
    # Kopecks only where the amount has them: one format beside the whole sums (issue 18, item 1).
    assert any("My plan for" in s.value for s in at.subheader)
    assert "50.0 %" in chart_data(at)  # the gauge's label
    blob = texts(at) + chart_data(at)
    assert "Vera Manager" not in blob and "Крепёж для Веги" not in blob and "Вега Пром" not in blob


def test_manager_without_a_plan_sees_no_plan_set(scheme):
    at = signed_in("mgr_b", "pages/home.py")
    assert not at.exception
    shown = metrics(at)
    assert shown["Plan"] == "no plan set" and shown["Commission so far"] == "no plan set"
    assert shown["To the next tier"] == "—"


def test_what_if_shows_percent_and_commission_if_the_deal_closes(scheme, engine):
    with Session(engine) as s:
        deal_id = s.scalar(select(Deal.id).where(Deal.owner_id == scheme.users["mgr_a"]))
    at = signed_in("mgr_a", "pages/home.py")
    picker = at.multiselect(key="what_if_deals")
    assert len(picker.options) == 1 and "Поставка крепежа" in picker.options[0]
    picker.set_value([deal_id]).run()
    shown = metrics(at)
    # 100 000 + 300 000 = 400 000 of 200 000: 3 % × 400 000 + 5 % × 200 000 = 12 000 + 10 000
    assert shown["Added"] == "RUB\u00a0300,000" and shown["% of plan"] == "200.0 %"
    assert shown["Commission"] == "RUB\u00a022,000"


def test_head_sets_a_plan_through_the_form_and_the_team_page_shows_it(scheme, engine):
    at = signed_in("head_n", "pages/plans.py")
    assert not at.exception
    managers = at.selectbox(key="plan_form_user")
    assert set(managers.options) == {"Anna Manager", "Boris Manager"}  # not Vera (South)
    managers.set_value(scheme.users["mgr_b"]).run()
    amount = next(n for n in at.number_input if n.key and n.key.endswith(".amount"))
    amount.set_value(300000.0)
    button(at, "Save the plan").click().run()
    assert not at.exception
    assert any(s.value.startswith("Plan saved: Boris Manager") for s in at.success)
    with Session(engine) as s:
        saved = s.scalar(select(SalesPlan.amount).where(SalesPlan.user_id == scheme.users["mgr_b"],
                                                        SalesPlan.month == THIS))
    assert saved == D("300000")
    team = signed_in("head_n", "pages/team.py")
    people = team.dataframe[1].value.set_index("manager")
    assert set(people.index) == {"Anna Manager", "Boris Manager"}
    assert people.loc["Boris Manager", "plan"] == 300000


def test_the_head_sees_an_error_under_the_field_and_keeps_the_form(scheme, engine, monkeypatch):
    at = signed_in("head_n", "pages/plans.py")
    at.selectbox(key="plan_form_user").set_value(scheme.users["mgr_b"]).run()
    # Someone sets Boris's plan after the form was loaded: the form must not overwrite it.
    with Session(engine) as s:
        s.add(SalesPlan(user_id=scheme.users["mgr_b"], month=THIS, amount=D("111000"),
                        updated_by_id=scheme.users["director"], updated_at=dt.datetime.now(dt.UTC)))
        s.commit()
    amount = next(n for n in at.number_input if n.key and n.key.endswith(".amount"))
    amount.set_value(222000.0)
    button(at, "Save the plan").click().run()
    assert any("changed by Dmitry Director" in e.value for e in at.error)
    assert next(n for n in at.number_input if n.key == amount.key).value == 222000.0
    with Session(engine) as s:
        assert s.scalar(select(SalesPlan.amount).where(SalesPlan.user_id == scheme.users["mgr_b"],
                                                       SalesPlan.month == THIS)) == D("111000")


@pytest.mark.parametrize(("login", "people"), [
    ("head_n", {"Anna Manager", "Boris Manager"}), ("head_s", {"Vera Manager"}),
    ("director", {"Anna Manager", "Boris Manager", "Vera Manager"}),
])
def test_team_page_by_role(scheme, login, people):
    at = signed_in(login, "pages/team.py")
    assert not at.exception
    depts, managers = at.dataframe[0].value, at.dataframe[1].value
    assert set(managers["manager"]) == people
    assert len(depts) == (2 if login == "director" else 1)
    assert at.get("download_button")
    if login == "head_s":
        assert "Anna Manager" not in texts(at)


def test_director_sees_department_plans_and_the_reconciliation(scheme):
    at = signed_in("director", "pages/plans.py")
    assert not at.exception
    assert [tab.label for tab in at.tabs] == ["Managers' plans", "Department plans", "Commission"]
    at.session_state["plans_tab"] = "Department plans"  # only the open tab runs
    at.run()
    assert any(s.value == "Do the managers' plans add up?" for s in at.subheader)
    assert set(at.dataframe[0].value["department"]) == {"North", "South"}
    assert not any(s.value == "A manager's plan for a month" for s in at.subheader)


def test_admin_saves_a_flat_scheme_from_the_commission_tab(scheme, engine):
    at = signed_in("admin", "pages/plans.py")
    assert not at.exception
    assert [tab.label for tab in at.tabs] == ["Commission"]
    name = next(t for t in at.text_input if t.key and t.key.startswith("scheme_") and t.key.endswith(".name"))
    name.input("Плоская для Анны")
    at.selectbox(key=name.key.replace(".name", ".target")).set_value(f"user:{scheme.users['mgr_a']}")
    at.selectbox(key=name.key.replace(".name", ".kind")).set_value("flat")
    at.selectbox(key=name.key.replace(".name", ".effective_from")).set_value(month_start(THIS, 1))
    next(n for n in at.number_input if n.key.endswith(".flat_rate_pct")).set_value(2.5)
    button(at, "Save the scheme").click().run()
    assert not at.exception
    assert "The scheme is saved." in [s.value for s in at.success]
    with Session(engine) as s:
        saved = s.scalar(select(CommissionScheme).where(CommissionScheme.name == "Плоская для Анны"))
    assert (saved.kind, saved.user_id, saved.flat_rate_pct) == ("flat", scheme.users["mgr_a"], D("2.5"))


def test_a_scheme_without_a_name_is_refused_under_the_field(scheme):
    at = signed_in("director", "pages/plans.py")
    at.session_state["plans_tab"] = "Commission"
    at.run()
    button(at, "Save the scheme").click().run()
    assert "This field is required." in [e.value for e in at.error]


def _grid_edit(at, edited_rows: dict):
    key = next(e.key for e in at.data_editor if e.key and e.key.startswith("plan_grid_"))
    at.session_state[key] = {"edited_rows": edited_rows, "added_rows": [], "deleted_rows": []}
    button(at, "Save the quarter").click().run()


def test_the_quarter_grid_saves_what_was_typed(scheme, engine):
    at = signed_in("head_n", "pages/plans.py")
    grid = at.data_editor[0].value
    assert list(grid["manager"]) == ["Anna Manager", "Boris Manager"]
    _grid_edit(at, {1: {THIS.isoformat(): 123000}})  # Boris, this month
    assert not at.exception
    assert "Plans saved: 1 changed." in [s.value for s in at.success]
    with Session(engine) as s:
        assert s.scalar(select(SalesPlan.amount).where(SalesPlan.user_id == scheme.users["mgr_b"],
                                                       SalesPlan.month == THIS)) == D("123000")
    assert at.data_editor[0].value.set_index("manager").loc["Boris Manager", THIS.isoformat()] == 123000


def test_the_quarter_grid_refuses_all_and_names_the_bad_cell(scheme, engine):
    at = signed_in("head_n", "pages/plans.py")
    _grid_edit(at, {0: {THIS.isoformat(): None}, 1: {THIS.isoformat(): 5000}})  # empties Anna's plan
    assert not at.exception
    message = at.error[0].value
    assert message.startswith("Nothing was saved.") and "Anna Manager" in message
    assert "A plan cannot be emptied" in message and "Boris Manager" not in message
    with Session(engine) as s:
        assert s.scalar(select(SalesPlan.amount).where(SalesPlan.user_id == scheme.users["mgr_b"],
                                                       SalesPlan.month == THIS)) is None
