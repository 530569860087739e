"""The activity report's past kept for every viewer (issue 19, queries/activity_report.py: the
company's counts and last contacts of the spans that ended before yesterday, the active clients,
the classes of past days). The report a head and the director load equals an independent
recomputation from the raw tables — activities counted one by one, "in time" from
regulations.contact_due(as_of=True) on each period's last day — by months and by weeks, before and
after a call logged now (which leaves the kept past alone), and after a call dated ten days ago and
a contact reminder handled (which read it again)."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
import streamlit as st
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db import access, config
from db.actions.activities import log_activity
from db.generation import bump_generation
from db.models import Activity, Client, ClientStatus, Shipment, Task, utcnow
from db.routine_config import reminder_rules
from db.rules.abc import class_map
from db.rules.regulations import contact_due, day_start_utc
from db.session import write_session
from queries import abc, activity_report
from ui import data

from .kept_runs import count_runs

VIEWS = ("head_n", "director")
UNITS = (("month", 3), ("week", 6))
KEPT = ("closed_counts", "closed_contacts", "closed_handled", "active_clients")


@pytest.fixture
def reads(monkeypatch):
    """The kept parts computed, by name."""
    ran = count_runs(monkeypatch, activity_report, *KEPT)
    return count_runs(monkeypatch, abc, "past_classes", ran=ran)


def _moment(days_ago: int, hour: int, minute: int = 0) -> dt.datetime:
    day = access.today() - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time(hour, minute), config.timezone())


def _commit(engine, rows) -> None:
    with Session(engine) as session:
        session.add_all(rows)
        session.flush()
        bump_generation(session)
        session.commit()
    st.session_state.pop("crm_generation", None)


def _recompute(session: Session, viewer, unit: str, count: int, people: list[int]) -> dict:
    """(user_id, period's first day) -> the row's figures, from the raw tables."""
    today = access.today()
    rules = reminder_rules(session)
    visible = set(session.scalars(access.visible_client_ids(session, viewer)))
    acts = session.execute(select(Activity.user_id, Activity.kind, Activity.occurred_at, Activity.client_id)).all()
    zone = config.timezone()
    out = {}
    for start, end in activity_report.periods(unit, count, today):
        day = min(end, today)
        classes = class_map(session, today=day)
        for uid in people:
            kinds = Counter(str(a.kind) for a in acts if a.user_id == uid and a.client_id in visible
                            and start <= a.occurred_at.astimezone(zone).date() <= end)
            late = contact_due(session, owner_ids=[uid], today=day, rules=rules, classes=classes, as_of=True)
            theirs = session.scalars(select(Client.id).where(
                Client.owner_id == uid, Client.status == ClientStatus.ACTIVE,
                Client.created_at < day_start_utc(day + dt.timedelta(days=1)))).all()
            row = {k: kinds[k] for k in activity_report.KINDS}
            for k in activity_report.CLASSES:
                of_class = [c for c in theirs if classes.get(c, "C") == k]
                row[f"{k.lower()}_clients"] = len(of_class)
                overdue = int((late["abc"] == k).sum()) if len(late) else 0
                row[f"{k.lower()}_in_time"] = len(of_class) - overdue
            out[(uid, start)] = row
    return out


def _check(as_viewer, engine, seeded) -> None:
    for login in VIEWS:
        viewer = as_viewer(login)
        for unit, count in UNITS:
            loaded = data.loader(activity_report.report)(unit=unit, count=count)
            people = sorted({int(u) for u in loaded["user_id"]})
            assert seeded.users["mgr_a"] in people and seeded.users["mgr_b"] in people, login
            with Session(engine) as session:
                expected = _recompute(session, viewer, unit, count, people)
            assert len(loaded) == len(expected), (login, unit)
            for row in loaded.to_dict("records"):
                want = expected[(int(row["user_id"]), row["period"])]
                got = {k: int(row[k]) for k in want}
                assert got == want, (login, unit, row["manager"], row["period"])


def test_the_kept_past_and_todays_reads_equal_a_recomputation(as_viewer, engine, seeded, reads):
    u, c = seeded.users, seeded.clients
    long_ago = utcnow() - dt.timedelta(days=400)
    with Session(engine) as session:
        session.execute(update(Client).values(created_at=long_ago))
        session.commit()
    lines = [Shipment(client_id=c[key], product_id=seeded.product_id, manager_id=u["mgr_a"],
                      shipped_on=access.today() - dt.timedelta(days=days_ago), quantity=Decimal("1"),
                      amount=Decimal(amount))
             for key, days_ago, amount in (("a1", 60, "900"), ("b1", 50, "80"), ("c1", 3, "15"), ("a2", 0, "5"))]

    def act(who, client, kind, moment):
        return Activity(user_id=u[who], client_id=c[client], kind=kind, subject=f"{kind} {client}",
                        occurred_at=moment)

    _commit(engine, [
        *lines,
        act("mgr_a", "a1", "call", _moment(45, 10)),
        act("mgr_b", "b1", "meeting", _moment(20, 15)),
        act("mgr_c", "c1", "call", _moment(2, 23, 30)),  # the last minutes of the last closed day
        act("mgr_a", "a2", "email", _moment(1, 0, 5)),  # yesterday's first: read afresh
        act("mgr_a", "a1", "note", _moment(0, 9)),  # a note: counted, not a contact
        act("mgr_b", "a1", "call", _moment(33, 11)),  # on another's client
        Task(assignee_id=u["mgr_b"], client_id=c["b1"], title="Contact", source="contact",
             due_on=access.today() - dt.timedelta(days=31), done=True, done_at=_moment(30, 12)),
    ])
    _check(as_viewer, engine, seeded)
    assert set(reads) == {*KEPT, "past_classes"}

    reads.clear()
    with write_session(engine) as session:  # as a manager logs it, now
        log_activity(session, seeded.viewer("mgr_a"), client_id=c["a2"], kind="call", subject="Now")
    st.session_state.pop("crm_generation", None)
    _check(as_viewer, engine, seeded)
    assert reads == []  # nothing of the past read again

    with write_session(engine) as session:  # a late entry: a meeting ten days ago
        log_activity(session, seeded.viewer("mgr_b"), client_id=c["b1"], kind="meeting", subject="Late",
                     occurred_at=_moment(10, 16))
    st.session_state.pop("crm_generation", None)
    _check(as_viewer, engine, seeded)
    assert {"closed_counts", "closed_contacts"} <= set(reads) and "closed_handled" not in reads

    reads.clear()
    _commit(engine, [Task(assignee_id=u["mgr_a"], client_id=c["a1"], title="Contact", source="contact",
                          due_on=access.today() - dt.timedelta(days=6), done=True, done_at=_moment(5, 12))])
    _check(as_viewer, engine, seeded)
    assert "closed_handled" in reads and "closed_counts" not in reads
