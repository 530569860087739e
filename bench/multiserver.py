"""Several app servers on one PostgreSQL behind nginx, driven by simulated people in Chromium.

    python -m bench.multiserver --database postgresql+psycopg://postgres@127.0.0.1:5432/crm_multi \
        [--servers 2] [--people 10] [--minutes 3] [--think 5] [--scale small]

Starts `--servers` Streamlit processes on the same database and one nginx (Debian's package) on
loopback in front of them, with sticky sessions: nginx sets a cookie naming the server that
answered a browser first and routes that browser there ever after (Streamlit keeps a session's
state and its websocket in one process). Then `--people` browser contexts (one Chromium, asyncio)
work through typical sessions until the time is up: sign in, open menu pages, open client cards,
log calls, move deals, reading for about `--think` seconds between steps as people do (their
arrivals spread over `--arrive-over` seconds). It reports p50/p95 time to content per step, the
errors (an exception on a page or a step that timed out; must be 0), the sign-in presses a person
had to repeat (one who sees nothing happen presses again), and whether a call logged through one
server is seen through the other on the next page run. The result is kept under "multiserver" in
bench/results.json.

The browsers stand in for people's own machines, but here they share the two cores with the
servers. So that they take less from them: one Chromium with a context per person, at a lower
CPU priority (`nice`, --browser-nice), a laptop-sized window, reduced motion, and web fonts and
images not downloaded (icons show as their names; nothing the steps look for is drawn by them).
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.json"
CHROMIUM = os.environ.get("CRM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync",
                 "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]
PASSWORD = "demo12345"
STEP_TIMEOUT_MS = 60_000
# A person who pressed "Sign in" and sees nothing happen for this long presses again (counted).
PRESS_AGAIN_MS = 10_000
VIEWPORT = {"width": 1280, "height": 800}
# What a person's screen needs and the steps do not: fonts (icons fall back to their names) and images.
BLOCKED = "**/*.{woff,woff2,ttf,otf,png,jpg,jpeg,gif,svg,ico}"
COOKIE = "crm_server"

NGINX_CONF = """\
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream crm_pool {{
{servers}
    }}
    # Sticky sessions without nginx-plus: the first answer sets a cookie naming its server;
    # a browser that has the cookie goes to that server, one without goes round-robin.
    map $cookie_{cookie} $crm_backend {{
{routes}
        default crm_pool;
    }}
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        '' close;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://$crm_backend;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_read_timeout 86400;
            add_header Set-Cookie "{cookie}=$upstream_addr; Path=/; HttpOnly; SameSite=Lax";
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen | None, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if (process is not None and process.poll() is not None) or time.monotonic() > deadline:
            raise SystemExit(f"{url} did not come up")
        time.sleep(0.3)


WARMED = re.compile(r"warm: (?:the heavy pages' shared parts read in ([\d.]+) s|nobody sees every client)")


def warmed(log: Path, timeout: float = 300.0) -> float | None:
    """Wait for a server's own reads (ui/warm.py, started by its first script run) to end, as the first
    people of a morning find them ended; the seconds they took, None if they did not end in time."""
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        found = WARMED.search(log.read_text(errors="replace")) if log.exists() else None
        if found:
            return float(found.group(1)) if found.group(1) else 0.0
        time.sleep(0.5)
    return None


