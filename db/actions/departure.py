"""A manager leaves: every client, open deal and open task gets a new holder, then the
account is closed — in one transaction, with counts that must reconcile or nothing is written.

The plan (which client goes to whom) is made and previewed first (queries/handover.py);
this applies exactly the previewed plan, and refuses if the manager's clients changed
since the preview.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..access import Can, Viewer, is_team_member, leads, require, today
from ..errors import DomainError, NotFound
from ..models import AssignmentRule, Client, Department, StandIn, User
from ..rules.handover import Holdings, company_totals, holdings, recipient_problem
from . import notifications
from .base import apply_changes, audit, business_action, check_version, touch
from .handover import Moved, move_clients, move_loose_work
from ..rules.validate import Checks


@dataclass
class Departure:
    leaving_id: int
    before: Holdings  # what the manager held
    after: Holdings  # what they hold now: all zero
    totals_before: Holdings
    totals_after: Holdings
    by_recipient: dict[int, Moved] = field(default_factory=dict)
    rules: int = 0  # assignment rules re-pointed at the successor
    stand_ins: int = 0  # current and future stand-ins cancelled
    names: dict[int, str] = field(default_factory=dict)  # of the recipients, for the report


def leaving_manager(session: Session, viewer: Viewer, user_id: int | None) -> User:
    """The manager who leaves, if the viewer leads them; otherwise "not found"."""
    user = session.get(User, user_id) if user_id else None
    if user is None or not leads(session, viewer, user.id) or not is_team_member(user):
        raise NotFound("Manager not found, or not in your department.")
    if not user.active:
        raise DomainError("{name} has already left.", name=user.full_name)
    return user


@business_action
def complete_departure(session: Session, viewer: Viewer, *, leaving_id: int, plan: dict[int, int],
                       successor_id: int | None, expected_version: int | None = None) -> Departure:
    """Hand every client over as `plan` says (client id → new owner), give the manager's
    remaining deals and tasks to their clients' owners or the successor, point their
    assignment rules at the successor, cancel their stand-ins, and close the account."""
    require(viewer, Can.ASSIGN_TERRITORIES)
    leaver = leaving_manager(session, viewer, leaving_id)
    check_version(session, leaver, expected_version)
    plan = {int(c): int(o) for c, o in plan.items()}
    v = Checks()
    for to_id in sorted(set(plan.values())):
        problem = recipient_problem(session, viewer, to_id, leaving_id=leaver.id)
        if problem:
            v.fail("plan", problem)
    problem = recipient_problem(session, viewer, successor_id, leaving_id=leaver.id)
    if problem:
        v.fail("successor_id", problem)
    v.raise_if_any()
    assert successor_id is not None  # recipient_problem refuses no one
    current = set(session.scalars(select(Client.id).where(Client.owner_id == leaver.id)))
    if current != set(plan):
        raise DomainError("{name}'s clients changed since the preview ({added} new, {gone} no longer theirs). "
                          "Make the preview again.", name=leaver.full_name,
                          added=len(current - set(plan)), gone=len(set(plan) - current))

    result = Departure(leaving_id=leaver.id, before=holdings(session, leaver.id), after=Holdings(0, 0, 0),
                       totals_before=company_totals(session), totals_after=Holdings(0, 0, 0))
    groups: dict[int, list[int]] = {}
    for client_id, to_id in plan.items():
        groups.setdefault(to_id, []).append(client_id)
    for to_id, ids in sorted(groups.items()):
        result.by_recipient.setdefault(to_id, Moved()).add(move_clients(session, viewer, sorted(ids), to_id))
    for to_id, moved in move_loose_work(session, viewer, leaver.id, int(successor_id)).items():
        result.by_recipient.setdefault(to_id, Moved()).add(moved)
    result.rules = _repoint_rules(session, viewer, leaver.id, int(successor_id))
    result.stand_ins = _cancel_stand_ins(session, viewer, leaver.id)

    result.after = holdings(session, leaver.id)
    result.totals_after = company_totals(session)
    if result.after != Holdings(0, 0, 0) or result.totals_after != result.totals_before:
        # Cannot happen unless someone wrote at the same moment: write nothing.
        raise DomainError("The counts did not reconcile, so nothing was changed. Make the preview again.")
    _close_account(session, viewer, leaver)
    notifications.clients_handed(session, viewer, result.by_recipient)
    result.names = dict(session.execute(select(User.id, User.full_name)
                                        .where(User.id.in_(list(result.by_recipient)))).all())
    audit(session, viewer, action="complete_departure", entity="user", entity_id=leaver.id, changes={
        "clients": (result.before.clients, 0), "deals": (result.before.deals, 0),
        "tasks": (result.before.tasks, 0), "successor_id": (None, successor_id)})
    session.flush()
    session.expire_all()  # the ORM's copies of the moved rows are out of date
    return result


def _repoint_rules(session: Session, viewer: Viewer, leaving_id: int, successor_id: int) -> int:
    rules = list(session.scalars(select(AssignmentRule).where(AssignmentRule.manager_id == leaving_id)))
    for rule in rules:
        changes = apply_changes(rule, {"manager_id": successor_id})
        touch(rule, viewer)
        audit(session, viewer, action="update_rule", entity="assignment_rule", entity_id=rule.id, changes=changes)
    return len(rules)


def _cancel_stand_ins(session: Session, viewer: Viewer, user_id: int) -> int:
    """Stand-ins for or by the leaving manager that are not over yet."""
    ids = list(session.scalars(select(StandIn.id).where(
        (StandIn.absent_user_id == user_id) | (StandIn.stand_in_user_id == user_id),
        StandIn.cancelled.is_(False), StandIn.ends_on >= today())))
    if ids:
        session.execute(update(StandIn).where(StandIn.id.in_(ids)).values(cancelled=True)
                        .execution_options(synchronize_session=False))
        for sid in ids:
            audit(session, viewer, action="cancel_stand_in", entity="stand_in", entity_id=sid,
                  changes={"cancelled": (False, True)})
    return len(ids)


def _close_account(session: Session, viewer: Viewer, user: User) -> None:
    headed = session.scalar(select(Department.name).where(Department.head_id == user.id))
    if headed:
        raise DomainError("{name} heads the department {department}: choose its new head first.",
                          name=user.full_name, department=headed)
    changes = apply_changes(user, {"active": False, "left_on": user.left_on or today()})
    touch(user, viewer)
    audit(session, viewer, action="deactivate_user", entity="user", entity_id=user.id, changes=changes)

