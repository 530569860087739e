"""Measure the CRM at a demo scale and write bench/results.json.

    python -m bench --scale small|large [--database URL] [--runs N] [--busy]

Loads the demo company at that scale into the database (or reuses it, the
loader is idempotent), then times every page as each role that can open it
(AppTest: the first, cold run and the median/p95 of warm runs) and the main
queries alone (uncached), and reports peak memory. Results for each scale
and database kind are kept in bench/results.json, which also gives the
growth ratio of a manager's pages (large ÷ small) once both are measured.

With --busy (issue 19) a writer makes other people's writes while pages are timed (bench/writer.py:
a call logged, a deal moved, a few shipment lines imported, in turn): each page as each role then
also gets its cold figure — the slowest first run right after one write of each kind — and the
p95 of runs while the writer writes once a second, each run right after one of its writes (as a
person's visits a second or so apart meet them: runs back to back would mostly find the cache warm);
the table judges them against issue 19's targets. The machine's load (`uptime`) is kept with the figures.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=["small", "large"], required=True)
    parser.add_argument("--database", help="database URL (default: a SQLite file data/bench-SCALE.sqlite3)")
    parser.add_argument("--runs", type=int, default=7, help="warm runs per page (default 7)")
    parser.add_argument("--password", default=None, help="password for the demo users (default: random)")
    parser.add_argument("--import-lines", type=int, default=1_000_000,
                        help="shipment lines for the import throughput, in a scratch database (0: skip)")
    parser.add_argument("--busy", action="store_true",
                        help="time pages while a writer makes one write a second (cold, warm, busy p95)")
    parser.add_argument("--busy-seconds", type=float, default=3.0,
                        help="busy mode: how long each page is run while the writer writes (default 3)")
    parser.add_argument("--only", help="time only the pages whose file path contains this (a quick check)")
    parser.add_argument("--roles", nargs="*", help="time only these roles' pages (a quick check; default every role)")
    parser.add_argument("--results", type=Path, default=RESULTS, help=f"where to keep the figures (default {RESULTS})")
    args = parser.parse_args(argv)

    from db import config

    url = args.database or f"sqlite:///{config.DATA_DIR / f'bench-{args.scale}.sqlite3'}"
    config.DATA_DIR.mkdir(exist_ok=True)
    # The app under AppTest reads its database from the environment.
    os.environ["CRM_DATABASE_URL"] = url
    os.environ.setdefault("CRM_COOKIE_KEY", "bench-" + "k" * 48)
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    # No server's own reads (ui/warm.py) in this process: a page's first run is timed with the caches
    # emptied, and nothing may fill them behind the timing (the browser bench's servers do read).
    os.environ["CRM_WARM"] = "0"

    import logging
    import subprocess

    from db.session import get_engine

    from .pages import time_pages
    from .queries import time_queries
    from .report import growth, print_busy_report, print_report

    engine = get_engine(url)
    print(f"loading (or reusing) the {args.scale} demo in {engine.url.render_as_string(hide_password=True)} ...",
          file=sys.stderr)
    # In its own process: the loader's memory must not count as the app's peak.
    demo = [sys.executable, "-m", "db.demo", "--scale", args.scale, "--database", url]
    if args.password:
        demo += ["--password", args.password]
    loaded = subprocess.run(demo, stdout=subprocess.DEVNULL, check=False)
    if loaded.returncode != 0:
        print("the demo could not be loaded (see above)", file=sys.stderr)
        return loaded.returncode
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    writer = None
    if args.busy:
        from .writer import Writer

        writer = Writer(url)
    load = machine_load()
    try:
        pages = time_pages(engine, runs=args.runs, writer=writer, busy_seconds=args.busy_seconds, only=args.only,
                            roles=args.roles)
    finally:
        if writer is not None:
            writer.close()
    partial = bool(args.only or args.roles)  # a quick check: pages only, merged into the kept figures
    queries = [] if partial else time_queries(engine)
    from .handover import time_handover  # issue 6: bulk reassignment, rolled back

    handover = [] if partial else time_handover(engine)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    run = {
        "scale": args.scale,
        "dialect": engine.dialect.name,
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "pages": [vars(p) for p in pages],
        "queries": [vars(q) for q in queries],
        "handover": [vars(h) for h in handover],
        "peak_memory_mb": round(peak_mb, 1),
        "load": f"{load} at the start, {machine_load()} at the end",
    }
    if writer is not None:
        run["busy"] = writer.summary()
    from .importing import in_own_process  # issue 8: CSV import throughput (prints its line)

    run["import"] = None if partial else in_own_process(args.import_lines, url)
    results = json.loads(args.results.read_text()) if args.results.exists() else {}
    key = f"{args.scale}/{engine.dialect.name}"
    if partial and key in results:
        run = merged(results[key], run)
    results[key] = run
    results["growth"] = growth(results)
    args.results.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    print_report(run, results["growth"])
    if writer is not None:
        print_busy_report(run)
    for h in handover:
        goal = f"  target {h.target_s:.0f} s {'ok' if h.seconds <= h.target_s else 'SLOW'}" if h.target_s else ""
        print(f"{h.what}: {h.clients} clients, {h.deals} open deals, {h.tasks} open tasks in {h.seconds:.2f} s{goal}")
    print(f"\nwritten to {args.results}")
    return 1 if any(p.error for p in pages) else 0


def merged(kept: dict, partial: dict) -> dict:
    """A partial run's pages replace the same pages and roles in the kept run; the rest is kept,
    and the loads of both runs are kept with it."""
    timed = {(p["page"], p["role"]) for p in partial["pages"]}
    pages = [p for p in kept.get("pages", []) if (p["page"], p["role"]) not in timed] + partial["pages"]
    loads = [kept.get("load"), f"{partial['measured_at']} ({len(partial['pages'])} pages): {partial['load']}"]
    return {**kept, "pages": pages, "load": "; ".join(x for x in loads if x),
            **({"busy": partial["busy"]} if "busy" in partial else {})}


def machine_load() -> str:
    """The load averages, as `uptime` gives them: figures from a busy machine say so."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


if __name__ == "__main__":
    sys.exit(main())