def start_servers(n: int, database: str, workdir: Path) -> list[tuple[str, subprocess.Popen]]:
    env = {**os.environ, "CRM_DATABASE_URL": database, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
           "STREAMLIT_LOGGER_LEVEL": "info",  # the warm reads' line (`warmed`)
           # One secret for all servers: a session cookie signed by one is good on the other.
           "CRM_COOKIE_KEY": os.environ.get("CRM_COOKIE_KEY", "multiserver-" + "k" * 48)}
    servers = []
    for i in range(n):
        port = free_port()
        log = (workdir / f"app{i + 1}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(port),
             # As in production: an edit in the checkout during a run must not reload modules (and
             # empty caches) under the measurement.
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        servers.append((f"127.0.0.1:{port}", process))
    for address, process in servers:
        wait_healthy(f"http://{address}", process)
    return servers


def start_nginx(addresses: list[str], workdir: Path) -> tuple[str, subprocess.Popen]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise SystemExit("nginx not found (apt-get install nginx-light)")
    port = free_port()
    os.chmod(workdir, 0o755)  # nginx's workers drop root and must read the temp dirs
    conf = NGINX_CONF.format(
        dir=workdir, port=port, cookie=COOKIE,
        servers="\n".join(f"        server {a};" for a in addresses),
        routes="\n".join(f'        "{a}" {a};' for a in addresses))
    (workdir / "nginx.conf").write_text(conf)
    process = subprocess.Popen([nginx, "-p", str(workdir), "-c", str(workdir / "nginx.conf"),
                                "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, process)
    return url, process


@dataclass
class Person:
    login: str
    pages: list[str]  # menu url paths visited in turn
    client_ids: list[int]
    deal_ids: list[int]


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    servers: dict[str, int] = field(default_factory=dict)
    shots: Path | None = None  # where a failed step's screenshot goes
    pressed_again: list[str] = field(default_factory=list)  # sign-ins a person had to press twice

    def add(self, step: str, seconds: float) -> None:
        self.times.setdefault(step, []).append(seconds)


def people(database: str, n: int) -> list[Person]:
    """Who works during the run: mostly managers, a head and the director, with their own records."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database)
    with engine.begin() as conn:
        # The steps find buttons and tabs by their English names.
        conn.execute(text("UPDATE users SET language = 'en'"))
        managers = conn.execute(text(
            "SELECT id, login FROM users WHERE role = 'manager' AND active ORDER BY login")).all()
        head = conn.execute(text("SELECT login FROM users WHERE role = 'head' AND active ORDER BY login")).first()
        stages = conn.execute(text(
            "SELECT id FROM pipeline_stages WHERE active AND NOT is_won AND NOT is_lost "
            "AND NOT is_committing ORDER BY position")).scalars().all()
        chosen = []
        for i in range(max(n - 2, 1)):
            user_id, login = managers[i % len(managers)]
            clients = conn.execute(text(
                "SELECT id FROM clients WHERE owner_id = :u AND status = 'active' ORDER BY id LIMIT 40"),
                {"u": user_id}).scalars().all()
            # Deals a move keeps in the open, uncommitted part of the funnel (no credit check).
            deals = conn.execute(text(
                "SELECT id FROM deals WHERE owner_id = :u AND state = 'open' AND stage_id = ANY(:s) "
                "ORDER BY id LIMIT 40"), {"u": user_id, "s": list(stages[:-1])}).scalars().all()
            chosen.append(Person(login, ["my-day", "clients", "board", "calendar", "funnel"], list(clients),
                                 list(deals)))
        if n >= 2 and head:
            chosen.append(Person(head[0], ["my-day", "funnel", "forecast", "team", "approvals"], [], []))
        if n >= 3:
            chosen.append(Person("director", ["my-day", "forecast", "abc", "segments", "funnel"], [], []))
    engine.dispose()
    return chosen[:n]


IDLE_JS = ("([path, before]) => { const app = document.querySelector(\"[data-testid='stApp']\");"
           " const h = document.querySelector('h1');"
           " return app && app.dataset.testScriptState === 'notRunning' && location.pathname.endsWith(path)"
           " && h && h.innerText.trim() !== '' && h.innerText !== before; }")


SCRIPT_IDLE_JS = "() => document.querySelector(\"[data-testid='stApp']\")?.dataset.testScriptState === 'notRunning'"


async def _heading(page) -> str:
    return await page.evaluate("() => document.querySelector('h1')?.innerText ?? ''")


async def _settled(page, tally: Tally, step: str) -> None:
    await page.wait_for_function(
        "() => document.querySelector(\"[data-testid='stApp']\")?.dataset.testScriptState === 'notRunning'",
        timeout=STEP_TIMEOUT_MS)
    if await page.locator("[data-testid='stException']").count():
        tally.errors.append(f"{step}: an exception on the page ({page.url})")


# Set once the app starts a script run after the press: the press was taken.
WATCH_RUN_JS = """() => {
    window.__crmRan = false;
    const app = document.querySelector("[data-testid='stApp']");
    new MutationObserver(() => { if (app.dataset.testScriptState === 'running') window.__crmRan = true; })
        .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


async def sign_in(page, base: str, login: str, tally: Tally | None = None) -> None:
    """As a person: types as soon as the form shows, presses once; presses again only if nothing
    at all happened for PRESS_AGAIN_MS (no script run started, the form still there) — counted."""
    await page.goto(base)
    await page.locator("input[type=text]").first.fill(login)
    await page.locator("input[type=password]").first.fill(PASSWORD)
    for attempt in range(2):
        await page.evaluate(WATCH_RUN_JS)
        await page.locator("button[data-testid$='FormSubmit']").first.click()
        if attempt or tally is None:
            return
        try:
            await page.wait_for_function("() => window.__crmRan || !document.querySelector('input[type=password]')",
                                         timeout=PRESS_AGAIN_MS)
            return
        except Exception:  # noqa: BLE001 - a timeout: nothing happened on screen
            tally.pressed_again.append(login)


async def timed(tally: Tally, step: str, coroutine, page=None) -> None:
    start = time.perf_counter()
    try:
        await coroutine
    except Exception as exc:  # a timeout or a missing element: an error of the run, not of the script
        shot = ""
        if page is not None and tally.shots is not None:  # what the person saw, for the error's reader
            shot = str(tally.shots / f"error-{len(tally.errors) + 1}.png")
            try:
                await page.screenshot(path=shot, full_page=True)
            except Exception:  # noqa: BLE001 - a page that cannot be shot any more: the error says enough
                shot = ""
        tally.errors.append(f"{step}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
                            + (f" (screenshot {shot})" if shot else ""))
        return
    tally.add(step, time.perf_counter() - start)


async def work(browser, base: str, person: Person, until: float, tally: Tally, rng: random.Random,
               think: float = 0.0, start_after: float = 0.0) -> None:
    # People do not all press "Sign in" in the same second: their arrivals spread over one pause.
    await asyncio.sleep(start_after)

    async def pause():
        # A person reads what came before the next click: between 0.5 and 1.5 times `think` seconds.
        if think > 0:
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))

    context = await new_context(browser)
    page = await context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)

    async def signed_in():
        await sign_in(page, base, person.login, tally)
        await page.locator("[data-testid='stSidebar']").wait_for()
        await page.wait_for_function(IDLE_JS, arg=["", "\u0000"])

    await timed(tally, "sign in", signed_in(), page)
    if not await page.locator("[data-testid='stSidebar'] a[href]").count():
        await context.close()  # not signed in (the error is counted): the person goes no further
        return
    for cookie in await context.cookies():
        if cookie["name"] == COOKIE:
            tally.servers[cookie["value"]] = tally.servers.get(cookie["value"], 0) + 1
    turn = 0
    while time.monotonic() < until:
        path = person.pages[turn % len(person.pages)]
        turn += 1

        async def menu(path=path):
            before = await _heading(page)
            await page.locator(f"[data-testid='stSidebar'] a[href='{path}']").first.click()
            await page.wait_for_function(IDLE_JS, arg=[f"/{path}", before])
            await _settled(page, tally, f"menu {path}")

        await timed(tally, f"menu {path}", menu(), page)
        await pause()
        if person.client_ids and turn % 2 == 0:

            row = rng.randrange(8)

            async def card(row=row):
                # As people do: the clients list (in the menu), a click on a client's name opens the card
                # in the same tab — no page load (a link opened from outside is the deal step's goto).
                if not page.url.split("?")[0].endswith("/clients"):
                    before = await _heading(page)
                    await page.locator("[data-testid='stSidebar'] a[href='clients']").first.click()
                    await page.wait_for_function(IDLE_JS, arg=["/clients", before])
                grid = page.get_by_test_id("stDataFrame").first.locator(".dvn-scroller")
                await grid.wait_for(state="visible")
                position = {"x": 160, "y": 35 + 17 + 35 * row}  # the name's cell of the row-th row
                await grid.hover(position=position)  # the grid tracks the pointer before a click
                await page.wait_for_timeout(150)  # as a hand would: the grid takes the hover first
                await grid.click(position=position)
                await page.wait_for_function(IDLE_JS, arg=["/client", "Clients"])
                await _settled(page, tally, "client card")

            async def call():
                await page.get_by_role("tab", name="Timeline").click()
                await page.wait_for_function(SCRIPT_IDLE_JS)  # the card drawn: a person reads, then types
                panel = page.get_by_role("tabpanel", name="Timeline")
                await panel.get_by_role("textbox", name="Subject").fill(f"Bench call {uuid.uuid4().hex[:8]}")
                await panel.get_by_role("button", name="Log it").click()
                await page.get_by_text("Logged:").first.wait_for()
                await _settled(page, tally, "log a call")

            await timed(tally, "client card", card(), page)
            await pause()
            await timed(tally, "log a call", call(), page)
            await pause()
        if person.deal_ids and turn % 3 == 0:
            deal_id = rng.choice(person.deal_ids)

            async def move(deal_id=deal_id):
                # As people do: from the board (in the menu), a click on the deal's card; a deal not on
                # the board (its column cut short) is opened by its link, as from a message (a page load).
                if not page.url.split("?")[0].endswith("/board"):
                    before = await _heading(page)
                    await page.locator("[data-testid='stSidebar'] a[href='board']").first.click()
                    await page.wait_for_function(IDLE_JS, arg=["/board", before])
                card = page.locator(f"article.card[data-deal='{deal_id}'] a.client")
                if await card.count():
                    await card.first.click()
                else:
                    await page.goto(f"{base}/deal?id={deal_id}")
                await page.wait_for_function(IDLE_JS, arg=["/deal", "\u0000"])
                button = page.get_by_role("button", name="Move", exact=True)
                if await button.count():
                    await button.click()
                    await page.locator("[data-testid^='stAlertContent']").first.wait_for()
                await _settled(page, tally, "move a deal")

            await timed(tally, "open a deal and move it", move(), page)
            await pause()
    await context.close()


async def new_context(browser):
    context = await browser.new_context(viewport=VIEWPORT, reduced_motion="reduce", locale="en-US")
    await context.route(BLOCKED, lambda route: route.abort())
    return context


async def warm_up(browser, base: str, login: str) -> None:
    context = await new_context(browser)
    page = await context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS * 2)
    await sign_in(page, base, login)
    await page.locator("[data-testid='stSidebar']").wait_for()
    await page.wait_for_function(IDLE_JS, arg=["", "\u0000"])
    await context.close()


