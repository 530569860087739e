"""In-app notifications (issue 21): what needs a person, kept 90 days, marked read by them.

A notification names what happened (`kind`), the record it is about and, in `params`, what
the message needs (names, counts, dates); the text is written in the READER's language when
shown (ui/notifications.py), never stored. `key` is unique per event, so a trigger that runs
twice (the daily run, a rerun) notifies once; the insert skips a key that exists, also when
two processes insert it at the same moment.

Nobody is told about a client they do not see: `notify` drops a notification about a client
(deal, task on a client) that the access policy does not show its recipient on that day —
so a manager never hears of another manager's client, whatever the trigger computed.

Triggers from actions (same transaction as the change): an approval asked (to those who may
decide it now, db/rules/approvals.py), decided (to the asker, unless they decided or
withdrew it themselves), clients handed over (one per recipient and handover, with counts),
a stand-in set up (to the absent person) and starting (to the stand-in), a task set by
someone else. From the daily run (db/actions/reminders.run_reminders): tasks due today and
overdue (the rules' reminders of the day as one count per person), stand-ins starting today,
and the purge of notifications older than 90 days.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import and_, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .. import access
from ..access import Viewer
from ..errors import NotFound
from ..models import (
    ApprovalRequest,
    Client,
    Deal,
    Notification,
    Role,
    StandIn,
    Task,
    User,
    utcnow,
)
from ..rules import approvals as approval_rules
from ..rules import regulations
from ..rules.regulations import day_start_utc
from .base import business_action

KEEP_DAYS = 90
ABC_SLIP = "abc_slip"  # Task.source of the tasks an A-client slipping makes (db/actions/abc_watch.py)
ROUTINE = (*regulations.RULES, ABC_SLIP)  # the tasks the rules make, due the day they are made
OVERDUE_DAYS = 7  # a task overdue longer than this was told about already (or is stale): no new notice
CHUNK = 500


def _names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = sorted({int(i) for i in ids if i is not None})
    if not wanted:
        return {}
    return {int(i): n for i, n in session.execute(select(User.id, User.full_name).where(User.id.in_(wanted)))}


def _visible(session: Session, rows: list[dict], on: dt.date) -> list[dict]:
    """The rows whose recipient is active and sees the row's client (rows without a client: as they are)."""
    users = {int(u.id): u for u in session.execute(
        select(User.id, User.role, User.active).where(User.id.in_(sorted({r["user_id"] for r in rows}))))}
    by_user: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        if row.get("client_id") is not None:
            by_user[row["user_id"]].add(int(row["client_id"]))
    seen: dict[int, set[int]] = {}
    for user_id, client_ids in by_user.items():
        user = users.get(user_id)
        if user is None or not user.active:
            continue
        viewer = Viewer(user_id=user_id, role=Role(user.role))
        condition = access.scope(session, viewer, on).clients()
        ids = sorted(client_ids)
        seen[user_id] = set()
        for start in range(0, len(ids), CHUNK):
            seen[user_id] |= set(session.scalars(
                select(Client.id).where(Client.id.in_(ids[start:start + CHUNK]), condition)))
    kept = []
    for row in rows:
        user = users.get(row["user_id"])
        if user is None or not user.active:
            continue
        if row.get("client_id") is not None and int(row["client_id"]) not in seen.get(row["user_id"], set()):
            continue
        kept.append(row)
    return kept


def notify(session: Session, rows: list[dict], *, on: dt.date | None = None) -> int:
    """Insert the notifications (dicts: user_id, kind, key, params and any of client_id, deal_id,
    task_id, approval_id) whose key is new and whose recipient sees the client; how many were made."""
    if not rows:
        return 0
    rows = _visible(session, rows, on or access.today())
    if not rows:
        return 0
    now = utcnow()
    values = [{"client_id": None, "deal_id": None, "task_id": None, "approval_id": None, "read_at": None,
               "created_at": now, **row, "params": row.get("params") or {}} for row in rows]
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(Notification).on_conflict_do_nothing(index_elements=["key"]).returning(Notification.id)
    made = 0
    for start in range(0, len(values), CHUNK):
        made += len(session.execute(stmt, values[start:start + CHUNK]).all())
    return made


# --- triggers from actions ------------------------------------------------------------------------

