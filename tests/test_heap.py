"""The app's long-lived objects are out of the garbage collector's full passes (ui/heap.py, issue 19):
after `settle()` the modules every page uses are imported and frozen, so a full collection in the
middle of a page run walks only what was made since, not a quarter of a million module objects."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import gc, json, os
os.environ["CRM_WARM"] = "0"
from ui import heap
first, second = heap.settle(), heap.settle()
import queries.forecast
tracked = {id(o) for o in gc.get_objects()}
print(json.dumps({
    "first": first, "second": second, "frozen": gc.get_freeze_count(),
    "forecast_function_tracked": id(queries.forecast.forecast) in tracked,
    "segments_imported": "queries.segments" in __import__("sys").modules,
    "warm_imported": "ui.warm" in __import__("sys").modules,
    "demo_imported": "db.demo" in __import__("sys").modules,
    "tracked_after": len(tracked),
}))
"""


def test_settle_imports_the_app_and_freezes_it_once():
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         check=True)
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["first"] is True and found["second"] is False
    assert found["segments_imported"] and found["warm_imported"]  # every module, not only those asked for
    assert not found["demo_imported"]  # the demo's generator: only for the first start's page
    assert found["frozen"] > 100_000  # the modules' objects (a quarter of a million here)
    assert not found["forecast_function_tracked"]  # frozen: no full pass walks it
    assert found["tracked_after"] < found["frozen"] / 10
