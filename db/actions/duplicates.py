"""Merging twins: one client (or contact) survives, the others' history moves to it, the others are archived.

`merge_clients` moves every row that points at a twin — deals, shipments, contacts,
activities, tasks, mail-merge letters and holding subsidiaries — to the survivor, fills the
survivor's fields (the values picked in `take`, else the survivor's own, else the first
twin's where the survivor has none), and archives each twin with `merged_into_id` naming
the survivor. As in a handover, the twins' open deals and open tasks their manager held go
to the survivor's manager; closed deals, done tasks and shipments keep their people.
`merge_contacts` does the same for contacts of one client. Both are one
audited transaction; forms pass the versions they showed (optimistic locking).

The references each merge moves are declared below, by table and column, and a test
compares them with every foreign key in the models: a new table pointing at clients or
contacts fails that test until someone decides whether its rows move.

A manager's proposal, its dismissal and "not twins": db/actions/merge_proposals.py.
"""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from ..access import Can, Viewer, require, require_client
from ..errors import DomainError
from ..models import Base, Client, ClientStatus, Contact, Deal, DealState, MergeEntity, MergeProposal, \
    MergeStatus, Task, utcnow
from ..models.fields import field_names
from ..search import client_search_text, contact_search_text
from .base import apply_changes, audit, business_action, changed_rows, check_version, touch
from .clients import _would_cycle
from .contacts import CONTACT_FIELDS, contact_in_view
from ..rules.validate import Checks

# (table, column) of every reference to a client: moved to the survivor, or kept (the twin's own link).
CLIENT_REFERENCES_MOVED = (("contacts", "client_id"), ("deals", "client_id"), ("shipments", "client_id"),
                           ("activities", "client_id"), ("tasks", "client_id"), ("mail_letters", "client_id"),
                           ("clients", "parent_id"), ("documents", "client_id"), ("notifications", "client_id"),
                           ("price_types", "client_id"))
CLIENT_REFERENCES_KEPT = (("clients", "merged_into_id"),)
CONTACT_REFERENCES_MOVED = (("activities", "contact_id"), ("mail_letters", "contact_id"),
                            ("contacts", "reports_to_id"), ("documents", "contact_id"))
CONTACT_REFERENCES_KEPT = (("contacts", "merged_into_id"),)
MAX_TWINS = 20  # merged into one survivor at once
CLOSED_ELSEWHERE = "One of the two was merged with another record."


def _move(session: Session, viewer: Viewer, references: Sequence[tuple[str, str]], from_ids: list[int],
          to_id: int, *, own_table: str) -> dict[str, tuple[None, int]]:
    """Point every reference to `from_ids` at `to_id`; in `own_table` the merged records themselves
    (changed through the ORM) are left alone. Edited rows get a new version, so a
    form loaded before the merge is refused. Returns {"table.column": (None, rows)} for the audit."""
    moved = {}
    for table_name, column in references:
        table = Base.metadata.tables[table_name]
        values: dict = {column: to_id}
        if "version" in table.c and "updated_by_id" in table.c:
            values |= {"version": table.c.version + 1, "updated_at": utcnow(), "updated_by_id": viewer.user_id}
        stmt = update(table).where(table.c[column].in_(from_ids))
        if table_name == own_table:
            stmt = stmt.where(table.c.id.not_in([to_id, *from_ids]))
        count = changed_rows(session.execute(stmt.values(**values),
                                             execution_options={"synchronize_session": False}))
        if count:
            moved[f"{table_name}.{column}"] = (None, count)
    return moved


def _follow_the_owner(session: Session, viewer: Viewer, twin_ids: list[int],
                      owner_id: int | None) -> dict[str, tuple[None, int]]:
    """As in a handover (db/actions/handover.py): the twins' open deals and open tasks their own
    manager held go to the survivor's manager, who now works the client; closed deals, done tasks,
    a colleague's deal and the shipments keep their people, so past statistics do not move."""
    if owner_id is None:
        return {}
    changed = {}
    for model, person, still_open in ((Deal, Deal.owner_id, Deal.state == DealState.OPEN),
                                      (Task, Task.assignee_id, Task.done.is_(False))):
        ids = list(session.scalars(select(model.id).join(Client, model.client_id == Client.id).where(
            model.client_id.in_(twin_ids), still_open, person == Client.owner_id, person != owner_id)))
        if ids:
            session.execute(update(model).where(model.id.in_(ids)).values(
                {person.key: owner_id, "version": model.version + 1, "updated_at": utcnow(),
                 "updated_by_id": viewer.user_id}), execution_options={"synchronize_session": False})
            changed[f"{model.__tablename__}.{person.key}"] = (None, len(ids))
    return changed


