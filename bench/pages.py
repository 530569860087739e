"""Page timings: every page's script run as each role that can open it (AppTest, warm runs)."""
from __future__ import annotations

import gc
import resource
import statistics
import time
from dataclasses import dataclass

import streamlit as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from db import access
from db.models import Activity, Client, Deal, Role, User
from ui.apptest import behave_like_the_server, signed_in
from ui.navigation import PAGES

from .writer import KINDS, Writer


@dataclass
class PageTiming:
    page: str
    role: str
    login: str
    cold_ms: float
    median_ms: float
    p95_ms: float
    runs: int
    error: str | None = None
    # The busy mode (issue 19): cold_ms is then the slowest first run right after another person's
    # write (one of each kind, in cold_after), busy_p95_ms the p95 of runs while the writer writes
    # once a second, each run right after one of its writes (busy_runs of them, busy_writes writes
    # meanwhile) — as a person's visits a second or so apart meet them; warm runs had no write since.
    busy_p95_ms: float | None = None
    busy_runs: int = 0
    busy_writes: int = 0
    cold_after: dict[str, float] | None = None
    first_ms: float | None = None  # busy mode: the first visit, caches emptied (what cold_ms is otherwise)
    # Busy mode: the busy runs' times and, for each, how long Python's garbage collector paused the
    # process during it (a full collection of a big heap is a slow run whatever the page did).
    busy_ms: list[float] | None = None
    busy_gc_ms: list[float] | None = None
    peak_mb: float | None = None  # the process's peak resident memory once the page was timed (ru_maxrss)


def logins_by_role(session: Session) -> dict[Role, str]:
    """One person per role: the first manager with clients, the first head, director, admin."""
    found: dict[Role, str] = {}
    for role in Role:
        stmt = select(User.login).where(User.role == role.value, User.active.is_(True)).order_by(User.login)
        if role == Role.MANAGER:
            stmt = stmt.where(User.id.in_(select(Client.owner_id)))
        login = session.scalar(stmt.limit(1))
        if login:
            found[role] = login
    return found


def viewer_of(session: Session, login: str) -> access.Viewer:
    user = session.scalar(select(User).where(User.login == login))
    if user is None:
        raise LookupError(f"no user {login!r}")
    return access.Viewer(user_id=user.id, role=Role(user.role), full_name=user.full_name)


def busiest_client(session: Session, login: str) -> int | None:
    """The client with the most history among those `login` may see: the card's worst ordinary case."""
    scope = access.scope(session, viewer_of(session, login))
    return session.scalar(
        select(Client.id).join(Activity, Activity.client_id == Client.id)
        .where(scope.clients()).group_by(Client.id).order_by(func.count().desc()).limit(1))


def biggest_open_deal(session: Session, login: str) -> int | None:
    """The viewer's largest open deal: a deal page with lines and a long history."""
    scope = access.scope(session, viewer_of(session, login))
    return session.scalar(
        select(Deal.id).join(Client, Deal.client_id == Client.id)
        .where(scope.clients(), Deal.state == "open").order_by(Deal.amount.desc()).limit(1))


def documented_product(session: Session, login: str) -> int | None:
    """A product of the knowledge base, new ones first (issue 9's product page)."""
    from db.models import Product

    return session.scalar(select(Product.id).order_by(Product.is_new.desc(), Product.id).limit(1))


# How to pick the record for a page that shows one (PageSpec.entity).
SAMPLERS = {"client": busiest_client, "deal": biggest_open_deal, "product": documented_product}


def time_pages(engine, *, runs: int = 7, writer: Writer | None = None, busy_seconds: float = 3.0,
               only: str | None = None, roles: list[str] | None = None) -> list[PageTiming]:
    behave_like_the_server()
    with Session(engine) as session:
        logins = logins_by_role(session)
        samples = {(role, entity): sample(session, login)
                   for role, login in logins.items() for entity, sample in SAMPLERS.items()}
    results = []
    for role, login in logins.items():
        if roles and role.value not in roles:
            continue
        for spec in PAGES:
            if role not in spec.roles or (only and only not in spec.path):
                continue
            params = {"id": samples[(role, spec.entity)]} if spec.entity else {}
            timing, at = _time_page(spec.path, role, login, params, runs)
            if writer is not None and not timing.error:
                _time_busy(timing, at, runs, writer, busy_seconds)
            timing.peak_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
            results.append(timing)
    return results


