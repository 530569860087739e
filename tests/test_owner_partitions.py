"""Owner partitions of the data generations (issue 19, db/partitions.py): another manager's write
leaves a manager's own pages warm, and never leaves them stale.

The bumps: a write through the ORM bumps the partitions of the people whose rows it wrote (old and
new owner on a change of owner), a write outside it (a bulk UPDATE, raw SQL) the opaque one.
The declarations (ui/cache_areas.OWNER_SCOPED): as a manager and as a head, every scoped query is
loaded; then writes of each kind are made on a client outside the viewer's scope — each scoped
query must come from the cache *and* equal a fresh computation (a query that shows anything of
another owner's rows would differ: it must not be declared scoped); then a write on the viewer's
own client must make the queries that show it run again, fresh.
"""
from __future__ import annotations

import datetime as dt
import inspect
from decimal import Decimal

import pytest
import streamlit as st
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from db import partitions
from db.actions.activities import log_activity, schedule_task
from db.actions.clients import update_client
from db.actions.contacts import create_contact
from db.actions.deal_moves import move_deal
from db.actions.handover import hand_over_clients
from db.generation import bump_generation, current_generations
from db.models import Client, Deal, Product
from db.session import write_session
from tests.cache_reads import recording, undeclared
from tests.test_cache_areas import _query, same
from ui import cache_areas, data


