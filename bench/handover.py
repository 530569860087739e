"""Bulk reassignment and a departure, timed inside a transaction that is rolled back,
so the benchmark database stays as the demo loader left it.

Target (issue 6): 5,000 clients handed over in ≤ 10 s at --scale large.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.access import Viewer
from db.actions.departure import complete_departure
from db.actions.handover import hand_over_clients
from db.models import Client, Role, User
from queries.departure_plan import plan_departure

BULK = 5000
TARGET_S = 10.0


@dataclass
class HandoverTiming:
    what: str
    clients: int
    deals: int
    tasks: int
    seconds: float
    target_s: float | None = None


def _rolled_back(engine, work):
    """Run `work(session)` joined into an outer transaction that is always rolled back
    (the actions' commits become savepoint releases)."""
    connection = engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint")
    try:
        return work(session)
    finally:
        session.close()
        outer.rollback()
        connection.close()


def time_handover(engine) -> list[HandoverTiming]:
    with Session(engine) as session:
        director = session.scalar(select(User).where(User.role == Role.DIRECTOR, User.active.is_(True)))
        managers = list(session.scalars(select(User.id).where(User.role == Role.MANAGER, User.active.is_(True))
                                        .order_by(User.id)))
        if director is None or len(managers) < 3:
            return []
        viewer = Viewer(user_id=director.id, role=Role.DIRECTOR)
        to_id = managers[0]
        ids = list(session.scalars(select(Client.id).where(Client.owner_id.is_not(None), Client.owner_id != to_id)
                                   .order_by(Client.id).limit(BULK)))
        leaving = managers[1]

    def bulk(session):
        start = time.perf_counter()
        result = hand_over_clients(session, viewer, client_ids=ids, to_user_id=to_id)
        seconds = time.perf_counter() - start
        moved = result.total
        return HandoverTiming(f"hand_over_clients({len(ids)})", moved.clients, moved.deals, moved.tasks, seconds,
                              TARGET_S)

    def departure(session):
        colleagues = tuple(m for m in managers[1:6] if m != leaving)
        start = time.perf_counter()
        plan = plan_departure(session, viewer, leaving_id=leaving, mode="balanced", successor_id=colleagues[0],
                              colleague_ids=colleagues)
        mapping = dict(zip(plan.rows["client_id"], plan.rows["new_owner_id"], strict=True))
        result = complete_departure(session, viewer, leaving_id=leaving, plan=mapping,
                                    successor_id=plan.successor_id)
        seconds = time.perf_counter() - start
        return HandoverTiming("departure, balanced (plan + apply)", result.before.clients, result.before.deals,
                              result.before.tasks, seconds)

    return [_rolled_back(engine, bulk), _rolled_back(engine, departure)]
