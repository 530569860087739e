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

from . import kept
from .abc import classes_on
from .frame import frame, month_bounds, text_as_objects

UNITS = ("week", "month")
KINDS = tuple(k.value for k in ActivityKind)  # call, email, meeting, letter, note
CONTACT_KINDS = tuple(k.value for k in regulations.CONTACT_KINDS)
CLASSES = ("A", "B", "C")
NUMBER = {k: n for n, k in enumerate(CLASSES)}
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
    counts = _counts(session, viewer, spans)
    people = _people(session, viewer, sorted({int(u) for u in counts["user_id"]}))
    if people.empty:
        return pd.DataFrame(columns=COLUMNS)
    ids = [int(i) for i in people["user_id"]]
    rows = pd.DataFrame([(uid, i) for uid in ids for i in range(len(spans))], columns=["user_id", "i"])
    if not counts.empty:
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


def _counts(session: Session, viewer: Viewer, spans: list[tuple[dt.date, dt.date]]) -> pd.DataFrame:
    """Activities by kind per person and period (user_id, i, KINDS…) of those in the periods on clients
    the viewer sees (their present owner in the viewer's scope).

    The periods that ended before the reader's yesterday, and the rest of the window up to it, are
    counted for the whole company per person and client owner, a part kept under "activities_closed"
    and "clients" (queries/kept.py): a call logged as it happens leaves it, and only the moments since
    yesterday are read afresh."""
    ends = [regulations.day_start_utc(end + dt.timedelta(days=1)) for _start, end in spans]
    first = regulations.day_start_utc(spans[0][0])
    closed, opened, kept_ends = _split_at_yesterday(ends, first)
    parts = [kept.part(session, closed_counts, start=first, ends=kept_ends)] if kept_ends else []
    if opened:  # the kept part's last span (up to yesterday) is the first open period's: same number
        parts.append(_kind_counts(session, kept_ends[-1] if kept_ends else first, opened, offset=len(closed)))
    rows = pd.concat(parts, ignore_index=True)
    scope = access.scope(session, viewer)
    if not scope.everything:
        owners = rows["owner_id"]
        seen = owners.isin(list(scope.owner_ids)) | (owners.isna() if scope.unassigned else False)
        rows = rows[seen]
    return rows.groupby(["user_id", "i"], as_index=False)[list(KINDS)].sum()


def _kind_counts(session: Session, since: dt.datetime, ends, offset: int = 0) -> pd.DataFrame:
    """Activities on clients by kind per person, client owner and span (of `ends`, from `since`)."""
    span = _span(Activity.occurred_at, ends, offset)
    rows = frame(session, select(Activity.user_id, Client.owner_id, span.label("i"),
                                 *[func.sum(case((Activity.kind == k, 1), else_=0)).label(k) for k in KINDS])
                 .join(Client, Activity.client_id == Client.id)
                 .where(Activity.user_id.is_not(None), Activity.occurred_at >= since,
                        Activity.occurred_at < ends[-1])
                 .group_by(Activity.user_id, Client.owner_id, span))
    rows = rows.astype({"user_id": "int64", "i": "int64", **{k: "int64" for k in KINDS}})
    rows["owner_id"] = rows["owner_id"].astype("Int64")
    return rows


def closed_counts(session: Session, viewer: Viewer | None, *, start: dt.datetime,
                  ends: tuple[dt.datetime, ...]) -> pd.DataFrame:
    """_kind_counts of the company over spans ended by the reader's yesterday (a kept part)."""
    return _kind_counts(session, start, list(ends))


