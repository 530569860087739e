"""Users and departments: the admin's actions, first start, and sign-in bookkeeping."""
from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..access import (
    Can,
    Viewer,
    all_roles,
    first_user_role,
    may_head_department,
    needs_department,
    require,
    role_can,
)
from ..defaults import ensure_defaults
from ..errors import AccessDenied, DomainError, NotFound
from ..models import Client, ClientStatus, Deal, DealState, Department, Task, User, utcnow
from ..passwords import check_password, hash_password, password_problem
from .base import apply_changes, audit, business_action, check_version, created, touch
from .sessions import end_user_sessions
from ..rules.validate import Checks

LANGUAGES = ("ru", "en")
_LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,59}$")


def _check_user_fields(session: Session, v: Checks, *, login=None, full_name, email, role,
                       department_id, language, phone, exclude_id: int | None = None) -> dict:
    values = {
        "full_name": v.text("full_name", full_name, max_len=200, required=True),
        "email": v.email("email", email),
        "role": v.choice("role", role, [r.value for r in all_roles()], required=True),
        "language": v.choice("language", language, LANGUAGES),
        "phone": v.phone("phone", phone),
        "department_id": department_id or None,
    }
    if login is not None or exclude_id is None:
        login = (login or "").strip().lower()
        if not login:
            v.fail("login", "This field is required.")
        elif not _LOGIN.match(login):
            v.fail("login", "A login is 2–60 latin letters, digits, dots, dashes or underscores.")
        elif session.scalar(select(User.id).where(func.lower(User.login) == login, User.id != (exclude_id or -1))):
            v.fail("login", "This login is taken.")
        values["login"] = login
    if values["department_id"] is not None and session.get(Department, values["department_id"]) is None:
        v.fail("department_id", "Choose one of the offered values.")
    if needs_department(values["role"]) and values["department_id"] is None:
        v.fail("department_id", "Managers and heads belong to a department.")
    return values


def _check_new_password(v: Checks, field: str, password: str | None, *about: str | None) -> None:
    """Length and strength (zxcvbn); `about`: the person's login, name, e-mail, which a password must not lean on."""
    problem = password_problem(password, about)
    if problem:
        v.fail(field, problem[0], **problem[1])


@business_action
def create_first_admin(session: Session, _viewer: None, *, login: str, full_name: str,
                       email: str | None, password: str, language: str | None = None) -> User:
    """First start: the only action allowed with nobody signed in, and only once."""
    if session.scalar(select(func.count(User.id))):
        raise AccessDenied("The first administrator already exists. Sign in instead.")
    v = Checks()
    values = _check_user_fields(session, v, login=login, full_name=full_name, email=email,
                                role=first_user_role().value, department_id=None, language=language, phone=None)
    _check_new_password(v, "password", password, login, full_name, email)
    v.raise_if_any()
    user = User(password_hash=hash_password(password), **values)
    session.add(user)
    ensure_defaults(session)
    session.flush()
    audit(session, None, action="create_first_admin", entity="user", entity_id=user.id,
          changes=created(values))
    return user


@business_action
def create_user(session: Session, viewer: Viewer, *, login: str, full_name: str, email: str | None,
                role: str, department_id: int | None, password: str, language: str | None = None,
                phone: str | None = None, hired_on: dt.date | None = None) -> User:
    require(viewer, Can.MANAGE_USERS)
    v = Checks()
    values = _check_user_fields(session, v, login=login, full_name=full_name, email=email, role=role,
                                department_id=department_id, language=language, phone=phone)
    values["hired_on"] = v.date("hired_on", hired_on)
    _check_new_password(v, "password", password, login, full_name, email)
    v.raise_if_any()
    user = User(password_hash=hash_password(password), **values)
    session.add(user)
    session.flush()
    audit(session, viewer, action="create_user", entity="user", entity_id=user.id, changes=created(values))
    return user


def _get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id, with_for_update=session.get_bind().dialect.name == "postgresql")
    if user is None:
        raise NotFound("User not found.")
    return user