def _counters(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return current_generations(conn)


def _moved(before: dict, after: dict) -> set[str]:
    return {k for k in after.keys() | before.keys() if after.get(k, 0) != before.get(k, 0)}


def test_a_call_bumps_its_owner_and_author_not_the_opaque_counter(engine, seeded):
    before = _counters(engine)
    with write_session(engine) as session:
        log_activity(session, seeded.viewer("mgr_a"), client_id=seeded.clients["a1"], kind="call", subject="Hello")
    moved = _moved(before, _counters(engine))
    mgr_a = seeded.users["mgr_a"]
    assert {"activities", f"activities@{mgr_a}"} <= moved
    assert "activities@opaque" not in moved
    assert not {k for k in moved if k.startswith("activities@")} - {f"activities@{mgr_a}"}


def test_a_change_of_owner_bumps_the_old_and_the_new_owner(engine, seeded):
    """Through the ORM (a deal's owner changed on the object): both partitions; through the handover's
    bulk UPDATEs: the opaque one, since no flush says whose rows those were."""
    mgr_a, mgr_b = seeded.users["mgr_a"], seeded.users["mgr_b"]
    before = _counters(engine)
    with Session(engine) as session:
        deal = session.scalars(select(Deal).where(Deal.owner_id == mgr_a)).first()
        deal.owner_id = mgr_b
        session.flush()
        bump_generation(session)
        session.commit()
    moved = _moved(before, _counters(engine))
    assert {f"deals@{mgr_a}", f"deals@{mgr_b}"} <= moved and "deals@opaque" not in moved

    before = _counters(engine)
    with write_session(engine) as session:
        hand_over_clients(session, seeded.viewer("head_n"), client_ids=[seeded.clients["a2"]], to_user_id=mgr_b)
    moved = _moved(before, _counters(engine))
    assert "clients@opaque" in moved


def test_bulk_updates_and_raw_sql_bump_the_opaque_counter(engine, seeded):
    before = _counters(engine)
    with Session(engine) as session:
        session.execute(update(Client).where(Client.id == seeded.clients["c1"]).values(notes="bulk"))
        bump_generation(session)
        session.commit()
    assert "clients@opaque" in _moved(before, _counters(engine))
    before = _counters(engine)
    with Session(engine) as session:
        session.execute(text("UPDATE tasks SET title = title || '!' WHERE id > 0"))
        bump_generation(session)
        session.commit()
    moved = _moved(before, _counters(engine))
    assert {f"{area}@opaque" for area in partitions.PARTITIONED} <= moved


def test_a_rolled_back_write_leaves_nothing_noted(engine, seeded):
    with Session(engine) as session:
        session.execute(update(Client).where(Client.id == seeded.clients["c1"]).values(notes="bulk"))
        session.rollback()
        before = _counters(engine)
        log_activity.__wrapped__(session, seeded.viewer("mgr_a"), client_id=seeded.clients["a1"], kind="call",
                                 subject="After a rollback")
        session.flush()
        bump_generation(session)
        session.commit()
    moved = _moved(before, _counters(engine))
    assert "clients@opaque" not in moved and f"activities@{seeded.users['mgr_a']}" in moved


# --- the declarations ------------------------------------------------------------------------------

def _arguments(name: str, seeded, viewer_login: str) -> dict:
    """Arguments that make a scoped query show the viewer's own records."""
    own = {"mgr_a": "a1", "head_s": "c1"}[viewer_login]
    with Session(data.engine()) as session:
        deal_id = session.scalar(select(Deal.id).where(Deal.client_id == seeded.clients[own]))
        group_id = session.scalar(select(Product.group_id).where(Product.id == seeded.product_id))
    params = list(inspect.signature(_query(name)).parameters)[2:]
    values = {"client_id": seeded.clients[own], "deal_id": deal_id, "stage_id": seeded.stages["Negotiation"],
              "start": dt.date.today() - dt.timedelta(days=3), "end": dt.date.today(), "group_id": group_id,
              "user_id": seeded.users[{"mgr_a": "mgr_a", "head_s": "mgr_c"}[viewer_login]]}
    args = {p: values[p] for p in params if p in values}
    if name == "queries.documents.list_documents":
        args.pop("deal_id", None)
    return args


@pytest.fixture
def as_viewer(seeded, monkeypatch):
    st.cache_data.clear()
    holder = {}
    monkeypatch.setattr(data, "current_viewer", lambda: holder["viewer"])

    def use(login: str):
        holder["viewer"] = seeded.viewer(login)
        data.refresh_generation()
        return holder["viewer"]

    yield use
    st.cache_data.clear()


def _load(names: dict[str, dict]) -> tuple[dict, set]:
    ran: set[str] = set()
    values = {}
    with recording() as reads:
        for name, args in names.items():
            query = _query(name)
            load = data.loader(query)

            def counted(*a, _query=query, _name=name, **k):
                ran.add(_name)
                return _query(*a, **k)

            data._QUERIES[name] = counted
            try:
                values[name] = load(**args)
            finally:
                data._QUERIES[name] = query
        assert not undeclared(reads), undeclared(reads)
    return values, ran


def _fresh(engine, viewer, names: dict[str, dict]) -> dict:
    with Session(engine) as session:
        return {name: _query(name)(session, viewer, **args) for name, args in names.items()}


def _writes_on(seeded, engine, login: str, key: str):
    """One write of each kind a colleague makes on their client `key`, as the app makes them."""
    client_id = seeded.clients[key]
    with Session(engine) as session:
        deal = session.scalars(select(Deal).where(Deal.client_id == client_id)).first()
        client = session.get(Client, client_id)
        deal_state = (deal.id, deal.version) if deal else None
        client_version = client.version
    yield "call", lambda: data.run_action(log_activity, client_id=client_id, kind="call", subject="Colleague's call")
    yield "task", lambda: data.run_action(schedule_task, title="Colleague's task", client_id=client_id,
                                          due_on=dt.date.today())
    yield "contact", lambda: data.run_action(create_contact, client_id=client_id, full_name="Новый Контакт")
    yield "client edit", lambda: data.run_action(update_client, client_id=client_id,
                                                 expected_version=client_version, notes="Edited by a colleague")
    if deal_state:
        yield "deal move", lambda: data.run_action(move_deal, deal_id=deal_state[0], expected_version=deal_state[1],
                                                   to_stage_id=seeded.stages["Negotiation"])
    yield "shipments import", lambda: _import_shipment(engine, seeded, client_id, login)


def _import_shipment(engine, seeded, client_id: int, login: str) -> None:
    """A line through the import machinery (its driver-level insert notes its clients itself)."""
    from db.io.importer import import_table
    from db.io.mapping import Mapping
    from db.io.reading import read_table

    with Session(engine) as session:
        inn = session.scalar(select(Client.inn).where(Client.id == client_id))
    csv = f"Line id;Client INN;SKU;Shipped on;Quantity;Amount\r\nP-{client_id}-1;{inn};KR-001;" \
          f"{dt.date.today().isoformat()};3;{Decimal('7.50')}\r\n"
    mapping = Mapping.from_dict({"kind": "shipments", "columns": {
        "external_id": "Line id", "client": "Client INN", "product": "SKU", "shipped_on": "Shipped on",
        "quantity": "Quantity", "amount": "Amount"}})
    with write_session(engine) as session:
        summary = import_table(session, seeded.viewer("admin"), table=read_table(csv.encode(), name="p.csv"),
                               mapping=mapping)
    assert summary.created == 1, [r.reasons for r in summary.rejected]


@pytest.mark.parametrize(("viewer_login", "colleague", "their_client"), [
    ("mgr_a", "mgr_c", "c1"),  # another department's manager
    ("mgr_a", "mgr_b", "b1"),  # a colleague of the same department
    ("head_s", "mgr_b", "b1"),  # a head: the other department's manager
])
def test_a_colleagues_writes_leave_scoped_pages_warm_and_true(as_viewer, engine, seeded, viewer_login, colleague,
                                                              their_client):
    viewer = as_viewer(viewer_login)
    names = {name: _arguments(name, seeded, viewer_login) for name in sorted(cache_areas.OWNER_SCOPED)}
    before, ran = _load(names)
    assert ran == set(names)
    for kind, write in _writes_on(seeded, engine, colleague, their_client):
        as_viewer(colleague)
        write()
        as_viewer(viewer_login)
        after, ran = _load(names)
        assert not ran, f"rerun after {colleague}'s {kind} on {their_client}: {sorted(ran)}"
        recomputed = _fresh(engine, viewer, names)
        changed = [n for n in names if not same(after[n], recomputed[n])]
        assert not changed, f"{kind}: scoped queries that show another owner's rows: {changed}"


@pytest.mark.parametrize("viewer_login", ["mgr_a", "head_s"])
def test_a_write_on_the_viewers_own_client_is_seen(as_viewer, engine, seeded, viewer_login):
    viewer = as_viewer(viewer_login)
    own = {"mgr_a": "a1", "head_s": "c1"}[viewer_login]
    writer = {"mgr_a": "mgr_a", "head_s": "mgr_c"}[viewer_login]
    names = {name: _arguments(name, seeded, viewer_login) for name in sorted(cache_areas.OWNER_SCOPED)}
    _load(names)
    for kind, write in _writes_on(seeded, engine, writer, own):
        as_viewer(writer)
        write()
        as_viewer(viewer_login)
        after, ran = _load(names)
        recomputed = _fresh(engine, viewer, names)
        stale = [n for n in names if not same(after[n], recomputed[n])]
        assert not stale, f"stale after {writer}'s {kind} on {own}: {stale}"
        assert ran, f"nothing ran again after {kind} on the viewer's own client"


def test_a_funnel_filtered_by_territory_is_keyed_by_every_owners_clients(as_viewer, engine, seeded):
    """The funnel shows the viewer's people's deals, but a territory (industry) filter reads their
    clients, which a colleague may own: filtered, it runs again after a colleague's client edit."""
    as_viewer("mgr_a")
    today = dt.date.today()
    plain = {"queries.funnel.stage_summary": {"start": today - dt.timedelta(days=30), "end": today}}
    filtered = {"queries.funnel.stage_summary": {**plain["queries.funnel.stage_summary"],
                                                 "territory_id": seeded.territory_id}}
    _load(plain)
    _load(filtered)
    for kind, write in _writes_on(seeded, engine, "mgr_b", "b1"):
        if kind != "client edit":
            continue
        as_viewer("mgr_b")
        write()
        as_viewer("mgr_a")
    assert not _load(plain)[1], "the unfiltered funnel ran again after a colleague's client edit"
    assert _load(filtered)[1], "the funnel filtered by territory kept a value keyed by the viewer's partitions"
