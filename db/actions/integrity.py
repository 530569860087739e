"""What a refused write tells a person: the real cause of a database refusal.

Actions check their input before writing, so a database constraint that still
refuses a write means either a check the action lacks or a change someone saved
in between. Either way the person is told which rule and which field:

- a unique constraint: "A client with this INN already exists." (under the field);
- a foreign key: the chosen record no longer exists;
- NOT NULL / CHECK: which field is missing or out of range;
- the ORM's version check (StaleDataError): who changed the row and when, read
  again after the rollback in a fresh query.

PostgreSQL names the constraint, table and column in the error's diagnostics
(psycopg's `diag`); SQLite only in the message text ("UNIQUE constraint failed:
clients.inn"). Both are mapped onto the models' metadata here.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import CheckConstraint, Column, Table, UniqueConstraint, event, inspect, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import InstanceState, Mapper, Session
from sqlalchemy.orm.exc import StaleDataError

from i18n import N_

from ..errors import DomainError, MessageId, StaleRecord, ValidationError
from ..models import Base, User

CONCURRENT = N_("The change conflicts with a record saved at the same moment. Reload and try again.")

# Unique constraints whose meaning one sentence says best: (message, the form field it belongs under).
_UNIQUE: dict[str, tuple[str, str]] = {
    "uq_clients_inn": (N_("A client with this INN already exists."), "inn"),
    "uq_users_login": (N_("A user with this login already exists."), "login"),
    "uq_products_sku": (N_("A product with this SKU already exists."), "sku"),
    "uq_departments_name": (N_("A department with this name already exists."), "name"),
    "uq_industries_name": (N_("An industry with this name already exists."), "name"),
    "uq_territories_parent_name": (N_("A territory with this name already exists at this place."), "name"),
    "uq_sales_plans_user_month": (N_("This person already has a plan for this month."), "month"),
    "uq_sales_plans_department_month": (N_("This department already has a plan for this month."), "month"),
    "uq_assignment_rules_territory_industry": (
        N_("A rule for this territory and industry already exists."), "industry_id"),
    "uq_import_mappings_kind_name": (N_("A mapping with this name already exists."), "name"),
    "uq_mail_letters_run_client": (N_("This client already has a letter in this mailing."), "client_id"),
}

# Checks over several columns: no one field is wrong, the combination is.
_CHECK: dict[str, str] = {
    "ck_stand_ins_period": N_("The last day comes before the first day."),
    "ck_stand_ins_not_self": N_("A person cannot stand in for themselves."),
    "ck_sales_plans_one_target": N_("A plan is either a person's or a department's."),
    "ck_commission_schemes_one_target": N_("A scheme is either for a role or for a person."),
    "ck_pipeline_stages_won_or_lost": N_("A stage cannot be both won and lost."),
}

# Labels of columns that carry no `editable(...)` label on the model.
_LABELS: dict[str, str] = {
    "name": N_("Name"), "login": N_("Login"), "sku": N_("SKU"), "full_name": N_("Full name"),
    "title": N_("Title"), "month": N_("Month"), "amount": N_("Amount"), "quantity": N_("Quantity"),
    "price": N_("Price"), "discount_pct": N_("Discount, %"), "probability": N_("Probability, %"),
    "default_probability": N_("Probability, %"), "role": N_("Role"), "status": N_("Status"),
    "state": N_("State"), "kind": N_("Kind"), "starts_on": N_("From"), "ends_on": N_("To"),
    "amount_paid": N_("Paid"), "influence": N_("Influence"), "decision_role": N_("Decision role"),
    "external_id": N_("External id"), "email": N_("E-mail"), "channel": N_("Channel"), "base": N_("Base"),
    "client_id": N_("Client"), "deal_id": N_("Deal"), "product_id": N_("Product"), "user_id": N_("Person"),
    "owner_id": N_("Owner"), "department_id": N_("Department"), "territory_id": N_("Territory"),
    "industry_id": N_("Industry"), "stage_id": N_("Stage"), "manager_id": N_("Manager"),
}


@dataclasses.dataclass(frozen=True)
class Violation:
    """What the database said, in one shape for both databases."""

    kind: str  # unique, foreign_key, not_null, check, other
    table: str | None = None
    columns: tuple[str, ...] = ()
    constraint: str | None = None


# ---------------------------------------------------------------- reading the error

_PG_KINDS = {"23505": "unique", "23503": "foreign_key", "23502": "not_null", "23514": "check"}
_SQLITE = re.compile(r"(UNIQUE|NOT NULL|CHECK|FOREIGN KEY) constraint failed(?::\s*(.*))?", re.IGNORECASE)


def violation(exc: IntegrityError) -> Violation:
    orig = exc.orig
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate is not None:  # PostgreSQL (psycopg)
        diag = getattr(orig, "diag", None)
        table = getattr(diag, "table_name", None)
        constraint = getattr(diag, "constraint_name", None)
        column = getattr(diag, "column_name", None)
        kind = _PG_KINDS.get(sqlstate, "other")
        columns: tuple[str, ...] = (column,) if column else _constraint_columns(constraint)
        return Violation(kind, table, columns, constraint)
    match = _SQLITE.search(str(orig))
    if match is None:
        return Violation("other")
    kind = match.group(1).upper().replace(" ", "_").lower()
    detail = (match.group(2) or "").strip()
    if kind in ("unique", "not_null"):  # "clients.inn" or "sales_plans.user_id, sales_plans.month"
        parts = [p.strip().split(".", 1) for p in detail.split(",") if "." in p]
        table = parts[0][0] if parts else None
        columns = tuple(p[1] for p in parts)
        return Violation(kind, table, columns, _unique_name(table, columns) if kind == "unique" else None)
    if kind == "check":  # the constraint's name: "ck_clients_credit_limit"
        return Violation(kind, _constraint_table(detail), _constraint_columns(detail), detail or None)
    return Violation(kind)  # SQLite does not say which foreign key


def _tables() -> list[Table]:
    return list(Base.metadata.tables.values())


def _unique_name(table: str | None, columns: tuple[str, ...]) -> str | None:
    for tbl in _tables():
        if tbl.name != table:
            continue
        items: list[Any] = [*tbl.constraints, *tbl.indexes]
        for cons in items:
            unique = isinstance(cons, UniqueConstraint) or getattr(cons, "unique", False)
            if unique and tuple(c.name for c in cons.columns) == columns:
                return str(cons.name)
    return None


def _constraint(name: str | None) -> tuple[Table, Any] | None:
    if not name:
        return None
    for tbl in _tables():
        items: list[Any] = [*tbl.constraints, *tbl.indexes]
        for cons in items:
            if cons.name == name:
                return tbl, cons
    return None


def _constraint_table(name: str | None) -> str | None:
    found = _constraint(name)
    return found[0].name if found else None


def _constraint_columns(name: str | None) -> tuple[str, ...]:
    found = _constraint(name)
    if found is None:
        return ()
    tbl, cons = found
    if isinstance(cons, CheckConstraint):  # the table's columns its expression names
        text = str(cons.sqltext)
        return tuple(c.name for c in tbl.columns if re.search(rf"\b{re.escape(c.name)}\b", text))
    return tuple(c.name for c in cons.columns)


def _column(table: str | None, name: str) -> Column | None:
    tbl = Base.metadata.tables.get(table or "")
    return tbl.columns.get(name) if tbl is not None else None


def field_label(table: str | None, column: str) -> str:
    """The column's label as a message id (the UI translates it)."""
    col = _column(table, column)
    declared = col.info.get("editable") if col is not None else None
    if declared and declared.get("label"):
        return MessageId(declared["label"])
    if column in _LABELS:
        return MessageId(_LABELS[column])
    return column


