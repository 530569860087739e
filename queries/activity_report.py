"""The activity report (issue 21, "What the team did"): calls, letters, meetings per person per
week or month, against the contact regulations, and the activities behind each figure.

Whose rows: the people whose results the viewer sees (db/access.team_condition: a head their
department and themselves, the director everyone). Which activities: those logged by these
people on clients the viewer may see (access.scope) — so every count is the length of the
drill-down list a click shows, and no client of another department is named.

"Contacted in time" is the regulation of db/rules/regulations.contact_due (the admin's
`reminder_rules.contact_days` per ABC class), taken on the period's last day (today for the
current period): of the person's active clients of a class then, how many were not past
their class's interval. Classes are those of that day (db/rules/abc.class_map); a client is
counted under its present owner.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.models import Activity, ActivityKind, Client, ClientStatus, Contact, Task, User
from db.routine_config import reminder_rules
from db.rules import regulations

from .abc import classes_on
from .frame import frame, month_bounds, text_as_objects

UNITS = ("week", "month")
KINDS = tuple(k.value for k in ActivityKind)  # call, email, meeting, letter, note
CONTACT_KINDS = tuple(k.value for k in regulations.CONTACT_KINDS)
CLASSES = ("A", "B", "C")
COLUMNS = ["user_id", "manager", "period", "period_end", *KINDS, "contacts",
           *[f"{k.lower()}_{part}" for k in CLASSES for part in ("clients", "in_time")]]


def periods(unit: str, count: int, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The last `count` weeks (Monday to Sunday) or calendar months, oldest first, the current one
    last: (first day, last day), both inclusive."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}")
    count = max(1, int(count))
    if unit == "week":
        monday = today - dt.timedelta(days=today.weekday())
        starts = [monday - dt.timedelta(weeks=k) for k in range(count)]
        return [(s, s + dt.timedelta(days=6)) for s in reversed(starts)]
    out = []
    start = today.replace(day=1)
    for _ in range(count):
        first, next_first = month_bounds(start)
        out.append((first, next_first - dt.timedelta(days=1)))
        start = (first - dt.timedelta(days=1)).replace(day=1)
    return list(reversed(out))


def _people(session: Session, viewer: Viewer, ids_with_activity) -> pd.DataFrame:
    """The people the viewer leads (and themselves): active managers, and anyone who logged an
    activity in the window or owns clients (a head with neither is not a row of zeros)."""
    owners = select(Client.owner_id).where(Client.status == ClientStatus.ACTIVE, Client.owner_id.is_not(None))
    return frame(session, select(User.id.label("user_id"), User.full_name.label("manager"))
                 .where(access.client_owners(active_only=False), access.team_condition(session, viewer, User.id),
                        or_(and_(User.active.is_(True), or_(access.team_members(), User.id.in_(owners))),
                            User.id.in_(ids_with_activity)))
                 .order_by(User.full_name, User.id))


def _activities_filter(session: Session, viewer: Viewer, start: dt.date, end: dt.date):
    """Activities in [start, end] (company-time-zone days), on clients the viewer sees."""
    return (Activity.occurred_at >= regulations.day_start_utc(start),
            Activity.occurred_at < regulations.day_start_utc(end + dt.timedelta(days=1)),
            Activity.client_id.in_(access.visible_client_ids(session, viewer)))


def report(session: Session, viewer: Viewer, *, unit: str = "month", count: int = 6,
           today: dt.date | None = None) -> pd.DataFrame:
    """One row per person and period (oldest first): activities by kind, `contacts` (calls,
    e-mails, meetings, letters: what the regulation counts), and per class A/B/C the person's
    clients on the period's last day and how many of them were contacted in time.
    Columns: COLUMNS (`period` the first day, `period_end` the last)."""
    today = today or access.today()
    spans = periods(unit, count, today)
    window = _activities_filter(session, viewer, spans[0][0], spans[-1][1])
    active_ids = select(Activity.user_id).where(*window)
    people = _people(session, viewer, active_ids)
    if people.empty:
        return pd.DataFrame(columns=COLUMNS)
    ids = [int(i) for i in people["user_id"]]
    bucket = case(*[(Activity.occurred_at < regulations.day_start_utc(end + dt.timedelta(days=1)), i)
                    for i, (_start, end) in enumerate(spans)], else_=len(spans))
    counts = frame(session, select(Activity.user_id, bucket.label("i"),
                                   *[func.sum(case((Activity.kind == k, 1), else_=0)).label(k) for k in KINDS])
                   .where(*window, Activity.user_id.in_(ids))
                   .group_by(Activity.user_id, bucket))
    rows = pd.DataFrame([(uid, i) for uid in ids for i in range(len(spans))], columns=["user_id", "i"])
    if not counts.empty:
        counts = counts.astype({"user_id": "int64", "i": "int64"})
        rows = rows.merge(counts, on=["user_id", "i"], how="left")
    for k in KINDS:
        rows[k] = pd.to_numeric(rows[k], errors="coerce").fillna(0).astype("int64") if k in rows else 0
    rows["contacts"] = rows[list(CONTACT_KINDS)].sum(axis=1).astype("int64")
    regulation = _in_time(session, ids, [min(end, today) for _s, end in spans])
    rows = rows.merge(regulation, on=["user_id", "i"], how="left")
    rows = rows.merge(people, on="user_id")
    rows["period"] = [spans[i][0] for i in rows["i"]]
    rows["period_end"] = [spans[i][1] for i in rows["i"]]
    rows = rows.sort_values(["i", "manager", "user_id"], ignore_index=True)
    for col in COLUMNS[-6:]:
        rows[col] = rows[col].fillna(0).astype("int64")
    return text_as_objects(rows[COLUMNS])


def _in_time(session: Session, ids: list[int], days: list[dt.date]) -> pd.DataFrame:
    """Per person and period i (its last day `days[i]`, ascending): their active clients of each
    class on that day, and those not past the contact regulation then — regulations.contact_due
    with as_of=True on each day, worked out from one read of the clients, of their last contact and
    of their last handled contact reminder before each day's end (issue 19: not a query per period).

    As contact_due: a client counts on a day when created before its end; the interval runs from
    the latest (company-time-zone day) of its last contact, last handled reminder and creation by
    then; due when that plus the class's days (rules.contact_days, 90 for a class not set) is that
    day or earlier. Classes are those of the day (db/rules/abc.class_map)."""
    rules = reminder_rules(session)
    ends = [regulations.day_start_utc(day + dt.timedelta(days=1)) for day in days]

    def bucket(column):  # the first period whose day had ended after `column`: n when none
        return case(*[(column < end, i) for i, end in enumerate(ends)], else_=len(ends))

    mine = (Client.owner_id.in_(ids), Client.status == ClientStatus.ACTIVE)
    clients = frame(session, select(Client.id.label("client_id"), Client.owner_id.label("user_id"),
                                    Client.created_at, bucket(Client.created_at).label("since"))
                    .where(*mine, Client.created_at < ends[-1]))
    mine_ids = select(Client.id).where(*mine)
    contact_i, handled_i = bucket(Activity.occurred_at), bucket(Task.done_at)  # one object each: PG's GROUP BY
    # Only whether a client is late counts here, not its last contact's day: a contact or a closing
    # older than the longest interval before the first day leaves the client late on every day
    # whether it is read or not (an older start only makes a client later), so history before that
    # is not read (the index on (client, moment) serves the rest).
    horizon = regulations.day_start_utc(days[0] - dt.timedelta(days=max(90, *rules.contact_days.values())))
    contacted = frame(session, select(Activity.client_id, contact_i.label("i"),
                                      func.max(Activity.occurred_at).label("at"))
                      .where(Activity.client_id.in_(mine_ids), Activity.kind.in_(CONTACT_KINDS),
                             Activity.occurred_at >= horizon, Activity.occurred_at < ends[-1])
                      .group_by(Activity.client_id, contact_i))
    handled = frame(session, select(Task.client_id, handled_i.label("i"), func.max(Task.done_at).label("at"))
                    .where(Task.client_id.in_(mine_ids), Task.source == "contact", Task.done.is_(True),
                           Task.done_at >= horizon, Task.done_at < ends[-1])
                    .group_by(Task.client_id, handled_i))
    clients["created_day"] = regulations.local_days(clients["created_at"])
    for rows in (contacted, handled):  # a later moment is never an earlier day: the latest day is the day of the latest
        rows["day"] = regulations.local_days(rows["at"]) if len(rows) else pd.Series(dtype="datetime64[ns]")
    shortest = min(rules.contact_days.values())
    out = []
    for i, day in enumerate(days):
        on = clients[clients["since"].astype("int64") <= i].set_index("client_id")
        start = pd.concat([_latest(contacted, i, on.index), _latest(handled, i, on.index), on["created_day"]],
                          axis=1).max(axis=1)
        classes = classes_on(session, day)
        klass = pd.Series([classes.get(int(c), "C") for c in on.index], index=on.index, dtype=object)
        interval = klass.map(lambda k: rules.contact_days.get(k, 90)).astype("int64")
        # contact_due's reading, untouched within the shortest interval, then the class's interval
        late = ((start < pd.Timestamp(day - dt.timedelta(days=shortest - 1)))
                & (start + pd.to_timedelta(interval, unit="D") <= pd.Timestamp(day)))
        row: dict = {"user_id": ids, "i": i}
        for k in CLASSES:
            owners = on.loc[klass == k, "user_id"].astype("int64")
            total = owners.value_counts()
            overdue = on.loc[(klass == k) & late, "user_id"].astype("int64").value_counts()
            clients_k = pd.Series(ids).map(total).fillna(0).astype("int64")
            row[f"{k.lower()}_clients"] = clients_k
            row[f"{k.lower()}_in_time"] = clients_k - pd.Series(ids).map(overdue).fillna(0).astype("int64")
        out.append(pd.DataFrame(row))
    return pd.concat(out, ignore_index=True)


def _latest(rows: pd.DataFrame, i: int, clients: pd.Index) -> pd.Series:
    """Per client (of `clients`), the latest `day` in periods 0..i (a naive midnight; NaT when none)."""
    upto = rows[rows["i"].astype("int64") <= i] if len(rows) else rows
    if upto.empty:
        return pd.Series(pd.NaT, index=clients, dtype="datetime64[ns]")
    return upto.groupby("client_id")["day"].max().reindex(clients)


def activities(session: Session, viewer: Viewer, *, user_id: int, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The activities behind a row of the report: those `user_id` logged from `start` to `end`
    (days inclusive) on clients the viewer sees; nothing when the viewer does not lead that person.
    Newest first. Columns: id, occurred_at, kind, subject, client_id, client, contact, outcome."""
    stmt = (select(Activity.id, Activity.occurred_at, Activity.kind, Activity.subject, Activity.client_id,
                   Client.name.label("client"), Contact.full_name.label("contact"), Activity.outcome)
            .join(Client, Activity.client_id == Client.id)
            .outerjoin(Contact, Activity.contact_id == Contact.id)
            .join(User, Activity.user_id == User.id)
            .where(Activity.user_id == int(user_id), access.team_condition(session, viewer, User.id),
                   *_activities_filter(session, viewer, start, end))
            .order_by(Activity.occurred_at.desc(), Activity.id.desc()))
    return frame(session, stmt)


def contact_days(session: Session, viewer: Viewer) -> dict[str, int]:
    """The contact regulation the report measures against: days per class (the admin's setting)."""
    return dict(reminder_rules(session).contact_days)