async def seen_across(browser, first: str, second: str, person: Person, workdir: Path) -> bool:
    """A call logged through one server is on the card's timeline through the other, on its next run."""
    subject = f"Seen across servers {uuid.uuid4().hex[:10]}"
    client_id = person.client_ids[0]
    for base, write in ((first, True), (second, False)):
        context = await new_context(browser)
        page = await context.new_page()
        page.set_default_timeout(STEP_TIMEOUT_MS)
        page.on("close", lambda _page: None)
        shot = workdir / ("across-write.png" if write else "across-read.png")
        await sign_in(page, base, person.login)
        await page.locator("[data-testid='stSidebar']").wait_for()
        await page.wait_for_function(IDLE_JS, arg=["", "\u0000"])
        await page.wait_for_function("() => document.cookie.includes('crm_session=')")  # written by the page
        await page.goto(f"{base}/client?id={client_id}")
        try:
            await page.wait_for_function(IDLE_JS, arg=["/client", "\u0000"])
        finally:
            await page.screenshot(path=str(shot))
        await page.get_by_role("tab", name="Timeline").click()
        await page.screenshot(path=str(shot))
        if write:
            await page.get_by_role("textbox", name="Subject").fill(subject)
            await page.get_by_role("button", name="Log it").click()
            await page.get_by_text("Logged:").first.wait_for()
        else:
            found = await page.get_by_role("tabpanel", name="Timeline").get_by_text(subject, exact=True).count()
            await context.close()
            return found > 0
        await context.close()
    return False


