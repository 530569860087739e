"""Document numbers per kind and year, gap-free and unique under concurrent use (issue 20).

`next_number(session, kind, year)` takes the next number inside the caller's transaction (the action
issuing the document — db/actions/documents.py): it does not commit. The counter row
(db/models/documents.DocumentCounter) is made on first use with an INSERT … ON CONFLICT DO NOTHING
and then raised by one UPDATE … RETURNING:

- on PostgreSQL the UPDATE locks the row until the caller's transaction ends, so a second issuer
  waits and then reads the committed value (READ COMMITTED re-reads the row it waited for): no two
  transactions get the same number. Two first uses at once are safe too: the second INSERT waits for
  the first one's transaction and then does nothing (or inserts, if that one rolled back);
- on SQLite a writing transaction holds the database's write lock from its start (BEGIN IMMEDIATE,
  db/session.py), so issuers take their turns;
- a transaction that rolls back (a refused issue, a failed PDF) rolls the UPDATE back with it: its
  number is given back and the next issue takes it, so the committed numbers run 1, 2, 3 … without
  gaps. The price is that issuers of one kind and year wait for each other: an issue must not keep
  its transaction open for long (make the files before, or keep them quick).
"""
from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..models.documents import DocumentCounter, DocumentKind

def next_number(session: Session, kind: DocumentKind | str, year: int) -> int:
    """The next number of `kind` documents in `year` (1 for the first), taken in the caller's
    transaction: committed with the document, given back if it rolls back."""
    kind = DocumentKind(kind)
    if not 1900 <= int(year) <= 9999:
        raise ValueError(f"not a document year: {year!r}")
    row = {"kind": kind, "year": year, "last_number": 0}
    if session.get_bind().dialect.name == "postgresql":
        session.execute(pg_insert(DocumentCounter).values(row).on_conflict_do_nothing(index_elements=["kind", "year"]))
    else:
        session.execute(sqlite_insert(DocumentCounter).values(row).on_conflict_do_nothing(
            index_elements=["kind", "year"]))
    number = session.execute(
        update(DocumentCounter)
        .where(DocumentCounter.kind == kind, DocumentCounter.year == year)
        .values(last_number=DocumentCounter.last_number + 1)
        .returning(DocumentCounter.last_number),
        execution_options={"synchronize_session": False},
    ).scalar_one()
    return int(number)
