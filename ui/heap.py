"""The process's long-lived objects set apart from Python's garbage collector (issue 19).

Streamlit's collection after every run is off (.streamlit/config.toml: runner.postScriptGC), but
Python's own generational collector still makes a full pass now and then, over every object the
process holds — the modules of pandas, SQLAlchemy, Altair, Streamlit and ours are a quarter of a
million of them: ~0.1 s here, and 130-200 ms in the middle of a page run once the heap had grown
(the busy benchmark's slow runs, bench/pages.py: `busy_gc_ms`). Those objects live as long as the
process. `settle()`, once per process before the first page runs, imports every module the pages
use, collects what start-up left, and moves all that is left to the permanent generation
(`gc.freeze`): later passes walk only what was made since. What is frozen is start-up's: modules,
classes, functions, the engine; a frozen object is still freed when nothing refers to it, only a
cycle among frozen objects would be kept (start-up leaves none worth counting: collected first).
"""
from __future__ import annotations

import gc
import importlib
import logging
import pkgutil
import threading

_settled = False
_lock = threading.Lock()
log = logging.getLogger(__name__)

PACKAGES = ("db", "queries", "ui")
# Not imported at start: the command-line tools' own modules, the migrations and the demo's
# generator (its names and texts; the first-start page imports it if someone asks for demo data).
SKIPPED = ("db.demo", "db.migrations")


def settle() -> bool:
    """Import the app's modules and freeze the heap, once per process; True when this call did it."""
    global _settled
    if _settled:
        return False
    with _lock:
        if _settled:
            return False
        for package in PACKAGES:
            _import_all(package)
        gc.collect()
        gc.freeze()
        _settled = True
    log.info("heap settled: %d objects frozen", gc.get_freeze_count())
    return True


def _import_all(package: str) -> None:
    """Every module of `package` and of its subpackages, but the skipped ones (not even walked into:
    walking a package imports it)."""
    root = importlib.import_module(package)
    for info in pkgutil.iter_modules(root.__path__, prefix=f"{package}."):
        if info.name.endswith("__main__") or info.name.startswith(SKIPPED):
            continue
        try:
            importlib.import_module(info.name)
        except Exception:  # noqa: BLE001 - a module that will not import alone stays for its page to import
            log.warning("heap: %s not imported at start", info.name, exc_info=True)
            continue
        if info.ispkg:
            _import_all(info.name)
