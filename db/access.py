"""The access policy, in one place: who sees which clients, and who may do what.

Reads turn `Scope` into a SQL condition; writes call `require_*` before they
change anything. Everything attached to a client (contacts, deals,
activities, tasks, shipments) is visible exactly when its client is.

- manager: own clients, plus those of a colleague they stand in for,
  on the days of the stand-in (inclusive);
- head: the clients of the managers of the departments they head (and their
  own and stand-in ones), plus unassigned clients — the queue they assign from;
- director, admin: everything.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.orm import Session

from . import config
from .errors import AccessDenied, NotFound
from .models import Client, Deal, Department, Role, StandIn, User


@dataclass(frozen=True)
class Viewer:
    """The signed-in person, as plain values (safe to use in cache keys)."""

    user_id: int
    role: Role
    full_name: str = ""

    @property
    def sees_everything(self) -> bool:
        return self.role in (Role.DIRECTOR, Role.ADMIN)


class Can(StrEnum):
    """Things a role may do, independent of which client it is about."""

    MANAGE_USERS = "manage_users"
    CONFIGURE = "configure"  # stages, discount caps, settings
    CREATE_CLIENT = "create_client"
    ARCHIVE_CLIENT = "archive_client"
    SET_PLANS = "set_plans"
    ASSIGN_TERRITORIES = "assign_territories"
    APPROVE = "approve"
    IMPORT = "import"
    EDIT_KNOWLEDGE_BASE = "edit_knowledge_base"
    VIEW_AUDIT = "view_audit"
    VIEW_TEAM = "view_team"
    WORK_DEALS = "work_deals"  # create, edit and move deals
    SET_DEPARTMENT_PLANS = "set_department_plans"
    SET_COMMISSION = "set_commission"  # commission schemes and the plan basis
    SEND_MAILINGS = "send_mailings"  # mail-merge to the clients one sees


_ALL = {Role.MANAGER, Role.HEAD, Role.DIRECTOR, Role.ADMIN}
CAPABILITIES: dict[Can, set[Role]] = {
    Can.MANAGE_USERS: {Role.ADMIN},
    Can.CONFIGURE: {Role.ADMIN},
    Can.CREATE_CLIENT: _ALL,
    Can.ARCHIVE_CLIENT: {Role.HEAD, Role.DIRECTOR, Role.ADMIN},
    Can.SET_PLANS: {Role.HEAD, Role.DIRECTOR},
    Can.ASSIGN_TERRITORIES: {Role.HEAD, Role.DIRECTOR, Role.ADMIN},
    Can.APPROVE: {Role.HEAD, Role.DIRECTOR},
    Can.IMPORT: {Role.HEAD, Role.ADMIN},
    Can.EDIT_KNOWLEDGE_BASE: {Role.HEAD, Role.ADMIN},
    Can.VIEW_AUDIT: {Role.HEAD, Role.DIRECTOR, Role.ADMIN},
    Can.VIEW_TEAM: {Role.HEAD, Role.DIRECTOR, Role.ADMIN},
    Can.WORK_DEALS: {Role.MANAGER, Role.HEAD, Role.DIRECTOR},
    Can.SET_DEPARTMENT_PLANS: {Role.DIRECTOR},
    Can.SET_COMMISSION: {Role.DIRECTOR, Role.ADMIN},
    Can.SEND_MAILINGS: {Role.MANAGER, Role.HEAD, Role.DIRECTOR},
}


def can(viewer: Viewer, what: Can) -> bool:
    return viewer.role in CAPABILITIES[what]


def require(viewer: Viewer, what: Can) -> None:
    if not can(viewer, what):
        raise AccessDenied("Your role may not do this.")


def today() -> dt.date:
    """Today in the company's time zone: stand-ins start and end on its dates."""
    return dt.datetime.now(config.timezone()).date()


@dataclass(frozen=True)
class Scope:
    """Whose clients a viewer sees: everyone, or the clients of `owner_ids`."""

    everything: bool
    owner_ids: frozenset[int] = frozenset()
    unassigned: bool = False  # clients with no owner yet

    def owner_condition(self, owner_column) -> ColumnElement[bool]:
        """A WHERE condition on any column holding a client owner's id."""
        if self.everything:
            return true()
        parts = []
        if self.owner_ids:
            parts.append(owner_column.in_(sorted(self.owner_ids)))
        if self.unassigned:
            parts.append(owner_column.is_(None))
        return or_(*parts) if parts else false()

    def clients(self) -> ColumnElement[bool]:
        return self.owner_condition(Client.owner_id)

    def allows_owner(self, owner_id: int | None) -> bool:
        if self.everything:
            return True
        if owner_id is None:
            return self.unassigned
        return owner_id in self.owner_ids