# ---------------------------------------------------------------- the message

def integrity_refusal(exc: IntegrityError) -> DomainError:
    """The refusal a person reads for a constraint the database enforced."""
    v = violation(exc)
    field = v.columns[-1] if v.columns else None
    if v.kind == "unique":
        if v.constraint in _UNIQUE:
            message, under = _UNIQUE[v.constraint]
            return ValidationError({under: message})
        if field:
            return ValidationError({field: (N_("Another record already has this {field}."),
                                            {"field": field_label(v.table, field)})})
        return DomainError("Another record already has these values.")
    if v.kind == "foreign_key":
        if field:
            return ValidationError({field: (N_("The chosen {field} no longer exists. Reload and choose again."),
                                            {"field": field_label(v.table, field)})})
        return DomainError("The change refers to a record that no longer exists. Reload and try again.")
    if v.kind == "not_null" and field:
        return ValidationError({field: (N_("{field} is required."), {"field": field_label(v.table, field)})})
    if v.kind == "check":
        if v.constraint in _CHECK:
            return DomainError(_CHECK[v.constraint])
        if len(v.columns) == 1 and field:
            return ValidationError({field: (N_("The value of {field} is out of the allowed range."),
                                            {"field": field_label(v.table, field)})})
        return DomainError("The values break a rule of the data ({rule}).", rule=v.constraint or "?")
    return DomainError("The database refused the change: {reason}", reason=str(exc.orig).splitlines()[0])


def is_concurrent(exc: DBAPIError) -> bool:
    """A conflict with another transaction at the same moment (retrying may succeed)."""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate in ("40001", "40P01"):  # serialization failure, deadlock
        return True
    text = str(exc.orig).lower()
    return "database is locked" in text or "database table is locked" in text


