"""Who is due for attention by the routine rules: one definition for "My day" and the reminders.

- contact regulations: a client of class A/B/C not contacted (call, letter,
  e-mail, meeting) for its class's number of days;
- stalled deals: an open deal with no stage move and no activity for N days;
- reorder cadence: a client who bought a product group regularly (at least
  `reorder_min_orders` shipment days in the look-back) and whose usual
  interval — the mean gap between those days — has passed by the grace margin.

These are company-side functions taking the owners to look at (None: all):
callers apply access (queries/my_day.py) or act for the company (db/actions/reminders.py).
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping

import pandas as pd
from sqlalchemy import Date, and_, func, literal, or_, select
from sqlalchemy.orm import Session

from .. import config
from ..models import (
    Activity,
    ActivityKind,
    Client,
    ClientStatus,
    Deal,
    DealState,
    PipelineStage,
    Product,
    ProductGroup,
    Shipment,
    Task,
)
from ..routine_config import ReminderRules
from .frame import frame, text_as_objects
from .periods import as_date

CONTACT_KINDS = (ActivityKind.CALL, ActivityKind.EMAIL, ActivityKind.MEETING, ActivityKind.LETTER)
RULES = ("contact", "stalled", "reorder")  # Task.source of the tasks the rules make


def _owned(column, owner_ids: Iterable[int] | None):
    return column.is_not(None) if owner_ids is None else column.in_(sorted(owner_ids))


def local_day(moment) -> dt.date | None:
    """A UTC timestamp's date in the company's time zone."""
    if moment is None or pd.isna(moment):
        return None
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(config.timezone()).date()


def local_days(moments: pd.Series) -> pd.Series:
    """`local_day` of a column at once (a naive timestamp is UTC): the company-time-zone days as
    naive midnights (datetime64), NaT where there is none."""
    moments = pd.Series(moments)
    if pd.api.types.is_datetime64_any_dtype(moments.dtype):  # as frame() reads them: no parsing
        utc = moments.dt.tz_localize("UTC") if moments.dt.tz is None else moments.dt.tz_convert("UTC")
    else:
        utc = pd.to_datetime(moments.astype(object).where(moments.notna(), None), utc=True, format="mixed")
    return utc.dt.tz_convert(config.timezone()).dt.tz_localize(None).dt.normalize()


def day_start_utc(day: dt.date) -> dt.datetime:
    """The first moment of a company-time-zone day, in UTC: "before this day" in SQL on timestamps."""
    return dt.datetime.combine(day, dt.time(), config.timezone()).astimezone(dt.UTC)


def _before(column, moment: dt.datetime):
    return or_(column.is_(None), column < moment)


def last_contacts(session: Session, *, before: dt.datetime) -> dict[int, dt.datetime]:
    """Each client's last contact (a call, e-mail, meeting or letter) before `before`."""
    rows = session.execute(select(Activity.client_id, func.max(Activity.occurred_at))
                           .where(Activity.kind.in_([k.value for k in CONTACT_KINDS]), Activity.occurred_at < before,
                                  Activity.client_id.is_not(None))
                           .group_by(Activity.client_id))
    return {int(client): at for client, at in rows if at is not None}


