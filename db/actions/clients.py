"""Writes on clients: create, edit, archive."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..access import Can, Viewer, may_assign_owner, require, require_client
from ..errors import NotFound
from ..models import Client, Industry, Role, SizeSegment, Territory, User
from .base import audit, business_action, created
from ..search import client_search_text
from .validate import Checks


def _check_client_fields(session: Session, viewer: Viewer, v: Checks, raw: dict,
                         *, exclude_id: int | None = None) -> dict:
    values = {
        "name": v.text("name", raw.get("name"), max_len=200, required=True),
        "legal_name": v.text("legal_name", raw.get("legal_name"), max_len=300),
        "inn": v.inn("inn", raw.get("inn")),
        "kpp": v.text("kpp", raw.get("kpp"), max_len=9),
        "industry_id": raw.get("industry_id") or None,
        "territory_id": raw.get("territory_id") or None,
        "parent_id": raw.get("parent_id") or None,
        "size_segment": v.choice("size_segment", raw.get("size_segment"), [s.value for s in SizeSegment]),
        "credit_limit": v.money("credit_limit", raw.get("credit_limit")) or Decimal("0"),
        "payment_deferral_days": v.integer("payment_deferral_days", raw.get("payment_deferral_days"),
                                           minimum=0, maximum=365) or 0,
        "phone": v.phone("phone", raw.get("phone")),
        "email": v.email("email", raw.get("email")),
        "website": v.text("website", raw.get("website"), max_len=200),
        "legal_address": v.text("legal_address", raw.get("legal_address"), max_len=1000, multiline=True),
        "postal_address": v.text("postal_address", raw.get("postal_address"), max_len=1000, multiline=True),
        "notes": v.text("notes", raw.get("notes"), max_len=20000, multiline=True),
    }
    if values["kpp"] and not (values["kpp"].isdigit() and len(values["kpp"]) == 9):
        v.fail("kpp", "A KPP is 9 digits.")
    if values["inn"]:
        twin = session.execute(
            select(Client.name, User.full_name)
            .outerjoin(User, Client.owner_id == User.id)
            .where(Client.inn == values["inn"], Client.id != (exclude_id or -1))
        ).first()
        if twin:
            # Name and owner only, as in the holding window: enough to know
            # whom to talk to instead of creating a duplicate.
            v.fail("inn", "A client with this INN exists: {name} (manager: {owner}).",
                   name=twin.name, owner=twin.full_name or "—")
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
    return values


def _owner_for_new_client(session: Session, viewer: Viewer, v: Checks, owner_id: int | None) -> int | None:
    if owner_id is None and viewer.role in (Role.MANAGER, Role.HEAD):
        owner_id = viewer.user_id
    if owner_id is not None:
        owner = session.get(User, owner_id)
        if owner is None or not owner.active or owner.role not in (Role.MANAGER, Role.HEAD):
            v.fail("owner_id", "The owner must be an active manager or head.")
            return None
    if not may_assign_owner(session, viewer, owner_id):
        v.fail("owner_id", "You may not give a client to this manager.")
        return None
    return owner_id


@business_action
def create_client(session: Session, viewer: Viewer, *, owner_id: int | None = None, **fields) -> Client:
    """A new active client. Managers create their own; heads for their department."""
    require(viewer, Can.CREATE_CLIENT)
    v = Checks()
    values = _check_client_fields(session, viewer, v, fields)
    values["owner_id"] = _owner_for_new_client(session, viewer, v, owner_id)
    v.raise_if_any()
    client = Client(**values, created_by_id=viewer.user_id,
                    search_text=client_search_text(values["name"], values["legal_name"], values["inn"]))
    session.add(client)
    session.flush()
    audit(session, viewer, action="create_client", entity="client", entity_id=client.id,
          changes=created(values))
    return client
