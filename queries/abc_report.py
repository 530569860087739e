"""ABC/XYZ as a viewer sees it: the classes of their clients, who moved since the
previous period, and each manager's coverage of their A-clients.

Classes are the company's (db/rules/abc.py ranks every client); this module
keeps the viewer's clients only, in SQL, before anything leaves the database
with a name attached.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import access, config
from db.access import Viewer
from db.models import Activity, ActivityKind, Client, ClientStatus, User

from db.rules.abc import (Thresholds, XyzLimits, abc_xyz_from, active_clients, client_abc_xyz, client_classes,
                          first_purchases, month_values, thresholds, xyz_limits)
from . import kept
from .frame import frame
from db.rules.periods import ending_with, previous_period, whole_months_end

BASES = ("revenue", "margin")
CLASS_ORDER = {"A": 0, "B": 1, "C": 2}
COVERAGE_DAYS = 30


@dataclass(frozen=True)
class AbcReport:
    clients: pd.DataFrame  # one row per client the viewer sees (columns: see abc_report)
    start: dt.date
    end: dt.date  # exclusive
    prev_start: dt.date  # the previous period is [prev_start, start)
    xyz_end: dt.date  # XYZ counts the whole months [start, xyz_end)
    by: str
    limits: Thresholds
    xyz: XyzLimits


def period(today: dt.date, months: int, end_month: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """`months` months ending with `end_month`'s month (any month the data covers); the
    current month runs to today."""
    return ending_with(today, months, end_month)


def abc_report(session: Session, viewer: Viewer, *, months: int = 12, end_month: dt.date | None = None,
               by: str = "revenue", today: dt.date | None = None) -> AbcReport:
    """Per visible active client: `name`, `owner_id`, `owner`, `value`, `share`,
    `cumulative_before`, `abc`, `cv`, `xyz`. The A-clients' last contacts are read apart
    (`last_contacts`, `with_contacts`): a call leaves the ranking of 20,000 clients warm (issue 19)."""
    today = today or access.today()
    by = by if by in BASES else "revenue"
    months = max(1, min(int(months), 36))
    start, end = period(today, months, end_month)
    prev_start, _ = previous_period(start, end)
    limits, xyz = thresholds(session), xyz_limits(session)
    current = kept.part(session, company_abc_xyz, start=start, end=end, by=by)
    df = _visible(session, viewer).merge(current, on="client_id", how="inner")
    df = df.sort_values(["value", "name"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return AbcReport(clients=df, start=start, end=end, prev_start=prev_start, xyz_end=whole_months_end(end),
                     by=by, limits=limits, xyz=xyz)


def previous_classes(session: Session, viewer: Viewer, *, start: dt.date, end: dt.date,
                     by: str = "revenue") -> pd.DataFrame:
    """The visible clients' class in an earlier period: `client_id`, `prev_value`, `prev_abc`."""
    by = by if by in BASES else "revenue"
    # A period ended before yesterday holds closed days only: kept across feeds of the day's lines.
    closed = end <= access.today() - dt.timedelta(days=1)
    earlier = kept.part(session, closed_classes if closed else company_classes, start=start, end=end, by=by)
    df = _visible(session, viewer)[["client_id"]].merge(earlier, on="client_id", how="inner")
    return df[["client_id", "value", "abc"]].rename(columns={"value": "prev_value", "abc": "prev_abc"})


def with_movement(report: AbcReport, previous: pd.DataFrame) -> pd.DataFrame:
    """The report's clients with `prev_value`, `prev_abc` and `move` ("up", "down", "same");
    a client that was not active then counts as C then."""
    df = report.clients.merge(previous, on="client_id", how="left")
    df["prev_abc"] = df["prev_abc"].fillna("C")
    df["prev_value"] = pd.to_numeric(df["prev_value"], errors="coerce").fillna(0.0)
    rank_now, rank_before = df["abc"].map(CLASS_ORDER), df["prev_abc"].map(CLASS_ORDER)
    df["move"] = "same"
    df.loc[rank_now > rank_before, "move"] = "down"
    df.loc[rank_now < rank_before, "move"] = "up"
    return df