def contact_due(session: Session, *, owner_ids: Iterable[int] | None, today: dt.date, rules: ReminderRules,
                classes: dict[int, str], as_of: bool = False,
                earlier: tuple[dt.datetime, Mapping[int, dt.datetime]] | None = None) -> pd.DataFrame:
    """Active clients past their class's contact interval, most overdue first.

    The interval runs from the latest of: the last contact, the closing of
    the last contact reminder (the manager dealt with it), the client's creation.
    `as_of`: a past day's view — only contacts, closings and clients there were by the end of
    `today` count (the activity report's "contacted in time" at a period's end).
    `earlier`: (a moment, `last_contacts(before=that moment)`) given, only the contacts since that
    moment are read here (the app keeps the earlier ones for the team's routine; not with `as_of`).
    Columns: client_id, client, owner_id, abc, interval_days, last_contact, due_on, days_over.
    """
    mine = select(Client.id).where(_owned(Client.owner_id, owner_ids), Client.status == ClientStatus.ACTIVE)
    cutoff = day_start_utc(today - dt.timedelta(days=min(rules.contact_days.values()) - 1))
    day_end = day_start_utc(today + dt.timedelta(days=1))
    since, before_since = earlier if earlier is not None and not as_of else (None, {})
    last_contact = (select(Activity.client_id.label("cid"), func.max(Activity.occurred_at).label("at"))
                    .where(Activity.client_id.in_(mine), Activity.kind.in_([k.value for k in CONTACT_KINDS]),
                           *([Activity.occurred_at < day_end] if as_of else []),
                           *([Activity.occurred_at >= since] if since is not None else []))
                    .group_by(Activity.client_id).subquery())
    handled = (select(Task.client_id.label("cid"), func.max(Task.done_at).label("at"))
               .where(Task.client_id.in_(mine), Task.source == "contact", Task.done.is_(True),
                      *([Task.done_at < day_end] if as_of else []))
               .group_by(Task.client_id).subquery())
    stmt = (select(Client.id.label("client_id"), Client.name.label("client"), Client.owner_id,
                   Client.created_at, last_contact.c.at.label("last_contact_at"), handled.c.at.label("handled_at"))
            .outerjoin(last_contact, last_contact.c.cid == Client.id)
            .outerjoin(handled, handled.c.cid == Client.id)
            .where(_owned(Client.owner_id, owner_ids), Client.status == ClientStatus.ACTIVE,
                   *([Client.created_at < day_end] if as_of else []),
                   # Nobody touched within the shortest interval: the rest is worked out per class below.
                   *(_before(col, cutoff) for col in (Client.created_at, last_contact.c.at, handled.c.at))))
    df = frame(session, stmt)
    columns = ["client_id", "client", "owner_id", "abc", "interval_days", "last_contact", "due_on", "days_over"]
    if since is not None and not df.empty:
        # A contact since `since` is the last one (the query's filter above only pre-selects); for the
        # others the earlier last contact counts, and the due dates below decide as for any client.
        df["last_contact_at"] = df["last_contact_at"].where(df["last_contact_at"].notna(),
                                                            df["client_id"].map(before_since))
    if df.empty:
        return pd.DataFrame(columns=columns)
    # By columns, not row by row (20,000 clients for the director's team view, a few times over for
    # the activity report's periods): the start is the latest of the three days.
    last = local_days(df["last_contact_at"])
    start = pd.concat([last, local_days(df["handled_at"]), local_days(df["created_at"])], axis=1).max(axis=1)
    klass = pd.Series([classes.get(int(c), "C") for c in df["client_id"]], index=df.index, dtype=object)
    interval = klass.map(lambda k: rules.contact_days.get(k, 90)).astype("int64")
    due = start + pd.to_timedelta(interval, unit="D")
    late = (due <= pd.Timestamp(today)).to_numpy()
    rows = [(int(c), name, int(o), k, int(n), None if pd.isna(lc) else lc.date(), d.date(), (today - d.date()).days)
            for c, name, o, k, n, lc, d in zip(df["client_id"][late], df["client"][late], df["owner_id"][late],
                                                klass[late], interval[late], last[late], due[late], strict=True)]
    return text_as_objects(pd.DataFrame(rows, columns=columns)
                           .sort_values(["days_over", "client"], ascending=[False, True], ignore_index=True))


