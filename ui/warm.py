"""The server reads the heavy pages' company-wide parts itself: at its start, every quarter of an hour
and just after midnight (issue 19).

The parts kept for every viewer (queries/kept.py: the classes and ABC/XYZ sums of every client, the
closed months of the forecast and the backtest, the activity report's past, the duplicate groups,
the team routine's contacts and purchase days) are computed by whoever needs them first; on a fresh
server, or on the first run of a new day (today is in their keys), that person waited 2–4 s for a
page that then takes 0.2 s. So the server, in a thread of its own, reads the pages that use them as
the first person who sees every client (the director) would open them (their default filters),
before anyone asks: the kept parts, which every role shares, and that person's own entries are in
the cache when people come. The cache keeps an entry for an hour (ui/data.py), so the reads are made
again every quarter of an hour: what is still there costs nothing, what expired or was written since
is read again by the server rather than by the next person. It changes nothing and writes nothing;
a failure is logged and the pages compute as before.

`CRM_WARM=0` switches it off (the tests do: their servers must not read behind the tests' back).
"""
from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable

from sqlalchemy import select
from streamlit.logger import get_logger

from db import access, config
from db.access import Viewer
from db.models import ClientStatus, Role, User
from db.session import read_session
from queries import abc_report, activity_report, backtest, clients, duplicates, forecast, funnel, my_day

from . import data
from .boot import engine

log = get_logger(__name__)  # in the server's log, at Streamlit's level
_STARTING = threading.Lock()
THREAD = "crm-warm"
AFTER_MIDNIGHT_S = 60  # a minute into the new day: the day's keys have turned
AGAIN_S = 15 * 60  # well within the cache's hour (ui/data.py: ttl=3600)


def enabled() -> bool:
    return os.environ.get("CRM_WARM", "1").strip() not in ("0", "false", "no", "off")


def page_reads(today: dt.date) -> list[tuple[Callable, dict]]:
    """The cached reads of the pages whose first run was slow, with the arguments those pages pass by
    default (tests/pages/test_warm.py runs the pages after `warm_once` and checks that nothing is read again)."""
    everyone = {"owner_id": None, "department_id": None}
    return [
        # pages/forecast.py
        (funnel.filter_choices, {}),
        (forecast.forecast, {"months": 3, "basis": "shipments", **everyone}),
        (backtest.truth, {"basis": "shipments", **everyone}),
        (backtest.said, everyone),
        # pages/activity.py
        (activity_report.report, {"unit": "month", "count": 6}),
        # pages/abc.py
        (abc_report.abc_report, {"months": 12, "end_month": today.replace(day=1), "by": "revenue"}),
        # pages/clients.py (its first page of 50)
        (clients.list_clients, {"search": "", "industry_id": None, "territory_id": None, "owner_id": None,
                                "segment": None, "status": ClientStatus.ACTIVE.value, "sort": "name",
                                "descending": False, "limit": 50, "offset": 0}),
        # pages/duplicates.py
        (duplicates.client_twins, {}),
        (duplicates.contact_twins, {}),
        # pages/my_day.py: the team's routine (a head's and the director's first tab)
        (my_day.team_routine, {}),
    ]


def reader() -> Viewer | None:
    """The first active person who sees every client, as the kept parts do (the director in the
    demo): their own pages are read too."""
    with read_session(engine()) as session:
        row = session.execute(select(User.id, User.role).where(access.seeing_everything())
                              .order_by(User.id).limit(1)).first()
    return None if row is None else Viewer(user_id=row[0], role=Role(row[1]))


def warm_once() -> float | None:
    """Read every page read of `page_reads` as `reader()`; the seconds it took (None: nobody to read as)."""
    viewer = reader()
    if viewer is None:
        return None
    started = time.perf_counter()
    backtest.keeping = data.cache_epoch()  # as pages/forecast.py sets it: the backtest's months kept
    with data.reading_as(viewer):
        for query, args in page_reads(access.today()):
            data.loader(query)(**args)
    return time.perf_counter() - started


def _pause() -> float:
    """Seconds to the next reads: a quarter of an hour, or a minute into the next day if sooner."""
    return min(AGAIN_S, _until_next_day())


def _until_next_day() -> float:
    now = dt.datetime.now(config.timezone())
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), now.tzinfo)
    return (midnight - now).total_seconds() + AFTER_MIDNIGHT_S


def _loop() -> None:
    while True:
        try:
            seconds = warm_once()
            if seconds is None:
                log.info("warm: nobody sees every client, nothing read")
            else:
                log.info("warm: the heavy pages' shared parts read in %.1f s", seconds)
        except Exception:  # the pages compute for themselves as before; the reason is in the log
            log.exception("warm: reading the heavy pages' shared parts failed")
        time.sleep(_pause())


def start() -> None:
    """Start the reading thread once per server process (app.py calls it on every run). Found by its
    name among the process's threads, not by a flag here: a module reloaded after an edit in
    development starts with its flags afresh, and would start a second thread."""
    if not enabled():
        return
    with _STARTING:
        if any(thread.name == THREAD and thread.is_alive() for thread in threading.enumerate()):
            return
        threading.Thread(target=_loop, name=THREAD, daemon=True).start()
