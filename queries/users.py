"""People: the admin's user list, departments, and who may own clients."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from db import access
from db.access import Can, Viewer
from db.errors import AccessDenied
from db.generation import current_generation
from db.migrate import current_revision
from db.models import AuditEntry, Department, User

from . import audit
from .frame import frame


def _admin_only(viewer: Viewer) -> None:
    if not access.can(viewer, Can.MANAGE_USERS):
        raise AccessDenied()


def list_users(session: Session, viewer: Viewer) -> pd.DataFrame:
    _admin_only(viewer)
    stmt = (
        select(User.id, User.login, User.full_name, User.email, User.role, Department.name.label("department"),
               User.department_id, User.active, User.language, User.phone, User.last_login_at,
               User.locked_until, User.version)
        .outerjoin(Department, User.department_id == Department.id)
        .order_by(User.active.desc(), User.full_name)
    )
    return frame(session, stmt)


def list_departments(session: Session, viewer: Viewer) -> pd.DataFrame:
    """Departments with their head and the number of active people (everyone may see these)."""
    head = aliased(User)
    members = (select(User.department_id, func.count(User.id).label("people"))
               .where(User.active.is_(True)).group_by(User.department_id).subquery())
    stmt = (
        select(Department.id, Department.name, Department.head_id, head.full_name.label("head"),
               func.coalesce(members.c.people, 0).label("people"), Department.version)
        .outerjoin(head, Department.head_id == head.id)
        .outerjoin(members, members.c.department_id == Department.id)
        .order_by(Department.name)
    )
    return frame(session, stmt)


def assignable_owners(session: Session, viewer: Viewer) -> pd.DataFrame:
    """Active managers and heads the viewer may give a client to."""
    stmt = (
        select(User.id, User.full_name)
        .where(access.client_owners())
        .order_by(User.full_name)
    )
    if not access.leads_anyone(viewer):
        stmt = stmt.where(User.id == viewer.user_id)
    else:
        stmt = stmt.where(access.people_condition(session, viewer, User.id))
    return frame(session, stmt)


def user_counts(session: Session, viewer: Viewer) -> pd.DataFrame:
    _admin_only(viewer)
    stmt = (select(User.role, User.active, func.count(User.id).label("users"))
            .group_by(User.role, User.active).order_by(User.role))
    return frame(session, stmt)


def recent_audit(session: Session, viewer: Viewer, *, limit: int = 20) -> pd.DataFrame:
    _admin_only(viewer)
    stmt = (
        select(AuditEntry.at, User.full_name.label("who"), AuditEntry.action, AuditEntry.entity,
               AuditEntry.entity_id, AuditEntry.changes)
        .outerjoin(User, AuditEntry.user_id == User.id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    return audit.named(session, frame(session, stmt))  # ids in the changes as names


def database_status(session: Session, viewer: Viewer) -> dict:
    _admin_only(viewer)
    connection = session.connection()
    return {
        "dialect": connection.dialect.name,
        "revision": current_revision(connection),
        "generation": current_generation(session),
    }
