"""The territories, handover and absences pages: forms submitted, the screen shows the write,
refusals show under their field, nothing foreign appears."""
import datetime as dt
import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import access
from db.models import AssignmentRule, Client, Deal, StandIn, User
from tests.geo_world import add_geo, add_rule

from .conftest import signed_in, texts


@pytest.fixture
def geo(seeded, engine):
    with Session(engine, expire_on_commit=False) as s:
        built = add_geo(s, seeded)
        s.commit()
    return built


def button(at, label):
    return next(b for b in at.button if b.label == label)


def select_box(at, label, key_part=""):
    return next(s for s in at.selectbox if s.label == label and key_part in (s.key or ""))


def chart_text(at) -> str:
    """The heatmap's spec and data (texts() of conftest looks for another element type)."""
    from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

    parts = []
    for chart in at.get("vega_lite_chart"):
        parts.append(chart.proto.spec)
        for dataset in chart.proto.datasets:
            parts.append(convert_arrow_bytes_to_pandas_df(dataset.data.data).to_string())
    return "\n".join(parts)


def test_head_sets_a_rule_and_sees_it_in_the_heatmap(seeded, geo, engine):
    at = signed_in("head_n", "pages/territories.py")
    assert not at.exception
    assert "No assignment rules yet" in texts(at)
    select_box(at, "Territory", "set_rule").set_value(geo.cao)
    select_box(at, "Industry", "set_rule").set_value(geo.building)
    select_box(at, "Manager", "set_rule").set_value(seeded.users["mgr_b"])
    button(at, "Save the rule").click().run()
    assert not at.exception
    assert "The rule is saved." in [s.value for s in at.success]
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["layer"][0]["mark"]["type"] == "rect"
    assert "Boris Manager" in chart_text(at) and "Москва › ЦАО" in chart_text(at)
    with Session(engine) as s:
        rule = s.scalar(select(AssignmentRule))
    assert (rule.territory_id, rule.industry_id, rule.manager_id) == (geo.cao, geo.building, seeded.users["mgr_b"])


def test_a_rule_without_territory_and_industry_is_refused_under_the_field(seeded, geo, engine):
    at = signed_in("head_n", "pages/territories.py")
    select_box(at, "Manager", "set_rule").set_value(seeded.users["mgr_a"])
    button(at, "Save the rule").click().run()
    assert any("a rule for everything" in e.value for e in at.error)
    assert select_box(at, "Manager", "set_rule").value == seeded.users["mgr_a"]  # kept
    with Session(engine) as s:
        assert s.scalar(select(AssignmentRule)) is None


def test_workload_shows_the_heads_people_only(seeded, geo):
    at = signed_in("head_s", "pages/territories.py")
    workload = at.dataframe[0].value
    assert set(workload["full_name"]) == {"Semyon Head", "Vera Manager"}
    blob = texts(at) + chart_text(at)
    assert "Anna Manager" not in blob and "Альфа Строй" not in blob


def test_who_gets_a_new_client(seeded, geo, engine):
    with Session(engine) as s:
        add_rule(s, geo.moscow, None, seeded.users["mgr_a"])
        s.commit()
    at = signed_in("director", "pages/territories.py")
    next(s for s in at.selectbox if s.label == "Territory" and not s.key).set_value(geo.cao)
    button(at, "Check").click().run()
    assert any("Anna Manager, by the rule Москва × Any industry." == s.value for s in at.success)


def test_a_territory_created_through_the_tree_tab(seeded, geo, engine):
    at = signed_in("admin", "pages/territories.py")
    name = next(ti for ti in at.text_input if ti.key and ti.key.startswith("new_territory"))
    name.input("Зеленоград")
    select_box(at, "Part of", "new_territory").set_value(geo.moscow)
    button(at, "Create").click().run()
    assert not at.exception
    assert "Territory Зеленоград created." in [s.value for s in at.success]
    assert "\u2003\u2003Зеленоград" in set(at.dataframe[1].value["name"])


def test_head_hands_over_all_of_a_managers_clients(seeded, engine):
    at = signed_in("head_n", "pages/handover.py")
    assert not at.exception
    assert "Вега Пром" not in texts(at)  # another department's client
    select_box(at, "Manager", "h_owner").set_value(seeded.users["mgr_a"])
    button(at, "Find").click().run()
    assert set(at.dataframe[0].value["name"]) == {"Альфа Строй", "Арктика"}
    next(r for r in at.radio if r.label == "Which clients").set_value("all")
    select_box(at, "New owner", "hand_over").set_value(seeded.users["mgr_b"])
    button(at, "Hand over").click().run()
    # "All found" asks first: nothing moves until the person confirms.
    assert "Tick “Yes, hand over all clients found” to hand over all 2 of them." in [
        e.value for e in at.error]
    with Session(engine) as s:
        assert s.get(Client, seeded.clients["a1"]).owner_id == seeded.users["mgr_a"]
    next(c for c in at.checkbox if c.label == "Yes, hand over all clients found").check()
    button(at, "Hand over").click().run()
    assert not at.exception
    assert ("2 clients handed over to Boris Manager, with 1 open deals and 2 open tasks."
            in [s.value for s in at.success])
    assert not at.dataframe and "Nothing to show." in [c.value for c in at.caption]  # Anna has none left
    with Session(engine) as s:
        assert set(s.scalars(select(Client.owner_id).where(Client.id.in_(
            [seeded.clients["a1"], seeded.clients["a2"]])))) == {seeded.users["mgr_b"]}