def _in_time(session: Session, ids: list[int], days: list[dt.date]) -> pd.DataFrame:
    """Per person and period i (its last day `days[i]`, ascending): their active clients of each
    class on that day, and those not past the contact regulation then — regulations.contact_due
    with as_of=True on each day, worked out from one read of the clients and, per client, of the
    day of its last contact and of its last handled contact reminder by each day's end (issue 19:
    not a query per period).

    As contact_due: a client counts on a day when created before its end; the interval runs from
    the latest (company-time-zone day) of its last contact, last handled reminder and creation by
    then; due when that plus the class's days (rules.contact_days, 90 for a class not set) is that
    day or earlier. Classes are those of the day (db/rules/abc.class_map)."""
    rules = reminder_rules(session)
    ends = [regulations.day_start_utc(day + dt.timedelta(days=1)) for day in days]

    clients = kept.part(session, active_clients)
    clients = clients[clients["user_id"].isin(ids)]
    created = clients["created_at"]
    clients = clients[created < pd.Timestamp(ends[-1])].assign(  # since: the first period it existed at the end of
        since=sum((created >= pd.Timestamp(end)).astype("int64") for end in ends))
    # Only whether a client is late counts here, not its last contact's day: a contact or a closing
    # older than the longest interval before the first day leaves the client late on every day
    # whether it is read or not (an older start only makes a client later), so history before that
    # is not read.
    horizon = regulations.day_start_utc(days[0] - dt.timedelta(days=max(90, *rules.contact_days.values())))
    contacted, handled, limits = _marks(session, horizon, ends)
    shortest = min(rules.contact_days.values())
    out = []
    for i, day in enumerate(days):
        on = clients[clients["since"] <= i].set_index("client_id")
        start = pd.concat([_latest(contacted, limits[i], on.index), _latest(handled, limits[i], on.index),
                           on["created_day"]], axis=1).max(axis=1)
        classes = classes_on(session, day)
        # classes as their numbers in CLASSES (C when not ranked): integer comparisons, not text
        klass = (pd.Series(classes, dtype=object).map(NUMBER).reindex(on.index)
                 .fillna(NUMBER["C"]).astype("int64") if classes else pd.Series(NUMBER["C"], index=on.index))
        interval = klass.map(dict(enumerate(rules.contact_days.get(k, 90) for k in CLASSES))).astype("int64")
        # contact_due's reading, untouched within the shortest interval, then the class's interval
        late = ((start < pd.Timestamp(day - dt.timedelta(days=shortest - 1)))
                & (start + pd.to_timedelta(interval, unit="D") <= pd.Timestamp(day)))
        row: dict = {"user_id": ids, "i": i}
        for k in CLASSES:
            total = on.loc[klass == NUMBER[k], "user_id"].value_counts()
            overdue = on.loc[(klass == NUMBER[k]) & late, "user_id"].value_counts()
            clients_k = pd.Series(ids).map(total).fillna(0).astype("int64")
            row[f"{k.lower()}_clients"] = clients_k
            row[f"{k.lower()}_in_time"] = clients_k - pd.Series(ids).map(overdue).fillna(0).astype("int64")
        out.append(pd.DataFrame(row))
    return pd.concat(out, ignore_index=True)


def active_clients(session: Session, viewer: Viewer | None) -> pd.DataFrame:
    """The company's active clients with an owner: client_id, user_id (the owner), created_at (UTC)
    and created_day (the company's day): a part kept under "clients" (a call leaves it)."""
    rows = frame(session, select(Client.id.label("client_id"), Client.owner_id.label("user_id"), Client.created_at)
                 .where(Client.status == ClientStatus.ACTIVE, Client.owner_id.is_not(None)))
    rows = rows.astype({"client_id": "int64", "user_id": "int64"})
    rows["created_at"] = pd.to_datetime(rows["created_at"], utc=True)
    rows["created_day"] = regulations.local_days(rows["created_at"])
    return rows


