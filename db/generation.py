"""Data generations: counters writes bump, that read caches are keyed by (issue 19: per data area).

The tables are grouped into data areas (`AREAS`). Every connection notes the tables its
transaction wrote (`after_cursor_execute`: an INSERT, UPDATE or DELETE statement's table; a raw
SQL write that names no table counts as a write to everything; a write through the driver itself,
bypassing SQLAlchemy, says so with `note_written`). `bump_generation`, called inside
the writer's transaction and last, bumps the counter of each area written, and the row id 1:
"anything changed" (`current_generation`). A cached read is keyed by the counters of the areas it
reads (ui/cache_areas.py), so logging a call leaves the forecast's cache warm.

Storage: rows of `data_generation`, id 1 for "anything", one row per area (`AREA_IDS`), inserted by
the first bump of the area (an upsert, safe when two writers do it at once); a missing row reads 0.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping

from sqlalchemy import Connection, Engine, event, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from . import config, partitions
from .models import DataGeneration

ANY = 1  # the row every bump moves: "anything changed"

# area -> its tables; every table of the schema is in one area (tests/test_generation_areas.py).
AREAS: dict[str, frozenset[str]] = {
    "clients": frozenset({"clients", "contacts", "merge_proposals"}),
    "activities": frozenset({"activities"}),
    "tasks": frozenset({"tasks"}),
    "deals": frozenset({"deals", "deal_lines", "deal_stage_history", "approval_requests"}),
    "shipments": frozenset({"shipments"}),
    "plans": frozenset({"sales_plans", "commission_schemes", "commission_tiers"}),
    "org": frozenset({"users", "departments", "territories", "stand_ins", "assignment_rules"}),
    "catalogue": frozenset({"products", "product_groups", "price_types", "prices", "product_documents"}),
    "settings": frozenset({"settings", "pipeline_stages", "lost_reasons", "industries", "discount_caps",
                           "import_mappings"}),
    "notifications": frozenset({"notifications"}),
    "mail": frozenset({"outgoing_mail", "mail_runs", "mail_letters"}),
    "documents": frozenset({"documents", "document_counters"}),
    "audit": frozenset({"audit_log"}),
    "sign_in": frozenset({"user_sessions", "sign_in_failures"}),
}
# Sub-areas: some rows of a table, told apart by a written row's values. An INSERT whose every row
# is outside the sub-area does not touch it; any other write to the table does (an UPDATE, a DELETE,
# rows not seen). An audit row about a deal bumps "deal_audit" besides "audit", so the forecast's
# backtest — it reads the deals' audited edits alone — survives the audit rows of calls, tasks and
# clients. Shipment lines dated before the company's today bump "shipments_closed" besides
# "shipments", so what is kept of the closed days (the ABC ranking's sums, db/rules/abc.py)
# survives a feed of today's lines. Activities that happened before the company's today bump
# "activities_closed" besides "activities", so what is kept of past contacts (the activity report's
# last contacts per period, queries/activity_report.py) survives the calls logged as they happen.


def _about_a_deal(row: Mapping) -> bool:
    return row.get("entity", "deal") == "deal"


def _dated_before_today(row: Mapping) -> bool:
    day = row.get("shipped_on")
    # The company's day, as access.today() (which this layer may not import) and its readers.
    return not isinstance(day, dt.date) or day < dt.datetime.now(config.timezone()).date()


def _happened_before_today(row: Mapping) -> bool:
    moment = row.get("occurred_at")
    if not isinstance(moment, dt.datetime) or moment.tzinfo is None:
        return True  # not known as a moment: count it as the past's
    zone = config.timezone()
    return moment.astimezone(zone).date() < dt.datetime.now(zone).date()


SUBAREAS: dict[str, tuple[str, Callable[[Mapping], bool]]] = {
    "deal_audit": ("audit_log", _about_a_deal),
    "shipments_closed": ("shipments", _dated_before_today),
    "activities_closed": ("activities", _happened_before_today),
}
_SUB_MARK = {area: f"{table}:{area}" for area, (table, _touches) in SUBAREAS.items()}
# Fixed row ids (never renumber: running servers key caches by them); a new area takes the next id.
AREA_IDS: dict[str, int] = {name: 100 + n for n, name in enumerate([*AREAS, *SUBAREAS])}
AREA_OF: dict[str, str] = {table: area for area, tables in AREAS.items() for table in tables}
AREA_OF.update({mark: area for area, mark in _SUB_MARK.items()})
# What a reader of each area (sub-areas included) may read.
AREA_TABLES: dict[str, frozenset[str]] = {**AREAS, **{a: frozenset({t}) for a, (t, _p) in SUBAREAS.items()}}
UNTRACKED = frozenset({"data_generation"})  # the counters themselves
EVERYTHING = "*"  # noted for a write whose tables are unknown (raw SQL)

_WRITTEN = "crm_written_tables"
_RAW_WRITE = re.compile(r"^\s*(insert|update|delete|replace|merge|truncate|with\b.*\b(insert|update|delete)\b)",
                        re.IGNORECASE | re.DOTALL)


def areas_of(tables: Iterable[str]) -> set[str]:
    """The areas of these tables; a table no area names (or EVERYTHING) gives every area."""
    found: set[str] = set()
    for table in tables:
        if table in UNTRACKED:
            continue
        area = AREA_OF.get(table)
        if area is None:
            return set(AREA_IDS)  # every area and sub-area
        found.add(area)
    return found


def written_tables(bind: Session | Connection) -> set[str]:
    """The tables the current transaction of this session (connection) wrote so far."""
    conn = bind.connection() if isinstance(bind, Session) else bind
    return set(conn.info.get(_WRITTEN, ()))


def note_written(bind: Session | Connection, *tables: str, rows: Iterable[Mapping] | None = None) -> None:
    """For a write the connection's events cannot see (the driver's own executemany or COPY, e.g.
    db/io/kinds/shipments.bulk_insert): its tables, bumped with the rest of the transaction's.
    `rows`: the rows it inserted, for their tables' sub-areas (without them, every sub-area)."""
    conn = bind.connection() if isinstance(bind, Session) else bind
    conn.info.setdefault(_WRITTEN, set()).update(tables, _sub_marks(set(tables), rows))


