"""The access policy, in one place: who sees which clients, and who may do what.

Reads turn `Scope` into a SQL condition; writes call `require_*` before they
change anything. Everything attached to a client (contacts, deals,
activities, tasks, shipments) is visible exactly when its client is.

- manager: own clients, plus those of a colleague they stand in for,
  on the days of the stand-in (inclusive);
- head: the clients of the managers of the departments they head (and their
  own and stand-in ones), plus unassigned clients — the queue they assign from;
- director, admin: everything.

Outside this module, the Role enum, the navigation registry (ui/navigation.py)
and seeding data, no code names a role: it asks a capability (`can`,
`may_own_clients`, `client_owners`, `sees_cost`, `leads_anyone`, ...). A new
role (say "key account manager") is then: a member of `Role`, its place in the
role sets below, its pages in ui/navigation.py, and a migration widening the
users.role check constraint.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement, String, and_, cast, false, or_, select, true, union_all
from sqlalchemy.orm import Session

from . import config
from .errors import AccessDenied, NotFound
from .models import (Activity, ApprovalRequest, AuditEntry, Client, Contact, Deal, Department, Role, StandIn,
                     Task, User)


@dataclass(frozen=True)
class Viewer:
    """The signed-in person, as plain values (safe to use in cache keys)."""

    user_id: int | None  # None: the script viewer (script_viewer), a command-line run acting as no one
    role: Role
    full_name: str = ""

    @property
    def sees_everything(self) -> bool:
        return self.role in _EVERYTHING_ROLES

    @property
    def person_id(self) -> int:
        """The signed-in person's user id, for what only a person has (own clients, sessions, password);
        the script viewer is no one: refused."""
        if self.user_id is None:
            raise AccessDenied()
        return self.user_id


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
    FOLLOW_TEAM_ROUTINE = "follow_team_routine"  # "My day" shows how the team keeps the routine
    MERGE_DUPLICATES = "merge_duplicates"  # merge twin clients or contacts (of the clients one sees)
    PROPOSE_MERGE = "propose_merge"  # ask a head to merge two twins
    MANAGE_PRICES = "manage_prices"  # price lists and a client's price type; a contract list: of clients one sees


_ALL = {Role.MANAGER, Role.HEAD, Role.DIRECTOR, Role.ADMIN}
_EVERYTHING_ROLES = frozenset({Role.DIRECTOR, Role.ADMIN})  # see every client
_OWNER_ROLES = (Role.MANAGER, Role.HEAD)  # own clients: belong to a department, carry sales and commission
_MEMBER_ROLES = frozenset({Role.MANAGER})  # a department's rank and file: personal plans, the team's rows
_HEAD_ROLES = frozenset({Role.HEAD})  # head departments: see the clients of their people
_LEADER_ROLES = frozenset({Role.HEAD, Role.DIRECTOR, Role.ADMIN})  # lead people (hand over, cover, see out)
_DISCOUNT_ROLES = (Role.MANAGER, Role.HEAD, Role.DIRECTOR)  # give discounts: each has a cap
_UNCAPPED_ROLES = frozenset({Role.DIRECTOR})  # approve any discount, decide their own requests
_IMPORTED_HEAD_ROLES = frozenset({Role.HEAD, Role.DIRECTOR})  # a users file may name these as a department's head
_DEFAULT_ROLE = Role.MANAGER  # a new user's role unless said otherwise
_SCRIPT_ROLE = Role.ADMIN  # command-line runs (import, export) act with this role
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
    Can.FOLLOW_TEAM_ROUTINE: {Role.HEAD, Role.DIRECTOR},
    Can.MERGE_DUPLICATES: {Role.HEAD, Role.DIRECTOR, Role.ADMIN},
    Can.PROPOSE_MERGE: {Role.MANAGER},
    Can.MANAGE_PRICES: {Role.HEAD, Role.DIRECTOR, Role.ADMIN},
}


def can(viewer: Viewer, what: Can) -> bool:
    return role_can(viewer.role, what)


def role_can(role: Role | str, what: Can) -> bool:
    """`can` for a role that is not (yet) a viewer's: a role being given, a stored one."""
    return role in CAPABILITIES[what]


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
    owners = {viewer.person_id}
    owners.update(covered_by(session, viewer.user_id, on))
    if viewer.role in _HEAD_ROLES:
        owners.update(
            session.scalars(
                select(User.id)
                .join(Department, User.department_id == Department.id)
                .where(Department.head_id == viewer.user_id)
            )
        )
        return Scope(everything=False, owner_ids=frozenset(owners), unassigned=True)
    return Scope(everything=False, owner_ids=frozenset(owners))


