"""Automatic reminders: the routine rules turn into tasks for the clients' owners.

The company's run is `python -m db.reminders` (db/reminders.py, for cron);
"My day" runs the same rules for the person's own clients when they open it.
Each task is made exactly once: its `source_key` names the rule, the record
and the period (`contact:<client>:<due date>`, `stalled:<deal>:<last move>`,
`reorder:<client>:<group>:<last shipment>`), and the insert skips a key that
exists — also when two processes run the rules at the same moment. A rule
also makes nothing while an earlier task of its own on the same client
(deal, product group) is still open: reminders do not pile up.
Who is due is defined once, in db/rules/regulations.py. Tasks are inserted in bulk
(one statement per 500), with one audit row and one generation bump per run that made any.

Stand-ins (issue 21): while a colleague stands in for an absent owner (db/models/org.StandIn,
dates inclusive, not cancelled), a new reminder on the absent owner's clients (deals) goes to
the stand-in; from the day after the last (or once cancelled) new ones go to the owner again.
The reminders the stand-in got and has not closed go back to the owner at the first run after
the end (the company's run or either person opening "My day"), one audited `hand_back_task`
each — unless the owner is away again (then they wait for that absence's end), has left, or the
client (deal) has meanwhile been handed to someone else. A reminder is recognised as made during
the stand-in by its due date, the day it was made; one the stand-in moved past the end stays theirs.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import and_, case, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from i18n import formatting as fmt
from i18n import translate

from .. import access, config
from ..access import Viewer
from ..generation import bump_generation
from ..models import Client, Deal, StandIn, Task, User, utcnow
from ..routine_config import ReminderRules, reminder_rules
from ..rules import regulations
from ..rules.abc import class_map
from . import abc_watch, notifications
from .base import apply_changes, audit, business_action, touch


@dataclass
class ReminderResult:
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(regulations.RULES, 0))
    handed_back: int = 0  # open reminders returned from a stand-in to the owner
    abc_slips: int = 0  # tasks for A-clients slipping to B or C (the company's run only)
    notified: int = 0  # in-app notifications made (the company's run only: db/actions/notifications.py)
    purged: int = 0  # notifications older than 90 days deleted (the company's run only)

    @property
    def total(self) -> int:
        return sum(self.created.values())


@business_action(bumps_generation=False)  # bumped below, only when a task was made
def run_reminders(session: Session, viewer: Viewer | None, *, today: dt.date | None = None,
                  owner_ids: Iterable[int] | None = None) -> ReminderResult:
    """Make the due reminders. `viewer` None: the company's run (all owners, or `owner_ids`);
    a person: the rules for their own clients and deals only."""
    today = today or access.today()
    if viewer is not None:
        owner_ids = {viewer.person_id}
    owners = None if owner_ids is None else set(owner_ids)
    rules = reminder_rules(session)
    if viewer is not None and owners is not None:
        owners |= access.covered_by(session, viewer.user_id, today)  # a stand-in runs the colleague's too
    result = ReminderResult()
    active = set(session.scalars(select(User.id).where(User.active.is_(True))))
    covering = access.stand_ins_on(session, today)
    result.handed_back = _hand_back(session, viewer, owners, today, active, covering)
    if result.handed_back:
        bump_generation(session)
    company = viewer is None  # the daily notifications, ABC movement and the purge: the company's run only
    if company:
        result.purged = notifications.purge(session, today=today)
    if not rules.on:
        if company:
            result.notified = notifications.daily(session, today=today, owners=owners)
        if result.notified or result.purged:
            bump_generation(session)
        return result
    lang = config.default_language()
    rows = [*_contact_tasks(session, owners, today, rules, active, lang),
            *_stalled_tasks(session, owners, today, rules, active, lang),
            *_reorder_tasks(session, owners, today, rules, active, lang)]
    classes = abc_watch.classes_now(session, today) if company else {}
    if company:
        rows += abc_watch.slip_tasks(session, owners, today, classes, lang, _task)
    for row in rows:  # the absent owner's reminders go to their stand-in
        cover = covering.get(row["assignee_id"])
        if cover is not None and cover in active:
            row["assignee_id"] = cover
    made = _insert_once(session, rows, viewer) if rows else {}
    for source in made.values():
        if source == abc_watch.SOURCE:
            result.abc_slips += 1
        else:
            result.created[source] += 1
    if made:
        audit(session, viewer, action="run_reminders", entity="task", entity_id=None,
              changes={"created": (None, sorted(made))})
    if company:
        slip_keys = {row["source_key"] for row in rows if row["source"] == abc_watch.SOURCE}
        result.notified = abc_watch.notify_heads(session, slip_keys, owners, today, classes, rules)
        result.notified += notifications.daily(session, today=today, owners=owners)
    if made or result.notified or result.purged:
        bump_generation(session)
    return result


def _hand_back(session: Session, viewer: Viewer | None, owners: set[int] | None, today: dt.date,
               active: set[int], covering: dict[int, int]) -> int:
    """Give the owner back the open reminders their stand-in got during a stand-in that is over
    (or cancelled); how many. `owners` None: everyone's; else those where the absent person or
    the stand-in is among `owners`."""
    subject_owner = case((Task.source == "stalled", Deal.owner_id), else_=Client.owner_id)
    stmt = (select(Task.id, StandIn.absent_user_id)
            .join(StandIn, and_(Task.assignee_id == StandIn.stand_in_user_id,
                                Task.due_on >= StandIn.starts_on, Task.due_on <= StandIn.ends_on))
            .join(Client, Task.client_id == Client.id)
            .outerjoin(Deal, Task.deal_id == Deal.id)
            .where(Task.done.is_(False), Task.source.in_((*regulations.RULES, abc_watch.SOURCE)),
                   or_(StandIn.cancelled.is_(True), StandIn.ends_on < today),
                   subject_owner == StandIn.absent_user_id)
            .order_by(Task.id))
    if owners is not None:
        stmt = stmt.where(or_(StandIn.absent_user_id.in_(sorted(owners)),
                              StandIn.stand_in_user_id.in_(sorted(owners))))
    back = {int(task_id): int(owner) for task_id, owner in session.execute(stmt)
            if owner in active and owner not in covering}
    for task_id, owner in back.items():
        task = session.get(Task, task_id)
        assert task is not None
        changes = apply_changes(task, {"assignee_id": owner})
        touch(task, viewer)
        audit(session, viewer, action="hand_back_task", entity="task", entity_id=task_id, changes=changes)
    session.flush()
    return len(back)


def _open_subjects(session: Session, source: str, column, ids: list[int]) -> set:
    """The records (clients, deals) that already have an open task of this rule."""
    if not ids:
        return set()
    stmt = select(column, Task.source_key).where(Task.source == source, Task.done.is_(False), column.in_(ids))
    return {tuple(row) for row in session.execute(stmt)}


def _task(source: str, key: str, assignee: int, client_id: int, title: str, description: str,
          today: dt.date, deal_id: int | None = None) -> dict:
    return {"source": source, "source_key": key, "assignee_id": assignee, "client_id": client_id,
            "deal_id": deal_id, "title": title[:300], "description": description, "due_on": today}


class _ClassesWhenAsked(dict):
    """The class map on `today`, ranked on the first look (issue 19): a person's own run on opening
    "My day" — a head's or the director's, who own no clients, or a manager with nobody due — then
    does not rank every client of the company (most of its time)."""

    def __init__(self, session: Session, today: dt.date) -> None:
        super().__init__()
        self._session, self._today, self._ranked = session, today, False

    def _rank(self) -> None:
        if not self._ranked:
            self._ranked = True
            self.update(class_map(self._session, today=self._today))

    def get(self, key, default=None):
        self._rank()
        return super().get(key, default)

    def __getitem__(self, key):
        self._rank()
        return super().__getitem__(key)

    def __contains__(self, key) -> bool:
        self._rank()
        return super().__contains__(key)

    def __iter__(self):
        self._rank()
        return super().__iter__()

    def __len__(self) -> int:
        self._rank()
        return super().__len__()

    def items(self):
        self._rank()
        return super().items()

    def keys(self):
        self._rank()
        return super().keys()

    def values(self):
        self._rank()
        return super().values()


def _contact_tasks(session, owners, today, rules: ReminderRules, active: set[int], lang: str) -> list[dict]:
    due = regulations.contact_due(session, owner_ids=owners, today=today, rules=rules,
                                  classes=_ClassesWhenAsked(session, today))
    busy = {cid for cid, _key in _open_subjects(session, "contact", Task.client_id, due["client_id"].tolist())}
    tasks = []
    for r in due.itertuples(index=False):
        if r.client_id in busy or r.owner_id not in active:
            continue
        params = {"abc": r.abc, "days": r.interval_days}
        if r.last_contact is None or pd.isna(r.last_contact):
            why = translate("No contact logged with the client yet. Class {abc} clients are contacted every "
                            "{days} days (contact regulations).", lang, **params)
        else:
            why = translate("Last contact on {last}, {ago} days ago. Class {abc} clients are contacted every "
                            "{days} days (contact regulations).", lang, last=fmt.date(r.last_contact, lang),
                            ago=(today - r.last_contact).days, **params)
        tasks.append(_task("contact", f"contact:{r.client_id}:{r.due_on.isoformat()}", r.owner_id, r.client_id,
                           translate("Contact {client} (class {abc})", lang, client=r.client, abc=r.abc),
                           why, today))
    return tasks


def _stalled_tasks(session, owners, today, rules: ReminderRules, active: set[int], lang: str) -> list[dict]:
    due = regulations.stalled_deals(session, owner_ids=owners, today=today, rules=rules)
    busy = {did for did, _key in _open_subjects(session, "stalled", Task.deal_id, due["deal_id"].tolist())}
    tasks = []
    for r in due.itertuples(index=False):
        assignee = r.owner_id if r.owner_id in active else r.client_owner_id
        if r.deal_id in busy or assignee not in active:
            continue
        why = translate("No stage move and no activity on the deal since {last} ({days} days) at the stage "
                        "«{stage}». Deals are looked at after {limit} days without movement.", lang,
                        last=fmt.date(r.last_move, lang), days=r.days_still, stage=r.stage,
                        limit=rules.stalled_days)
        tasks.append(_task("stalled", f"stalled:{r.deal_id}:{r.last_move.isoformat()}", int(assignee),
                           int(r.client_id), translate("Move the deal on: {title}", lang, title=r.title),
                           why, today, deal_id=int(r.deal_id)))
    return tasks


def _reorder_tasks(session, owners, today, rules: ReminderRules, active: set[int], lang: str) -> list[dict]:
    due = regulations.reorder_due(session, owner_ids=owners, today=today, rules=rules)
    open_keys = _open_subjects(session, "reorder", Task.client_id, sorted(set(due["client_id"].tolist())))
    busy = {tuple(key.split(":")[1:3]) for _cid, key in open_keys if key}
    tasks = []
    for r in due.itertuples(index=False):
        if (str(r.client_id), str(r.group_id)) in busy or r.owner_id not in active:
            continue
        why = translate("The client buys «{group}» about every {interval} days ({orders} orders from {first} to "
                        "{last}). The last order was {days} days ago: a reorder was due by {due}.", lang,
                        group=r.group, interval=r.interval_days, orders=r.orders, first=fmt.date(r.first_on, lang),
                        last=fmt.date(r.last_on, lang), days=(today - r.last_on).days, due=fmt.date(r.due_on, lang))
        tasks.append(_task("reorder", f"reorder:{r.client_id}:{r.group_id}:{r.last_on.isoformat()}",
                           int(r.owner_id), int(r.client_id),
                           translate("Call {client} about a reorder: {group}", lang, client=r.client, group=r.group),
                           why, today))
    return tasks


def _insert_once(session: Session, rows: list[dict], viewer: Viewer | None) -> dict[int, str]:
    """Insert the tasks whose key is new; {task id: rule} of those made. A key another process
    inserted a moment ago is skipped by the database, not refused."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = utcnow()
    values = [row | {"created_by_id": viewer.user_id if viewer else None, "created_at": now, "version": 1,
                     "done": False} for row in rows]
    stmt = insert(Task).on_conflict_do_nothing(index_elements=["source_key"]).returning(Task.id, Task.source)
    made: dict[int, str] = {}
    for start in range(0, len(values), 500):
        for task_id, source in session.execute(stmt, values[start:start + 500]):
            made[task_id] = source
    return made
