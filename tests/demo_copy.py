"""The small demo loaded once per test run, copied into each module's own SQLite file.

test_demo, test_demo_realism, test_demo_requisites and test_demo_prices each want a SQLite
file holding the small demo of a given day; loading it takes seconds of CPU each time, and
under `pytest -n N` every worker used to load it again for each of those modules. The load
is deterministic (test_demo checks that two loads give the same data), so the first module
to ask loads it into a file shared by every worker of the run (under a lock) and each module
gets a copy of that file — a database of its own, which it may change as before.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import os
import pickle
import sqlite3
from pathlib import Path

from db.demo import load
from db.demo.loader import DemoSummary
from db.session import make_engine


def _shared_root(tmp_path_factory) -> Path:
    base = tmp_path_factory.getbasetemp()
    # Under xdist every worker's basetemp sits in the run's own numbered directory; without
    # it, basetemp itself is that directory (its parent is shared by every run: never use it).
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def demo_database(tmp_path_factory, target: Path, *, today: dt.date, password: str,
                  scale: str = "small") -> DemoSummary:
    """Make `target` a SQLite file holding the demo (as `load(..., password, today)` leaves it);
    the summary of that load."""
    root = _shared_root(tmp_path_factory) / "demo-databases"
    root.mkdir(exist_ok=True)
    key = f"{scale}-{today.isoformat()}-{password}"
    source, summary_file = root / f"{key}.sqlite3", root / f"{key}.summary"
    with open(root / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not summary_file.exists():
            engine = make_engine(f"sqlite:///{source}")
            try:
                summary = load(engine, scale=scale, password=password, today=today)
            finally:
                engine.dispose()
            summary_file.write_bytes(pickle.dumps(summary))
        summary = pickle.loads(summary_file.read_bytes())
    # SQLite's backup API: a consistent copy whatever the source's journal mode.
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return summary
