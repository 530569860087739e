""""My day": a person's tasks, the clients due for a contact or a reorder, birthdays, stalled deals.

"Mine" is the viewer's own clients and deals, plus those of a colleague they
stand in for today — never the department's (a head's "My day" is their own
work; the team's is on the Team page). Everything is also held to the
viewer's access scope.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import and_, case, false, func, or_, select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.models import Activity, Client, ClientStatus, Contact, Deal, DecisionRole, StandIn, Task, User
from db.routine_config import reminder_rules
from db.rules import regulations

from . import kept
from .abc import classes_on
from .frame import frame

KEY_ROLES = (DecisionRole.DECISION_MAKER.value, DecisionRole.INFLUENCER.value)


def my_owner_ids(session: Session, viewer: Viewer, today: dt.date) -> set[int]:
    """The viewer and the colleagues they stand in for today (inside the viewer's scope)."""
    scope = access.scope(session, viewer, today)
    own: set[int] = {viewer.user_id} if viewer.user_id is not None else set()  # the script viewer owns nothing
    return own | {uid for uid in access.covered_by(session, viewer.user_id, today) if scope.allows_owner(uid)}


def standing_in_for(session: Session, viewer: Viewer, *, today: dt.date | None = None) -> pd.DataFrame:
    """The colleagues the viewer stands in for today: absent_user_id, full_name, ends_on."""
    today = today or access.today()
    ids = sorted(my_owner_ids(session, viewer, today) - {viewer.user_id})
    return frame(session, select(StandIn.absent_user_id, User.full_name, StandIn.ends_on)
                 .join(User, StandIn.absent_user_id == User.id)
                 .where(StandIn.absent_user_id.in_(ids), StandIn.stand_in_user_id == viewer.user_id,
                        StandIn.cancelled.is_(False), StandIn.starts_on <= today, StandIn.ends_on >= today)
                 .order_by(User.full_name))


def _mark_theirs(session: Session, viewer: Viewer, df: pd.DataFrame, column: str) -> pd.DataFrame:
    """Adds `for_name`: the full name of the colleague a row belongs to (the one the viewer stands
    in for), None on the viewer's own rows."""
    others = {int(u) for u in df[column].dropna() if int(u) != viewer.user_id} if len(df) else set()
    names = {uid: name for uid, name in session.execute(
        select(User.id, User.full_name).where(User.id.in_(sorted(others))))} if others else {}
    df["for_name"] = [names.get(int(u)) if not pd.isna(u) else None for u in df[column]] if len(df) else []
    return df


def tasks(session: Session, viewer: Viewer, *, today: dt.date | None = None, ahead_days: int = 7) -> pd.DataFrame:
    """The viewer's open tasks due up to `ahead_days` ahead, overdue first; `bucket` is
    overdue | today | soon. A task on a client the viewer no longer sees is left out.
    A stand-in also gets the absent colleague's tasks on clients (their tasks without a client
    stay private). `for_name`: the colleague's name on their tasks and on the viewer's own tasks on
    their clients; None on the rest."""
    today = today or access.today()
    visible = select(Client.id).where(access.scope(session, viewer, today).clients())  # on `today`
    colleagues = my_owner_ids(session, viewer, today) - {viewer.user_id}
    mine = and_(Task.assignee_id == viewer.user_id, or_(Task.client_id.is_(None), Task.client_id.in_(visible)))
    theirs = and_(Task.assignee_id.in_(sorted(colleagues)), Task.client_id.in_(visible)) if colleagues else false()
    stmt = (select(Task.id, Task.due_on, Task.title, Task.description, Task.source, Task.client_id,
                   Client.name.label("client"), Task.deal_id, Deal.title.label("deal"), Task.version,
                   Task.assignee_id, Client.owner_id.label("client_owner_id"), Task.due_time,
                   Task.duration_minutes)
            .outerjoin(Client, Task.client_id == Client.id)
            .outerjoin(Deal, Task.deal_id == Deal.id)
            .where(or_(mine, theirs), Task.done.is_(False),
                   Task.due_on <= today + dt.timedelta(days=ahead_days))
            # within a day: the whole-day tasks, then by time (issue 21)
            .order_by(Task.due_on, Task.due_time.is_(None).desc(), Task.due_time, Task.id))
    df = frame(session, stmt)
    df["bucket"] = ["overdue" if d < today else "today" if d == today else "soon" for d in df["due_on"]]
    # Theirs: a colleague's task, or a task of the viewer's on a covered colleague's client (a
    # reminder made for the stand-in, a next step they set there).
    df["for_id"] = [a if a != viewer.user_id else o if not pd.isna(o) and int(o) in colleagues else None
                    for a, o in zip(df["assignee_id"], df["client_owner_id"], strict=True)]
    return _mark_theirs(session, viewer, df, "for_id")


def contacts_due(session: Session, viewer: Viewer, *, today: dt.date | None = None) -> pd.DataFrame:
    """My clients past their class's contact interval (db/rules/regulations.contact_due);
    `for_name` marks the clients of a colleague the viewer stands in for."""
    today = today or access.today()
    df = regulations.contact_due(session, owner_ids=my_owner_ids(session, viewer, today), today=today,
                                 rules=reminder_rules(session), classes=classes_on(session, today))
    return _mark_theirs(session, viewer, df, "owner_id")


def reorders_due(session: Session, viewer: Viewer, *, today: dt.date | None = None) -> pd.DataFrame:
    """My regular clients whose usual reorder interval for a product group has passed (`for_name`:
    as in contacts_due)."""
    today = today or access.today()
    df = regulations.reorder_due(session, owner_ids=my_owner_ids(session, viewer, today), today=today,
                                 rules=reminder_rules(session))
    return _mark_theirs(session, viewer, df, "owner_id")


def stalled_deals(session: Session, viewer: Viewer, *, today: dt.date | None = None) -> pd.DataFrame:
    """My open deals without movement for the configured number of days (on clients I may see)."""
    today = today or access.today()
    df = regulations.stalled_deals(session, owner_ids=my_owner_ids(session, viewer, today), today=today,
                                   rules=reminder_rules(session))
    scope = access.scope(session, viewer, today)
    keep = [scope.allows_owner(None if pd.isna(o) else int(o)) for o in df["client_owner_id"]]
    df = df[keep].reset_index(drop=True) if len(df) else df
    return _mark_theirs(session, viewer, df, "owner_id")


def _month_day(session: Session, column):
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "MM-DD")
    return func.strftime("%m-%d", column)