def stalled_deals(session: Session, *, owner_ids: Iterable[int] | None, today: dt.date,
                  rules: ReminderRules) -> pd.DataFrame:
    """Open deals with no stage move and no activity for `rules.stalled_days` days, oldest first.

    Columns: deal_id, title, client_id, client, owner_id (the deal's), client_owner_id,
    stage, amount, last_move, days_still.
    """
    cutoff = day_start_utc(today - dt.timedelta(days=rules.stalled_days - 1))  # still since before this
    open_deals = select(Deal.id).where(Deal.state == DealState.OPEN, _owned(Deal.owner_id, owner_ids))
    worked = (select(Activity.deal_id.label("did"), func.max(Activity.occurred_at).label("at"))
              .where(Activity.deal_id.in_(open_deals)).group_by(Activity.deal_id).subquery())
    stmt = (select(Deal.id.label("deal_id"), Deal.title, Deal.client_id, Client.name.label("client"),
                   Deal.owner_id, Client.owner_id.label("client_owner_id"), PipelineStage.name.label("stage"),
                   Deal.amount, Deal.stage_entered_at, worked.c.at.label("worked_at"))
            .join(Client, Deal.client_id == Client.id)
            .join(PipelineStage, Deal.stage_id == PipelineStage.id)
            .outerjoin(worked, worked.c.did == Deal.id)
            .where(Deal.state == DealState.OPEN, _owned(Deal.owner_id, owner_ids),
                   Client.status == ClientStatus.ACTIVE, Deal.stage_entered_at < cutoff,
                   _before(worked.c.at, cutoff)))
    df = frame(session, stmt)
    columns = ["deal_id", "title", "client_id", "client", "owner_id", "client_owner_id", "stage", "amount",
               "last_move", "days_still"]
    if df.empty:
        return pd.DataFrame(columns=columns)
    df["last_move"] = [max(d for d in (local_day(a), local_day(b)) if d is not None)
                       for a, b in zip(df["stage_entered_at"], df["worked_at"], strict=True)]
    df["days_still"] = [(today - d).days for d in df["last_move"]]
    df = df[df["days_still"] >= rules.stalled_days]
    return df[columns].sort_values(["days_still", "deal_id"], ascending=[False, True], ignore_index=True)


def _days(session: Session, later, earlier):
    """Whole days from `earlier` to `later` (two dates), in the database's dialect."""
    if session.get_bind().dialect.name == "postgresql":
        return later - earlier  # date - date is an integer there
    return func.julianday(later) - func.julianday(earlier)


PAIR_COLUMNS = ["client_id", "group_id", "orders", "first_day", "last_day"]  # days as date.toordinal()