def company_abc_xyz(session: Session, viewer: Viewer | None, *, start: dt.date, end: dt.date,
                    by: str) -> pd.DataFrame:
    """Every active client's ABC and XYZ over [start, end) (db/rules/abc.client_abc_xyz with the
    limits in force): the company's, the same for every viewer — a part the app keeps
    (queries/kept.py), so any viewer's page after the first does not rank 20,000 clients again
    (issue 19). A feed of the day's shipments makes it ranked again, but not read again: the
    monthly sums and first purchases of the days closed for every writer (before the reader's
    yesterday) are parts of their own, kept under "shipments_closed"; only the days since are read."""
    limits, xyz = thresholds(session), xyz_limits(session)
    if not kept.kept_now():
        return client_abc_xyz(session, start=start, end=end, by=by, limits=limits, xyz=xyz)
    cut = min(max(start, access.today() - dt.timedelta(days=1)), end)
    parts = [kept.part(session, closed_months, start=start, before=cut, by=by)] if cut > start else []
    firsts = dict(kept.part(session, closed_firsts, before=cut))
    if end > cut:
        parts.append(month_values(session, start=cut, end=end, by=by))
        for client, day in first_purchases(session, start=cut, end=end).items():
            firsts.setdefault(client, day)
    months = pd.concat(parts, ignore_index=True) if parts else month_values(session, start=start, end=start)
    return abc_xyz_from(months, firsts, active_clients(session), start=start, end=end, limits=limits, xyz=xyz)


def closed_months(session: Session, viewer: Viewer | None, *, start: dt.date, before: dt.date,
                  by: str) -> pd.DataFrame:
    """Each client's monthly sums over [start, before), days closed for every writer (a line dated
    before a writer's today bumps "shipments_closed"; `before` is at most the reader's yesterday)."""
    return month_values(session, start=start, end=before, by=by)


def closed_firsts(session: Session, viewer: Viewer | None, *, before: dt.date) -> dict[int, dt.date]:
    """Each client's first shipment before `before` (closed days, as `closed_months`)."""
    return first_purchases(session, end=before)


def company_classes(session: Session, viewer: Viewer | None, *, start: dt.date, end: dt.date,
                    by: str) -> pd.DataFrame:
    """Every active client's ABC class over [start, end) (db/rules/abc.client_classes): the
    company's, kept like `company_abc_xyz`."""
    return client_classes(session, start=start, end=end, by=by, limits=thresholds(session))


def closed_classes(session: Session, viewer: Viewer | None, *, start: dt.date, end: dt.date,
                   by: str) -> pd.DataFrame:
    """`company_classes` of a period that ended before the reader's yesterday (the previous period
    beside the report's): every line it sums is of a closed day, kept under "shipments_closed"."""
    return company_classes(session, viewer, start=start, end=end, by=by)


def _visible(session: Session, viewer: Viewer) -> pd.DataFrame:
    return frame(session, select(Client.id.label("client_id"), Client.name, Client.owner_id,
                                 User.full_name.label("owner"))
                 .outerjoin(User, Client.owner_id == User.id)
                 .where(access.scope(session, viewer).clients(), Client.status == ClientStatus.ACTIVE))


def a_clients(report: AbcReport) -> tuple[int, ...]:
    """The report's A-clients (what `last_contacts` is asked about)."""
    return tuple(int(i) for i in report.clients.loc[report.clients["abc"] == "A", "client_id"])


def last_contacts(session: Session, viewer: Viewer, *, client_ids: tuple[int, ...]) -> dict[int, dt.datetime]:
    """The last call, letter, e-mail or meeting (notes are not contacts) of each of these clients
    the viewer may see; a client without one is absent."""
    ids = [int(i) for i in client_ids]
    if not ids:
        return {}
    rows = session.execute(
        select(Activity.client_id, func.max(Activity.occurred_at))
        .where(Activity.client_id.in_(ids), Activity.kind != ActivityKind.NOTE,
               Activity.client_id.in_(select(Client.id).where(access.scope(session, viewer).clients())))
        .group_by(Activity.client_id))
    return {int(cid): at for cid, at in rows}


