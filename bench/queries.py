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
        *_funnel_cases(),
        *_analysis_cases(client_id),
        *card,
    ]


def _funnel_cases():
    """The funnel page's queries over its default 90 days, and the forecast page's (issue 4)."""
    import datetime as dt

    from db import access
    from queries import backtest, forecast, funnel

    end = access.today()
    period = {"start": end - dt.timedelta(days=89), "end": end}
    return [
        ("funnel.stage_summary", lambda s, v: funnel.stage_summary(s, v, **period)),
        ("funnel.conversion", lambda s, v: funnel.conversion(s, v, **period)),
        ("funnel.days_in_stage", lambda s, v: funnel.days_in_stage(s, v, **period)),
        ("funnel.by_manager", lambda s, v: funnel.by_manager(s, v, **period)),
        ("funnel.stalled_deals", lambda s, v: funnel.stalled_deals(s, v, days=30)),
        ("forecast.forecast", lambda s, v: forecast.forecast(s, v, months=3)),
        ("backtest.backtest", lambda s, v: backtest.backtest(s, v)),
    ]


def _analysis_cases(client_id: int | None):
    """ABC/XYZ, segments and leaders, product sales at their defaults (issue 7)."""
    from queries import abc, abc_report, offers, product_sales, segments

    def leaders(s, v):  # the largest segment's leaders in its largest product group
        view = segments.segments(s, v, dims=("industry", "size"))
        mix = view.mix[view.mix["segment"] == view.segments["segment"].iloc[0]].dropna(subset=["group_id"])
        if not mix.empty:
            segments.leaders(s, v, segment=mix.iloc[0]["segment"], group_id=int(mix.iloc[0]["group_id"]))

    def movement(s, v):
        report = abc_report.abc_report(s, v)
        return abc_report.previous_classes(s, v, start=report.prev_start, end=report.start)

    offer = [("offers.offers(busiest client)",
              lambda s, v: offers.offers(s, v, client_id=client_id, dims=("industry", "size")))] if client_id else []
    return [
        ("abc.visible_classes (list, card)", lambda s, v: abc.visible_classes(s, v)),
        ("abc_report.abc_report", lambda s, v: abc_report.abc_report(s, v)),
        ("abc_report + previous_classes", movement),
        ("segments.segments", lambda s, v: segments.segments(s, v, dims=("industry", "size"))),
        ("segments + leaders", leaders),
        ("segments.leaders(everyone, group 1)", lambda s, v: segments.leaders(s, v, segment=(), group_id=1)),
        *offer,
        ("product_sales.product_sales", lambda s, v: product_sales.product_sales(s, v)),
        ("product_sales.top_clients", lambda s, v: product_sales.top_clients(s, v)),
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