def _time_page(path: str, role: Role, login: str, params: dict, runs: int) -> tuple[PageTiming, AppTest]:
    st.cache_data.clear()  # cold means cold: no cache from another person's visit
    at = signed_in(login)
    for key, value in params.items():
        at.query_params[key] = str(value)
    start = time.perf_counter()
    try:
        at.switch_page(path).run()
    except RuntimeError as exc:  # AppTest's own limit (60 s): a result of the run, kept as the page's error
        cold = (time.perf_counter() - start) * 1000
        return PageTiming(path, role.value, login, cold, 0, 0, 0, error=f"first run: {exc}"[:200]), at
    cold = (time.perf_counter() - start) * 1000
    if at.exception:
        return PageTiming(path, role.value, login, cold, 0, 0, 0, error=str(at.exception[0].message)[:200]), at
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        samples.append((time.perf_counter() - start) * 1000)
    return PageTiming(path, role.value, login, cold, statistics.median(samples), p95(samples), runs), at


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class _Collections:
    """Time spent in Python's garbage collector (gc.callbacks), for the runs it slowed."""

    def __init__(self) -> None:
        self.paused_ms = 0.0
        self._began: float | None = None
        gc.callbacks.append(self._note)

    def _note(self, phase: str, _info: dict) -> None:
        if phase == "start":
            self._began = time.perf_counter()
        elif self._began is not None:
            self.paused_ms += (time.perf_counter() - self._began) * 1000
            self._began = None


_collections: _Collections | None = None


def _gc_ms() -> float:
    global _collections
    if _collections is None:
        _collections = _Collections()
    return _collections.paused_ms


def _after_next_write(writer: Writer, seen: int, timeout: float = 30.0) -> bool:
    """Wait until the writer has ended a write beyond the first `seen` (False: none came in time)."""
    deadline = time.monotonic() + timeout
    while len(writer.writes) <= seen:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def _time_busy(timing: PageTiming, at: AppTest, runs: int, writer: Writer, busy_seconds: float) -> None:
    """Cold after each kind of write, then runs while the writer writes once a second (issue 19)."""
    timing.first_ms = timing.cold_ms
    cold_after: dict[str, float] = {}
    for _kind in KINDS:
        write = writer.write_once()
        start = time.perf_counter()
        at.run()
        cold_after[write.kind] = round((time.perf_counter() - start) * 1000, 1)
        if at.exception:
            timing.error = f"after a write ({write.kind}): {str(at.exception[0].message)[:200]}"
            return
    timing.cold_after = cold_after
    timing.cold_ms = max(cold_after.values())
    samples: list[float] = []
    paused: list[float] = []
    began = time.monotonic()
    writer.start()
    try:
        seen = len(writer.writes)
        while len(samples) < runs or time.monotonic() - began < busy_seconds:
            # Right after the writer's next write: runs back to back would mostly meet the cache a write
            # left warm (a dozen runs a second), hiding what a write makes the page compute again.
            if not _after_next_write(writer, seen):
                break
            seen = len(writer.writes)
            gc_before = _gc_ms()
            start = time.perf_counter()
            at.run()
            samples.append((time.perf_counter() - start) * 1000)
            paused.append(round(_gc_ms() - gc_before, 1))
            if at.exception:
                timing.error = f"while busy: {str(at.exception[0].message)[:200]}"
                return
    finally:
        writer.stop()
    timing.busy_p95_ms = round(p95(samples), 1)
    timing.busy_ms = [round(x, 1) for x in samples]
    timing.busy_gc_ms = paused
    timing.busy_runs = len(samples)
    timing.busy_writes = len(writer.writes_since(began))
