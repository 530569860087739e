"""Demo data: a believable Russian wholesale company of building and industrial supplies.

    from db.demo import load
    summary = load(engine, scale="small", password="…")   # or: python -m db.demo --scale small

Two scales: "small" (a dozen managers, ~600 clients, loads in seconds) and "large"
(50 managers, 20,000 clients, a million shipment lines, loads in minutes). The data is
deterministic for a scale; only the date anchor moves, so the history ends today.

It does not flatter the analytics (issue 17; tests/test_demo_realism.py, figures by
`python -m bench.demo_realism`): expected close dates are guesses that slip (audited edits),
deals nobody moves are lost, plans follow each manager's history, outcomes fit the kind of
activity, client names are unique but for two declared pairs of twins (clients.TWINS), and
overdue debts are few and short.
"""
from .context import SCALES, SEED
from .loader import Account, DemoRefused, DemoSummary, format_accounts, load
from .org import demo_logins

__all__ = ["Account", "DemoRefused", "DemoSummary", "SCALES", "SEED", "demo_logins",
           "format_accounts", "load"]