def niced_chromium(workdir: Path, nice: int) -> str:
    """Chromium started through `nice`: its processes (and the renderers it starts) yield the CPU to the
    app servers, as browsers on people's own machines would not take it at all."""
    if nice <= 0:
        return CHROMIUM
    wrapper = workdir / "chromium"
    wrapper.write_text(f'#!/bin/sh\nexec nice -n {int(nice)} "{CHROMIUM}" "$@"\n')
    wrapper.chmod(0o755)
    return str(wrapper)


async def drive(base: str, direct: list[str], crowd: list[Person], minutes: float, seed: int,
                workdir: Path, think: float = 0.0, arrive_over: float = 0.0, nice: int = 10) -> dict:
    from playwright.async_api import async_playwright

    tally = Tally(shots=workdir)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=niced_chromium(workdir, nice),
                                          args=[*CHROMIUM_ARGS, "--disable-extensions", "--mute-audio"])
        # A server's first script run imports the app (seconds): done once per process, not per person.
        await asyncio.gather(*(warm_up(browser, f"http://{address}", crowd[0].login) for address in direct))
        warm_s = [warmed(workdir / f"app{i + 1}.log") for i in range(len(direct))]  # as on a morning
        until = time.monotonic() + minutes * 60
        rng = random.Random(seed)
        await asyncio.gather(*(work(browser, base, person, until, tally, random.Random(rng.random()), think,
                                    start_after=i * arrive_over / max(len(crowd), 1))
                               for i, person in enumerate(crowd)))
        across = None
        if len(direct) >= 2 and crowd and crowd[0].client_ids:
            try:
                across = await seen_across(browser, f"http://{direct[0]}", f"http://{direct[1]}", crowd[0],
                                           workdir)
            except Exception as exc:
                tally.errors.append(f"seen across servers: {type(exc).__name__}: {str(exc).splitlines()[0]}")
                across = False
        await browser.close()
    steps = {}
    for step, values in sorted(tally.times.items()):
        values.sort()
        steps[step] = {"n": len(values), "p50_s": round(statistics.median(values), 2),
                       "p95_s": round(values[max(0, int(len(values) * 0.95 + 0.5) - 1)], 2)}
    return {"steps": steps, "errors": tally.errors, "sign_in_pressed_again": tally.pressed_again,
            "sessions_per_server": tally.servers, "write_seen_through_other_server": across,
            "warm_reads_s": warm_s}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.multiserver", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="a PostgreSQL URL (the servers share it)")
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--people", type=int, default=10, help="simulated people, one browser context each")
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--scale", choices=["small", "large"], default="small")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--think", type=float, default=5.0,
                        help="seconds a person reads between steps, on average (0: click on at once)")
    parser.add_argument("--arrive-over", type=float, default=None,
                        help="seconds over which people arrive, one after another (default: 6 x --think)")
    parser.add_argument("--browser-nice", type=int, default=10,
                        help="the browsers' `nice` level (0: as the servers), so that they yield the CPU")
    parser.add_argument("--no-load", action="store_true", help="the demo is already in the database")
    args = parser.parse_args(argv)
    if args.arrive_over is None:
        args.arrive_over = 6 * args.think
    if not args.database.startswith("postgresql"):
        parser.error("several servers share one PostgreSQL database (SQLite is for one process)")
    if not args.no_load:
        print(f"loading the {args.scale} demo ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "db.demo", "--scale", args.scale, "--database", args.database,
                        "--password", PASSWORD], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    from bench.__main__ import machine_load

    load_before = machine_load()
    workdir = Path(tempfile.mkdtemp(prefix="crm-multiserver-"))
    servers = start_servers(args.servers, args.database, workdir)
    processes = [process for _address, process in servers]
    try:
        base, proxy = start_nginx([address for address, _ in servers], workdir)
        processes.append(proxy)
        crowd = people(args.database, args.people)
        print(f"{args.servers} servers behind {base}, {len(crowd)} people for {args.minutes} min ...",
              file=sys.stderr)
        result = asyncio.run(drive(base, [a for a, _ in servers], crowd, args.minutes, args.seed, workdir,
                                   args.think, args.arrive_over, args.browser_nice))
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
    result |= {"servers": args.servers, "people": len(crowd), "minutes": args.minutes, "scale": args.scale,
               "think_s": args.think, "arrive_over_s": args.arrive_over, "browser_nice": args.browser_nice,
               "load": load_before + " before, " + machine_load() + " at the end",
               "measured_on": dt.date.today().isoformat(), "logs": str(workdir)}
    stored = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    stored["multiserver"] = result
    RESULTS.write_text(json.dumps(stored, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0 if not result["errors"] and result["write_seen_through_other_server"] else 1


if __name__ == "__main__":
    sys.exit(main())
