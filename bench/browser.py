"""The browser's clock (issue 19): from a click on a menu item to the page's content rendered, in Chromium.

    python -m bench.browser --scale small|large [--database URL] [--password PW] [--busy] [--repeats N]

Starts one app server (`streamlit run app.py`) on the database and drives Debian's Chromium with
Playwright. Its first sign-in (untimed) starts the server's own reads of the heavy pages
(ui/warm.py), which the bench lets end first, as people of a morning find them ended. As each role
(the first manager with clients, head, director, admin) it signs in through the form — the time
from pressing the button to the first page's content — then clicks every item of that role's menu
in turn: the first visit (cold) and `--repeats` repeat visits (warm; another menu page is opened
between them, untimed). "Content rendered" means the app's script state is
back to 'notRunning', the new page's heading is on screen and two animation frames have passed.

For each visit it also counts what the browser had to take in: the websocket frames the server
sent (bytes, frames, the biggest one) and the page's DOM elements, charts and data frames. The
table puts the browser's figures beside the script run of the same page (`python -m bench`'s
figures for the same scale and database in the results file, when there), judged against issue
19's targets (p95 of every visit ≤ 1 s for a manager's page, ≤ 2 s for the others, sign-in
≤ 1.5 s), and lists the pages where the browser adds most on top of the script.

With --busy the busy mode's writer (bench/writer.py) writes once a second throughout. The demo is
loaded (or reused) first unless --no-load; --password must be the demo accounts' password. The
figures go under "browser" → "SCALE/DIALECT" in the results file, with the machine's load.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .multiserver import CHROMIUM, CHROMIUM_ARGS, IDLE_JS, PRESS_AGAIN_MS, ROOT, WATCH_RUN_JS, start_servers, warmed

RESULTS = ROOT / "bench" / "results.json"
TIMEOUT_MS = 120_000
SIGN_IN_TARGET_S = 1.5
MANAGER_TARGET_S, OTHERS_TARGET_S = 1.0, 2.0
# Two animation frames after the script's end: what the script sent has been laid out and painted.
PAINTED_JS = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"
DOM_JS = """() => ({
    elements: document.querySelectorAll('*').length,
    charts: document.querySelectorAll("[data-testid='stVegaLiteChart'], [data-testid='stPlotlyChart'], "
        + "[data-testid='stArrowVegaLiteChart']").length,
    dataframes: document.querySelectorAll("[data-testid='stDataFrame']").length,
    tables: document.querySelectorAll("[data-testid='stTable'] tr, table tr").length,
})"""
SIGN_IN_RETRIES: dict[str, int] = {}  # login -> sign-ins pressed again (a press the app did not take)
SCRIPT_STATE_IDLE = ("() => document.querySelector(\"[data-testid='stApp']\")?.dataset.testScriptState"
                     " === 'notRunning'")


def peak_memory_mb(pid: int) -> float | None:
    """The app server's peak resident memory (VmHWM): every role's pages served, the caches full."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def target_s(role: str) -> float:
    return MANAGER_TARGET_S if role == "manager" else OTHERS_TARGET_S


@dataclass
class Visit:
    seconds: float
    bytes_in: int  # websocket payload the server sent for this visit
    frames_in: int
    biggest_frame: int
    bytes_out: int
    elements: int  # DOM elements once rendered
    charts: int
    dataframes: int
    tables: int
    error: str | None = None


@dataclass
class BrowserPage:
    href: str  # the menu item's url path
    page: str | None  # the page file (pages/…), to put the script run beside
    role: str
    cold_s: float
    warm_median_s: float | None
    warm_p95_s: float | None
    p95_s: float  # over every visit, cold and warm: what the target judges
    cold: dict = field(default_factory=dict)  # the first visit's Visit
    warm: dict = field(default_factory=dict)  # the last repeat visit's Visit
    error: str | None = None