@business_action
def update_user(session: Session, viewer: Viewer, *, user_id: int, expected_version: int | None,
                full_name: str, email: str | None, role: str, department_id: int | None,
                language: str | None = None, phone: str | None = None) -> User:
    require(viewer, Can.MANAGE_USERS)
    user = _get_user(session, user_id)
    check_version(session, user, expected_version)
    v = Checks()
    values = _check_user_fields(session, v, full_name=full_name, email=email, role=role,
                                department_id=department_id, language=language, phone=phone,
                                exclude_id=user.id)
    if user.id == viewer.user_id and not role_can(values["role"], Can.MANAGE_USERS):
        v.fail("role", "You cannot take the administrator role from yourself.")
    v.raise_if_any()
    changes = apply_changes(user, values)
    if changes:
        touch(user, viewer)
        audit(session, viewer, action="update_user", entity="user", entity_id=user.id, changes=changes)
    return user


def _open_work(session: Session, user_id: int) -> dict[str, int]:
    return {
        "clients": session.scalar(select(func.count(Client.id)).where(
            Client.owner_id == user_id, Client.status == ClientStatus.ACTIVE)) or 0,
        "deals": session.scalar(select(func.count(Deal.id)).where(
            Deal.owner_id == user_id, Deal.state == DealState.OPEN)) or 0,
        "tasks": session.scalar(select(func.count(Task.id)).where(
            Task.assignee_id == user_id, Task.done.is_(False))) or 0,
    }


@business_action
def deactivate_user(session: Session, viewer: Viewer, *, user_id: int,
                    expected_version: int | None = None) -> User:
    """Sign-in is refused from now on. Refused while the user still holds clients,
    open deals or tasks: those are handed over first, so nothing is lost."""
    require(viewer, Can.MANAGE_USERS)
    user = _get_user(session, user_id)
    check_version(session, user, expected_version)
    if user.id == viewer.user_id:
        raise DomainError("You cannot deactivate yourself.")
    work = _open_work(session, user.id)
    if any(work.values()):
        raise DomainError(
            "{name} still has {clients} clients, {deals} open deals and {tasks} open tasks. "
            "Hand them over first.", name=user.full_name, **work)
    headed = session.scalar(select(Department.name).where(Department.head_id == user.id))
    if headed:
        raise DomainError("{name} heads the department {department}: choose its new head first.",
                          name=user.full_name, department=headed)
    changes = apply_changes(user, {"active": False, "left_on": user.left_on or dt.date.today()})
    touch(user, viewer)
    end_user_sessions(session, user.id, reason="deactivated")
    audit(session, viewer, action="deactivate_user", entity="user", entity_id=user.id, changes=changes)
    return user


@business_action
def reactivate_user(session: Session, viewer: Viewer, *, user_id: int) -> User:
    require(viewer, Can.MANAGE_USERS)
    user = _get_user(session, user_id)
    changes = apply_changes(user, {"active": True, "left_on": None, "failed_logins": 0, "locked_until": None})
    touch(user, viewer)
    audit(session, viewer, action="reactivate_user", entity="user", entity_id=user.id, changes=changes)
    return user


@business_action
def reset_password(session: Session, viewer: Viewer, *, user_id: int, new_password: str) -> None:
    require(viewer, Can.MANAGE_USERS)
    user = _get_user(session, user_id)
    v = Checks()
    _check_new_password(v, "new_password", new_password, user.login, user.full_name, user.email)
    v.raise_if_any()
    user.password_hash = hash_password(new_password)
    user.failed_logins, user.locked_until = 0, None
    touch(user, viewer)
    end_user_sessions(session, user.id, reason="password_reset")  # whoever knew the old one is out
    # The audit says that it changed, never the hash itself.
    audit(session, viewer, action="reset_password", entity="user", entity_id=user.id)


