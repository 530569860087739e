"""Writes on clients: create, edit, archive."""
from __future__ import annotations

from difflib import SequenceMatcher

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from i18n import N_

from ..access import (
    Can,
    Scope,
    Viewer,
    may_assign_owner,
    may_own_clients,
    require,
    require_client,
    role_owns_clients,
    scope,
)
from ..assignment import owner_by_rules
from ..errors import DomainError, NotFound
from ..models import Client, ClientStatus, Deal, DealState, Industry, Territory, User, utcnow
from ..models.fields import editable_fields
from .base import apply_changes, audit, business_action, check_version, created, touch
from .prices import check_client_price_type
from ..search import client_search_text, name_core
from ..rules.validate import Checks


CLIENT_FIELDS = editable_fields(Client)  # the client's editable fields, declared on the model
CLIENT_FIELD_NAMES = tuple(spec.name for spec in CLIENT_FIELDS)
SIMILAR_SHOWN = 5  # similar clients named in the refusal, at most
# An INN twin outside the viewer's access (shared with the import): no name, no owner.
HIDDEN_INN_TWIN = N_("A client with this INN already exists among clients you cannot see: ask your head or the "
                     "director who works with it.")


def client_field_values(v: Checks, raw: dict) -> dict:
    """Each field's own checks, without the database: shared with the import (db/io),
    which does the rest (INN twins, references) for thousands of rows at once."""
    values = {spec.name: v.field(spec, raw.get(spec.name)) for spec in CLIENT_FIELDS}
    v.bank_accounts(values)  # the accounts' control keys against the BIC (db/rules/requisites.py)
    return values


def _check_client_fields(session: Session, viewer: Viewer, v: Checks, raw: dict,
                         *, exclude_id: int | None = None) -> dict:
    values = client_field_values(v, raw)
    if values["inn"]:
        twin = session.execute(
            select(Client.name, Client.owner_id, User.full_name)
            .outerjoin(User, Client.owner_id == User.id)
            .where(Client.inn == values["inn"], Client.id != (exclude_id or -1))
        ).first()
        if twin and scope(session, viewer).allows_owner(twin.owner_id):
            # A client the viewer sees anyway: its name and owner, whom to talk to.
            v.fail("inn", "A client with this INN exists: {name} (manager: {owner}).",
                   name=twin.name, owner=twin.full_name or "—")
        elif twin:
            # Outside the viewer's access: that it exists (no duplicate), never whose it is —
            # else typing INNs would map other managers' clients.
            v.fail("inn", HIDDEN_INN_TWIN)
    if values["industry_id"] and session.get(Industry, values["industry_id"]) is None:
        v.fail("industry_id", "Choose one of the offered values.")
    if values["territory_id"] and session.get(Territory, values["territory_id"]) is None:
        v.fail("territory_id", "Choose one of the offered values.")
    if values["parent_id"]:
        if values["parent_id"] == exclude_id:
            v.fail("parent_id", "A client cannot be its own parent.")
        else:
            try:
                require_client(session, viewer, values["parent_id"])
            except NotFound:
                v.fail("parent_id", "Choose one of the offered values.")
    check_client_price_type(session, viewer, v, session.get(Client, exclude_id) if exclude_id else None,
                            values["price_type_id"])
    return values


def _owner_for_new_client(session: Session, viewer: Viewer, v: Checks, owner_id: int | None) -> int | None:
    if owner_id is None and role_owns_clients(viewer.role):
        owner_id = viewer.user_id
    if owner_id is not None:
        owner = session.get(User, owner_id)
        if not may_own_clients(owner):
            v.fail("owner_id", "The owner must be an active manager or head.")
            return None
    if not may_assign_owner(session, viewer, owner_id):
        v.fail("owner_id", "You may not give a client to this manager.")
        return None
    return owner_id


def similar_clients(session: Session, name: str, *,
                    exclude_id: int | None = None) -> list[tuple[str, str | None, int | None]]:
    """Clients (any owner) whose name looks like `name`, the likest first: [(name, owner's name, owner's id)].

    Across all clients: a manager must learn that the company may already be worked.
    What of it they are told depends on their access (`_refuse_similar`).
    """
    core = name_core(name)
    words = sorted(core.split(), key=len, reverse=True)
    if not words or len(words[0]) < 3:
        return []
    probe = "%" + words[0][:6] + "%"
    rows = session.execute(
        select(Client.id, Client.name, User.full_name, Client.owner_id)
        .outerjoin(User, Client.owner_id == User.id)
        .where(Client.search_text.like(probe), Client.id != (exclude_id or -1))
        .limit(200)
    ).all()
    scored = []
    for _id, other, owner, owner_id in rows:
        other_core = name_core(other)
        ratio = SequenceMatcher(None, core, other_core).ratio()
        if other_core == core or ratio >= 0.85 or (len(core) >= 5 and (core in other_core or other_core in core)):
            scored.append((ratio, other, owner, owner_id))
    scored.sort(key=lambda r: -r[0])
    return [(other, owner, owner_id) for _r, other, owner, owner_id in scored]


