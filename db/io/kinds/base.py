"""What every kind of import shares: fields, the row checks, planned rows, bulk writes.

A kind checks each row with the app's own rules (db/rules/validate.Checks,
and the same field checks the forms use), decides whether the row creates a
record or updates the one its key matches, then writes the batch in bulk:
Core inserts and updates, one audit row per changed record.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from ... import config
from ...access import Can, Viewer
from ...actions.imports import audit_row, changed_fields, write_audit_rows
from ...rules.validate import DATE_MAX, DATE_MIN, MONEY_MAX, Checks
from ...models import utcnow
from ..mapping import Resolved, normalise
from ..values import BadValue, parse_date, parse_decimal, to_cents

TRUE = {"1", "yes", "y", "true", "да", "д", "+", "x", "✓", "истина"}
FALSE = {"0", "no", "n", "false", "нет", "н", "-", "ложь"}


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # message id
    required: bool = False
    aliases: tuple[str, ...] = ()
    values: bool = False  # the wizard offers to translate this field's values (references, choices)


class RowChecks(Checks):
    """Checks reading cells in the file's conventions (decimal mark, date order, yes/no)."""

    def __init__(self, decimal: str, dates: str) -> None:
        super().__init__()
        self.decimal, self.dates = decimal, dates

    def _decimal(self, field: str, value, *, required: bool):
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(field, "This field is required.")
            return None
        try:
            return parse_decimal(value, self.decimal)
        except BadValue as exc:
            self.fail(field, exc.message, **exc.params)
            return None

    def money(self, field: str, value, *, required: bool = False, minimum: Decimal = Decimal("0"),
              maximum: Decimal = MONEY_MAX) -> Decimal | None:
        """Money (and percentages) rounded half up to the cent before anything else (db/io/values.to_cents)."""
        number = self._decimal(field, value, required=required)
        if number is None:
            return None
        return super().money(field, to_cents(number), minimum=minimum, maximum=maximum)

    def date(self, field: str, value, *, required: bool = False, minimum: dt.date = DATE_MIN,
             maximum: dt.date = DATE_MAX) -> dt.date | None:
        if isinstance(value, str):
            value = value.strip()
            if value:
                try:
                    value = parse_date(value, self.dates)
                except BadValue as exc:
                    self.fail(field, exc.message, **exc.params)
                    return None
        return super().date(field, value, required=required, minimum=minimum, maximum=maximum)

    def boolean(self, field: str, value) -> bool | None:
        if isinstance(value, bool):
            return value
        text = normalise("" if value is None else value)
        if not text:
            return None
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        self.fail(field, "Write yes or no (1 or 0).")
        return None


class Reject(Exception):
    """The row cannot be imported; `field` None when it is about the row as a whole."""

    def __init__(self, message: str, *, field: str | None = None, **params):
        super().__init__(message)
        self.reasons = [(field, message, params)]


@dataclass
class Row:
    number: int  # as a spreadsheet shows it
    cells: list
    raw: dict  # field -> raw value (mapped fields only)


@dataclass(eq=False)  # compared and hashed by identity: rows are looked up in lists and sets
class Planned:
    row: Row
    values: dict
    existing: int | None = None  # the id of the record the key matched
    identity: object = None  # what makes two rows the same record (for duplicates in the file)
    extra: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)  # reasons found after the row's own checks

    def reject(self, message: str, *, field: str | None = None, **params) -> None:
        self.problems.append((field, message, params))