def stand_ins_on(session: Session, on: dt.date) -> dict[int, int]:
    """{absent user: their stand-in} for the stand-ins active on `on` (not cancelled, dates inclusive)."""
    return {int(absent): int(cover) for absent, cover in session.execute(
        select(StandIn.absent_user_id, StandIn.stand_in_user_id).where(
            StandIn.cancelled.is_(False), StandIn.starts_on <= on, StandIn.ends_on >= on))}


def covered_by(session: Session, user_id: int | None, on: dt.date) -> set[int]:
    """The colleagues `user_id` stands in for on `on`: their clients are in the user's scope that day."""
    if user_id is None:
        return set()
    return set(session.scalars(select(StandIn.absent_user_id).where(
        StandIn.stand_in_user_id == user_id, StandIn.cancelled.is_(False),
        StandIn.starts_on <= on, StandIn.ends_on >= on)))


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
    if not leads_anyone(viewer):
        return owner_id == viewer.user_id
    return scope(session, viewer).allows_owner(owner_id)


def may_see_tasks_of(session: Session, viewer: Viewer, user_id: int | None) -> bool:
    """Whose tasks (the calendar, issue 21) the viewer may look at: their own; a head, director or
    admin also those of the people in their scope (the same people they may set tasks for); a
    stand-in those of the colleague they stand in for today."""
    if user_id is None:
        return False
    if user_id == viewer.user_id or user_id in covered_by(session, viewer.user_id, today()):
        return True
    return leads_anyone(viewer) and scope(session, viewer).allows_owner(user_id)


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
    if viewer.role in _HEAD_ROLES:
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
    if not leads_anyone(viewer):
        return False
    return session.scalar(select(User.id).where(User.id == user_id,
                                                team_condition(session, viewer, User.id))) is not None


# --- Capabilities by role: what the rest of the code asks instead of naming a role ---

def all_roles() -> list[Role]:
    """The roles a user may be given, from the smallest view to the largest (users page, import)."""
    return list(Role)


def default_role() -> Role:
    """The role of a new user when none is said (a users file without the column)."""
    return _DEFAULT_ROLE


def first_user_role() -> Role:
    """The role of the first account, made on an empty database: the one who manages users."""
    return next(r for r in Role if role_can(r, Can.MANAGE_USERS))


def script_viewer() -> Viewer:
    """Who a command-line run (import, export) acts as when no login is given."""
    return Viewer(user_id=None, role=_SCRIPT_ROLE, full_name="script")


def role_owns_clients(role: Role | str | None) -> bool:
    """Whether people of this role own clients (and so deals, plans of sales, commission)."""
    return role in _OWNER_ROLES


def may_own_clients(user) -> bool:
    """Whether this user (a `User` row) may be given clients: active, of a role that owns clients."""
    return user is not None and bool(user.active) and role_owns_clients(user.role)


def client_owner_roles() -> tuple[Role, ...]:
    return _OWNER_ROLES


def client_owners(*, active_only: bool = True) -> ColumnElement[bool]:
    """A condition on `User`: the people who may own clients (active ones unless told otherwise)."""
    condition = User.role.in_([r.value for r in _OWNER_ROLES])
    return and_(User.active.is_(True), condition) if active_only else condition


def seeing_everything() -> ColumnElement[bool]:
    """A condition on `User`: the active people who see every client (the director, the admin)."""
    return and_(User.active.is_(True), User.role.in_([r.value for r in _EVERYTHING_ROLES]))


def needs_department(role: Role | str | None) -> bool:
    """Whether people of this role must belong to a department."""
    return role_owns_clients(role)


def is_team_member(user) -> bool:
    """A department's rank and file: has a personal plan, leaves through the departure wizard."""
    return user is not None and role_is_team_member(user.role)


def role_is_team_member(role: Role | str | None) -> bool:
    return role in _MEMBER_ROLES


def team_members() -> ColumnElement[bool]:
    """A condition on `User`: the rank and file (`is_team_member`)."""
    return User.role.in_([r.value for r in _MEMBER_ROLES])


def role_heads_departments(role: Role | str | None) -> bool:
    """Whether people of this role may head a department."""
    return role in _HEAD_ROLES


def may_head_department(user) -> bool:
    return user is not None and bool(user.active) and role_heads_departments(user.role)