def test_handover_lists_a_page_and_hands_over_every_client_found(seeded, engine):
    """Issue 19: 60 more clients of Anna — the list shows 50 with the total, Next shows the rest, the
    ABC filter narrows the count, and "all clients found" moves every one, the second page's too."""
    from decimal import Decimal

    from db.models import Shipment

    today = access.today()
    with Session(engine) as s:
        added = [Client(name=f"Заказчик {n:02d}", owner_id=seeded.users["mgr_a"]) for n in range(60)]
        s.add_all(added)
        s.flush()
        for client in added[:3]:  # three big buyers: class A
            s.add(Shipment(client_id=client.id, product_id=seeded.product_id, shipped_on=today.replace(day=1),
                           quantity=Decimal(1), amount=Decimal(10_000_000)))
        s.commit()
        ids = [c.id for c in added]
    at = signed_in("head_n", "pages/handover.py")
    select_box(at, "Manager", "h_owner").set_value(seeded.users["mgr_a"])
    button(at, "Find").click().run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 50
    captions = " ".join(c.value for c in at.caption)
    assert "62 clients found." in captions and "Rows 1–50 of 62" in captions
    from .conftest import downloads

    files = downloads(at, ".csv")  # the file: every client found, not the page
    assert len(files) == 1 and all(f"Заказчик {n:02d}" in files[0] for n in range(60))
    button(at, "Next").click().run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 12 and "Заказчик 59" in set(at.dataframe[0].value["name"])
    at.multiselect(key="h_abc").set_value(["A"])
    button(at, "Find").click().run()
    found = set(at.dataframe[0].value["name"])
    assert {"Заказчик 00", "Заказчик 01", "Заказчик 02"} <= found and "Заказчик 03" not in found
    at.multiselect(key="h_abc").set_value([])
    button(at, "Find").click().run()
    assert "Rows 1–50 of 62" in " ".join(c.value for c in at.caption)  # new filters: the first page
    next(r for r in at.radio if r.label == "Which clients").set_value("all")
    select_box(at, "New owner", "hand_over").set_value(seeded.users["mgr_b"])
    next(c for c in at.checkbox if c.label == "Yes, hand over all clients found").check()
    button(at, "Hand over").click().run()
    assert not at.exception
    assert any(s.value.startswith("62 clients handed over to Boris Manager") for s in at.success)
    with Session(engine) as s:
        owners = set(s.scalars(select(Client.owner_id).where(Client.id.in_([*ids, seeded.clients["a1"]]))))
    assert owners == {seeded.users["mgr_b"]}


def test_nothing_ticked_is_refused_under_the_choice(seeded, engine):
    at = signed_in("head_n", "pages/handover.py")
    select_box(at, "New owner", "hand_over").set_value(seeded.users["mgr_b"])
    button(at, "Hand over").click().run()
    assert "Choose at least one client." in [e.value for e in at.error]
    with Session(engine) as s:
        assert s.get(Client, seeded.clients["a1"]).owner_id == seeded.users["mgr_a"]


def test_the_unassigned_queue(seeded):
    at = signed_in("head_s", "pages/handover.py")
    select_box(at, "Manager", "h_owner").set_value(0)
    button(at, "Find").click().run()
    assert list(at.dataframe[0].value["name"]) == ["Гамма Снаб"]


def test_head_runs_the_departure_wizard_and_the_counts_reconcile(seeded, engine):
    at = signed_in("head_n", "pages/handover.py")
    select_box(at, "Leaving manager").set_value(seeded.users["mgr_a"])
    at.run()
    assert not at.exception
    assert "2. What is at risk" in [s.value for s in at.subheader]
    select_box(at, "Successor").set_value(seeded.users["mgr_b"])
    button(at, "Preview").click().run()
    assert not at.exception
    assert "4. Preview and apply" in [s.value for s in at.subheader]
    next(c for c in at.checkbox if c.key and c.key.endswith(".sure")).check()
    button(at, "Apply and close the account").click().run()
    assert not at.exception
    assert any("The counts reconcile: 2 clients, 1 open deals and 2 open tasks" in s.value for s in at.success)
    with Session(engine) as s:
        assert s.get(User, seeded.users["mgr_a"]).active is False
        assert s.scalar(select(Deal.owner_id).where(Deal.client_id == seeded.clients["a1"])) == seeded.users["mgr_b"]