@business_action
def change_own_password(session: Session, viewer: Viewer, *, current_password: str, new_password: str,
                        keep_session: str | None = None) -> None:
    """The other sessions end; `keep_session` (the one in use) stays signed in."""
    user = _get_user(session, viewer.person_id)
    v = Checks()
    if not check_password(current_password or "", user.password_hash):
        v.fail("current_password", "The current password is wrong.")
    _check_new_password(v, "new_password", new_password, user.login, user.full_name, user.email)
    v.raise_if_any()
    user.password_hash = hash_password(new_password)
    touch(user, viewer)
    end_user_sessions(session, user.id, reason="password_changed", keep=keep_session)
    audit(session, viewer, action="change_password", entity="user", entity_id=user.id)


@business_action
def set_own_language(session: Session, viewer: Viewer, *, language: str) -> None:
    user = _get_user(session, viewer.person_id)
    v = Checks()
    language = v.choice("language", language, LANGUAGES, required=True)
    v.raise_if_any()
    changes = apply_changes(user, {"language": language})
    if changes:
        audit(session, viewer, action="set_language", entity="user", entity_id=user.id, changes=changes)


@business_action
def set_own_mail_preferences(session: Session, viewer: Viewer, *, expected_version: int | None, email_digest: bool,
                             email_notifications: bool) -> User:
    """The profile's two mail switches: the morning digest of My day, and letters about approvals (issue 21)."""
    user = _get_user(session, viewer.person_id)
    check_version(session, user, expected_version)
    values = {"email_digest": bool(email_digest), "email_notifications": bool(email_notifications)}
    if any(on and not getattr(user, field) for field, on in values.items()) and not (user.email or "").strip():
        v = Checks()
        v.fail("email_digest" if values["email_digest"] and not user.email_digest else "email_notifications",
               "Your profile has no e-mail address: ask the administrator to add one.")
        v.raise_if_any()
    changes = apply_changes(user, values)
    if changes:
        touch(user, viewer)
        audit(session, viewer, action="set_mail_preferences", entity="user", entity_id=user.id, changes=changes)
    return user


@business_action(bumps_generation=False)
def record_sign_in(session: Session, _viewer: None, *, login: str, success: bool) -> None:
    """Bookkeeping shown to the administrator: the last sign-in and the failures since.
    Nothing is locked: the growing delay lives in db.actions.sessions (sign_in_wait)."""
    user = session.scalar(select(User).where(User.login == (login or "").strip().lower()))
    if user is None:
        return
    if success:
        user.failed_logins, user.locked_until, user.last_login_at = 0, None, utcnow()
    else:
        user.failed_logins += 1


def _check_department(session: Session, v: Checks, *, name, head_id, exclude_id=None) -> dict:
    name = v.text("name", name, max_len=200, required=True)
    if name and session.scalar(select(Department.id).where(Department.name == name,
                                                           Department.id != (exclude_id or -1))):
        v.fail("name", "A department with this name exists.")
    if head_id:
        head = session.get(User, head_id)
        if not may_head_department(head):
            v.fail("head_id", "The head of a department must be an active user with the head role.")
    return {"name": name, "head_id": head_id or None}


@business_action
def create_department(session: Session, viewer: Viewer, *, name: str, head_id: int | None = None) -> Department:
    require(viewer, Can.MANAGE_USERS)
    v = Checks()
    values = _check_department(session, v, name=name, head_id=head_id)
    v.raise_if_any()
    department = Department(**values)
    session.add(department)
    session.flush()
    audit(session, viewer, action="create_department", entity="department", entity_id=department.id,
          changes=created(values))
    return department


@business_action
def update_department(session: Session, viewer: Viewer, *, department_id: int, expected_version: int | None,
                      name: str, head_id: int | None) -> Department:
    require(viewer, Can.MANAGE_USERS)
    department = session.get(Department, department_id)
    if department is None:
        raise NotFound("Department not found.")
    check_version(session, department, expected_version)
    v = Checks()
    values = _check_department(session, v, name=name, head_id=head_id, exclude_id=department.id)
    v.raise_if_any()
    changes = apply_changes(department, values)
    if changes:
        touch(department, viewer)
        audit(session, viewer, action="update_department", entity="department",
              entity_id=department.id, changes=changes)
    return department
