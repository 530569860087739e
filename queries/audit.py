"""The history of changes (the audit log) as people read it: who, when, which record, what changed.

Rows are those `access.audit_condition` lets the viewer read. The ids a row mentions — its
record, and reference fields in its changes (owner_id, stage_id, ...) — come back as names
("Калинина С. В.", "Договор"), so the page never shows `owner_id: — → 9`. The words (field
labels, actions, codes) are the UI's (ui/audit_text.py).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import access, config
from db.access import Can, Viewer
from db.models import (
    AuditEntry,
    Client,
    CommissionScheme,
    Contact,
    Deal,
    Department,
    Industry,
    PipelineStage,
    Product,
    ProductGroup,
    Task,
    Territory,
    User,
)

from .frame import frame

COLUMNS = ["id", "at", "user_id", "who", "action", "entity", "entity_id", "record", "changes"]
# A record's name: the column naming it.
NAMED = {"client": Client.name, "contact": Contact.full_name, "deal": Deal.title, "user": User.full_name,
         "department": Department.name, "product": Product.name, "territory": Territory.name,
         "industry": Industry.name, "pipeline_stage": PipelineStage.name, "task": Task.title,
         "commission_scheme": CommissionScheme.name, "product_group": ProductGroup.name}
# A field holding another record's id: which record.
REFERENCES = {"owner_id": "user", "manager_id": "user", "head_id": "user", "user_id": "user",
              "requested_by_id": "user", "decided_by_id": "user", "absent_user_id": "user",
              "stand_in_user_id": "user", "created_by_id": "user", "assignee_id": "user",
              "client_id": "client", "parent_id": "client", "department_id": "department",
              "industry_id": "industry", "territory_id": "territory", "stage_id": "pipeline_stage",
              "from_stage_id": "pipeline_stage", "to_stage_id": "pipeline_stage", "product_id": "product",
              "group_id": "product_group", "deal_id": "deal", "contact_id": "contact",
              "approval_request": None}
# Whose `parent_id` is not a client's.
PARENT_OF = {"territory": "territory", "product_group": "product_group"}


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=COLUMNS)


def _conditions(session: Session, viewer: Viewer, *, who: int | None, entity: str | None, record: str | None,
                since: dt.date | None, until: dt.date | None) -> list:
    conditions = []
    if who is not None:
        conditions.append(AuditEntry.user_id == who)
    if entity:
        conditions.append(AuditEntry.entity == entity)
    if record:
        conditions.append(AuditEntry.entity_id == str(record).strip())
    zone = config.timezone()
    if since is not None:
        conditions.append(AuditEntry.at >= dt.datetime.combine(since, dt.time(), zone).astimezone(dt.UTC))
    if until is not None:
        end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), zone).astimezone(dt.UTC)
        conditions.append(AuditEntry.at < end)
    return [access.audit_condition(session, viewer, within=tuple(conditions)), *conditions]


def history(session: Session, viewer: Viewer, *, who: int | None = None, entity: str | None = None,
            record: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
            limit: int = 1000, offset: int = 0) -> pd.DataFrame:
    """The audit rows the viewer may read, newest first, filtered by who made them, the kind of record
    (and its number), and the days (the company's days, both inclusive): `limit` of them from `offset`."""
    if not access.can(viewer, Can.VIEW_AUDIT):
        return _empty()
    conditions = _conditions(session, viewer, who=who, entity=entity, record=record, since=since, until=until)
    stmt = (select(AuditEntry.id, AuditEntry.at, AuditEntry.user_id, User.full_name.label("who"), AuditEntry.action,
                   AuditEntry.entity, AuditEntry.entity_id, AuditEntry.changes)
            .outerjoin(User, AuditEntry.user_id == User.id)
            .where(*conditions)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(limit).offset(max(offset, 0)))
    return named(session, frame(session, stmt))


def history_count(session: Session, viewer: Viewer, *, who: int | None = None, entity: str | None = None,
                  record: str | None = None, since: dt.date | None = None, until: dt.date | None = None) -> int:
    """How many audit rows `history` has for these filters (all of them, not a page)."""
    if not access.can(viewer, Can.VIEW_AUDIT):
        return 0
    conditions = _conditions(session, viewer, who=who, entity=entity, record=record, since=since, until=until)
    return int(session.scalar(select(func.count(AuditEntry.id)).where(*conditions)) or 0)


def named(session: Session, rows: pd.DataFrame) -> pd.DataFrame:
    """`rows` (with entity, entity_id, changes) with a `record` column naming the record, and the ids in
    `changes` replaced by names: {"owner_id": [None, 9]} -> {"owner_id": [None, "Калинина С. В."]}."""
    rows = rows.copy()
    if rows.empty:
        rows["record"] = pd.Series(dtype=object)
        return rows
    wanted: dict[str, set[int]] = {}
    for entity, entity_id, changes in zip(rows["entity"], rows["entity_id"], rows["changes"], strict=True):
        record = _int(entity_id)
        if entity in NAMED and record is not None:
            wanted.setdefault(entity, set()).add(record)
        for field, pair in (changes if isinstance(changes, dict) else {}).items():
            kind = reference_kind(entity, field)
            for value in (pair if isinstance(pair, list | tuple) else []):
                number = _int(value)
                if kind and number is not None:
                    wanted.setdefault(kind, set()).add(number)
    names = {kind: _names(session, kind, ids) for kind, ids in wanted.items()}

    def name_of(kind: str | None, value):
        number = _int(value)
        if kind is None or number is None:
            return value
        return names.get(kind, {}).get(number, f"#{number}")

    rows["record"] = [name_of(e if e in NAMED else None, i) if e in NAMED else None
                      for e, i in zip(rows["entity"], rows["entity_id"], strict=True)]
    rows["changes"] = [
        {field: [name_of(reference_kind(e, field), v) for v in pair] if isinstance(pair, list | tuple) else pair
         for field, pair in changes.items()} if isinstance(changes, dict) else changes
        for e, changes in zip(rows["entity"], rows["changes"], strict=True)]
    return rows


def reference_kind(entity: str, field: str) -> str | None:
    """Which kind of record a field of this record's changes points to ("user", "client", ...), or None."""
    if field == "parent_id":
        return PARENT_OF.get(entity, "client")
    return REFERENCES.get(field)


def _int(value) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _names(session: Session, kind: str, ids: set[int]) -> dict[int, str]:
    column = NAMED.get(kind)
    if column is None or not ids:
        return {}
    model = column.class_
    found = session.execute(select(model.id, column).where(model.id.in_(sorted(ids)))).all()
    return {int(row[0]): str(row[1]) for row in found}


def choices(session: Session, viewer: Viewer) -> pd.DataFrame:
    """The filters' choices, read at once: who appears in the history the viewer reads (user_id,
    full_name; none for a run of no one's) and the kinds of record (entity), a row per pair."""
    if not access.can(viewer, Can.VIEW_AUDIT):
        return pd.DataFrame(columns=["user_id", "full_name", "entity"])
    pairs = (select(AuditEntry.user_id, AuditEntry.entity).distinct()
             .where(access.audit_condition(session, viewer)).subquery())
    return frame(session, select(pairs.c.user_id, User.full_name, pairs.c.entity)
                 .outerjoin(User, User.id == pairs.c.user_id).order_by(User.full_name, pairs.c.entity))


def people(session: Session, viewer: Viewer) -> pd.DataFrame:
    """Who appears in the history the viewer reads (the "who" filter's choices), by name."""
    return people_of(choices(session, viewer))


def kinds(session: Session, viewer: Viewer) -> list[str]:
    """The kinds of record in the history the viewer reads (the "what" filter's choices)."""
    return kinds_of(choices(session, viewer))


def people_of(pairs: pd.DataFrame) -> pd.DataFrame:
    """`choices`' people: id and name, by name."""
    known = pairs.dropna(subset=["user_id"])
    people = known[["user_id", "full_name"]].drop_duplicates().rename(columns={"user_id": "id"})
    people["id"] = people["id"].astype(int)
    return people.sort_values("full_name", kind="stable").reset_index(drop=True)


def kinds_of(pairs: pd.DataFrame) -> list[str]:
    """`choices`' kinds of record, in order."""
    return sorted(set(pairs["entity"].dropna()))