def _deal_context(session: Session, deal_id: int) -> tuple[int, int | None, str, str]:
    """(client id, client owner id, deal title, client name) of a deal."""
    row = session.execute(select(Deal.client_id, Client.owner_id, Deal.title, Client.name)
                          .join(Client, Deal.client_id == Client.id).where(Deal.id == deal_id)).one()
    return int(row.client_id), row.owner_id, row.title, row.name


def approval_requested(session: Session, request: ApprovalRequest) -> list[int]:
    """Tell the people who may decide the request now (a head before the director); their ids."""
    client_id, owner_id, deal_title, client_name = _deal_context(session, request.deal_id)
    asked = approval_rules.asked_pct(request.kind, request.payload)
    people = [d.user_id for d in approval_rules.deciders(session, kind=request.kind, asked=asked,
                                                         requested_by_id=request.requested_by_id,
                                                         owner_id=owner_id)
              if d.user_id != request.requested_by_id]
    by = _names(session, [request.requested_by_id]).get(request.requested_by_id or 0, "")
    params = {"approval": str(request.kind), "deal": deal_title, "client": client_name, "by": by,
              "pct": None if asked is None else format(asked.normalize(), "f")}
    notify(session, [{"user_id": uid, "kind": "approval_asked", "key": f"approval_asked:{request.id}:{uid}",
                      "client_id": client_id, "deal_id": request.deal_id, "approval_id": request.id,
                      "params": params} for uid in people])
    return people


def approval_decided(session: Session, request: ApprovalRequest) -> None:
    """Tell the asker their request was approved or rejected, unless they decided (withdrew) it themselves."""
    if request.requested_by_id is None or request.decided_by_id == request.requested_by_id:
        return
    client_id, _owner, deal_title, client_name = _deal_context(session, request.deal_id)
    by = _names(session, [request.decided_by_id]).get(request.decided_by_id or 0, "")
    notify(session, [{"user_id": request.requested_by_id, "kind": "approval_decided",
                      "key": f"approval_decided:{request.id}", "client_id": client_id,
                      "deal_id": request.deal_id, "approval_id": request.id,
                      "params": {"approval": str(request.kind), "status": str(request.status), "deal": deal_title,
                                 "client": client_name, "by": by, "comment": request.comment}}])


def clients_handed(session: Session, viewer: Viewer, by_recipient: dict) -> int:
    """One notification per recipient of a handover (not one per client), with what they got;
    `by_recipient`: user id -> db/actions/handover.Moved. Nobody is told of what they did themselves."""
    by = _names(session, [viewer.user_id]).get(viewer.user_id or 0, "")
    rows = [{"user_id": int(uid), "kind": "clients_handed", "key": None,
             "params": {"clients": moved.clients, "deals": moved.deals, "tasks": moved.tasks, "by": by}}
            for uid, moved in by_recipient.items()
            if uid != viewer.user_id and (moved.clients or moved.deals or moved.tasks)]
    return notify(session, rows)


def stand_in_set(session: Session, row: StandIn, *, today: dt.date | None = None) -> int:
    """The absent person hears that a stand-in is set up; the stand-in, when it starts today or earlier."""
    today = today or access.today()
    names = _names(session, [row.absent_user_id, row.stand_in_user_id])
    params = {"absent": names.get(row.absent_user_id, ""), "stand_in": names.get(row.stand_in_user_id, ""),
              "start": row.starts_on.isoformat(), "end": row.ends_on.isoformat()}
    rows = [{"user_id": row.absent_user_id, "kind": "stand_in_set", "key": f"stand_in_set:{row.id}",
             "params": params}]
    if row.starts_on <= today:
        rows.append(_starts(row, params))
    return notify(session, rows, on=today)


def _starts(row: StandIn, params: dict) -> dict:
    return {"user_id": row.stand_in_user_id, "kind": "stand_in_starts", "key": f"stand_in_starts:{row.id}",
            "params": params}


def task_assigned(session: Session, viewer: Viewer, task: Task) -> int:
    """A task someone set for another person: "new task from X"."""
    if viewer.user_id is None or task.assignee_id == viewer.user_id:
        return 0
    by = _names(session, [viewer.user_id]).get(viewer.user_id, "")
    return notify(session, [{"user_id": task.assignee_id, "kind": "task_new", "key": f"task_new:{task.id}",
                             "client_id": task.client_id, "deal_id": task.deal_id, "task_id": task.id,
                             "params": {"title": task.title, "due": task.due_on.isoformat(), "by": by}}])