class Kind:
    """One kind of record. Subclasses set the class attributes and the four steps."""

    name = ""
    label = ""  # message id, plural ("Clients")
    fields: tuple[Field, ...] = ()
    keys: tuple[str, ...] = ()  # fields that may identify an existing record, in the order tried
    capability = Can.IMPORT
    batch_size: int | None = None  # rows per transaction; None: the whole file at once
    entity = ""  # in the audit log
    ref_columns: dict[str, str] = {}  # reference list (self.refs) -> the column its ids go to

    def __init__(self, session: Session, viewer: Viewer, resolved: Resolved, *, decimal: str, dates: str):
        self._session, self._session_owner = session, threading.get_ident()
        self.viewer, self.resolved = viewer, resolved
        self.mapped = set(resolved.getters)
        self.key = resolved.key
        self.options = resolved.mapping.options
        self.decimal, self.dates = decimal, dates
        self.counts: Counter[str] = Counter()  # created, updated, unchanged
        self.new_refs: Counter[str] = Counter()  # reference records the import adds (industries...)
        self.audits: list[dict] = []
        self.refs: dict = {}  # reference lists the import may add to: {"industries": RefList}

    # --- the database belongs to one thread at a time -------------------------
    @property
    def session(self) -> Session:
        """The import's session, to the thread that owns it only.

        The importer may write a batch in a second thread while this one checks the next
        (db/io/importer.py); the writer then owns the session, and a check that reached for
        the database would fail here at once instead of sharing a connection between threads.
        """
        if threading.get_ident() != self._session_owner:
            raise RuntimeError(f"The {self.name} import's database session belongs to another thread: "
                               "checking a row must not use the database (look things up in prepare()).")
        return self._session

    def hand_session_to(self, thread_id: int) -> None:
        self._session_owner = thread_id

    # --- the steps ---------------------------------------------------------
    def prepare(self) -> None:
        """Load what the checks look up (once per pass)."""

    def check(self, row: Row, v: RowChecks) -> Planned:
        raise NotImplementedError

    def settle(self, planned: list[Planned]) -> None:
        """Checks across the rows of a batch (duplicates, references between rows)."""
        self.no_duplicates(planned)

    def write(self, planned: list[Planned]) -> None:
        raise NotImplementedError

    def count_plan(self, planned: list[Planned]) -> None:
        """A pass that writes nothing (a dry run, all-or-nothing's first look): count what would happen."""
        for p in planned:
            if p.extra.get("merged"):
                self.counts["merged"] += 1
            elif p.existing is None:
                self.counts["created"] += 1
            else:
                self.counts["updated" if p.extra.get("changes") else "unchanged"] += 1
        for name, used in self.refs_used(planned).items():
            self.new_refs[name] = len(used)

    # --- helpers -----------------------------------------------------------
    def checks(self) -> RowChecks:
        return RowChecks(self.decimal, self.dates)

    def no_duplicates(self, planned: Iterable[Planned], seen: dict | None = None) -> None:
        seen = {} if seen is None else seen
        for p in planned:
            if p.problems or p.identity is None:
                continue
            first = seen.setdefault(p.identity, p.row.number)
            if first != p.row.number:
                p.reject("The same record as row {row}: each record may appear once in a file.", row=first)

    def lookup(self, v: RowChecks, find, value, *, field: str):
        """`find(value, field=...)`, its refusal noted against the field (the row's other checks go on)."""
        try:
            return find(value, field=field)
        except Reject as exc:
            _field, message, params = exc.reasons[0]
            v.fail(field, message, **params)
            return None

    def key_value(self, values: dict) -> tuple[str, object] | None:
        """The key to match an existing record by: the chosen one, else the next key the file has a
        column for and the row a value in (a value the import made up, as a deal's title, is no key)."""
        order = [self.key] + [k for k in self.keys if k != self.key] if self.key else list(self.keys)
        for key in order:
            value = values.get(key)
            if key in self.mapped and value not in (None, ""):
                return key, value
        return None

    def audit(self, action: str, entity_id, changes: dict, *, entity: str | None = None) -> None:
        self.audits.append(audit_row(self.viewer, action=action, entity=entity or self.entity, entity_id=entity_id,
                                     changes=changes))

    def refs_used(self, planned: Iterable[Planned]) -> dict[str, set[str]]:
        """{reference list: the new names (normalised) the good rows use} (found in `ref_columns`)."""
        used: dict[str, set[str]] = {name: set() for name in self.refs}
        for p in planned:
            for name, column in self.ref_columns.items():
                value = p.values.get(column)
                if isinstance(value, str):  # a name the import adds (RefList.find)
                    used[name].add(normalise(value))
        return used

    def create_refs(self, planned: list[Planned]) -> None:
        """Add the reference records the good rows name (before the rows that use them).

        Only theirs: a row refused, by its own checks or against the others, adds no industry
        or territory it named (issue 16, item 8); its name stays pending, unwritten."""
        used = self.refs_used(planned)
        for name, refs in self.refs.items():
            created = refs.create_pending(used[name])
            self.new_refs[name] += len(created)
            for ref_name, new_id in created.items():
                self.audits.append(audit_row(self.viewer, action="import_create", entity=refs.model.__tablename__,
                                             entity_id=new_id, changes={"name": (None, ref_name)}))

    def take_audits(self) -> list[dict]:
        """The audit rows of what was written since the last call (db/actions/imports.py writes them)."""
        audits, self.audits = self.audits, []
        return audits

    def flush_audits(self) -> None:
        write_audit_rows(self.session, self.take_audits())


def diff(old: dict, new: dict) -> dict:
    """{field: (old, new)} of the fields whose value changes (Decimals and dates compared as the audit shows them)."""
    return changed_fields(old, new)


def insert_returning_ids(session: Session, table: Table, rows: list[dict]) -> list[int]:
    """Insert many rows; their new ids in the same order (multi-row INSERT … RETURNING)."""
    if not rows:
        return []
    result = session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
    return [r[0] for r in result]


def update_by_id(session: Session, table: Table, rows: list[dict], *, viewer: Viewer | None,
                 versioned: bool = True) -> None:
    """UPDATE many rows (each a dict with `_id` and the changed columns), grouped by which columns change.

    Versioned rows get version + 1 and who and when, as a form's save does, so an
    open form on the same record is refused as stale instead of overwriting the import.
    """
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(k for k in row if k != "_id")), []).append(row)
    now = utcnow()
    for columns, batch in groups.items():
        # Bound names must differ from the columns set (SQLAlchemy reserves those).
        values: dict[str, object] = {c: bindparam("v_" + c) for c in columns}
        batch = [{"_id": row["_id"], **{"v_" + c: row[c] for c in columns}} for row in batch]
        if versioned:
            values.update(version=table.c.version + 1, updated_at=now,
                          updated_by_id=viewer.user_id if viewer else None)
        session.execute(update(table).where(table.c.id == bindparam("_id")).values(**values)
                        .execution_options(synchronize_session=False), batch)


def company_midnight(day: dt.date) -> dt.datetime:
    """The start of a company day, as an aware UTC moment (how dates become timestamps)."""
    return dt.datetime.combine(day, dt.time(0), config.timezone()).astimezone(dt.UTC)


def fetch_by_ids(session: Session, table: Table, ids: Iterable[int], columns: Iterable[str]) -> dict[int, dict]:
    """{id: {column: value}} of existing rows, in chunks (bound-parameter limits)."""
    id_list, selected = sorted(set(ids)), [table.c[c] for c in columns]
    found: dict[int, dict] = {}
    for start in range(0, len(id_list), 500):
        chunk = id_list[start:start + 500]
        for row in session.execute(select(table.c.id, *selected).where(table.c.id.in_(chunk))).mappings():
            found[row["id"]] = dict(row)
    return found