def _picked(v: Checks, survivor, twins: list, fields: Sequence[str], take: dict[str, int] | None) -> dict:
    """The survivor's values after the merge: picked per field in `take` (field -> the id of the record
    to take it from), else the survivor's own, else the first twin's where the survivor has none."""
    records = {survivor.id: survivor, **{t.id: t for t in twins}}
    values = {}
    for field, source_id in (take or {}).items():
        if field not in fields:
            raise TypeError(f"merge: unknown field {field!r}")
        if source_id not in records:
            v.fail(field, "Take the value from one of the records being merged.")
            continue
        values[field] = getattr(records[source_id], field)
    for field in fields:
        if field in values or getattr(survivor, field) not in (None, ""):
            continue
        filled = next((getattr(t, field) for t in twins if getattr(t, field) not in (None, "")), None)
        if filled is not None:
            values[field] = filled
    return values


BANK_FIELDS = ("bank_name", "bic", "settlement_account", "correspondent_account")


def _bank_as_one(v: Checks, survivor: Client, twins: list[Client], values: dict, take: dict[str, int] | None) -> None:
    """A client's bank requisites go together (the accounts are checked against the BIC): the gaps are not
    filled field by field from different records. A survivor with any of them keeps its own; one with none
    takes all of them from the first twin that has any. Picked ones (`take`) are checked as they combine."""
    chosen = set(take or {})
    for field in BANK_FIELDS:
        if field in values and field not in chosen:
            del values[field]
    if not chosen & set(BANK_FIELDS) and not any(getattr(survivor, f) for f in BANK_FIELDS):
        source = next((t for t in twins if any(getattr(t, f) for f in BANK_FIELDS)), None)
        if source is not None:
            values.update({f: getattr(source, f) for f in BANK_FIELDS})
    if chosen & set(BANK_FIELDS):
        v.bank_accounts({f: values[f] if f in values else getattr(survivor, f) for f in BANK_FIELDS})


def _twin_ids(keep_id: int, merge_ids: Sequence[int]) -> list[int]:
    ids = list(dict.fromkeys(int(i) for i in merge_ids if int(i) != keep_id))
    if not ids:
        raise DomainError("Choose the records to merge into the one that stays.")
    if len(ids) > MAX_TWINS:
        raise DomainError("At most {n} records are merged at once.", n=MAX_TWINS)
    return ids


def _close_proposals(session: Session, viewer: Viewer, entity: MergeEntity, keep_id: int,
                     merged: list[int]) -> list[int]:
    """Pending proposals about a merged record: done (both of its records are in this merge) or
    dismissed (the other went elsewhere)."""
    together = {keep_id, *merged}
    closed = []
    for p in session.scalars(select(MergeProposal).where(
            MergeProposal.entity == entity, MergeProposal.status == MergeStatus.PENDING,
            or_(MergeProposal.keep_id.in_(merged), MergeProposal.merge_id.in_(merged)))):
        both = p.keep_id in together and p.merge_id in together
        apply_changes(p, {"status": MergeStatus.MERGED if both else MergeStatus.DISMISSED,
                          "decided_by_id": viewer.user_id, "decided_at": utcnow(),
                          "comment": None if both else CLOSED_ELSEWHERE})
        touch(p, viewer)
        closed.append(p.id)
    return closed


