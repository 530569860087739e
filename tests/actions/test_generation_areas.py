"""A write bumps only the data areas of the tables it wrote (issue 19, db/generation.py).

The tables are found by the connection, not declared by the actions: a call logged moves
"activities" (and the audit, and "anything"), never "shipments" or "deals"; marking a
notification read moves only "notifications"; raw SQL that writes moves everything; a run of the
reminders that makes nothing writes nothing and moves nothing.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, delete, event, insert, select, text, update
from sqlalchemy.orm import Session

from db import access, config
from db.actions.activities import log_activity
from db.actions.deal_moves import move_deal
from db.actions.notifications import mark_all_read, mark_read
from db.actions.reminders import run_reminders
from db.generation import (
    AREA_IDS,
    AREAS,
    EVERYTHING,
    UNTRACKED,
    bump_generation,
    current_generation,
    current_generations,
)
from db.models import Activity, AuditEntry, Base, Client, Deal, Notification, utcnow


def moved(db: Session, before: dict[str, int]) -> set[str]:
    """The areas moved (the owners' partitions, "deals@12", are tests/test_owner_partitions.py's)."""
    after = current_generations(db)
    return {area for area, value in after.items() if "@" not in area and value != before.get(area, 0)}


def start(db: Session) -> dict[str, int]:
    """Forget what the fixtures wrote in the test's transaction; the counters now."""
    bump_generation(db)
    return current_generations(db)


def test_every_table_is_in_exactly_one_area():
    tables = set(Base.metadata.tables) - UNTRACKED
    listed = [table for members in AREAS.values() for table in members]
    assert sorted(listed) == sorted(set(listed)), "a table in two areas"
    assert tables == set(listed), f"tables without an area: {tables - set(listed)}; unknown: {set(listed) - tables}"
    assert len(set(AREA_IDS.values())) == len(AREA_IDS) and 1 not in AREA_IDS.values()
    assert set(AREAS) <= set(AREA_IDS)


def test_a_call_logged_moves_activities_not_shipments_or_deals(world, db):
    before = start(db)
    log_activity(db, world.viewer("mgr_a"), client_id=world.clients["a1"], kind="call", subject="Called")
    assert moved(db, before) == {EVERYTHING, "activities", "audit"}
    assert current_generation(db) == before[EVERYTHING] + 1


def test_a_deal_moved_moves_deals_and_nothing_of_shipments(world, db):
    deal = db.scalars(select(Deal).where(Deal.client_id == world.clients["a1"])).first()
    before = start(db)
    move_deal(db, world.viewer("mgr_a"), deal_id=deal.id, expected_version=deal.version,
              to_stage_id=world.stages["Negotiation"])
    changed = moved(db, before)
    assert {EVERYTHING, "deals", "audit", "deal_audit"} <= changed  # the move's audit row is a deal's
    assert not changed & {"shipments", "activities", "plans", "catalogue", "org"}


def test_audit_rows_bump_the_deals_audit_only_when_one_is_about_a_deal(world, db):
    """The backtest reads the deals' audited edits alone ("deal_audit"): other audit rows leave it."""
    rows = [{"action": "edit", "entity": "client", "entity_id": "1", "changes": {}},
            {"action": "edit", "entity": "task", "entity_id": "2", "changes": {}}]
    before = start(db)
    db.execute(insert(AuditEntry), rows)
    bump_generation(db)
    assert "audit" in moved(db, before) and "deal_audit" not in moved(db, before)
    before = start(db)
    db.execute(insert(AuditEntry), [*rows, {"action": "edit", "entity": "deal", "entity_id": "3", "changes": {}}])
    bump_generation(db)
    assert {"audit", "deal_audit"} <= moved(db, before)
    before = start(db)
    db.execute(delete(AuditEntry).where(AuditEntry.entity == "client"))  # a purge: whichever rows
    bump_generation(db)
    assert {"audit", "deal_audit"} <= moved(db, before)