class Meter:
    """Counts the websocket payload of one page (Streamlit's protobuf frames, both ways)."""

    def __init__(self, page) -> None:
        self.reset()
        page.on("websocket", self._socket)

    def reset(self) -> None:
        self.bytes_in = self.frames_in = self.biggest = self.bytes_out = 0

    def _socket(self, socket) -> None:
        socket.on("framereceived", self._received)
        socket.on("framesent", self._sent)

    def _received(self, payload) -> None:
        size = len(payload)  # bytes for binary frames, str for text ones
        self.bytes_in += size
        self.frames_in += 1
        self.biggest = max(self.biggest, size)

    def _sent(self, payload) -> None:
        self.bytes_out += len(payload)


def _heading(page) -> str:
    return page.evaluate("() => document.querySelector('h1')?.innerText ?? ''")


def _visit(page, meter: Meter, href: str) -> Visit:
    before = _heading(page)
    meter.reset()
    start = time.perf_counter()
    page.locator(f"[data-testid='stSidebar'] a[href='{href}']").first.click()
    page.wait_for_function(IDLE_JS, arg=[f"/{href}", before], timeout=TIMEOUT_MS)
    page.evaluate(PAINTED_JS)
    seconds = time.perf_counter() - start
    dom = page.evaluate(DOM_JS)
    error = None
    if page.locator("[data-testid='stException']").count():
        error = page.locator("[data-testid='stException']").first.inner_text()[:200]
    return Visit(seconds, meter.bytes_in, meter.frames_in, meter.biggest, meter.bytes_out, error=error, **dom)


def sign_in(page, base: str, login: str, password: str) -> float:
    """Through the form, typed as soon as it shows; seconds from pressing the button to the first page's
    content. A person who sees nothing happen for PRESS_AGAIN_MS presses again: counted, and the time
    still runs from the first press."""
    page.goto(base)
    page.locator("input[type=text]").first.fill(login)
    page.locator("input[type=password]").first.fill(password)
    before = _heading(page)
    page.evaluate(WATCH_RUN_JS)
    start = time.perf_counter()
    page.locator("button[data-testid$='FormSubmit']").first.click()
    try:
        page.wait_for_function("() => window.__crmRan || !document.querySelector('input[type=password]')",
                               timeout=PRESS_AGAIN_MS)
    except PlaywrightTimeout:
        SIGN_IN_RETRIES[login] = SIGN_IN_RETRIES.get(login, 0) + 1
        print(f"  sign-in as {login}: nothing happened for {PRESS_AGAIN_MS / 1000:.0f} s, pressed again",
              file=sys.stderr)
        page.locator("button[data-testid$='FormSubmit']").first.click()
    page.locator("[data-testid='stSidebar'] a[href]").first.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function(IDLE_JS, arg=["", before], timeout=TIMEOUT_MS)
    page.evaluate(PAINTED_JS)
    return time.perf_counter() - start


