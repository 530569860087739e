"""Load the demo company into a database: once, whole, and only where it belongs."""
from __future__ import annotations

import datetime as dt
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, insert, select, update

from .. import access
from ..generation import bump_generation
from ..migrate import upgrade_to_head
from ..models import AuditEntry, Department, Setting, User, utcnow
from ..passwords import hash_password
from . import (
    activities,
    bulk,
    catalog,
    clients,
    contacts,
    deals,
    notifications,
    org,
    plans,
    prices,
    requisites,
    shipments,
)
from .context import SCALES, SEED, Ctx

MARKER = "demo"  # the settings key that says "this database holds the demo"
# Configuration a fresh database may already hold (the app's defaults): not foreign data.
CONFIGURATION = {"alembic_version", "data_generation", "settings", "audit_log",
                 "pipeline_stages", "discount_caps", "lost_reasons"}
ROLE_ORDER = {"director": 0, "admin": 1, "head": 2, "manager": 3}
UNCHANGED = "(unchanged)"


class DemoRefused(Exception):
    """The database holds something else; loading the demo would mix with it."""


@dataclass(frozen=True)
class Account:
    login: str
    full_name: str
    role: str
    department: str | None
    password: str  # as given or generated; UNCHANGED when an existing demo kept its own


@dataclass
class DemoSummary:
    scale: str
    loaded: bool  # False: the demo was already there and nothing was loaded
    password: str | None  # set on every demo account by this run; None: left as it was
    password_generated: bool
    accounts: list[Account] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # rows per table afterwards
    seconds: float = 0.0


def load(engine: Engine, *, scale: str = "small", password: str | None = None, reset: bool = False,
         today: dt.date | None = None, seed: int = SEED,
         log: Callable[[str], None] | None = None) -> DemoSummary:
    """Load the demo company (migrating the database first).

    Idempotent: with the same scale already loaded, nothing is loaded (a given password
    is still set on every demo account). Refuses (DemoRefused) a database holding another
    scale or data that is not the demo, unless `reset` empties every table first.
    `today` anchors the dates (default: today in the company's time zone). Progress
    lines go to `log` (e.g. `bulk.stderr_log`), none when it is None.
    """
    if scale not in SCALES:
        raise ValueError(f"Unknown scale {scale!r}; choose one of {', '.join(SCALES)}.")
    if password is not None and not password:
        raise ValueError("An empty password would lock everyone out.")
    started = time.perf_counter()
    upgrade_to_head(engine)
    today = today or access.today()
    if reset:  # first, in its own transaction: a failed load then leaves an empty database
        t = time.perf_counter()
        bulk.wipe(engine)
        if log:
            log(f"  {'(emptied every table)':<22} {'':>10}      {time.perf_counter() - t:>7.1f} s")
    with engine.execution_options(crm_write=True).connect() as conn:
        try:
            with conn.begin():
                summary = _run(conn, scale=scale, password=password, reset=reset, today=today,
                               seed=seed, log=log)
        finally:
            with conn.begin():
                bulk.untune(conn)
    if summary.loaded:
        t = time.perf_counter()
        made = notifications.load(engine, today)
        with engine.connect() as conn:
            summary.counts = _counts(conn)
        if log:
            log(f"  {'notifications':<22} {made:>10,} rows {time.perf_counter() - t:>7.1f} s")
        t = time.perf_counter()
        bulk.analyze(engine)
        if log:
            log(f"  {'(planner statistics)':<22} {'':>10}      {time.perf_counter() - t:>7.1f} s")
    summary.seconds = time.perf_counter() - started
    return summary