def birthdays(session: Session, viewer: Viewer, *, today: dt.date | None = None, days: int = 7) -> pd.DataFrame:
    """Key contacts (decision makers, influencers, influence 4–5) of my clients whose birthday
    falls in the next `days` days, today included; `day` is this year's date, `age` the age turned;
    `for_name` marks a colleague's the viewer stands in for."""
    today = today or access.today()
    window = [today + dt.timedelta(days=i) for i in range(days)]
    month_days = {d.strftime("%m-%d") for d in window}
    if "02-28" in month_days and not _leap(today.year):
        month_days.add("02-29")  # born on 29 February: celebrated on the 28th in a common year
    stmt = (select(Contact.id.label("contact_id"), Contact.full_name, Contact.position, Contact.decision_role,
                   Contact.birthday, Contact.phone, Contact.email, Client.id.label("client_id"),
                   Client.name.label("client"), Client.owner_id)
            .join(Client, Contact.client_id == Client.id)
            .where(Client.owner_id.in_(sorted(my_owner_ids(session, viewer, today))),
                   access.scope(session, viewer, today).clients(),
                   Client.status == ClientStatus.ACTIVE, Contact.active.is_(True),
                   or_(Contact.decision_role.in_(KEY_ROLES), Contact.influence >= 4),
                   _month_day(session, Contact.birthday).in_(sorted(month_days))))
    df = frame(session, stmt)
    if df.empty:
        return df.assign(day=pd.Series(dtype=object), age=pd.Series(dtype="int64"))
    by_md = {d.strftime("%m-%d"): d for d in window}
    df["day"] = [by_md.get(b.strftime("%m-%d"), by_md.get("02-28")) for b in df["birthday"]]
    df["age"] = [d.year - b.year for d, b in zip(df["day"], df["birthday"], strict=True)]
    return _mark_theirs(session, viewer, df.sort_values(["day", "full_name"], ignore_index=True), "owner_id")


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def team_routine(session: Session, viewer: Viewer, *, today: dt.date | None = None) -> pd.DataFrame:
    """For a head (their department) or the director (everyone): per person, how the routine is
    kept — overdue and today's tasks, clients due for a contact or a reorder, stalled deals, the
    last logged activity. Managers who do not work their clients regularly stand out here."""
    today = today or access.today()
    people = frame(session, select(User.id.label("user_id"), User.full_name.label("manager"))
                   .where(access.client_owners(),
                          access.team_condition(session, viewer, User.id))
                   .order_by(User.full_name))
    columns = ["user_id", "manager", "overdue_tasks", "today_tasks", "contacts_due", "reorders_due",
               "stalled_deals", "last_activity"]
    if people.empty:
        return pd.DataFrame(columns=columns)
    ids = [int(i) for i in people["user_id"]]
    tasks = frame(session, select(Task.assignee_id.label("user_id"),
                                  func.sum(case((Task.due_on < today, 1), else_=0)).label("overdue_tasks"),
                                  func.sum(case((Task.due_on == today, 1), else_=0)).label("today_tasks"))
                  .where(Task.assignee_id.in_(ids), Task.done.is_(False), Task.due_on <= today)
                  .group_by(Task.assignee_id))
    last = frame(session, select(Activity.user_id, func.max(Activity.occurred_at).label("last_activity"))
                 .where(Activity.user_id.in_(ids)).group_by(Activity.user_id))
    rules = reminder_rules(session)
    # In the app the last contacts before yesterday are kept for every viewer (`contacts_before`): a
    # call logged anywhere makes this read the contacts since yesterday, not every client's history.
    since = today - dt.timedelta(days=1)
    earlier = ((regulations.day_start_utc(since), kept.part(session, contacts_before, day=since))
               if kept.kept_now() else None)
    counts = {
        "contacts_due": regulations.contact_due(session, owner_ids=ids, today=today, rules=rules,
                                                classes=classes_on(session, today), earlier=earlier)["owner_id"],
        "stalled_deals": regulations.stalled_deals(session, owner_ids=ids, today=today, rules=rules)["owner_id"],
    }
    df = people.merge(tasks, on="user_id", how="left").merge(last, on="user_id", how="left")
    for name, owners in counts.items():
        df[name] = df["user_id"].map(owners.astype(int).value_counts()).fillna(0).astype(int)
    reorders = kept.part(session, reorder_counts, today=today, owners=tuple(sorted(ids)))
    df["reorders_due"] = df["user_id"].map(lambda u: reorders.get(int(u), 0)).astype(int)
    for name in ("overdue_tasks", "today_tasks"):
        df[name] = df[name].fillna(0).astype(int)
    return df[columns]