def test_marking_a_notification_read_moves_only_notifications(world, db):
    row = Notification(user_id=world.users["mgr_a"], kind="task_due", params={})
    db.add(row)
    db.flush()
    before = start(db)
    mark_read(db, world.viewer("mgr_a"), notification_id=row.id)
    assert moved(db, before) == {EVERYTHING, "notifications"}
    before = start(db)
    assert mark_all_read(db, world.viewer("mgr_a")) == 0  # an UPDATE that matched nothing
    assert moved(db, before) == {EVERYTHING}


def test_raw_sql_that_writes_moves_every_area(world, db):
    before = start(db)
    db.execute(text("UPDATE clients SET notes = notes WHERE id = :id"), {"id": world.clients["a1"]})
    bump_generation(db)
    assert moved(db, before) == {EVERYTHING, *AREA_IDS}


def test_a_core_update_moves_its_table_area_and_a_select_moves_nothing(world, db):
    before = start(db)
    db.execute(select(Client.id)).all()
    db.execute(text("SELECT count(*) FROM shipments")).all()
    bump_generation(db)
    assert moved(db, before) == {EVERYTHING}
    before = start(db)
    db.execute(update(Client).where(Client.id == world.clients["a1"]).values(notes="x"))
    bump_generation(db)
    assert moved(db, before) == {EVERYTHING, "clients"}


def test_a_reminder_run_that_makes_nothing_writes_nothing(world, db):
    """My day runs the person's reminders when opened: a run with nothing new must leave every
    cache warm — no statement that writes, no counter moved."""
    long_ago = utcnow() - dt.timedelta(days=365)
    db.execute(update(Client).values(created_at=long_ago))  # every client due a call
    db.execute(update(Activity).values(occurred_at=long_ago))
    db.commit()
    viewer = world.viewer("mgr_a")
    first = run_reminders(db, viewer, today=access.today())
    assert first.total > 0  # the fixture makes this run meaningful: there was something to make
    before = start(db)
    writes: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        if context is not None and (context.isinsert or context.isupdate or context.isdelete):
            writes.append(statement)

    event.listen(Engine, "before_cursor_execute", note)
    try:
        again = run_reminders(db, viewer, today=access.today())
    finally:
        event.remove(Engine, "before_cursor_execute", note)
    assert again.total == 0 and again.handed_back == 0
    assert writes == []
    assert moved(db, before) == set()


def test_a_shipments_import_moves_shipments_though_the_driver_writes_them(seeded, engine):
    """The shipments importer inserts through the driver (executemany on SQLite, COPY on
    PostgreSQL), which no SQLAlchemy event sees: it notes the table itself."""
    from db.io.importer import import_table
    from db.io.mapping import Mapping
    from db.io.reading import read_table
    from db.session import write_session

    with Session(engine) as session:
        inn = session.get(Client, seeded.clients["a1"]).inn
        before = current_generations(session)
    text_ = f"Line;INN;SKU;Date;Qty;Amount\nG-1;{inn};KR-001;01.02.2026;2;5,00\n"
    mapping = Mapping.from_dict({"kind": "shipments", "columns": {
        "external_id": "Line", "client": "INN", "product": "SKU", "shipped_on": "Date", "quantity": "Qty",
        "amount": "Amount"}})
    with write_session(engine) as session:
        summary = import_table(session, seeded.viewer("admin"), table=read_table(text_.encode(), name="g.csv"),
                               mapping=mapping)
    assert summary.created == 1
    with Session(engine) as session:
        changed = moved(session, before)
    assert {"shipments", "audit"} <= changed and not changed & {"activities", "deals", "tasks"}
    assert "shipments_closed" in changed  # a line of 1 February: a closed day

    # Today's lines (a feed of the day's shipments) leave what is kept of the closed days.
    with Session(engine) as session:
        before = current_generations(session)
    today = access.today().strftime("%d.%m.%Y")
    with write_session(engine) as session:
        import_table(session, seeded.viewer("admin"), mapping=mapping, table=read_table(
            f"Line;INN;SKU;Date;Qty;Amount\nG-2;{inn};KR-001;{today};1;7,00\n".encode(), name="h.csv"))
    with Session(engine) as session:
        changed = moved(session, before)
    assert "shipments" in changed and "shipments_closed" not in changed