@business_action
def merge_clients(session: Session, viewer: Viewer, *, keep_id: int, merge_ids: Sequence[int],
                  take: dict[str, int] | None = None, expected_versions: dict[int, int] | None = None) -> Client:
    """Merge the clients `merge_ids` into `keep_id` (those who may merge, within their access)."""
    require(viewer, Can.MERGE_DUPLICATES)
    twin_ids = _twin_ids(keep_id, merge_ids)
    versions = expected_versions or {}
    keep = require_client(session, viewer, keep_id, for_update=True)
    twins = [require_client(session, viewer, i, for_update=True) for i in twin_ids]
    for record in (keep, *twins):
        check_version(session, record, versions.get(record.id))
        if record.merged_into_id is not None:
            raise DomainError("{name} was already merged into another client.", name=record.name)
    if keep.status != ClientStatus.ACTIVE:
        raise DomainError("The client that stays is archived: restore it first, or keep another one.")
    v = Checks()
    values = _picked(v, keep, twins, field_names(Client), take)
    _bank_as_one(v, keep, twins, values, take)
    if values.get("parent_id") in {keep.id, *twin_ids}:
        values["parent_id"] = None
    v.raise_if_any()

    moved = _follow_the_owner(session, viewer, twin_ids, keep.owner_id)
    moved |= _move(session, viewer, CLIENT_REFERENCES_MOVED, twin_ids, keep.id, own_table="clients")
    session.expire_all()  # rows moved behind the ORM's back: what is read below is read afresh
    if keep.parent_id in twin_ids:
        values.setdefault("parent_id", None)
    if values.get("parent_id") and _would_cycle(session, keep.id, values["parent_id"]):
        values["parent_id"] = None
    now = utcnow()
    for twin in twins:
        twin_values: dict = {"status": ClientStatus.ARCHIVED.value, "merged_into_id": keep.id, "parent_id": None}
        if twin.archived_at is None:
            twin_values["archived_at"] = now
        if values.get("inn") and twin.inn == values["inn"]:
            twin_values["inn"] = None  # unique: the survivor takes it over
        if twin.external_id and not keep.external_id and twin is twins[0]:
            twin_values["external_id"] = None  # a re-import of the twin's file updates the survivor
            values["external_id"] = twin.external_id
        changes = apply_changes(twin, twin_values)
        touch(twin, viewer)
        audit(session, viewer, action="merge_client_into", entity="client", entity_id=twin.id, changes=changes)
    session.flush()  # the twins give up their unique INN and external id before the survivor takes them
    changes = apply_changes(keep, values)
    keep.search_text = client_search_text(keep.name, keep.legal_name, keep.inn)
    touch(keep, viewer)
    closed = _close_proposals(session, viewer, MergeEntity.CLIENT, keep.id, twin_ids)
    audit(session, viewer, action="merge_clients", entity="client", entity_id=keep.id,
          changes={"merged_ids": (None, twin_ids), **changes, **moved,
                   **({"proposals_closed": (None, closed)} if closed else {})})
    return keep


@business_action
def merge_contacts(session: Session, viewer: Viewer, *, keep_id: int, merge_ids: Sequence[int],
                   take: dict[str, int] | None = None, expected_versions: dict[int, int] | None = None) -> Contact:
    """Merge contacts of one client into `keep_id`: their activities, letters and juniors move to it."""
    require(viewer, Can.MERGE_DUPLICATES)
    twin_ids = _twin_ids(keep_id, merge_ids)
    versions = expected_versions or {}
    keep = contact_in_view(session, viewer, keep_id)
    twins = [contact_in_view(session, viewer, i) for i in twin_ids]
    for record in (keep, *twins):
        check_version(session, record, versions.get(record.id))
        if record.merged_into_id is not None:
            raise DomainError("{name} was already merged into another contact.", name=record.full_name)
        if record.client_id != keep.client_id:
            raise DomainError("Only contacts of one client are merged: merge the clients first.")
    if not keep.active:
        raise DomainError("The contact that stays is archived: keep another one.")
    v = Checks()
    values = _picked(v, keep, twins, CONTACT_FIELDS, take)
    v.raise_if_any()

    moved = _move(session, viewer, CONTACT_REFERENCES_MOVED, twin_ids, keep.id, own_table="contacts")
    session.expire_all()
    boss = values.get("reports_to_id", keep.reports_to_id)
    if boss in {keep.id, *twin_ids}:
        values["reports_to_id"] = None
    for twin in twins:
        changes = apply_changes(twin, {"active": False, "merged_into_id": keep.id, "reports_to_id": None})
        touch(twin, viewer)
        audit(session, viewer, action="merge_contact_into", entity="contact", entity_id=twin.id, changes=changes)
    changes = apply_changes(keep, values)
    keep.search_text = contact_search_text(keep.full_name, keep.phone, keep.email)
    touch(keep, viewer)
    closed = _close_proposals(session, viewer, MergeEntity.CONTACT, keep.id, twin_ids)
    audit(session, viewer, action="merge_contacts", entity="contact", entity_id=keep.id,
          changes={"merged_ids": (None, twin_ids), **changes, **moved,
                   **({"proposals_closed": (None, closed)} if closed else {})})
    return keep