def scope(session: Session, viewer: Viewer, on: dt.date | None = None) -> Scope:
    """Compute the viewer's scope for a day (default today); memoised per session."""
    on = on or today()
    key = ("crm_scope", viewer.user_id, viewer.role, on)
    cached = session.info.get(key)
    if cached is None:
        cached = session.info[key] = _compute_scope(session, viewer, on)
    return cached


def _compute_scope(session: Session, viewer: Viewer, on: dt.date) -> Scope:
    if viewer.sees_everything:
        return Scope(everything=True)
    owners = {viewer.user_id}
    owners.update(
        session.scalars(
            select(StandIn.absent_user_id).where(
                StandIn.stand_in_user_id == viewer.user_id,
                StandIn.cancelled.is_(False),
                StandIn.starts_on <= on,
                StandIn.ends_on >= on,
            )
        )
    )
    if viewer.role == Role.HEAD:
        owners.update(
            session.scalars(
                select(User.id)
                .join(Department, User.department_id == Department.id)
                .where(Department.head_id == viewer.user_id)
            )
        )
        return Scope(everything=False, owner_ids=frozenset(owners), unassigned=True)
    return Scope(everything=False, owner_ids=frozenset(owners))


def visible_client_ids(session: Session, viewer: Viewer):
    """A subquery of the ids of clients the viewer may see."""
    return select(Client.id).where(scope(session, viewer).clients())


def require_client(session: Session, viewer: Viewer, client_id: int, *, for_update: bool = False) -> Client:
    """The client, if the viewer may see it; otherwise "not found".

    One message for "does not exist" and "not yours", so that guessing ids
    tells a manager nothing about other managers' clients.
    """
    stmt = select(Client).where(Client.id == client_id)
    if for_update and session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    client = session.scalars(stmt).one_or_none()
    if client is None or not scope(session, viewer).allows_owner(client.owner_id):
        raise NotFound("Client not found, or it is not among your clients.")
    return client


def may_assign_owner(session: Session, viewer: Viewer, owner_id: int | None) -> bool:
    """Whether the viewer may give a client to this owner (create, hand over)."""
    if viewer.sees_everything:
        return True
    if viewer.role == Role.MANAGER:
        return owner_id == viewer.user_id
    return scope(session, viewer).allows_owner(owner_id)


def people_condition(session: Session, viewer: Viewer, user_column) -> ColumnElement[bool]:
    """A condition on a user-id column: the people whose figures the viewer may see."""
    s = scope(session, viewer)
    if s.everything:
        return true()
    return user_column.in_(sorted(s.owner_ids))


def team_condition(session: Session, viewer: Viewer, user_column) -> ColumnElement[bool]:
    """A condition on a user-id column: whose plans, results and commission the viewer sees.

    Narrower than `people_condition`: a stand-in covers a colleague's clients,
    not their pay, so it is left out. A manager sees themselves; a head the
    people of the departments they head (and themselves); director, admin everyone.
    """
    if viewer.sees_everything:
        return true()
    if viewer.role == Role.HEAD:
        members = (select(User.id).join(Department, User.department_id == Department.id)
                   .where(Department.head_id == viewer.user_id))
        return or_(user_column == viewer.user_id, user_column.in_(members))
    return user_column == viewer.user_id


def require_deal(session: Session, viewer: Viewer, deal_id: int, *, for_update: bool = False) -> Deal:
    """The deal, if the viewer may see its client; otherwise "not found" (as `require_client`)."""
    stmt = select(Deal).where(Deal.id == deal_id)
    if for_update and session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    deal = session.scalars(stmt).one_or_none()
    if deal is None:
        raise NotFound("Deal not found, or it is not among your deals.")
    owner_id = session.scalar(select(Client.owner_id).where(Client.id == deal.client_id))
    if not scope(session, viewer).allows_owner(owner_id):
        raise NotFound("Deal not found, or it is not among your deals.")
    return deal


def leads(session: Session, viewer: Viewer, user_id: int) -> bool:
    """Whether the viewer leads this person (hand over their clients, cover their absence,
    see them out): director and admin everyone, a head the people of the departments
    they head. Narrower than the scope: standing in for someone is not leading them."""
    if viewer.role not in (Role.HEAD, Role.DIRECTOR, Role.ADMIN):
        return False
    return session.scalar(select(User.id).where(User.id == user_id,
                                                team_condition(session, viewer, User.id))) is not None