def _run(conn: Connection, *, scale: str, password: str | None, reset: bool, today: dt.date,
         seed: int, log) -> DemoSummary:
    row = conn.execute(select(Setting.value).where(Setting.key == MARKER)).first()
    marker = row[0] if row else None
    logins = org.demo_logins(scale)
    if marker is not None and not reset:
        loaded_scale = marker.get("scale") if isinstance(marker, dict) else marker
        if loaded_scale != scale:
            raise DemoRefused(
                f"This database already holds the {loaded_scale!r} demo. To load the {scale!r} "
                "demo instead, run again with --reset (it empties every table)."
            )
        if password:
            conn.execute(update(User).where(User.login.in_(logins)).values(
                password_hash=hash_password(password), failed_logins=0, locked_until=None,
                version=User.version + 1, updated_at=utcnow(), updated_by_id=None,
            ))
            _audit(conn, "set_demo_passwords", "users", {"password": [None, "changed"]})
            bump_generation(conn)
        return DemoSummary(scale, False, password, False, _accounts(conn, logins, password or UNCHANGED),
                           _counts(conn))
    if marker is None and not reset:
        occupied = [n for n in bulk.table_names(conn) if n not in CONFIGURATION and bulk.has_rows(conn, n)]
        if occupied:
            counts = bulk.row_counts(conn, occupied)
            listed = ", ".join(f"{n}: {c:,}" for n, c in counts.items())
            raise DemoRefused(
                f"This database already holds data that is not the demo ({listed}). The demo "
                "will not mix with it; to replace everything with the demo, run again with "
                "--reset (it empties every table)."
            )
    generated = password is None
    if password is None:
        password = secrets.token_urlsafe(9)
    ctx = Ctx(SCALES[scale], today=today, seed=seed)
    bulk.tune_for_bulk(conn)
    writer = bulk.Writer(conn, log)
    password_hash = hash_password(password)  # once: bcrypt is slow on purpose
    steps: list[tuple[Callable[[], None], *tuple[str, ...]]] = [  # a step, then the tables it fills
        (lambda: org.load(ctx, writer, password_hash), "territories", "industries", "departments", "users"),
        (lambda: catalog.load(ctx, writer), "product_groups", "products", "pipeline_stages",
         "discount_caps", "lost_reasons", "commission_schemes", "commission_tiers"),
        (lambda: org.load_rules(ctx, writer), "stand_ins", "assignment_rules"),
        (lambda: clients.load(ctx, writer), "clients"),
        (lambda: contacts.load(ctx, writer), "contacts"),
        (lambda: deals.load(ctx, writer), "deals", "deal_lines", "deal_stage_history",
         "approval_requests"),
        (lambda: shipments.load(ctx, writer), "shipments"),
        (lambda: activities.load(ctx, writer), "activities", "tasks"),
        (lambda: plans.load(ctx, writer), "sales_plans"),
        (lambda: prices.load(ctx, writer), "price_types", "prices"),
        (lambda: requisites.load(ctx, writer), "settings"),
    ]
    for step, *tables in steps:
        t = time.perf_counter()
        step()
        writer.report(*tables, step_seconds=time.perf_counter() - t)
    bulk.reset_sequences(conn)
    now = utcnow()
    conn.execute(insert(Setting).values(key=MARKER, value={"scale": scale, "loaded_at": now.isoformat()},
                                        updated_at=now))
    _audit(conn, "load_demo", "database", {"scale": [None, scale]})
    bump_generation(conn, everything=True)  # a new company: every area
    return DemoSummary(scale, True, password, generated, _accounts(conn, logins, password), _counts(conn))


def _audit(conn: Connection, action: str, entity: str, changes: dict) -> None:
    conn.execute(insert(AuditEntry).values(at=utcnow(), user_id=None, action=action, entity=entity,
                                           entity_id=None, changes=changes))


def _accounts(conn: Connection, logins: list[str], password: str) -> list[Account]:
    rows = sorted(conn.execute(
        select(User.login, User.full_name, User.role, Department.name)
        .outerjoin(Department, User.department_id == Department.id)
        .where(User.login.in_(logins))
    ).all(), key=lambda r: (ROLE_ORDER.get(r.role, 9), r.login))
    return [Account(r.login, r.full_name, r.role, r.name, password) for r in rows]


def _counts(conn: Connection) -> dict[str, int]:
    return bulk.row_counts(conn, [n for n in bulk.table_names(conn) if n != "alembic_version"])


def format_accounts(summary: DemoSummary) -> str:
    """The demo accounts as a plain-text table."""
    header = ("login", "full name", "role", "department", "password")
    rows = [(a.login, a.full_name, a.role, a.department or "—", a.password) for a in summary.accounts]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(v).ljust(wd) for v, wd in zip(r, widths)).rstrip() for r in [header, *rows]]
    lines.insert(1, "  ".join("-" * wd for wd in widths))
    return "\n".join(lines)