def menu_hrefs(page) -> list[str]:
    hrefs = page.eval_on_selector_all("[data-testid='stSidebar'] a[href]",
                                      "els => els.map(e => e.getAttribute('href'))")
    out: list[str] = []
    for href in hrefs:
        if href is not None and "://" not in href and not href.startswith(("#", "/")) and href not in out:
            out.append(href)
    return out


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure_role(browser, base: str, role: str, login: str, password: str, repeats: int,
                 pages_by_href: dict[str, str], only: str | None = None) -> tuple[float, list[BrowserPage]]:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    meter = Meter(page)
    try:
        signing_in = sign_in(page, base, login, password)
        hrefs = menu_hrefs(page)
        results = []
        for href in hrefs:
            if only and only not in href:
                continue
            other = next(h for h in hrefs if h != href)
            try:
                if page.evaluate("() => location.pathname").rstrip("/").split("/")[-1] == href:
                    _visit(page, meter, other)  # on it already (Home after signing in): a click would change nothing
                cold = _visit(page, meter, href)
                warm = []
                for _ in range(repeats):
                    _visit(page, meter, other)
                    warm.append(_visit(page, meter, href))
            except Exception as exc:  # noqa: BLE001 - a timeout is a result of the run: kept, the next page goes on
                results.append(BrowserPage(href, pages_by_href.get(href), role, 0, None, None, 0,
                                           error=f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"))
                page.goto(f"{base}/{href}")
                page.wait_for_function(SCRIPT_STATE_IDLE, timeout=TIMEOUT_MS)
                continue
            seconds = [w.seconds for w in warm]
            error = next((v.error for v in [cold, *warm] if v.error), None)
            results.append(BrowserPage(
                href, pages_by_href.get(href), role, round(cold.seconds, 3),
                round(statistics.median(seconds), 3) if seconds else None,
                round(_p95(seconds), 3) if seconds else None, round(_p95([cold.seconds, *seconds]), 3),
                cold=asdict(cold), warm=asdict(warm[-1]) if warm else {}, error=error))
            print(f"  {role:<9}{href or 'home':<22}cold {cold.seconds:5.2f} s"
                  + (f", warm {statistics.median(seconds):5.2f} s" if seconds else ""), file=sys.stderr)
        return signing_in, results
    finally:
        context.close()


def measure(base: str, logins: dict[str, str], password: str, repeats: int, only: str | None = None,
            server_log: Path | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    from ui.navigation import PAGES

    pages_by_href = {spec.url_path: spec.path for spec in PAGES} | {"": "pages/home.py"}  # Home: the default
    out: dict = {"sign_in": {}, "pages": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # The server's first script run imports the app (seconds): once per process, not timed.
            first = browser.new_context()
            sign_in(first.new_page(), base, next(iter(logins.values())), password)
            first.close()
            # That run started the server's own reads (ui/warm.py); people of a morning find them ended.
            out["warm_reads_s"] = warmed(server_log) if server_log else None
            for role, login in logins.items():
                seconds, pages = measure_role(browser, base, role, login, password, repeats, pages_by_href, only)
                out["sign_in"][role] = round(seconds, 3)
                out["pages"].extend(asdict(p) for p in pages)
        finally:
            browser.close()
    out["sign_in_retries"] = dict(SIGN_IN_RETRIES)
    return out


def print_browser_report(run: dict, script: dict | None) -> int:
    """The browser's table beside the script runs; returns how many figures miss their target."""
    scripts = {(p["page"], p["role"]): p for p in (script or {}).get("pages", [])}
    print(f"\nbrowser clock: {run['scale']} on {run['dialect']}, {run['measured_at']}"
          f"{', busy' if run.get('busy') else ''}; machine: {run.get('load', '?')}")
    missed = 0
    print(f"\n{'sign-in':<32}{'seconds':>8}{'target':>8}")
    for role, seconds in run["sign_in"].items():
        ok = seconds <= SIGN_IN_TARGET_S
        missed += not ok
        print(f"{role:<32}{seconds:>8.2f}{SIGN_IN_TARGET_S:>8.1f}  {'pass' if ok else 'FAIL'}")
    print(f"\n{'menu item':<22}{'role':<10}{'script':>8}{'cold s':>8}{'warm s':>8}{'p95 s':>7}{'target':>7}"
          f"{'':6}{'KB in':>8}{'frames':>7}{'DOM':>7}{'charts':>7}{'dfs':>7}")
    for p in run["pages"]:
        if p["error"] and not p["cold"]:
            missed += 1
            print(f"{p['href'] or 'home':<22}{p['role']:<10}  ERROR {p['error']}")
            continue
        s = scripts.get((p["page"], p["role"]))
        shown = f"{s['median_ms'] / 1000:.2f}" if s and not s.get("error") else "-"
        goal = target_s(p["role"])
        ok = p["p95_s"] <= goal and not p["error"]
        missed += not ok
        w = p["warm"] or p["cold"]
        warm = f"{p['warm_median_s']:.2f}" if p["warm_median_s"] is not None else "-"
        print(f"{p['href'] or 'home':<22}{p['role']:<10}{shown:>8}{p['cold_s']:>8.2f}{warm:>8}{p['p95_s']:>7.2f}"
              f"{goal:>7.1f}"
              f"  {'pass' if ok else 'FAIL':<4}{w['bytes_in'] / 1024:>8.0f}{w['frames_in']:>7}{w['elements']:>7}"
              f"{w['charts']:>7}{w['dataframes']:>7}" + (f"  {p['error']}" if p["error"] else ""))
    print("(script: the warm median of the same page's script run, `python -m bench`; KB in, frames, DOM, "
          "charts, dfs: of a repeat visit — websocket payload received, frames, DOM elements, charts, "
          "data frames)")
    added = []
    for p in run["pages"]:
        s = scripts.get((p["page"], p["role"]))
        if p["warm_median_s"] is not None and s and not s.get("error"):
            added.append((p["warm_median_s"] - s["median_ms"] / 1000, p))
    if added:
        print("\nwhat the browser adds on top of the script run (warm), most first:")
        for extra, p in sorted(added, key=lambda x: x[0], reverse=True)[:10]:
            w = p["warm"]
            print(f"  {p['href'] or 'home':<22}{p['role']:<10}+{extra:5.2f} s  {w['bytes_in'] / 1024:8.0f} KB in "
                  f"{w['frames_in']:4} frames (biggest {w['biggest_frame'] / 1024:.0f} KB), {w['elements']:6} DOM "
                  f"elements, {w['charts']} charts, {w['dataframes']} data frames")
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.browser", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=["small", "large"], required=True)
    parser.add_argument("--database", help="database URL (default: the SQLite file python -m bench uses)")
    parser.add_argument("--password", default="demo12345", help="the demo accounts' password (default demo12345)")
    parser.add_argument("--busy", action="store_true", help="a writer makes one write a second meanwhile")
    parser.add_argument("--repeats", type=int, default=3, help="repeat visits per page (default 3)")
    parser.add_argument("--roles", nargs="*", default=["manager", "head", "director", "admin"])
    parser.add_argument("--only", help="only the menu items whose url path contains this (a quick check)")
    parser.add_argument("--no-load", action="store_true", help="the demo is already in the database")
    parser.add_argument("--server", help="an app server already running on the database (its URL): none is started")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    from sqlalchemy.orm import Session

    from db import config
    from db.session import make_engine

    url = args.database or f"sqlite:///{config.DATA_DIR / f'bench-{args.scale}.sqlite3'}"
    if not args.no_load:
        print(f"loading (or reusing) the {args.scale} demo ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "db.demo", "--scale", args.scale, "--database", url,
                        "--password", args.password], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    engine = make_engine(url)
    from .pages import logins_by_role

    with Session(engine) as session:
        logins = {role.value: login for role, login in logins_by_role(session).items() if role.value in args.roles}
    dialect = engine.dialect.name
    engine.dispose()

    from .__main__ import machine_load

    workdir = Path(tempfile.mkdtemp(prefix="crm-browserbench-"))
    load = machine_load()
    if args.server:
        base, server = args.server.rstrip("/"), None
    else:
        (address, server), = start_servers(1, url, workdir)
        base = f"http://{address}"
    writer = None
    try:
        if args.busy:
            from .writer import Writer

            writer = Writer(url).start()
        figures = measure(base, logins, args.password, args.repeats, args.only,
                          None if server is None else workdir / "app1.log")
    finally:
        if writer is not None:
            writer.close()
        server_peak_mb = peak_memory_mb(server.pid) if server is not None else None
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
    measured_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    run = {"scale": args.scale, "dialect": dialect, "measured_at": measured_at,
           "load": f"{load} at the start, {machine_load()} at the end", "logins": logins,
           "repeats": args.repeats, "busy": writer.summary() if writer else None, **figures,
           "server_log": None if server is None else str(workdir / "app1.log"),
           "server_peak_memory_mb": server_peak_mb}
    stored = json.loads(args.results.read_text()) if args.results.exists() else {}
    stored.setdefault("browser", {})[f"{args.scale}/{dialect}"] = run
    args.results.write_text(json.dumps(stored, indent=2, ensure_ascii=False, default=str))
    print_browser_report(run, stored.get(f"{args.scale}/{dialect}"))
    if run["server_peak_memory_mb"] is not None:
        print(f"\napp server's peak memory: {run['server_peak_memory_mb']} MB (target 600)")
    if figures.get("warm_reads_s") is not None:
        print(f"the server's own reads at its start (ui/warm.py): {figures['warm_reads_s']} s")
    print(f"\nwritten to {args.results}")
    return 1 if any(p["error"] for p in run["pages"]) else 0


if __name__ == "__main__":
    sys.exit(main())
