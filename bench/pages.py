"""Page timings: every page's script run as each role that can open it (AppTest, warm runs)."""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

import streamlit as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import access
from db.models import Activity, Client, Deal, Role, User
from ui.apptest import behave_like_the_server, signed_in
from ui.navigation import PAGES


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


def time_pages(engine, *, runs: int = 7) -> list[PageTiming]:
    behave_like_the_server()
    with Session(engine) as session:
        logins = logins_by_role(session)
        samples = {(role, entity): sample(session, login)
                   for role, login in logins.items() for entity, sample in SAMPLERS.items()}
    results = []
    for role, login in logins.items():
        for spec in PAGES:
            if role not in spec.roles:
                continue
            params = {"id": samples[(role, spec.entity)]} if spec.entity else {}
            results.append(_time_page(spec.path, role, login, params, runs))
    return results


def _time_page(path: str, role: Role, login: str, params: dict, runs: int) -> PageTiming:
    st.cache_data.clear()  # cold means cold: no cache from another person's visit
    at = signed_in(login)
    for key, value in params.items():
        at.query_params[key] = str(value)
    start = time.perf_counter()
    at.switch_page(path).run()
    cold = (time.perf_counter() - start) * 1000
    if at.exception:
        return PageTiming(path, role.value, login, cold, 0, 0, 0, error=str(at.exception[0].message)[:200])
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return PageTiming(path, role.value, login, cold, statistics.median(samples), p95, runs)