def test_shipment_lines_bump_the_closed_days_unless_every_one_is_dated_today(world, db):
    """What is kept of the closed days (queries/abc.closed_revenue) survives lines dated today or
    later only; a line dated earlier, an update or a delete, and rows not seen bump it."""
    from db.generation import note_written
    from db.models import Shipment

    today = access.today()

    def line(day):
        return {"client_id": world.clients["a1"], "product_id": world.product_id, "manager_id": world.users["mgr_a"],
                "shipped_on": day, "quantity": 1, "amount": 10}

    before = start(db)
    db.execute(insert(Shipment), [line(today), line(today + dt.timedelta(days=3))])
    bump_generation(db)
    assert "shipments" in moved(db, before) and "shipments_closed" not in moved(db, before)
    before = start(db)
    db.add(Shipment(**line(today)))
    db.flush()
    bump_generation(db)
    assert "shipments" in moved(db, before) and "shipments_closed" not in moved(db, before)
    before = start(db)
    db.execute(insert(Shipment), [line(today), line(today - dt.timedelta(days=1))])
    bump_generation(db)
    assert {"shipments", "shipments_closed"} <= moved(db, before)
    before = start(db)
    db.execute(update(Shipment).where(Shipment.shipped_on == today).values(quantity=2))
    bump_generation(db)
    assert {"shipments", "shipments_closed"} <= moved(db, before)
    before = start(db)
    db.execute(delete(Shipment).where(Shipment.shipped_on > today))
    bump_generation(db)
    assert {"shipments", "shipments_closed"} <= moved(db, before)
    # The driver's own insert: its rows decide; without them, every sub-area.
    before = start(db)
    note_written(db, "shipments", rows=[line(today)])
    bump_generation(db)
    assert "shipments" in moved(db, before) and "shipments_closed" not in moved(db, before)
    before = start(db)
    note_written(db, "shipments")
    bump_generation(db)
    assert {"shipments", "shipments_closed"} <= moved(db, before)


def test_only_activities_of_past_days_move_the_closed_contacts(world, db):
    """What the activity report keeps of past contacts (queries/activity_report.closed_contacts,
    closed_counts) survives calls logged as they happen; one dated yesterday, an edit and a delete
    move "activities_closed"."""
    mgr, client = world.viewer("mgr_a"), world.clients["a1"]
    before = start(db)
    log_activity(db, mgr, client_id=client, kind="call", subject="Now")
    assert "activities" in moved(db, before) and "activities_closed" not in moved(db, before)
    before = start(db)
    yesterday = dt.datetime.combine(access.today() - dt.timedelta(days=1), dt.time(23, 59), config.timezone())
    log_activity(db, mgr, client_id=client, kind="call", subject="Late entry", occurred_at=yesterday)
    assert {"activities", "activities_closed"} <= moved(db, before)
    before = start(db)
    db.execute(update(Activity).where(Activity.subject == "Now").values(outcome="Agreed"))
    bump_generation(db)
    assert {"activities", "activities_closed"} <= moved(db, before)
    before = start(db)
    db.execute(delete(Activity).where(Activity.subject == "Now"))
    bump_generation(db)
    assert {"activities", "activities_closed"} <= moved(db, before)
    # A bulk insert's rows decide: all of today, nothing closed moved.
    before = start(db)
    db.execute(insert(Activity), [{"client_id": client, "user_id": world.users["mgr_a"], "kind": "call",
                                   "subject": "Raw", "occurred_at": dt.datetime.now(dt.UTC)}])
    bump_generation(db)
    assert "activities" in moved(db, before) and "activities_closed" not in moved(db, before)