def test_the_departure_wizard_lists_a_page_and_hands_over_every_client(seeded, engine):
    """Issue 19: a leaving manager with 62 clients — the lists show 50 with the total; the plan applied
    moves all 62."""
    with Session(engine) as s:
        added = [Client(name=f"Заказчик {n:02d}", owner_id=seeded.users["mgr_a"]) for n in range(60)]
        s.add_all(added)
        s.commit()
        ids = [c.id for c in added]
    at = signed_in("head_n", "pages/handover.py")
    select_box(at, "Leaving manager").set_value(seeded.users["mgr_a"])
    at.run()
    assert not at.exception
    risk = at.dataframe[-1].value  # the reassign tab's list comes first
    assert len(risk) == 50 and "Rows 1–50 of 62" in " ".join(c.value for c in at.caption)
    select_box(at, "Successor").set_value(seeded.users["mgr_b"])
    button(at, "Preview").click().run()
    assert not at.exception
    plan = at.dataframe[-1].value
    assert len(plan) == 50 and set(plan.iloc[:, 1]) == {"Boris Manager"}  # the plan, a page of it
    next(c for c in at.checkbox if c.key and c.key.endswith(".sure")).check()
    button(at, "Apply and close the account").click().run()
    assert not at.exception
    assert any("The counts reconcile: 62 clients" in s.value for s in at.success)
    with Session(engine) as s:
        assert set(s.scalars(select(Client.owner_id).where(Client.id.in_(ids)))) == {seeded.users["mgr_b"]}


def test_departure_without_a_successor_is_refused_under_the_field(seeded, engine):
    at = signed_in("head_n", "pages/handover.py")
    select_box(at, "Leaving manager").set_value(seeded.users["mgr_a"])
    at.run()
    next(r for r in at.radio if r.label == "How").set_value("balanced")
    button(at, "Preview").click().run()
    errors = [e.value for e in at.error]
    assert "This field is required." in errors and "Choose at least one colleague." in errors
    assert next(r for r in at.radio if r.label == "How").value == "balanced"  # kept


def test_absence_planned_shown_and_cancelled(seeded, engine):
    today = access.today()
    at = signed_in("head_n", "pages/absences.py")
    assert "Nobody is away or planned to be." in [i.value for i in at.info]
    select_box(at, "Absent", "new_stand_in").set_value(seeded.users["mgr_a"])
    select_box(at, "Stands in", "new_stand_in").set_value(seeded.users["mgr_b"])
    button(at, "Save").click().run()
    assert not at.exception
    assert "Boris Manager stands in for Anna Manager." in [s.value for s in at.success]
    table = at.dataframe[0].value
    assert list(table["absent"]) == ["Anna Manager"] and list(table["state"]) == ["Now"]
    with Session(engine) as s:
        row = s.scalar(select(StandIn))
    assert (row.starts_on, row.ends_on) == (today, today + dt.timedelta(days=6))
    button(at, "Cancel the stand-in").click().run()
    assert "The stand-in is cancelled." in [s.value for s in at.success]
    assert "Nobody is away or planned to be." in [i.value for i in at.info]


def test_an_absence_ending_before_it_starts_is_refused(seeded, engine):
    today = access.today()
    at = signed_in("head_n", "pages/absences.py")
    select_box(at, "Absent", "new_stand_in").set_value(seeded.users["mgr_a"])
    select_box(at, "Stands in", "new_stand_in").set_value(seeded.users["mgr_b"])
    next(d for d in at.date_input if d.label == "First day").set_value(today + dt.timedelta(days=5))
    next(d for d in at.date_input if d.label == "Last day").set_value(today + dt.timedelta(days=2))
    button(at, "Save").click().run()
    assert "The last day cannot be before the first." in [e.value for e in at.error]
    with Session(engine) as s:
        assert s.scalar(select(StandIn)) is None


def test_director_leaves_the_owner_to_the_rules(seeded, geo, engine):
    with Session(engine) as s:
        add_rule(s, geo.moscow, None, seeded.users["mgr_c"])
        s.commit()
    at = signed_in("director", "pages/clients.py")
    owner = next(s for s in at.selectbox if s.key and s.key.startswith("new_client") and s.key.endswith(".owner_id"))
    assert owner.value is None and "By the assignment rules" in owner.options
    next(ti for ti in at.text_input if ti.key and ti.key.startswith("new_client") and ti.key.endswith(".name")) \
        .input("Омега Логистик")
    next(s for s in at.selectbox if s.key and s.key.startswith("new_client") and s.key.endswith(".territory_id")) \
        .set_value(geo.moscow)
    button(at, "Create").click().run()
    assert not at.exception
    with Session(engine) as s:
        assert s.scalar(select(Client.owner_id).where(Client.name == "Омега Логистик")) == seeded.users["mgr_c"]
