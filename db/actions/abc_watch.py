"""ABC movement becomes action (issue 21), in the company's daily run (db/actions/reminders.py).

- An A-client slipping to B or C — class A over the previous period, B or C over this one (the
  12 months to today against the 12 before, as the ABC page compares them: db/rules/abc.py,
  db/rules/periods.py) — makes a task for its manager saying why (source "abc_slip", key
  `abc_slip:<client>:<period start>`), at most one a year per client, and a notification for
  the head of the manager's department.
- An A-client without a contact for its class's regulation period (db/rules/regulations.py):
  the contact reminder the same run makes is the manager's task (it names the class and the
  interval); the head of the manager's department is notified once per overdue period
  (`abc_uncontacted:<client>:<due date>`).

Nobody is notified about their own clients' slip as "the head" (a head owning clients), and the
notification goes through db/actions/notifications.notify, which keeps it from anyone who does
not see the client.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from i18n import formatting as fmt
from i18n import translate

from ..models import Client, ClientStatus, Department, Task, User
from ..routine_config import ReminderRules
from ..rules import regulations
from ..rules.abc import client_classes, thresholds
from ..rules.periods import ending_with, previous_period
from .notifications import ABC_SLIP, notify

SOURCE = ABC_SLIP  # Task.source of the slip tasks
MONTHS = 12
QUIET_DAYS = 365  # after a slip task, the same client makes no other for this long


def _period(today: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    start, end = ending_with(today, MONTHS)
    prev_start, _ = previous_period(start, end)
    return prev_start, start, end


def classes_now(session: Session, today: dt.date) -> dict[int, str]:
    """client id -> class over the 12 months to today (what the reminders and the card use)."""
    _prev, start, end = _period(today)
    df = client_classes(session, start=start, end=end, limits=thresholds(session))
    return dict(zip(df["client_id"].astype(int), df["abc"], strict=True))


def heads_of(session: Session, owner_ids: set[int]) -> dict[int, int]:
    """owner id -> the head of their department (not themselves)."""
    if not owner_ids:
        return {}
    rows = session.execute(select(User.id, Department.head_id).join(Department, User.department_id == Department.id)
                           .where(User.id.in_(sorted(owner_ids)), Department.head_id.is_not(None)))
    return {int(uid): int(head) for uid, head in rows if head is not None and head != uid}


def slipped(session: Session, owners: set[int] | None, today: dt.date, classes: dict[int, str]) -> pd.DataFrame:
    """Active owned clients that were A over the previous period and are B or C now (owners None: all).
    Columns: client_id, client, owner_id, owner, abc, prev_value, value."""
    prev_start, start, end = _period(today)
    limits = thresholds(session)
    before = client_classes(session, start=prev_start, end=start, limits=limits)
    now = client_classes(session, start=start, end=end, limits=limits)
    was_a = before[before["abc"] == "A"][["client_id", "value"]].rename(columns={"value": "prev_value"})
    moved = was_a.merge(now[["client_id", "value"]], on="client_id", how="left")
    moved["abc"] = moved["client_id"].map(lambda c: classes.get(int(c), "C"))
    moved = moved[moved["abc"] != "A"]
    columns = ["client_id", "client", "owner_id", "owner", "abc", "prev_value", "value"]
    if moved.empty:
        return pd.DataFrame(columns=columns)
    stmt = (select(Client.id.label("client_id"), Client.name.label("client"), Client.owner_id,
                    User.full_name.label("owner"))
            .join(User, Client.owner_id == User.id)
            .where(Client.id.in_([int(c) for c in moved["client_id"]]), Client.status == ClientStatus.ACTIVE,
                   User.active.is_(True)))
    if owners is not None:
        stmt = stmt.where(Client.owner_id.in_(sorted(owners)))
    named = pd.DataFrame(session.execute(stmt).all(), columns=["client_id", "client", "owner_id", "owner"])
    return named.merge(moved, on="client_id")[columns]


def _money(value, lang: str) -> str:
    return fmt.money(0 if value is None or pd.isna(value) else value, lang, kopecks=False)


def slip_tasks(session: Session, owners: set[int] | None, today: dt.date, classes: dict[int, str],
               lang: str, make_task) -> list[dict]:
    """The slip tasks to make (made by the caller's insert-once, `make_task` as reminders._task)."""
    df = slipped(session, owners, today, classes)
    if df.empty:
        return []
    since = today - dt.timedelta(days=QUIET_DAYS)
    recent = set(session.scalars(select(Task.client_id).where(
        Task.source == SOURCE, Task.client_id.in_([int(c) for c in df["client_id"]]), Task.due_on > since)))
    prev_start, start, end = _period(today)
    tasks = []
    for r in df.itertuples(index=False):
        if int(r.client_id) in recent:
            continue
        why = translate("Class A from {prev_start} to {prev_end} ({prev_value}), class {abc} from {start} to {end} "
                        "({value}): find out why the client buys less and agree on the next order.", lang,
                        prev_start=fmt.date(prev_start, lang), prev_end=fmt.date(start - dt.timedelta(days=1), lang),
                        prev_value=_money(r.prev_value, lang), abc=r.abc, start=fmt.date(start, lang),
                        end=fmt.date(end - dt.timedelta(days=1), lang), value=_money(r.value, lang))
        tasks.append(make_task(SOURCE, f"{SOURCE}:{int(r.client_id)}:{start.isoformat()}", int(r.owner_id),
                               int(r.client_id), translate("A-client slipped to {abc}: {client}", lang,
                                                           abc=r.abc, client=r.client), why, today))
    return tasks


def notify_heads(session: Session, made_keys: set[str], owners: set[int] | None, today: dt.date,
                 classes: dict[int, str], rules: ReminderRules) -> int:
    """Tell the heads about the slip tasks just made (`made_keys`: their source keys) and about their
    people's A-clients overdue for a contact. How many notifications were made."""
    rows: list[dict] = []
    slips = session.execute(select(Task.id, Task.client_id, Task.source_key, Client.name, Client.owner_id,
                                   User.full_name).join(Client, Task.client_id == Client.id)
                            .join(User, Client.owner_id == User.id)
                            .where(Task.source_key.in_(sorted(made_keys)))).all() if made_keys else []
    due = regulations.contact_due(session, owner_ids=owners, today=today, rules=rules, classes=classes)
    due = due[due["abc"] == "A"]
    heads = heads_of(session, {int(s.owner_id) for s in slips} | {int(o) for o in due["owner_id"]})
    for s in slips:
        head = heads.get(int(s.owner_id))
        if head is not None:
            rows.append({"user_id": head, "kind": "abc_slip", "key": f"{s.source_key}:{head}",
                         "client_id": s.client_id, "task_id": s.id,
                         "params": {"client": s.name, "manager": s.full_name,
                                    "abc": classes.get(int(s.client_id), "C")}})
    names = dict(session.execute(select(User.id, User.full_name).where(
        User.id.in_(sorted({int(o) for o in due["owner_id"]})))).all()) if not due.empty else {}
    for r in due.itertuples(index=False):
        head = heads.get(int(r.owner_id))
        if head is None:
            continue
        last = None if r.last_contact is None or pd.isna(r.last_contact) else r.last_contact.isoformat()
        rows.append({"user_id": head, "kind": "abc_uncontacted",
                     "key": f"abc_uncontacted:{int(r.client_id)}:{r.due_on.isoformat()}:{head}",
                     "client_id": int(r.client_id),
                     "params": {"client": r.client, "manager": names.get(int(r.owner_id), ""),
                                "days": int(r.interval_days), "last": last}})
    return notify(session, rows, on=today)
