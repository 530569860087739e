"""python -m db.demo --scale small|large [--password PW] [--reset] [--database URL]

Exit codes: 0 loaded (or already there), 2 refused (another scale or foreign data).
"""
from __future__ import annotations

import argparse
import sys

from .. import config
from ..passwords import password_problem
from ..session import make_engine
from .bulk import stderr_log
from .context import SCALES
from .loader import DemoRefused, format_accounts, load


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m db.demo",
        description="Load the demo company (users, clients, deals, shipments...) into the CRM database.",
    )
    parser.add_argument("--scale", choices=sorted(SCALES), default="small",
                        help="small: seconds to load; large: 20,000 clients, 1M shipment lines (default: small)")
    parser.add_argument("--password", help="password for every demo account (default: a generated one, printed)")
    parser.add_argument("--reset", action="store_true",
                        help="empty every table first (needed to replace other data or another scale)")
    parser.add_argument("--database", help="database URL (default: CRM_DATABASE_URL, else data/crm.sqlite3)")
    args = parser.parse_args(argv)

    if args.password is not None and password_problem(args.password):
        # Deliberate: the demo accounts may share a memorable password (README: demo12345);
        # the app itself refuses it for any real account.
        stderr_log("warning: this password would not pass the app's rules for a new password "
                   "(at least 8 characters, not easy to guess); it is set anyway for the demo accounts.")
    url = args.database or config.database_url()
    engine = make_engine(url)
    stderr_log(f"demo ({args.scale}) -> {engine.url.render_as_string(hide_password=True)}")
    try:
        summary = load(engine, scale=args.scale, password=args.password, reset=args.reset, log=stderr_log)
    except DemoRefused as exc:
        stderr_log(f"refused: {exc}")
        return 2
    finally:
        engine.dispose()

    if summary.loaded:
        total = sum(n for name, n in summary.counts.items())
        print(f"Loaded the {summary.scale} demo: {total:,} rows in {summary.seconds:.1f} s.")
    else:
        print(f"The {summary.scale} demo is already loaded; nothing was added."
              + (" Passwords were set." if summary.password else ""))
    if summary.password_generated:
        print(f"Generated password for every demo account: {summary.password}")
    print()
    print(format_accounts(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
