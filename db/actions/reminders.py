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
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from i18n import formatting as fmt
from i18n import translate

from .. import access, config
from ..access import Viewer
from ..generation import bump_generation
from ..models import Task, User, utcnow
from ..routine_config import ReminderRules, reminder_rules
from ..rules import regulations
from ..rules.abc import class_map
from .base import audit, business_action


@dataclass
class ReminderResult:
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(regulations.RULES, 0))

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
    result = ReminderResult()
    if not rules.on:
        return result
    active = set(session.scalars(select(User.id).where(User.active.is_(True))))
    lang = config.default_language()
    rows = [*_contact_tasks(session, owners, today, rules, active, lang),
            *_stalled_tasks(session, owners, today, rules, active, lang),
            *_reorder_tasks(session, owners, today, rules, active, lang)]
    if not rows:
        return result
    made = _insert_once(session, rows, viewer)
    for source in made.values():
        result.created[source] += 1
    if made:
        audit(session, viewer, action="run_reminders", entity="task", entity_id=None,
              changes={"created": (None, sorted(made))})
        bump_generation(session)
    return result


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


def _contact_tasks(session, owners, today, rules: ReminderRules, active: set[int], lang: str) -> list[dict]:
    due = regulations.contact_due(session, owner_ids=owners, today=today, rules=rules,
                                  classes=class_map(session, today=today))
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
