"""A write leaves no dead entry behind in the caches (issue 19: memory in a busy office).

Each write moves the generations a cached read is keyed by; the read's next entry is stored under a
new key and the old one can never be hit again. ui/data drops it then: however many writes, a page's
reads hold one entry each (and a kept company-wide part one entry), not one per write until the ttl.
"""
from __future__ import annotations

from collections import Counter

from sqlalchemy.orm import Session
from streamlit.runtime.caching.cache_data_api import _data_caches

from db.generation import bump_generation
from db.models import Activity
from queries import abc_report, clients
from ui import data


def _entries() -> Counter:
    """Entries held per cached function (by its name). Streamlit's stats sum the bytes of a function's
    entries; how many there are is read from its caches' in-memory storage."""
    held: Counter = Counter()
    for caches in list(_data_caches._function_caches.values()):
        for cache in list(caches.values()):
            name = cache.storage.function_display_name.rsplit(".", 1)[-1]
            held[name] += len(cache.storage._mem_cache)
    return held


def _call(engine, client_id: int, author_id: int) -> None:
    with Session(engine) as session:
        session.add(Activity(client_id=client_id, user_id=author_id, kind="call", subject="Again"))
        session.flush()
        bump_generation(session)
        session.commit()


def _bump_every_area(engine) -> None:
    """A bump of every area, as a restore would make: the kept parts' keys move too."""
    with Session(engine) as session:
        bump_generation(session, everything=True)
        session.commit()


def test_writes_do_not_pile_up_entries(as_viewer, engine, seeded):
    as_viewer("mgr_a")
    list_clients = data.loader(clients.list_clients)
    ranking = data.loader(abc_report.abc_report)
    first = list_clients(), ranking()
    held = _entries()
    assert held["_cached"] >= 2 and held["_kept_part"] >= 1, held
    for n in range(5):
        _call(engine, seeded.clients["a1"], seeded.users["mgr_a"])
        _bump_every_area(engine)
        data.refresh_generation()
        again = list_clients(), ranking()
        assert again[0].total == first[0].total
        assert _entries() == held, f"after write {n + 1}: {_entries()} entries, {held} before"


def test_another_viewer_or_filter_keeps_its_own_entry(as_viewer, engine, seeded):
    list_clients = data.loader(clients.list_clients)
    as_viewer("mgr_a")
    list_clients()
    list_clients(search="Альфа")
    as_viewer("mgr_b")
    list_clients()
    assert _entries()["_cached"] == 3
    _call(engine, seeded.clients["a1"], seeded.users["mgr_a"])
    as_viewer("mgr_a")
    data.refresh_generation()
    list_clients()
    assert _entries()["_cached"] == 3  # mgr_a's unfiltered entry replaced; the others stay