def current_generation(bind: Session | Connection) -> int:
    """"Anything changed": one tiny indexed read that every bump moves."""
    value = bind.execute(select(DataGeneration.value).where(DataGeneration.id == ANY)).scalar()
    return int(value or 0)


def current_generations(bind: Session | Connection) -> dict[str, int]:
    """Every area's counter, "*" (anything) and the owner partitions' ("deals@12", db/partitions.py):
    one read of a few hundred small rows, once per page run."""
    by_id = {row.id: int(row.value or 0) for row in bind.execute(select(DataGeneration.id, DataGeneration.value))}
    values = {EVERYTHING: by_id.get(ANY, 0), **{area: by_id.get(i, 0) for area, i in AREA_IDS.items()}}
    for row_id, value in by_id.items():
        name = partitions.name_of_row(row_id)
        if name is not None:
            values[name] = value
    return values


def generation_key(generations: Mapping[str, int], areas: Iterable[str] | None) -> tuple:
    """What a cached read is keyed by: its areas' counters (None: everything's)."""
    if areas is None:
        return (EVERYTHING, generations.get(EVERYTHING, 0))
    return tuple((area, generations.get(area, 0)) for area in sorted(areas))


def bump_generation(bind: Session | Connection, *, everything: bool = False) -> None:
    """Bump "anything", the areas this transaction wrote (all of them with `everything`) and, in the
    partitioned areas, the partitions of the owners whose rows it wrote (db/partitions.py).
    Called inside the writer's transaction, last, so the row locks are held briefly."""
    conn = bind.connection() if isinstance(bind, Session) else bind
    areas = set(AREA_IDS) if everything else areas_of(conn.info.pop(_WRITTEN, ()))  # bumped: noted afresh
    owners = partitions.owners_written(conn, areas)
    if everything:
        owners = {area: {partitions.OPAQUE} for area in partitions.PARTITIONED}
    conn.execute(update(DataGeneration).where(DataGeneration.id == ANY).values(value=DataGeneration.value + 1))
    if not areas:
        return
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    ids = {AREA_IDS[a] for a in areas}
    ids.update(partitions.partition_id(area, owner) for area, people in owners.items() for owner in people)
    rows = [{"id": i, "value": 1} for i in sorted(ids)]
    stmt = insert(DataGeneration).values(rows)
    # One statement, rows in id order (two writers lock them in the same order: no deadlock).
    conn.execute(stmt.on_conflict_do_update(index_elements=[DataGeneration.id],
                                            set_={"value": DataGeneration.value + 1}))


# --- noting what a transaction wrote ---------------------------------------------------------

def _statement_tables(context) -> set[str] | None:
    """The table an INSERT/UPDATE/DELETE statement writes; None: not a write."""
    compiled = context.compiled
    if compiled is not None and (context.isinsert or context.isupdate or context.isdelete):
        table = getattr(compiled.statement, "table", None)
        name = getattr(table, "name", None)
        return {name} if isinstance(name, str) else {EVERYTHING}
    return None


@event.listens_for(Engine, "begin")
@event.listens_for(Engine, "rollback")
def _forget(conn: Connection) -> None:
    conn.info.pop(_WRITTEN, None)
    partitions.forget(conn)


@event.listens_for(Engine, "after_cursor_execute")
def _note_write(conn: Connection, cursor, statement: str, parameters, context, executemany: bool) -> None:
    tables = _statement_tables(context) if context is not None else None
    if tables is None:
        compiled = getattr(context, "compiled", None)
        if getattr(getattr(compiled, "statement", None), "is_select", False) or not _RAW_WRITE.match(statement):
            return
        tables = {EVERYTHING}  # raw SQL that writes: which tables is not worth guessing
    elif tables <= UNTRACKED:
        return
    elif not context.compiled.effective_returning and cursor.rowcount == 0:
        return  # an UPDATE or DELETE that matched nothing changed nothing
    rows = getattr(context, "compiled_parameters", None) if context is not None and context.isinsert else None
    conn.info.setdefault(_WRITTEN, set()).update(tables | _sub_marks(tables, rows))
    for table in tables:
        area = AREA_OF.get(table)
        if area in partitions.PARTITIONED:
            partitions.note_statement(conn, area, table)
        elif area is None:  # raw SQL or an unknown table: no partition can be trusted
            partitions.note_opaque(conn, *partitions.PARTITIONED)


def _sub_marks(tables: set[str], rows: Iterable[Mapping] | None) -> set[str]:
    """The sub-areas a write to `tables` touched: inserted `rows` all outside a sub-area touch none
    of it; a write whose rows are not known (an UPDATE, a DELETE, rows not seen) touches all."""
    marks = set()
    for area, (table, touches) in SUBAREAS.items():
        if table in tables and (not rows or any(touches(row) for row in rows)):
            marks.add(_SUB_MARK[area])
    return marks


partitions.install(Session, AREA_OF)
