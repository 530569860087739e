"""Measure the CRM at a demo scale and write bench/results.json.

    python -m bench --scale small|large [--database URL] [--runs N]

Loads the demo company at that scale into the database (or reuses it, the
loader is idempotent), then times every page as each role that can open it
(AppTest: the first, cold run and the median/p95 of warm runs) and the main
queries alone (uncached), and reports peak memory. Results for each scale
and database kind are kept in bench/results.json, which also gives the
growth ratio of a manager's pages (large ÷ small) once both are measured.
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
    args = parser.parse_args(argv)

    from db import config

    url = args.database or f"sqlite:///{config.DATA_DIR / f'bench-{args.scale}.sqlite3'}"
    config.DATA_DIR.mkdir(exist_ok=True)
    # The app under AppTest reads its database from the environment.
    os.environ["CRM_DATABASE_URL"] = url
    os.environ.setdefault("CRM_COOKIE_KEY", "bench-" + "k" * 48)
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")

    import logging
    import subprocess

    from db.session import get_engine

    from .pages import time_pages
    from .queries import time_queries
    from .report import growth, print_report

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
    pages = time_pages(engine, runs=args.runs)
    queries = time_queries(engine)
    from .handover import time_handover  # issue 6: bulk reassignment, rolled back

    handover = time_handover(engine)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    run = {
        "scale": args.scale,
        "dialect": engine.dialect.name,
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "pages": [vars(p) for p in pages],
        "queries": [vars(q) for q in queries],
        "handover": [vars(h) for h in handover],
        "peak_memory_mb": round(peak_mb, 1),
    }
    from .importing import in_own_process  # issue 8: CSV import throughput (prints its line)

    run["import"] = in_own_process(args.import_lines, url)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results[f"{args.scale}/{engine.dialect.name}"] = run
    results["growth"] = growth(results)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    print_report(run, results["growth"])
    for h in handover:
        goal = f"  target {h.target_s:.0f} s {'ok' if h.seconds <= h.target_s else 'SLOW'}" if h.target_s else ""
        print(f"{h.what}: {h.clients} clients, {h.deals} open deals, {h.tasks} open tasks in {h.seconds:.2f} s{goal}")
    print(f"\nwritten to {RESULTS}")
    return 1 if any(p.error for p in pages) else 0


if __name__ == "__main__":
    sys.exit(main())
