"""Twins: groups of clients (and of contacts within a client) that look like one, within what the viewer sees.

A group links active clients by the same name once normalised (legal form, quotes, case,
ё/е and spaces aside), the same phone or e-mail of the client or of one of its contacts, or
names alike (db/rules/duplicates.py) — except two companies of one holding, which are
relatives, not twins. Only the clients the viewer may see take part: a
manager finds twins among their own clients, a head among the department's and the
unassigned queue, the director and admin among all. (The INN is unique in the database:
two clients never share one, so twins under two INNs or none are what is left to find.)

The keys are made in Python (SQLite folds only ASCII), from a narrow read of the visible
clients' names, phones and e-mails; the figures of the grouped ones are summed in SQL.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import case, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from db import access
from db.access import Can, Viewer
from db.models import Activity, Client, ClientStatus, Contact, Deal, DealState, MergeEntity, MergeProposal, \
    MergeStatus, Shipment, User
from db.rules.duplicates import (
    Edge,
    Reason,
    email_key,
    equal_key_edges,
    groups,
    name_key,
    person_key,
    phone_key,
    similar_name_edges,
)

from . import kept
from .frame import frame

CLIENT_COLUMNS = ["group", "reasons", "id", "name", "legal_name", "inn", "phone", "email", "owner", "owner_id",
                  "deals", "open_deals", "contacts", "shipped", "created_at", "version"]
CONTACT_COLUMNS = ["group", "reasons", "id", "client_id", "client", "full_name", "position", "phone", "email",
                   "activities", "version"]
PROPOSAL_COLUMNS = ["id", "entity", "keep_id", "keep", "merge_id", "merge", "client", "proposed_by", "note",
                    "created_at", "version"]
REASON_ORDER = [Reason.INN, Reason.NAME, Reason.PHONE, Reason.EMAIL, Reason.CONTACT, Reason.SIMILAR]


def may_merge(viewer: Viewer) -> bool:
    return access.can(viewer, Can.MERGE_DUPLICATES)


def may_propose(viewer: Viewer) -> bool:
    return access.can(viewer, Can.PROPOSE_MERGE)


def _reasons(found: set[Reason]) -> str:
    return ",".join(r.value for r in REASON_ORDER if r in found)


Found = tuple[tuple[tuple[int, ...], str], ...]  # groups: (record ids ascending, reason codes), the largest first


def client_groups(session: Session, viewer: Viewer, *, limit: int = 200, offset: int = 0) -> pd.DataFrame:
    """Groups of active clients that look like twins: a row a client, `group` numbering the groups
    (the largest first), `reasons` the codes linking the group (inn, name, phone, email, contact, similar).
    `attrs["groups"]`: how many groups there are in all (`limit` of them are listed, from `offset`)."""
    found = client_twins(session, viewer)
    start = max(offset, 0)
    return client_rows(session, viewer, listed=found[start:start + limit], first=start + 1, total=len(found))


def client_twins(session: Session, viewer: Viewer) -> Found:
    """Every group of twin clients the viewer sees (`client_groups` lists them). Reads clients, their
    contacts and the merge proposals only: the page keeps it while deals, shipments and calls are written."""
    if viewer.sees_everything and kept.kept_now():
        return kept.part(session, every_client_twin)  # one for the director, the admin and any such
    return _client_twins(session, access.scope(session, viewer).clients())


def every_client_twin(session: Session, viewer: Viewer | None) -> Found:
    """`client_twins` of a viewer who sees every client: the same for all of them (queries/kept.py)."""
    return _client_twins(session, true())


def _client_twins(session: Session, in_scope) -> Found:
    visible = [in_scope, Client.status == ClientStatus.ACTIVE]
    # plain rows (Core, not the ORM's): tens of thousands of them, read column by column
    rows = session.connection().execute(select(
        Client.id, Client.name, Client.legal_name, Client.inn, Client.phone, Client.email, Client.parent_id,
    ).where(*visible).order_by(Client.id)).all()
    ids = [r[0] for r in rows]
    names: dict[int, str] = dict(zip(ids, map(name_key, [r[1] for r in rows])))
    edges: list[Edge] = []
    name_keys: list[tuple[int, str]] = []
    for r in rows:
        name_keys.append((r[0], names[r[0]]))
        if r[2] and (legal := name_key(r[2])):
            name_keys.append((r[0], legal))
    edges += equal_key_edges(zip(ids, [r[3] or "" for r in rows]), Reason.INN)
    edges += equal_key_edges(name_keys, Reason.NAME)
    edges += equal_key_edges(zip(ids, map(phone_key, [r[4] for r in rows])), Reason.PHONE)
    edges += equal_key_edges(zip(ids, map(email_key, [r[5] for r in rows])), Reason.EMAIL)
    contacts = session.connection().execute(
        select(Contact.client_id, Contact.phone, Contact.email).join(Client, Contact.client_id == Client.id)
        .where(*visible, Contact.active.is_(True), Contact.merged_into_id.is_(None),
               or_(Contact.phone.is_not(None), Contact.email.is_not(None)))
        .order_by(Contact.client_id, Contact.id)).all()
    holders = [c[0] for c in contacts]
    edges += equal_key_edges(zip(holders, map(phone_key, [c[1] for c in contacts])), Reason.CONTACT)
    edges += equal_key_edges(zip(holders, map(email_key, [c[2] for c in contacts])), Reason.CONTACT)
    edges += similar_name_edges(names, _holdings({r[0]: r[6] for r in rows}))
    return tuple((tuple(ids), _reasons(r)) for ids, r in groups(_unless_dismissed(session, MergeEntity.CLIENT, edges)))


def client_rows(session: Session, viewer: Viewer, *, listed: Found, first: int = 1,
                total: int | None = None) -> pd.DataFrame:
    """The rows of these groups of `client_twins` (numbered from `first`) with each client's figures;
    `attrs["groups"]`: `total` (or how many were given)."""
    group_of = {cid: n for n, (ids, _r) in enumerate(listed, start=first) for cid in ids}
    reasons_of = {n: r for n, (_ids, r) in enumerate(listed, start=first)}
    df = _client_figures(session, list(group_of))
    if df.empty:
        df = pd.DataFrame(columns=CLIENT_COLUMNS)
    else:
        df["group"] = df["id"].map(group_of)
        df["reasons"] = df["group"].map(reasons_of)
        df = df.sort_values(["group", "id"]).reset_index(drop=True)[CLIENT_COLUMNS]
    df.attrs["groups"] = len(listed) if total is None else total
    return df


def _unless_dismissed(session: Session, entity: MergeEntity, edges: list[Edge]) -> list[Edge]:
    """The links left once the pairs someone marked "not twins" (a dismissed proposal) are taken out."""
    dismissed = {(min(a, b), max(a, b)) for a, b in session.execute(
        select(MergeProposal.keep_id, MergeProposal.merge_id)
        .where(MergeProposal.entity == entity, MergeProposal.status == MergeStatus.DISMISSED))}
    return [e for e in edges if (min(e.a, e.b), max(e.a, e.b)) not in dismissed] if dismissed else edges


def _holdings(parents: dict[int, int | None]) -> dict[int, int]:
    """Each client's holding: the top of its parent chain as far as the viewer sees it (a parent
    they do not see still stands for the holding: its subsidiaries share it)."""
    top: dict[int, int] = {}
    for start in parents:
        chain, current = [], start
        while current not in top and current not in chain:
            up = parents.get(current)
            if up is None:
                break
            chain.append(current)
            current = up
        found = top.get(current, current)
        for cid in (*chain, current):
            top.setdefault(cid, found)
    return top


def _client_figures(session: Session, ids: list[int]) -> pd.DataFrame:
    if not ids:
        return pd.DataFrame()
    deals = (select(Deal.client_id.label("cid"), func.count(Deal.id).label("deals"),
                    func.sum(case((Deal.state == DealState.OPEN, 1), else_=0)).label("open_deals"))
             .where(Deal.client_id.in_(ids)).group_by(Deal.client_id).subquery())
    contacts = (select(Contact.client_id.label("cid"), func.count(Contact.id).label("contacts"))
                .where(Contact.client_id.in_(ids), Contact.active.is_(True)).group_by(Contact.client_id).subquery())
    shipped = (select(Shipment.client_id.label("cid"), func.sum(Shipment.amount).label("shipped"))
               .where(Shipment.client_id.in_(ids)).group_by(Shipment.client_id).subquery())
    return frame(session, select(
        Client.id, Client.name, Client.legal_name, Client.inn, Client.phone, Client.email,
        User.full_name.label("owner"), Client.owner_id, func.coalesce(deals.c.deals, 0).label("deals"),
        func.coalesce(deals.c.open_deals, 0).label("open_deals"),
        func.coalesce(contacts.c.contacts, 0).label("contacts"),
        func.coalesce(shipped.c.shipped, 0).label("shipped"), Client.created_at, Client.version,
    ).outerjoin(User, Client.owner_id == User.id).outerjoin(deals, deals.c.cid == Client.id)
     .outerjoin(contacts, contacts.c.cid == Client.id).outerjoin(shipped, shipped.c.cid == Client.id)
     .where(Client.id.in_(ids)))


def contact_groups(session: Session, viewer: Viewer, *, client_id: int | None = None,
                   limit: int = 200, offset: int = 0) -> pd.DataFrame:
    """Active contacts of one client that look like one person: the same e-mail, phone, or name
    (case, ё/е and word order aside). Within each visible client (or the one given)."""
    found = contact_twins(session, viewer, client_id=client_id)
    start = max(offset, 0)
    return contact_rows(session, viewer, listed=found[start:start + limit], first=start + 1, total=len(found))


def contact_twins(session: Session, viewer: Viewer, *, client_id: int | None = None) -> Found:
    """Every group of twin contacts (`contact_groups` lists them): reads clients and contacts only."""
    if viewer.sees_everything and client_id is None and kept.kept_now():
        return kept.part(session, every_contact_twin)  # one for the director, the admin and any such
    return _contact_twins(session, access.scope(session, viewer).clients(), client_id)


def every_contact_twin(session: Session, viewer: Viewer | None) -> Found:
    """`contact_twins` of a viewer who sees every client: the same for all of them (queries/kept.py)."""
    return _contact_twins(session, true(), None)


def _contact_twins(session: Session, in_scope, client_id: int | None) -> Found:
    conditions = [in_scope, Client.status == ClientStatus.ACTIVE,
                  Contact.active.is_(True), Contact.merged_into_id.is_(None)]
    if client_id is not None:
        conditions.append(Contact.client_id == client_id)
    rows = session.connection().execute(  # plain rows (Core): tens of thousands, read column by column
        select(Contact.id, Contact.client_id, Contact.full_name, Contact.phone, Contact.email)
        .join(Client, Contact.client_id == Client.id).where(*conditions)
        .order_by(Contact.client_id, Contact.id)).all()
    contact_ids, holders = [r[0] for r in rows], [r[1] for r in rows]
    edges: list[Edge] = []
    for reason, key_of, field in ((Reason.NAME, person_key, 2), (Reason.PHONE, phone_key, 3),
                                  (Reason.EMAIL, email_key, 4)):
        keys = map(key_of, [r[field] for r in rows])  # a key within the client: (client, key)
        edges += equal_key_edges(((i, (c, k)) for i, c, k in zip(contact_ids, holders, keys) if k), reason)
    return tuple((tuple(ids), _reasons(r))
                 for ids, r in groups(_unless_dismissed(session, MergeEntity.CONTACT, edges)))


def contact_rows(session: Session, viewer: Viewer, *, listed: Found, first: int = 1,
                 total: int | None = None) -> pd.DataFrame:
    """The rows of these groups of `contact_twins` (numbered from `first`) with each contact's activities;
    `attrs["groups"]`: `total` (or how many were given)."""
    group_of = {cid: n for n, (ids, _r) in enumerate(listed, start=first) for cid in ids}
    reasons_of = {n: r for n, (_ids, r) in enumerate(listed, start=first)}
    if not group_of:
        df = pd.DataFrame(columns=CONTACT_COLUMNS)
    else:
        acts = (select(Activity.contact_id.label("cid"), func.count(Activity.id).label("activities"))
                .where(Activity.contact_id.in_(list(group_of))).group_by(Activity.contact_id).subquery())
        df = frame(session, select(
            Contact.id, Contact.client_id, Client.name.label("client"), Contact.full_name, Contact.position,
            Contact.phone, Contact.email, func.coalesce(acts.c.activities, 0).label("activities"), Contact.version,
        ).join(Client, Contact.client_id == Client.id).outerjoin(acts, acts.c.cid == Contact.id)
         .where(Contact.id.in_(list(group_of))))
        df["group"] = df["id"].map(group_of)
        df["reasons"] = df["group"].map(reasons_of)
        df = df.sort_values(["group", "id"]).reset_index(drop=True)[CONTACT_COLUMNS]
    df.attrs["groups"] = len(listed) if total is None else total
    return df


def pending_proposals(session: Session, viewer: Viewer) -> pd.DataFrame:
    """Proposals waiting for a merge or a dismissal, about records the viewer sees (both of them):
    for those who merge, what to decide; for a manager, what they asked."""
    seen = access.scope(session, viewer)
    keep_c, merge_c = aliased(Client), aliased(Client)
    keep_p, merge_p = aliased(Contact), aliased(Contact)
    keep_pc = aliased(Client)
    conditions = [MergeProposal.status == MergeStatus.PENDING]
    if not may_merge(viewer):
        conditions.append(MergeProposal.proposed_by_id == viewer.user_id)
    clients = frame(session, select(
        MergeProposal.id, MergeProposal.entity, MergeProposal.keep_id, keep_c.name.label("keep"),
        MergeProposal.merge_id, merge_c.name.label("merge"), keep_c.name.label("client"),
        User.full_name.label("proposed_by"), MergeProposal.note, MergeProposal.created_at, MergeProposal.version,
    ).join(keep_c, keep_c.id == MergeProposal.keep_id).join(merge_c, merge_c.id == MergeProposal.merge_id)
     .outerjoin(User, User.id == MergeProposal.proposed_by_id)
     .where(MergeProposal.entity == MergeEntity.CLIENT, seen.owner_condition(keep_c.owner_id),
            seen.owner_condition(merge_c.owner_id), *conditions))
    contacts = frame(session, select(
        MergeProposal.id, MergeProposal.entity, MergeProposal.keep_id, keep_p.full_name.label("keep"),
        MergeProposal.merge_id, merge_p.full_name.label("merge"), keep_pc.name.label("client"),
        User.full_name.label("proposed_by"), MergeProposal.note, MergeProposal.created_at, MergeProposal.version,
    ).join(keep_p, keep_p.id == MergeProposal.keep_id).join(merge_p, merge_p.id == MergeProposal.merge_id)
     .join(keep_pc, keep_pc.id == keep_p.client_id)
     .outerjoin(User, User.id == MergeProposal.proposed_by_id)
     .where(MergeProposal.entity == MergeEntity.CONTACT, seen.owner_condition(keep_pc.owner_id), *conditions))
    parts = [p for p in (clients, contacts) if not p.empty]
    if not parts:
        return pd.DataFrame(columns=PROPOSAL_COLUMNS)
    df = pd.concat(parts, ignore_index=True)
    return df.sort_values(["created_at", "id"]).reset_index(drop=True)[PROPOSAL_COLUMNS]