def with_contacts(report: AbcReport, contacts: dict[int, dt.datetime]) -> AbcReport:
    """The report with `last_contact` for its A-clients (`last_contacts`); empty for the others."""
    df = report.clients.copy()
    a = set(a_clients(report))
    df["last_contact"] = df["client_id"].map({cid: at for cid, at in contacts.items() if cid in a})
    return replace(report, clients=df)


def class_matrix(report: AbcReport) -> pd.DataFrame:
    """Clients and value per ABC × XYZ cell (XYZ "—": nothing bought in the whole months)."""
    df = report.clients.assign(xyz=report.clients["xyz"].fillna("—"),
                               value=pd.to_numeric(report.clients["value"], errors="coerce").fillna(0.0))
    cells = df.groupby(["abc", "xyz"]).agg(clients=("client_id", "size"), value=("value", "sum")).reset_index()
    return cells.sort_values(["abc", "xyz"]).reset_index(drop=True)


def transitions(moved: pd.DataFrame) -> pd.DataFrame:
    """How many clients went from each previous class (rows) to each current class (columns)."""
    table = pd.crosstab(moved["prev_abc"], moved["abc"])
    return table.reindex(index=list(CLASS_ORDER), columns=list(CLASS_ORDER), fill_value=0)


def coverage_since(today: dt.date, days: int = COVERAGE_DAYS) -> dt.datetime:
    """The moment from which a contact counts as recent: midnight `days` days ago, company time."""
    return dt.datetime.combine(today - dt.timedelta(days=days), dt.time(0), config.timezone()).astimezone(dt.UTC)


def uncovered(report: AbcReport, today: dt.date, days: int = COVERAGE_DAYS) -> pd.DataFrame:
    """The viewer's A-clients with no call, letter, e-mail or meeting in the last `days` days
    (`report` `with_contacts`)."""
    a = report.clients[report.clients["abc"] == "A"]
    since = coverage_since(today, days)
    stale = a["last_contact"].map(lambda at: at is None or at != at or at < since)
    return a[stale.astype(bool)].sort_values(["owner", "value"], ascending=[True, False], na_position="first")


def coverage(report: AbcReport, today: dt.date, days: int = COVERAGE_DAYS) -> pd.DataFrame:
    """Per manager: A-clients, how many lack a recent contact, and the covered share (%)
    (`report` `with_contacts`)."""
    a = report.clients[report.clients["abc"] == "A"].assign(owner=lambda d: d["owner"].fillna(""))
    if a.empty:
        return pd.DataFrame(columns=["owner_id", "owner", "a_clients", "uncovered", "covered_pct"])
    flagged = set(uncovered(report, today, days)["client_id"])
    a = a.assign(flag=a["client_id"].isin(flagged))
    per = (a.groupby(["owner"], dropna=False)
           .agg(owner_id=("owner_id", "first"), a_clients=("client_id", "size"), uncovered=("flag", "sum"))
           .reset_index())
    per["covered_pct"] = (per["a_clients"] - per["uncovered"]) * 100.0 / per["a_clients"]
    per["owner"] = per["owner"].replace("", None)
    return per.sort_values(["covered_pct", "owner"], na_position="first").reset_index(drop=True)[
        ["owner_id", "owner", "a_clients", "uncovered", "covered_pct"]]


def class_limits(session: Session, viewer: Viewer) -> dict[str, float]:
    """The limits in force (what the settings form shows): {"a", "b", "x", "y"} in %."""
    limits, xyz = thresholds(session), xyz_limits(session)
    return {"a": float(limits.a), "b": float(limits.b), "x": float(xyz.x), "y": float(xyz.y)}