def may_head_imported_department(role: Role | str | None) -> bool:
    """An import names a department's head: a head of sales, or the director heading one himself."""
    return role in _IMPORTED_HEAD_ROLES


def head_role() -> Role:
    """The role given to a department's head an import creates."""
    return next(iter(_HEAD_ROLES))


def leads_anyone(viewer: Viewer) -> bool:
    """Whether the viewer leads people at all (a manager leads nobody: they see their own figures)."""
    return viewer.role in _LEADER_ROLES


def department_condition(viewer: Viewer) -> ColumnElement[bool]:
    """A condition on `Department`: the departments whose totals and plans the viewer sees."""
    if viewer.sees_everything:
        return true()
    if viewer.role in _HEAD_ROLES:
        return Department.head_id == viewer.user_id
    return false()


def sees_cost(viewer: Viewer) -> bool:
    """Product cost is for margin analysis by heads and above, not on a manager's price list."""
    return leads_anyone(viewer)


def discount_roles() -> tuple[Role, ...]:
    """The roles that give discounts; each has its own cap (funnel settings)."""
    return _DISCOUNT_ROLES


def discount_cap_applies(viewer: Viewer) -> bool:
    """Whether the viewer's own discount cap limits what they may approve."""
    return viewer.role not in _UNCAPPED_ROLES


def decides_own_requests(viewer: Viewer) -> bool:
    """Whether the viewer may decide an approval request they made themselves."""
    return viewer.role in _UNCAPPED_ROLES


def audit_condition(session: Session, viewer: Viewer, within: tuple = ()) -> ColumnElement[bool]:
    """A condition on `AuditEntry`: the history rows the viewer may read (the audit page, the client card).

    Director and admin: every row. A head: what their people did (`team_condition`), and what
    was done to the records they see — their clients and everything on them (contacts, deals,
    tasks, activities, approval requests) and their people's user records. Nobody else reads
    the history (`Can.VIEW_AUDIT`).

    `within`: conditions on `AuditEntry` the caller applies too (the days asked for, the kind of
    record): the condition may apply them early as well, so as not to sort out rows they drop."""
    if not can(viewer, Can.VIEW_AUDIT):
        return false()
    if viewer.sees_everything:
        return true()

    records = _audit_records(session, viewer)
    people = select(User.id).where(team_condition(session, viewer, User.id))
    if session.get_bind().dialect.name == "postgresql":
        return _readable_by_joins(people, records, within)
    return _readable_by_lists(people, records)


def _audit_records(session: Session, viewer: Viewer) -> dict:
    """A head's records by kind: the id column and the condition for those they see."""
    clients = visible_client_ids(session, viewer)
    deals = select(Deal.id).where(Deal.client_id.in_(clients))
    return {
        "client": (Client.id, scope(session, viewer).clients()),
        "contact": (Contact.id, Contact.client_id.in_(clients)),
        "deal": (Deal.id, Deal.client_id.in_(clients)),
        "task": (Task.id, Task.client_id.in_(clients)),
        "activity": (Activity.id, Activity.client_id.in_(clients)),
        "approval_request": (ApprovalRequest.id, ApprovalRequest.deal_id.in_(deals)),
        "user": (User.id, team_condition(session, viewer, User.id)),
    }


def _readable_by_lists(people, records) -> ColumnElement[bool]:
    """`audit_condition` as an OR of `entity_id IN (ids as text)`: SQLite builds each list as an index
    once, and the newest-first page stops at its last row."""
    return or_(AuditEntry.user_id.in_(people),
               *(and_(AuditEntry.entity == entity, AuditEntry.entity_id.in_(
                   select(cast(column, String(60))).where(visible)))
                 for entity, (column, visible) in records.items()))


def _readable_by_joins(people, records, within: tuple = ()) -> ColumnElement[bool]:
    """`audit_condition` as one list of the log's row ids, kind by kind, each a join on the record (the
    log keeps ids as text). PostgreSQL hashes an `IN (...)` list only while it fits in work_mem; a
    department's tens of thousands of deals' and calls' ids made it test every log row against every
    id (a head's history did not finish in a minute on the large demo)."""
    readable = union_all(
        select(AuditEntry.id).where(AuditEntry.user_id.in_(people), *within),
        *(select(AuditEntry.id)
          .join(column.class_, AuditEntry.entity_id == cast(column, String(60)))
          .where(AuditEntry.entity == entity, visible, *within)
          for entity, (column, visible) in records.items()))
    return AuditEntry.id.in_(readable)
