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
    """How many times every client was ranked (db/rules/abc.abc_xyz_from / client_classes ran)."""
    ran = []
    for name in ("abc_xyz_from", "client_classes"):
        real = getattr(q, name)

        def counted(*args, _real=real, _name=name, **kw):
            ran.append(_name)
            return _real(*args, **kw)

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
    assert sorted(rankings) == ["abc_xyz_from", "client_classes"]
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
    assert "abc_xyz_from" in rankings
    assert _same(after_shipments, _fresh(engine, director))
    classes = after_shipments[0].set_index("client_id")["abc"]
    assert classes[seeded.clients["c1"]] == "A"


def _ship(engine, client_id, product_id, manager_id, day: dt.date, amount: str) -> None:
    with Session(engine) as session:  # through the ORM: the write marks its areas (db/generation.py)
        session.add(Shipment(client_id=client_id, product_id=product_id, manager_id=manager_id, shipped_on=day,
                             quantity=Decimal("1"), amount=Decimal(amount)))
        session.flush()
        bump_generation(session)
        session.commit()
    st.session_state.pop("crm_generation", None)


def test_a_feed_of_todays_lines_reads_the_closed_months_from_the_kept_part(as_viewer, engine, seeded,
                                                                         monkeypatch):
    """The ranking's monthly sums of the days before yesterday are kept under "shipments_closed":
    a feed of today's lines ranks again from them and reads only the days since yesterday, and the
    previous period's classes (all closed days) are not ranked again; a line dated yesterday or ten
    days ago (closed for its writer) reads them again. The report equals a fresh computation from the
    raw tables after each, on every period edge the lines touch."""
    from tests.kept_runs import count_runs

    reads = count_runs(monkeypatch, q, "closed_months", "closed_firsts", "closed_classes")
    today = access.today()
    first_of_month = today.replace(day=1)
    for key, day, amount in (("a1", first_of_month, "1500.10"), ("a2", today - dt.timedelta(days=2), "99.99"),
                             ("c1", today - dt.timedelta(days=40), "-20.00")):
        _ship(engine, seeded.clients[key], seeded.product_id, seeded.users["mgr_a"], day, amount)
    director = as_viewer("director")
    first = _loaded()
    assert sorted(reads) == ["closed_classes", "closed_firsts", "closed_months"]
    assert _same(first, _fresh(engine, director))

    reads.clear()
    new_client = seeded.clients["b1"]  # its first purchase is today's: its first month comes from the day's read
    _ship(engine, new_client, seeded.product_id, seeded.users["mgr_b"], today, "8000000")
    _ship(engine, seeded.clients["a1"], seeded.product_id, seeded.users["mgr_a"], today, "10.01")
    director = as_viewer("director")
    loaded = _loaded()
    assert reads == []  # the closed days were not read again
    assert _same(loaded, _fresh(engine, director))
    assert loaded[0].set_index("client_id").loc[new_client, "abc"] == "A"

    reads.clear()
    for days_ago, amount in ((1, "10.01"), (10, "12345.67")):  # yesterday is closed for a writer today
        _ship(engine, seeded.clients["c1"], seeded.product_id, seeded.users["mgr_c"],
              today - dt.timedelta(days=days_ago), amount)
    director = as_viewer("director")
    assert _same(_loaded(), _fresh(engine, director))
    assert "closed_months" in reads