# --- the daily run --------------------------------------------------------------------------------

def daily(session: Session, *, today: dt.date, owners: set[int] | None = None) -> int:
    """Tasks due today and lately overdue (to the assignee, once per task and day), stand-ins
    starting (to the stand-in); `owners` None: everyone's, else those people's. How many made."""
    rows = _due_tasks(session, today, owners) + _starting(session, today, owners)
    return notify(session, rows, on=today)


def _due_tasks(session: Session, today: dt.date, owners: set[int] | None) -> list[dict]:
    """One notification per task due today or overdue (up to OVERDUE_DAYS); the routine rules' reminders
    made for today — dozens a morning, all in My day — count in one "N reminders today" per person."""
    stmt = (select(Task.id, Task.assignee_id, Task.client_id, Task.deal_id, Task.title, Task.due_on, Task.source,
                   Deal.client_id.label("deal_client_id"))
            .outerjoin(Deal, Task.deal_id == Deal.id)
            .where(Task.done.is_(False), Task.due_on <= today,
                   Task.due_on >= today - dt.timedelta(days=OVERDUE_DAYS)))
    if owners is not None:
        stmt = stmt.where(Task.assignee_id.in_(sorted(owners)))
    rows = []
    reminders: dict[int, int] = defaultdict(int)
    for r in session.execute(stmt):
        overdue = r.due_on < today
        if not overdue and r.source in ROUTINE:
            reminders[int(r.assignee_id)] += 1
            continue
        key = f"task_overdue:{r.id}:{r.due_on.isoformat()}" if overdue else f"task_due:{r.id}:{today.isoformat()}"
        rows.append({"user_id": int(r.assignee_id), "kind": "task_overdue" if overdue else "task_due", "key": key,
                     "client_id": r.client_id if r.client_id is not None else r.deal_client_id,
                     "deal_id": r.deal_id, "task_id": r.id,
                     "params": {"title": r.title, "due": r.due_on.isoformat()}})
    rows += [{"user_id": uid, "kind": "reminders_today", "key": f"reminders_today:{uid}:{today.isoformat()}",
              "params": {"n": n}} for uid, n in sorted(reminders.items())]
    return rows


def _starting(session: Session, today: dt.date, owners: set[int] | None) -> list[dict]:
    stmt = select(StandIn).where(StandIn.cancelled.is_(False), StandIn.starts_on <= today, StandIn.ends_on >= today)
    if owners is not None:
        stmt = stmt.where(StandIn.stand_in_user_id.in_(sorted(owners)))
    found = list(session.scalars(stmt))
    names = _names(session, [i for s in found for i in (s.absent_user_id, s.stand_in_user_id)])
    return [_starts(s, {"absent": names.get(s.absent_user_id, ""), "stand_in": names.get(s.stand_in_user_id, ""),
                        "start": s.starts_on.isoformat(), "end": s.ends_on.isoformat()}) for s in found]


def purge(session: Session, *, today: dt.date) -> int:
    """Delete the notifications older than 90 days (read or not); how many."""
    cutoff = day_start_utc(today - dt.timedelta(days=KEEP_DAYS))
    result = session.execute(delete(Notification).where(Notification.created_at < cutoff)
                             .execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


# --- the reader's actions -------------------------------------------------------------------------
# Read marks are the person's own view of their inbox, not a change to the company's records:
# no audit row. The generation is bumped (the menu's count is a cached read).

@business_action
def mark_read(session: Session, viewer: Viewer, *, notification_id: int) -> None:
    """Mark one of one's own notifications read (someone else's: "not found")."""
    row = session.get(Notification, notification_id)
    if row is None or row.user_id != viewer.person_id:
        raise NotFound("Notification not found.")
    if row.read_at is None:
        row.read_at = utcnow()


@business_action
def mark_all_read(session: Session, viewer: Viewer) -> int:
    """Mark all one's unread notifications read; how many."""
    result = session.execute(update(Notification)
                             .where(and_(Notification.user_id == viewer.person_id, Notification.read_at.is_(None)))
                             .values(read_at=utcnow()).execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)
