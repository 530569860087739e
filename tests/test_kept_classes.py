"""The class map kept across runs (issue 19, queries/abc.keeper, ui/data.py): one ranking of every
client per day and per generation of clients, shipments and settings, shared by the viewers and the
queries that need classes ("My day" contacts due, its team view, the activity report). A call
logged leaves it kept; shipments written make it ranked again; the figures equal a fresh
computation either way."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import streamlit as st
from sqlalchemy.orm import Session

from db import access
from db.actions.activities import log_activity
from db.generation import bump_generation
from db.models import Shipment
from db.rules import abc as rules_abc
from queries import abc as queries_abc
from queries import activity_report, my_day
from ui import data


@pytest.fixture
def rankings(monkeypatch):
    """The days whose twelve months of shipments were read (queries/abc.closed_revenue's read of the
    closed days; the days since are read afresh with every ranking)."""
    ran = []
    real = queries_abc.revenue_by_client

    def counted(session, *, start, end):
        if end - start > dt.timedelta(days=2):
            ran.append(end)
        return real(session, start=start, end=end)

    monkeypatch.setattr(queries_abc, "revenue_by_client", counted)
    return ran


def _fresh(engine, viewer):
    with Session(engine) as session:
        return (my_day.contacts_due(session, viewer), my_day.team_routine(session, viewer),
                activity_report.report(session, viewer, unit="month", count=3))


def _loaded():
    return (data.loader(my_day.contacts_due)(), data.loader(my_day.team_routine)(),
            data.loader(activity_report.report)(unit="month", count=3))


def _same(a, b):
    return all(x.equals(y) for x, y in zip(a, b, strict=True))


def test_the_class_map_is_kept_over_a_call_and_ranked_again_after_shipments(as_viewer, engine, seeded, rankings):
    viewer = as_viewer("director")
    first = _loaded()
    days = set(rankings)
    # today's map once for "My day" and the report's current month; one per past month's end
    assert len(rankings) == len(days) == 3
    assert _same(first, _fresh(engine, viewer))

    as_viewer("mgr_a")
    data.run_action(log_activity, client_id=seeded.clients["a1"], kind="call", subject="Called again")
    as_viewer("director")
    rankings.clear()
    after_call = _loaded()
    assert rankings == []  # the call moved activities only: the maps are kept
    assert _same(after_call, _fresh(engine, viewer))

    # A big shipment for c1 makes it an A client: the kept maps must not hide that.
    with Session(engine) as session:
        session.add(Shipment(client_id=seeded.clients["c1"], product_id=seeded.product_id,
                             manager_id=seeded.users["mgr_c"], shipped_on=access.today() - dt.timedelta(days=40),
                             quantity=Decimal("1"), amount=Decimal("9000000")))
        session.flush()
        bump_generation(session)
        session.commit()
    st.session_state.pop("crm_generation", None)  # a new run reads the generations again
    rankings.clear()
    after_shipments = _loaded()
    assert len(rankings) == 3
    assert _same(after_shipments, _fresh(engine, viewer))
    with Session(engine) as session:
        assert rules_abc.class_map(session)[seeded.clients["c1"]] == "A"
    report = after_shipments[2]
    mine_now = report[(report["user_id"] == seeded.users["mgr_c"]) & (report["period"] == report["period"].max())]
    assert mine_now["a_clients"].tolist() == [1]  # the kept map of today was ranked again


def test_lines_of_today_leave_the_closed_days_kept(as_viewer, engine, seeded, rankings):
    """A feed of today's lines (the busy office's imports) re-reads two days, not twelve months; the
    classes still equal a fresh ranking, and a line dated yesterday or earlier reads the months again."""
    viewer = as_viewer("director")
    _loaded()
    assert len(rankings) == 3

    def ship(days_ago: int, amount: str) -> None:
        with Session(engine) as session:
            session.add(Shipment(client_id=seeded.clients["c1"], product_id=seeded.product_id,
                                 manager_id=seeded.users["mgr_c"],
                                 shipped_on=access.today() - dt.timedelta(days=days_ago),
                                 quantity=Decimal("1"), amount=Decimal(amount)))
            session.flush()
            bump_generation(session)
            session.commit()
        st.session_state.pop("crm_generation", None)
        rankings.clear()

    ship(0, "9000000")
    today_lines = _loaded()
    assert rankings == []  # the closed days' sums kept
    assert _same(today_lines, _fresh(engine, viewer))
    with Session(engine) as session:
        assert rules_abc.class_map(session)[seeded.clients["c1"]] == "A"
        assert queries_abc.company_classes(session, None) == rules_abc.class_map(session)

    ship(1, "-9000000")  # a return dated yesterday: a closed day for a writer
    yesterday_lines = _loaded()
    assert len(rankings) == 3
    assert _same(yesterday_lines, _fresh(engine, viewer))
