"""The CRM's own mail, for cron (issue 21):

    python -m db.mail [--digest | --no-digest] [--date YYYY-MM-DD] [--no-send] [--database URL]

First it queues the morning digest of My day for everyone who asked for it in their profile —
on working days from DIGEST_HOUR (7:00) in the company's time zone, or on any day with --digest —
once a day per person, so the next runs queue nothing new. Then it sends what is due in the
outgoing mail queue (approval letters, digests; failed attempts again after their back-off).
One cron line every few minutes does both (README, "Routine work").
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys

from . import config
from .mailing.digest import queue_digests
from .mailing.outbox_sender import send_due
from .migrate import upgrade_to_head
from .session import get_engine, write_session

DIGEST_HOUR = 7


def digest_time(now: dt.datetime) -> bool:
    """Whether a run without --digest queues the digests: a working day, from DIGEST_HOUR on."""
    local = now.astimezone(config.timezone())
    return local.weekday() < 5 and local.hour >= DIGEST_HOUR


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m db.mail",
                                     description="The CRM's own mail: queue the morning digests (--digest) and "
                                                 "send what is due in the outgoing mail queue.")
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--digest", action="store_true", default=None,
                      help="queue the morning digests now, whatever the day and hour")
    when.add_argument("--no-digest", dest="digest", action="store_false", help="queue no digests")
    parser.add_argument("--date", type=dt.date.fromisoformat, help="the digest's day (default: today)")
    parser.add_argument("--no-send", action="store_true", help="only queue, send nothing")
    parser.add_argument("--database", help="database URL (default: CRM_DATABASE_URL)")
    args = parser.parse_args(argv)
    engine = get_engine(args.database) if args.database else get_engine()
    upgrade_to_head(engine)
    with write_session(engine) as session:
        if args.digest or (args.digest is None and (args.date is not None or digest_time(dt.datetime.now(dt.UTC)))):
            print(f"digests queued: {queue_digests(session, today=args.date)}")
        if not args.no_send:
            report = send_due(session)
            print(report.summary())
            if report.not_configured or report.error:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