def _refuse_similar(v: Checks, twins: list[tuple[str, str | None, int | None]], seen: Scope,
                    limit: int = SIMILAR_SHOWN) -> None:
    """The similar clients the viewer may see, by name and manager (up to `limit`); of the
    others only that there are some — no name, owner or count (they would map the base)."""
    shown = [f"{n} ({o or '—'})" for n, o, owner_id in twins if seen.allows_owner(owner_id)][:limit]
    hidden = any(not seen.allows_owner(owner_id) for _n, _o, owner_id in twins)
    if shown and hidden:
        v.fail("name", "Similar clients exist: {clients}; a similar name also exists among clients you cannot see "
                       "(ask your head or the director). If this is a different company, confirm and save again.",
               clients="; ".join(shown))
    elif shown:
        v.fail("name", "Similar clients exist: {clients}. If this is a different company, confirm and save again.",
               clients="; ".join(shown))
    elif hidden:
        v.fail("name", "A similar name exists among clients you cannot see: ask your head or the director who works "
                       "with it. If this is a different company, confirm and save again.")


@business_action
def create_client(session: Session, viewer: Viewer, *, owner_id: int | None = None,
                  allow_similar: bool = False, **fields) -> Client:
    """A new active client. Managers create their own; heads for their department.

    A name like an existing client's is refused unless `allow_similar` (the
    form's "it is a different company" box); the same INN always is.
    """
    require(viewer, Can.CREATE_CLIENT)
    v = Checks()
    values = _check_client_fields(session, viewer, v, fields)
    if owner_id is None and viewer.sees_everything:
        # Nobody chosen by the director or admin (or an import): the most specific
        # assignment rule picks the owner; no rule matching -> the unassigned queue.
        owner_id = owner_by_rules(session, territory_id=values["territory_id"], industry_id=values["industry_id"])
    values["owner_id"] = _owner_for_new_client(session, viewer, v, owner_id)
    if values["name"] and not allow_similar and "name" not in v.errors:
        twins = similar_clients(session, values["name"])
        if twins:
            _refuse_similar(v, twins, scope(session, viewer))
    v.raise_if_any()
    client = Client(**values, created_by_id=viewer.user_id,
                    search_text=client_search_text(values["name"], values["legal_name"], values["inn"]))
    session.add(client)
    session.flush()
    audit(session, viewer, action="create_client", entity="client", entity_id=client.id,
          changes=created(values))
    return client


@business_action
def update_client(session: Session, viewer: Viewer, *, client_id: int, expected_version: int | None,
                  **fields) -> Client:
    """Edit requisites, classification, credit terms and notes (not the owner: that is a handover).

    Fields not given keep their values; the result is validated as a whole.
    """
    client = require_client(session, viewer, client_id, for_update=True)
    check_version(session, client, expected_version)
    unknown = set(fields) - set(CLIENT_FIELD_NAMES)
    if unknown:
        raise TypeError(f"update_client got unknown fields: {sorted(unknown)}")
    raw = {field: getattr(client, field) for field in CLIENT_FIELD_NAMES} | fields
    v = Checks()
    values = _check_client_fields(session, viewer, v, raw, exclude_id=client.id)
    if values["parent_id"] and _would_cycle(session, client.id, values["parent_id"]):
        v.fail("parent_id", "This would make the holding a circle: the chosen parent belongs to this client.")
    v.raise_if_any()
    changes = apply_changes(client, values)
    if changes:
        client.search_text = client_search_text(client.name, client.legal_name, client.inn)
        touch(client, viewer)
        audit(session, viewer, action="update_client", entity="client", entity_id=client.id, changes=changes)
    return client


def _would_cycle(session: Session, client_id: int, parent_id: int) -> bool:
    """Whether `client_id` is `parent_id` or one of its ancestors."""
    seen, current = set(), parent_id
    while current is not None and current not in seen:
        if current == client_id:
            return True
        seen.add(current)
        current = session.scalar(select(Client.parent_id).where(Client.id == current))
    return False


@business_action
def archive_client(session: Session, viewer: Viewer, *, client_id: int, expected_version: int | None) -> Client:
    """Out of the active lists, with everything kept (head and above). Open deals must be closed first."""
    require(viewer, Can.ARCHIVE_CLIENT)
    client = require_client(session, viewer, client_id, for_update=True)
    check_version(session, client, expected_version)
    if client.status == ClientStatus.ARCHIVED:
        raise DomainError("The client is already archived.")
    open_deals = session.scalar(select(func.count(Deal.id)).where(Deal.client_id == client.id,
                                                                  Deal.state == DealState.OPEN))
    if open_deals:
        raise DomainError("The client has {n} open deals: close them before archiving.", n=open_deals)
    changes = apply_changes(client, {"status": ClientStatus.ARCHIVED.value, "archived_at": utcnow()})
    touch(client, viewer)
    audit(session, viewer, action="archive_client", entity="client", entity_id=client.id, changes=changes)
    return client


@business_action
def restore_client(session: Session, viewer: Viewer, *, client_id: int, expected_version: int | None) -> Client:
    require(viewer, Can.ARCHIVE_CLIENT)
    client = require_client(session, viewer, client_id, for_update=True)
    check_version(session, client, expected_version)
    changes = apply_changes(client, {"status": ClientStatus.ACTIVE.value, "archived_at": None})
    touch(client, viewer)
    audit(session, viewer, action="restore_client", entity="client", entity_id=client.id, changes=changes)
    return client
