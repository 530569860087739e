"""The main queries alone, uncached: what a page costs when its cache is cold."""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from sqlalchemy.orm import Session

from db.models import Role
from queries import client_card, clients, completeness, home

from .pages import busiest_client, logins_by_role, viewer_of


@dataclass
class QueryTiming:
    query: str
    role: str
    median_ms: float
    p95_ms: float
    runs: int


def _cases(client_id: int | None):
    """(name, roles, call) — the queries behind the heaviest screens."""
    card = [
        ("client_card.get_client_card", lambda s, v: client_card.get_client_card(s, v, client_id=client_id)),
        ("client_card.holding", lambda s, v: client_card.holding(s, v, client_id=client_id)),
        ("client_card.timeline", lambda s, v: client_card.timeline(s, v, client_id=client_id, limit=100)),
        ("client_card.shipments_by_group", lambda s, v: client_card.shipments_by_group(s, v, client_id=client_id)),
        ("client_card.credit", lambda s, v: client_card.credit(s, v, client_id=client_id)),
        ("completeness.completeness(card)",
         lambda s, v: completeness.completeness(s, v, client_ids=(client_id,))),
    ] if client_id else []
    return [
        ("clients.list_clients(name)", lambda s, v: clients.list_clients(s, v)),
        ("clients.list_clients(shipped_ytd)", lambda s, v: clients.list_clients(s, v, sort="shipped_ytd",
                                                                             descending=True)),
        ("clients.list_clients(search)", lambda s, v: clients.list_clients(s, v, search="ооо")),
        ("home.personal_summary", lambda s, v: home.personal_summary(s, v)),
        ("home.recent_activities", lambda s, v: home.recent_activities(s, v)),
        ("home.team_summary", lambda s, v: home.team_summary(s, v)),
        *card,
    ]


def time_queries(engine, *, runs: int = 5) -> list[QueryTiming]:
    results = []
    with Session(engine) as session:
        logins = logins_by_role(session)
        for role in (Role.MANAGER, Role.HEAD, Role.DIRECTOR):
            if role not in logins:
                continue
            viewer = viewer_of(session, logins[role])
            for name, call in _cases(busiest_client(session, logins[role])):
                samples = []
                for _ in range(runs + 1):
                    session.info.clear()
                    start = time.perf_counter()
                    call(session, viewer)
                    samples.append((time.perf_counter() - start) * 1000)
                    session.rollback()
                samples = sorted(samples[1:])  # the first run warms the database's own caches
                p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
                results.append(QueryTiming(name, role.value, statistics.median(samples), p95, runs))
    return results