def reorder_pairs(session: Session, *, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Per (client, product group) with shipments on days in [start, end): `orders` (distinct days),
    `first_day`, `last_day` (ordinals: whole numbers group fast) — what `reorder_due` ranks, for any
    client. Two disjoint ranges add up: orders sum, the first is the earlier first, the last the later
    last (`reorder_counts_from`)."""
    days = (select(Shipment.client_id, Product.group_id, Shipment.shipped_on)
            .join(Product, Shipment.product_id == Product.id)
            .where(Shipment.shipped_on >= start, Shipment.shipped_on < end, Product.group_id.is_not(None),
                   Shipment.client_id.is_not(None))
            .distinct().subquery())
    rows = session.execute(select(days.c.client_id, days.c.group_id, func.count(), func.min(days.c.shipped_on),
                                  func.max(days.c.shipped_on))
                           .group_by(days.c.client_id, days.c.group_id)).all()
    return pd.DataFrame([(c, g, n, _ordinal(a), _ordinal(b)) for c, g, n, a, b in rows], columns=PAIR_COLUMNS,
                        dtype="int64")


def _ordinal(value) -> int:
    day = as_date(value)  # SQLite gives MIN/MAX of dates back as text
    assert day is not None  # a group's MIN/MAX of non-null dates
    return day.toordinal()


def reorder_counts_from(pairs: Iterable[pd.DataFrame], owner_of: Mapping[int, int], *, today: dt.date,
                        rules: ReminderRules) -> dict[int, int]:
    """Per owner, the pairs due for a reorder on `today` (`reorder_due`'s rule), from `reorder_pairs`
    of disjoint ranges that together make the lookback window; `owner_of`: the active clients in view."""
    df = pd.concat(list(pairs), ignore_index=True)
    df = df[df["client_id"].isin(owner_of.keys())]
    if df.empty:
        return {}
    per = df.groupby(["client_id", "group_id"]).agg(orders=("orders", "sum"), first_day=("first_day", "min"),
                                                    last_day=("last_day", "max")).reset_index()
    grace = 100 + rules.reorder_grace_pct
    count = per["orders"]
    since_last, span = today.toordinal() - per["last_day"], per["last_day"] - per["first_day"]
    due = (count >= max(2, rules.reorder_min_orders)) & (since_last * (count - 1) * 100 >= span * grace)
    owners = per.loc[due, "client_id"].map(owner_of)
    return {int(owner): int(n) for owner, n in owners.value_counts().items()}


def reorder_due(session: Session, *, owner_ids: Iterable[int] | None, today: dt.date,
                rules: ReminderRules) -> pd.DataFrame:
    """(client, product group) pairs whose usual reorder interval has passed, most overdue first.

    Columns: client_id, client, owner_id, group_id, group, orders, first_on, last_on,
    interval_days (mean gap, rounded to a day), due_on, days_over.
    """
    since = today - dt.timedelta(days=rules.reorder_lookback_days)
    mine = select(Client.id).where(_owned(Client.owner_id, owner_ids), Client.status == ClientStatus.ACTIVE)
    days = (select(Shipment.client_id, Product.group_id, Shipment.shipped_on)
            .join(Product, Shipment.product_id == Product.id)
            .where(Shipment.shipped_on >= since, Shipment.shipped_on <= today, Product.group_id.is_not(None),
                   Shipment.client_id.in_(mine))
            .distinct().subquery())
    n = func.count().label("orders")
    first, last = func.min(days.c.shipped_on), func.max(days.c.shipped_on)
    today_ = literal(today, type_=Date)
    grace = 100 + rules.reorder_grace_pct
    # Due when (today − last) ≥ mean gap × (1 + grace), the mean gap being (last − first) / (n − 1).
    per = (select(days.c.client_id, days.c.group_id, n, first.label("first_on"), last.label("last_on"))
           .group_by(days.c.client_id, days.c.group_id)
           .having(and_(func.count() >= max(2, rules.reorder_min_orders),
                        _days(session, today_, last) * (func.count() - 1) * 100
                        >= _days(session, last, first) * grace))
           .subquery())
    stmt = (select(per.c.client_id, Client.name.label("client"), Client.owner_id, per.c.group_id,
                   ProductGroup.name.label("group"), per.c.orders, per.c.first_on, per.c.last_on)
            .join(Client, Client.id == per.c.client_id)
            .join(ProductGroup, ProductGroup.id == per.c.group_id))
    df = frame(session, stmt)
    columns = ["client_id", "client", "owner_id", "group_id", "group", "orders", "first_on", "last_on",
               "interval_days", "due_on", "days_over"]
    if df.empty:
        return pd.DataFrame(columns=columns)
    for col in ("first_on", "last_on"):  # SQLite gives MIN/MAX of dates back as text
        df[col] = [d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)[:10]) for d in df[col]]
    mean_gap = [(b - a).days / (int(k) - 1)
                for a, b, k in zip(df["first_on"], df["last_on"], df["orders"], strict=True)]
    df["interval_days"] = [max(1, round(g)) for g in mean_gap]
    df["due_on"] = [b + dt.timedelta(days=math.ceil(g * grace / 100))
                    for b, g in zip(df["last_on"], mean_gap, strict=True)]
    df["days_over"] = [(today - d).days for d in df["due_on"]]
    return df[columns].sort_values(["days_over", "client"], ascending=[False, True], ignore_index=True)
