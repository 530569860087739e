"""ABC/XYZ's ranking kept across viewers and runs (issue 19, queries/abc_report.company_abc_xyz
and company_classes through queries/kept.py): one ranking of every client per period and per
generation of clients, shipments and settings, shared by the viewers; a call leaves the report
warm (its last contacts are read apart); shipments written make it ranked again; the figures
equal a fresh computation from the raw tables every time."""
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
from queries import abc_report as q
from ui import data


@pytest.fixture
def rankings(monkeypatch):
    """How many times every client was ranked (db/rules/abc.client_abc_xyz / client_classes ran)."""
    ran = []
    for name in ("client_abc_xyz", "client_classes"):
        real = getattr(q, name)

        def counted(session, _real=real, _name=name, **kw):
            ran.append(_name)
            return _real(session, **kw)

        monkeypatch.setattr(q, name, counted)
    return ran


def _fresh(engine, viewer):
    with Session(engine) as session:
        report = q.abc_report(session, viewer)
        previous = q.previous_classes(session, viewer, start=report.prev_start, end=report.start)
        contacts = q.last_contacts(session, viewer, client_ids=q.a_clients(report))
        return q.with_contacts(report, contacts).clients, previous


def _loaded():
    report = data.loader(q.abc_report)()
    previous = data.loader(q.previous_classes)(start=report.prev_start, end=report.start)
    contacts = data.loader(q.last_contacts)(client_ids=q.a_clients(report))
    return q.with_contacts(report, contacts).clients, previous


def _same(a, b):
    return all(x.equals(y) for x, y in zip(a, b, strict=True))


def test_the_ranking_is_shared_kept_over_a_call_and_ranked_again_after_shipments(as_viewer, engine, seeded,
                                                                                    rankings):
    director = as_viewer("director")
    first = _loaded()
    assert sorted(rankings) == ["client_abc_xyz", "client_classes"]
    assert _same(first, _fresh(engine, director))

    rankings.clear()
    manager = as_viewer("mgr_a")
    mine = _loaded()
    assert rankings == []  # the director's ranking serves the manager: the classes are the company's
    assert _same(mine, _fresh(engine, manager))

    data.run_action(log_activity, client_id=seeded.clients["a1"], kind="call", subject="Called again")
    rankings.clear()
    after_call = _loaded()
    assert rankings == []
    assert _same(after_call, _fresh(engine, manager))
    a1 = after_call[0].set_index("client_id").loc[seeded.clients["a1"]]
    if a1["abc"] == "A":  # the call is its last contact now: read again, not kept
        assert a1["last_contact"] is not None and a1["last_contact"] == a1["last_contact"]

    # A big shipment for c1 makes it an A client: the kept ranking must not hide that.
    with Session(engine) as session:
        session.add(Shipment(client_id=seeded.clients["c1"], product_id=seeded.product_id,
                             manager_id=seeded.users["mgr_c"], shipped_on=access.today() - dt.timedelta(days=1),
                             quantity=Decimal("1"), amount=Decimal("9000000")))
        session.flush()
        bump_generation(session)
        session.commit()
    st.session_state.pop("crm_generation", None)  # a new run reads the generations again
    director = as_viewer("director")
    rankings.clear()
    after_shipments = _loaded()
    assert "client_abc_xyz" in rankings
    assert _same(after_shipments, _fresh(engine, director))
    classes = after_shipments[0].set_index("client_id")["abc"]
    assert classes[seeded.clients["c1"]] == "A"
