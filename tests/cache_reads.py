"""What each cached query reads: a statement recorder for the data-area declarations (issue 19).

While `recording()` is on, every statement a cached query runs (ui/data.py marks the running
query in `READING`) adds the tables it names to `reads[query name]`. `undeclared(reads)` lists the
tables a query read that are outside the areas ui/cache_areas.py declares for it — a wrong
declaration would let its cached figure go stale after a write to the missing area.

The tables of a statement: every table (or alias of one) anywhere in the compiled statement,
subqueries and CTEs included; for raw SQL, every schema table named as a word in its text.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event
from sqlalchemy.sql import visitors
from sqlalchemy.sql.schema import Table

from db.generation import AREA_TABLES, UNTRACKED
from db.models import Base
from ui.cache_areas import areas_of_query
from ui.data import READING

TABLES = frozenset(Base.metadata.tables)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def statement_tables(statement: str, context) -> set[str]:
    compiled = getattr(context, "compiled", None)
    found: set[str] = set()
    if compiled is not None and compiled.statement is not None:
        for element in visitors.iterate(compiled.statement):
            if isinstance(element, Table):
                found.add(element.name)
        if found or "select" not in statement.lower():
            return found & TABLES
    return {w.lower() for w in _WORD.findall(statement)} & TABLES


@contextmanager
def recording() -> Iterator[dict[str, set[str]]]:
    reads: dict[str, set[str]] = defaultdict(set)

    def note(conn, cursor, statement, parameters, context, executemany):
        name = READING.get()
        if name is not None:
            reads[name] |= statement_tables(statement, context)

    event.listen(Engine, "before_cursor_execute", note)
    try:
        yield reads
    finally:
        event.remove(Engine, "before_cursor_execute", note)


def undeclared(reads: dict[str, set[str]]) -> dict[str, set[str]]:
    """{query: tables it read outside its declared areas}; an undeclared query (keyed by
    everything) reads nothing outside."""
    wrong = {}
    for name, tables in reads.items():
        areas = areas_of_query(name)
        if areas is None:
            continue
        allowed = set().union(*(AREA_TABLES[a] for a in areas)) | UNTRACKED
        if tables - allowed:
            wrong[name] = tables - allowed
    return wrong