def _marks(session: Session, horizon: dt.datetime, ends: list[dt.datetime]):
    """Per client, the day of its last contact and of its last handled contact reminder in each
    span of moments [horizon, ends[0]), [ends[0], ends[1]), …: (contacted, handled, limits) — two
    frames of client_id, i (a span's number), day; and per period the last span number by its end.

    The spans that ended before the reader's yesterday are the company's and are kept
    (queries/kept.py): contacts under "activities_closed" (a call logged as it happens leaves them),
    handled reminders under "tasks"; the spans since (yesterday's, today's) are read afresh: the
    moments since yesterday began, a day or two of them."""
    closed, opened, spans = _split_at_yesterday(ends, horizon)
    contacted = [kept.part(session, closed_contacts, horizon=horizon, ends=spans)] if spans else []
    handled = [kept.part(session, closed_handled, horizon=horizon, ends=spans)] if spans else []
    if opened:
        since = spans[-1] if spans else horizon
        contacted.append(_contact_days(session, since, opened, offset=len(spans)))
        handled.append(_handled_days(session, since, opened, offset=len(spans)))
    limits = list(range(len(closed))) + [len(spans) + j for j in range(len(opened))]
    return pd.concat(contacted, ignore_index=True), pd.concat(handled, ignore_index=True), limits


def _split_at_yesterday(ends: list[dt.datetime], start: dt.datetime):
    """The ends of spans read from `start`, split where the reader's yesterday begins: (closed, opened,
    kept) — the ends by then, those after, and the ends of the kept part: `closed`, and yesterday's
    beginning when spans are read afresh after it (the kept part then reaches up to it)."""
    boundary = regulations.day_start_utc(access.today() - dt.timedelta(days=1))
    closed = tuple(end for end in ends if end <= boundary)
    opened = [end for end in ends if end > boundary]
    return closed, opened, (*closed, boundary) if opened and boundary > start else closed


def _span(column, ends, offset: int):
    """The number of the first of `ends` after `column` (+ offset): which span a moment falls in."""
    return case(*[(column < end, offset + i) for i, end in enumerate(ends)], else_=offset + len(ends))


def _days(session: Session, stmt) -> pd.DataFrame:
    rows = frame(session, stmt)
    rows["day"] = regulations.local_days(rows["at"]) if len(rows) else pd.Series(dtype="datetime64[ns]")
    return rows[["client_id", "i", "day"]].astype({"client_id": "int64", "i": "int64"})


def _contact_days(session: Session, since: dt.datetime, ends, offset: int = 0) -> pd.DataFrame:
    """Per client and span (of `ends`, from `since`): the day of its last contact (any client's)."""
    span = _span(Activity.occurred_at, ends, offset)  # one object: PG's GROUP BY
    return _days(session, select(Activity.client_id, span.label("i"), func.max(Activity.occurred_at).label("at"))
                 .where(Activity.kind.in_(CONTACT_KINDS), Activity.occurred_at >= since,
                        Activity.occurred_at < ends[-1])
                 .group_by(Activity.client_id, span))


def _handled_days(session: Session, since: dt.datetime, ends, offset: int = 0) -> pd.DataFrame:
    """Per client and span: the day of its last handled contact reminder (a contact task done)."""
    span = _span(Task.done_at, ends, offset)
    return _days(session, select(Task.client_id, span.label("i"), func.max(Task.done_at).label("at"))
                 .where(Task.client_id.is_not(None), Task.source == "contact", Task.done.is_(True),
                        Task.done_at >= since, Task.done_at < ends[-1])
                 .group_by(Task.client_id, span))


def closed_contacts(session: Session, viewer: Viewer | None, *, horizon: dt.datetime,
                    ends: tuple[dt.datetime, ...]) -> pd.DataFrame:
    """_contact_days of the company over spans ended before the reader's yesterday (a kept part)."""
    return _contact_days(session, horizon, list(ends))


def closed_handled(session: Session, viewer: Viewer | None, *, horizon: dt.datetime,
                   ends: tuple[dt.datetime, ...]) -> pd.DataFrame:
    """_handled_days of the company over spans ended before the reader's yesterday (a kept part)."""
    return _handled_days(session, horizon, list(ends))


def _latest(rows: pd.DataFrame, limit: int, clients: pd.Index) -> pd.Series:
    """Per client (of `clients`), the latest `day` in spans 0..limit (a naive midnight; NaT when none)."""
    upto = rows[rows["i"] <= limit] if len(rows) else rows
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
