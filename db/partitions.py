"""Owner partitions of the data generations (issue 19): a manager's pages survive another manager's call.

Every row of the areas in `PARTITIONED` belongs to a client, and so to the client's owner (a deal
also to its own owner, a task to its assignee and creator, an activity to its author). A write
to such an area bumps, besides the area's counter, the counter of each of those people
("partition"), or — when which people is unknown — the area's *opaque* counter. A query that shows
a viewer only rows within the viewer's scope (the clients of `Scope.owner_ids`, ui/cache_areas.py:
OWNER_SCOPED) is keyed by the partitions of the viewer's owners plus the opaque counter, so
another manager's call leaves it warm; a director (scope: everything) keys by the area.

Who is known: the ORM flush says it. Before a flush the connection is marked flushing; after it,
every new, changed or deleted instance of a partitioned table gives its people: the values, old
and new, of its foreign keys to users, and the owners of the clients and deals its foreign keys
name (resolved with two small reads at the bump). A table written in the flush with no instance
to show for it (a cascade, an orphan), a partitioned instance with nothing to resolve, and every
write outside a flush (a bulk UPDATE, raw SQL, the importer's COPY) count as opaque: wrong
partitions would leave a page stale, an opaque bump only empties a few more caches.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import Connection, event, inspect, select
from sqlalchemy.orm import Session, attributes

from .models import Client, Deal

PARTITIONED = ("clients", "activities", "tasks", "deals", "shipments")
# Row ids in data_generation: base + 0 opaque, base + 1 clients with no owner, base + 2 + user id.
_BASE = {area: 1_000_000 * (n + 1) for n, area in enumerate(PARTITIONED)}
OPAQUE, UNASSIGNED = "opaque", "none"

_FLUSHING = "crm_flushing"
_FLUSHED_TABLES = "crm_flushed_tables"  # tables the current flush wrote (noted by generation._note_write)
_REFS = "crm_partition_refs"  # {area: {"users": set, "clients": set, "deals": set}}
_OPAQUE_AREAS = "crm_opaque_areas"


def partition_id(area: str, owner: int | str) -> int:
    base = _BASE[area]
    if owner == OPAQUE:
        return base
    if owner == UNASSIGNED or owner is None:
        return base + 1
    return base + 2 + int(owner)


def partition_name(area: str, owner: int | str | None) -> str:
    """The key of a partition's counter in the generations mapping: "deals@12", "deals@opaque"."""
    return f"{area}@{UNASSIGNED if owner is None else owner}"


def name_of_row(row_id: int) -> str | None:
    """The generations-mapping key of a data_generation row id, if it is a partition's."""
    for area, base in _BASE.items():
        offset = row_id - base
        if 0 <= offset < 1_000_000:
            return partition_name(area, OPAQUE if offset == 0 else UNASSIGNED if offset == 1 else offset - 2)
    return None


def owner_keys(generations: Mapping[str, int], area: str, owners: Iterable[int], unassigned: bool) -> tuple:
    """The counters a scoped read of `area` is keyed by: the opaque one and each owner's."""
    names = [partition_name(area, OPAQUE), *(partition_name(area, o) for o in sorted(owners))]
    if unassigned:
        names.append(partition_name(area, None))
    return tuple((name, generations.get(name, 0)) for name in names)


# --- noting whose rows a transaction wrote ------------------------------------------------------

def note_statement(conn: Connection, area: str, table: str) -> None:
    """generation._note_write: a statement wrote `table` of partitioned `area`."""
    if conn.info.get(_FLUSHING):
        conn.info.setdefault(_FLUSHED_TABLES, set()).add(table)
    else:
        conn.info.setdefault(_OPAQUE_AREAS, set()).add(area)


def note_opaque(conn: Connection, *areas: str) -> None:
    """A write whose owners cannot be told (raw SQL): these areas' opaque counters are bumped."""
    conn.info.setdefault(_OPAQUE_AREAS, set()).update(areas)


def note_rows(conn: Connection, area: str, *, clients: Iterable[int | None] = (),
              users: Iterable[int | None] = ()) -> None:
    """For a write the connection's events cannot see that knows whose rows it wrote (the shipments
    import's driver-level insert, noted with generation.note_written): the clients' owners' and
    these people's partitions are bumped."""
    refs = conn.info.setdefault(_REFS, {}).setdefault(area, _empty())
    refs["clients"].update(int(c) for c in clients if c is not None)
    refs["users"].update(int(u) for u in users if u is not None)


def forget(conn: Connection) -> None:
    for key in (_FLUSHING, _FLUSHED_TABLES, _REFS, _OPAQUE_AREAS):
        conn.info.pop(key, None)


