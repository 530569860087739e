"""The company's reminder run, for cron (e.g. every morning):

    python -m db.reminders [--date YYYY-MM-DD] [--database URL]

The run itself is a business action, db/actions/reminders.run_reminders.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys

from .actions.reminders import run_reminders
from .migrate import upgrade_to_head
from .session import get_engine, write_session


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m db.reminders",
                                     description="Automatic reminders: the routine rules turn into tasks "
                                                 "for the clients' owners.")
    parser.add_argument("--date", type=dt.date.fromisoformat, help="the day to run for (default: today)")
    parser.add_argument("--database", help="database URL (default: CRM_DATABASE_URL)")
    args = parser.parse_args(argv)
    engine = get_engine(args.database) if args.database else get_engine()
    upgrade_to_head(engine)
    with write_session(engine) as session:
        result = run_reminders(session, None, today=args.date)
    print(", ".join(f"{rule}: {n}" for rule, n in result.created.items()) + f" — {result.total} new tasks; "
          f"A-clients slipping: {result.abc_slips}; notifications: {result.notified} new, {result.purged} purged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