# ---------------------------------------------------------------- stale rows

_SEEN = "crm_versions_seen"


def _versions(states: Iterable[InstanceState]) -> dict[tuple, object]:
    seen = {}
    for state in states:
        mapper = state.mapper
        if mapper.version_id_col is None or state.key is None:
            continue
        prop = mapper.get_property_by_column(mapper.version_id_col)
        seen[state.key] = state.committed_state.get(prop.key, state.dict.get(prop.key))
    return seen


@event.listens_for(Session, "before_flush")
def _remember_versions(session: Session, flush_context: object, instances: object) -> None:
    """The versions the rows about to be written were loaded at: a failed flush expires them."""
    session.info[_SEEN] = _versions(inspect(obj) for obj in [*session.dirty, *session.deleted])


@event.listens_for(Session, "after_flush_postexec")
def _forget_versions(session: Session, flush_context: object) -> None:
    session.info.pop(_SEEN, None)


def stale_candidates(session: Session) -> dict[tuple, object]:
    """Call before the rollback: the versioned rows the session holds, with the versions it saw.

    A failed flush: the rows it was writing. A row loaded again with a newer
    version (PostgreSQL's `SELECT ... FOR UPDATE`): every versioned row held.
    """
    seen = session.info.pop(_SEEN, None)
    return seen if seen is not None else _versions(session.identity_map.all_states())


def stale_refusal(session: Session, exc: StaleDataError, candidates: dict[tuple, object]) -> StaleRecord:
    """Call after the rollback: who changed the row the session expected unchanged, and when."""
    on_table = re.search(r"on table '([^']+)'", str(exc))  # a failed UPDATE or DELETE
    of_class = re.search(r"Instance '<(\w+) at", str(exc))  # a row loaded with a newer version
    try:
        for (cls, ident, *_), version in candidates.items():
            mapper: Mapper = inspect(cls)
            if on_table is not None and on_table.group(1) not in {t.name for t in mapper.tables}:
                continue
            if of_class is not None and of_class.group(1) != cls.__name__:
                continue
            found = _changed(session, mapper, ident, version)
            if found is not None:
                return found
    except Exception:  # noqa: BLE001 - the refusal itself must not fail; say what is known
        session.rollback()
    return StaleRecord(changed_by=None, changed_at=None)


def _changed(session: Session, mapper: Mapper, ident: tuple, version: object) -> StaleRecord | None:
    version_col = mapper.version_id_col
    assert version_col is not None
    keys = mapper.primary_key
    wanted: list[Any] = [version_col]
    has_author = "updated_by_id" in mapper.columns and "updated_at" in mapper.columns
    if has_author:
        wanted += [mapper.columns["updated_by_id"], mapper.columns["updated_at"]]
    query = select(*wanted).where(*[k == v for k, v in zip(keys, ident)])
    row = session.execute(query).first()
    if row is None:  # the row is gone
        return StaleRecord(changed_by=None, changed_at=None)
    if row[0] == version:  # not this one
        return None
    if not has_author:
        return StaleRecord(changed_by=None, changed_at=None)
    who = session.scalar(select(User.full_name).where(User.id == row[1])) if row[1] is not None else None
    return StaleRecord(changed_by=who, changed_at=row[2])


READ_ONLY = N_("The database is read-only just now, so nothing was saved. Try again later; if it lasts, tell the "
                "administrator.")
DISK_FULL = N_("The database's disk is full, so nothing was saved. Tell the administrator.")
OUT_OF_RESOURCES = N_("The database is short of memory or connections just now, so nothing was saved. Try again in "
                      "a moment; if it lasts, tell the administrator.")
_READ_ONLY_TEXTS = ("readonly database", "read-only transaction", "read only", "read-only file system")
_DISK_FULL_TEXTS = ("database or disk is full", "disk full", "no space left on device", "could not extend file")


def storage_refusal(exc: DBAPIError) -> DomainError | None:
    """A write the storage refused (read-only, full): a message for a person instead of an error page."""
    sqlstate = getattr(exc.orig, "sqlstate", None) or ""
    text = str(exc.orig).lower()
    if sqlstate == "25006" or any(t in text for t in _READ_ONLY_TEXTS):
        return DomainError(READ_ONLY)
    if sqlstate == "53100" or any(t in text for t in _DISK_FULL_TEXTS):  # disk_full
        return DomainError(DISK_FULL)
    if sqlstate.startswith("53"):  # 53000 insufficient resources, 53200 out of memory, 53300 too many connections
        return DomainError(OUT_OF_RESOURCES)
    return None