def _empty() -> dict[str, set]:
    return {"users": set(), "clients": set(), "deals": set()}


def _values(state, key: str, new: bool) -> set | None:
    """A foreign key's value and the values it replaced in this flush; None when not loaded (a new
    row's key never set is NULL)."""
    history = attributes.get_state_history(state, key, passive=attributes.PASSIVE_NO_INITIALIZE)
    found = {*history.added, *history.unchanged, *history.deleted}
    if not found and key not in state.dict and not new:
        return None
    return {v for v in found if v is not None}


def _refs_of(instance, new: bool) -> dict[str, set] | None:
    """The users, clients and deals a partitioned instance's foreign keys name, old values included."""
    state = inspect(instance)
    refs = _empty()
    table = state.mapper.local_table
    for column in table.columns:
        for fk in column.foreign_keys:
            kind = fk.column.table.name
            if kind not in refs:
                continue
            values = _values(state, state.mapper.get_property_by_column(column).key, new)
            if values is None:
                return None  # a reference not loaded: whose row this is cannot be told
            refs[kind] |= values
    if table.name in ("clients", "deals"):  # the record itself: its owner now, by its id
        record_id = state.dict.get("id")
        if record_id is None:
            return None
        refs[table.name].add(record_id)
    if table.name == "clients" and not refs["users"]:
        refs["users"].add(UNASSIGNED)  # a client with no owner: the "no owner" partition
    return refs if any(refs.values()) else None


def install(session_class: type[Session], area_of: Mapping[str, str]) -> None:
    """Listen to every session's flushes (done once, by db.generation)."""

    @event.listens_for(session_class, "before_flush")
    def _before(session: Session, _context, _instances) -> None:
        session.connection().info[_FLUSHING] = True

    @event.listens_for(session_class, "after_flush")
    def _after(session: Session, _context) -> None:
        conn = session.connection()
        conn.info.pop(_FLUSHING, None)
        written = conn.info.pop(_FLUSHED_TABLES, set())
        seen: set[str] = set()
        opaque = conn.info.setdefault(_OPAQUE_AREAS, set())
        all_refs = conn.info.setdefault(_REFS, {})
        new = set(map(id, session.new))
        for instance in (*session.new, *session.dirty, *session.deleted):
            table = inspect(instance).mapper.local_table.name
            area = area_of.get(table)
            if area not in _BASE:
                continue
            if table not in written:
                continue  # dirty in name only: nothing was written for it
            seen.add(table)
            refs = _refs_of(instance, id(instance) in new)
            if refs is None:
                opaque.add(area)
                continue
            mine = all_refs.setdefault(area, _empty())
            for kind, values in refs.items():
                mine[kind] |= values
        for table in written - seen:  # rows no instance accounts for (a cascade, an orphan)
            opaque.add(area_of[table])


def owners_written(conn: Connection, areas: set[str]) -> dict[str, set[int | str]]:
    """{partitioned area written: the owners to bump, or {OPAQUE}} — pops what was noted."""
    refs = conn.info.pop(_REFS, {})
    opaque = conn.info.pop(_OPAQUE_AREAS, set())
    clients = set().union(*(r["clients"] for r in refs.values())) if refs else set()
    deals = set().union(*(r["deals"] for r in refs.values())) if refs else set()
    client_owner: dict[int, int | None] = {}
    deal_people: dict[int, set] = {}
    if deals:
        for deal_id, owner_id, client_id, client_owner_id in conn.execute(
                select(Deal.id, Deal.owner_id, Deal.client_id, Client.owner_id)
                .join(Client, Deal.client_id == Client.id).where(Deal.id.in_(sorted(deals)))):
            deal_people[deal_id] = {owner_id, client_owner_id if client_owner_id is not None else UNASSIGNED}
            client_owner[client_id] = client_owner_id
    missing = clients - set(client_owner)
    if missing:
        for client_id, owner in conn.execute(
                select(Client.id, Client.owner_id).where(Client.id.in_(sorted(missing)))):
            client_owner[client_id] = owner
    out: dict[str, set[int | str]] = {}
    for area in areas & set(_BASE):
        if area in opaque or area not in refs:
            out[area] = {OPAQUE}
            continue
        people: set[int | str] = set(refs[area]["users"])
        for client_id in refs[area]["clients"]:
            if client_id not in client_owner:  # deleted with its client: who owned it is gone
                people.add(OPAQUE)
            owner = client_owner.get(client_id)
            people.add(UNASSIGNED if owner is None else owner)
        for deal_id in refs[area]["deals"]:
            if deal_id not in deal_people:
                people.add(OPAQUE)
            people |= deal_people.get(deal_id, set())
        out[area] = {p for p in people if p is not None}
    return out
