"""Demo data: a believable Russian wholesale company of building and industrial supplies.

    from db.demo import load
    summary = load(engine, scale="small", password="…")   # or: python -m db.demo --scale small

Two scales: "small" (a dozen managers, ~600 clients, loads in seconds) and "large"
(50 managers, 20,000 clients, a million shipment lines, loads in minutes). The data is
deterministic for a scale; only the date anchor moves, so the history ends today.
"""
from .context import SCALES, SEED
from .loader import Account, DemoRefused, DemoSummary, format_accounts, load
from .org import demo_logins

__all__ = ["Account", "DemoRefused", "DemoSummary", "SCALES", "SEED", "demo_logins",
           "format_accounts", "load"]