def contacts_before(session: Session, viewer: Viewer | None, *, day: dt.date) -> dict[int, dt.datetime]:
    """Every client's last contact before `day` began (the reader's yesterday): contacts that happened
    before a writer's today bump "activities_closed", a call logged as it happens does not."""
    return regulations.last_contacts(session, before=regulations.day_start_utc(day))


def reorder_counts(session: Session, viewer: Viewer | None, *, today: dt.date | None = None,
                   owners: tuple[int, ...] | None = None) -> dict[int, int]:
    """Per owner (of `owners`; None: everyone), their (client, product group) pairs due for a
    reorder on `today` (regulations.reorder_due). The same for every viewer and reading clients and
    shipments only: a part the app keeps across calls and deal moves (queries/kept.py) for the
    team's routine; after a feed of the day's shipments it counts again from the closed days' pairs,
    kept apart (`closed_reorder_pairs`), and the days since yesterday."""
    today = today or access.today()
    rules = reminder_rules(session)
    if not kept.kept_now():
        due = regulations.reorder_due(session, owner_ids=None if owners is None else list(owners), today=today,
                                      rules=rules)
        return {int(owner): int(n) for owner, n in due["owner_id"].astype(int).value_counts().items()}
    # The days before yesterday from a part kept across feeds of the day's shipments, the rest read here.
    since, recent = today - dt.timedelta(days=rules.reorder_lookback_days), today - dt.timedelta(days=1)
    cut = max(since, recent)
    pairs = [kept.part(session, closed_reorder_pairs, start=since, before=cut)] if cut > since else []
    pairs.append(regulations.reorder_pairs(session, start=cut, end=today + dt.timedelta(days=1)))
    in_view = select(Client.id, Client.owner_id).where(Client.status == ClientStatus.ACTIVE,
                                                        Client.owner_id.is_not(None))
    if owners is not None:
        in_view = in_view.where(Client.owner_id.in_(owners))
    owner_of = {int(c): int(o) for c, o in session.execute(in_view) if o is not None}
    return regulations.reorder_counts_from(pairs, owner_of, today=today, rules=rules)


def closed_reorder_pairs(session: Session, viewer: Viewer | None, *, start: dt.date,
                         before: dt.date) -> pd.DataFrame:
    """`reorder_pairs` of the days closed for every writer (before the reader's yesterday)."""
    return regulations.reorder_pairs(session, start=start, end=before)
