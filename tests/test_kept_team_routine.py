"""The team's routine with the last contacts before yesterday kept for every viewer (issue 19,
queries/my_day.contacts_before through queries/kept.py): what a head and the director load equals the
plain computation from the raw tables before and after a call logged now (which leaves the kept
contacts alone and takes its client off the due list) and after a call dated days ago (which reads
them again)."""
from __future__ import annotations

import datetime as dt

import streamlit as st
from sqlalchemy import update
from sqlalchemy.orm import Session

from db import config
from db.actions.activities import log_activity
from db.generation import bump_generation
from db.models import Activity, Client, utcnow
from db.session import write_session
from queries import my_day
from ui import data

from .kept_runs import count_runs


def _fresh(engine, viewer):
    with Session(engine) as session:
        return my_day.team_routine(session, viewer)


def _log(engine, seeded, login: str, client: str, occurred_at: dt.datetime | None = None) -> None:
    with write_session(engine) as session:
        log_activity(session, seeded.viewer(login), client_id=seeded.clients[client], kind="call",
                     subject="Called", occurred_at=occurred_at)
    st.session_state.pop("crm_generation", None)


def test_the_kept_contacts_and_todays_reads_equal_the_plain_routine(as_viewer, engine, seeded, monkeypatch):
    ran = count_runs(monkeypatch, my_day, "contacts_before")
    with Session(engine) as s:  # every client silent for long: each is due for a contact
        s.execute(update(Client).values(created_at=utcnow() - dt.timedelta(days=400)))
        s.execute(update(Activity).values(occurred_at=utcnow() - dt.timedelta(days=200)))
        bump_generation(s, everything=True)
        s.commit()
    st.session_state.pop("crm_generation", None)
    for login in ("director", "head_n"):
        viewer = as_viewer(login)
        loaded = data.loader(my_day.team_routine)()
        assert loaded.equals(_fresh(engine, viewer))
    assert ran == ["contacts_before"]  # once, for both
    director = as_viewer("director")
    before = data.loader(my_day.team_routine)().set_index("user_id")["contacts_due"]

    ran.clear()
    _log(engine, seeded, "mgr_a", "a1")  # a call now: a1 is not due any more
    director = as_viewer("director")
    after = data.loader(my_day.team_routine)()
    assert ran == []
    assert after.equals(_fresh(engine, director))
    mgr_a = seeded.users["mgr_a"]
    assert after.set_index("user_id")["contacts_due"][mgr_a] == before[mgr_a] - 1

    ran.clear()
    three_days_ago = dt.datetime.now(config.timezone()) - dt.timedelta(days=3)
    _log(engine, seeded, "mgr_a", "a2", occurred_at=three_days_ago)  # entered late: read again
    director = as_viewer("director")
    late = data.loader(my_day.team_routine)()
    assert ran == ["contacts_before"]
    assert late.equals(_fresh(engine, director))
    assert late.set_index("user_id")["contacts_due"][mgr_a] == before[mgr_a] - 2


def test_reorders_after_a_feed_of_todays_lines_come_from_the_kept_days(as_viewer, engine, seeded, monkeypatch):
    """The pairs of the days before yesterday are kept under "shipments_closed": today's lines make the
    team's reorder counts read the days since yesterday only; a line ten days back reads them again.
    Equal to the plain computation (regulations.reorder_due) each time."""
    from decimal import Decimal

    from db import access
    from db.models import Shipment

    ran = count_runs(monkeypatch, my_day, "closed_reorder_pairs")
    today = access.today()

    def ship(key: str, days_ago: int) -> None:
        with Session(engine) as s:  # through the ORM: the write marks its areas (db/generation.py)
            s.add(Shipment(client_id=seeded.clients[key], product_id=seeded.product_id, quantity=Decimal(1),
                           shipped_on=today - dt.timedelta(days=days_ago), amount=Decimal(10)))
            s.flush()
            bump_generation(s)
            s.commit()
        st.session_state.pop("crm_generation", None)

    for days_ago in (60, 45, 30):  # b1 buys every 15 days: due 15 days after the last (with the grace, 19)
        ship("b1", days_ago)
    director = as_viewer("director")
    first = data.loader(my_day.team_routine)()
    assert ran == ["closed_reorder_pairs"] and first.equals(_fresh(engine, director))
    assert first.set_index("user_id")["reorders_due"][seeded.users["mgr_b"]] >= 1

    ran.clear()
    ship("b1", 0)  # b1 bought today: not due any more
    director = as_viewer("director")
    after = data.loader(my_day.team_routine)()
    assert ran == [] and after.equals(_fresh(engine, director))
    assert (after.set_index("user_id")["reorders_due"][seeded.users["mgr_b"]]
            == first.set_index("user_id")["reorders_due"][seeded.users["mgr_b"]] - 1)

    ran.clear()
    ship("a2", 10)
    director = as_viewer("director")
    assert data.loader(my_day.team_routine)().equals(_fresh(engine, director))
    assert ran == ["closed_reorder_pairs"]
