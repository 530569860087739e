"""The forecast's shipments of closed months, kept for every viewer (issue 19, queries/forecast.py:
manager_months, first_shipments). Each viewer's forecast and backtest truth equal a fresh
computation — a manager, a head, the director, narrowed by manager and by department — before and
after a feed of today's lines (which leaves the kept months alone) and after a line dated in a
closed month (which reads them again)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import streamlit as st
from sqlalchemy.orm import Session

from db import access
from db.generation import bump_generation
from db.models import Shipment
from queries import backtest, forecast
from ui import data

from .kept_runs import count_runs

VIEWS = [("mgr_a", {}), ("head_n", {}), ("director", {}), ("director", {"owner": "mgr_c"}),
         ("director", {"department": "North"})]


@pytest.fixture
def reads(monkeypatch):
    """The kept parts computed (the months read), by name."""
    return count_runs(monkeypatch, forecast, "manager_months", "first_shipments")


def _filters(seeded, extra):
    return {"owner_id": seeded.users[extra["owner"]] if "owner" in extra else None,
            "department_id": seeded.departments[extra["department"]] if "department" in extra else None}


def _check(as_viewer, engine, seeded):
    for login, extra in VIEWS:
        viewer = as_viewer(login)
        who = _filters(seeded, extra)
        loaded_truth = data.loader(backtest.truth)(**who)
        loaded_ahead = data.loader(forecast.forecast)(**who)
        with Session(engine) as session:
            fresh_truth = backtest.truth(session, viewer, **who)
            fresh_ahead = forecast.forecast(session, viewer, **who)
        assert loaded_truth.equals(fresh_truth), (login, extra)
        assert loaded_ahead.equals(fresh_ahead), (login, extra)


def _ship(engine, seeded, client, manager, day, amount):
    with Session(engine) as session:
        session.add(Shipment(client_id=seeded.clients[client], product_id=seeded.product_id,
                             manager_id=seeded.users[manager], shipped_on=day, quantity=Decimal("1"),
                             amount=Decimal(amount)))
        session.flush()
        bump_generation(session)
        session.commit()
    st.session_state.pop("crm_generation", None)


def test_closed_months_are_kept_and_every_view_equals_a_fresh_computation(as_viewer, engine, seeded, reads):
    today = access.today()
    # Lines in the months the backtest and the run rate read, of two departments' managers.
    for months_ago, client, manager, amount in ((2, "a1", "mgr_a", "1200.10"), (3, "c1", "mgr_c", "800.05"),
                                                (14, "a2", "mgr_a", "500"), (15, "c1", "mgr_c", "300.30")):
        _ship(engine, seeded, client, manager, forecast.month_start(today, -months_ago) + dt.timedelta(days=3),
              amount)
    _check(as_viewer, engine, seeded)
    assert set(reads) == {"manager_months", "first_shipments"}

    reads.clear()
    _ship(engine, seeded, "a1", "mgr_a", today, "999.99")  # the day's feed
    _check(as_viewer, engine, seeded)
    assert reads == []  # the closed months kept

    _ship(engine, seeded, "c1", "mgr_c", forecast.month_start(today, -4) + dt.timedelta(days=1), "4321")
    _check(as_viewer, engine, seeded)
    assert set(reads) == {"manager_months", "first_shipments"}
