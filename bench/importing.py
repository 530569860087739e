"""Import throughput: N shipment lines from a CSV into a scratch database, in rows per second.

    python -m bench.importing [--lines 1000000] [--database URL]

The CSV is what a Russian accounting system exports: Windows-1251, `;` between
cells, decimal commas, DD.MM.YYYY dates, clients by INN, products by SKU,
lines in date order. The scratch database (a temporary SQLite file, or a
database `<name>_importbench` next to a PostgreSQL URL's) gets the schema,
2,000 clients, 500 products and 40 managers, then the file through
`db.io.importer.import_table`, as `python -m db.io import` runs it. The
figure includes reading, checking and writing — the whole import.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from db.access import Viewer
from db.demo.bulk import reset_sequences
from db.generation import bump_generation
from db.io.importer import import_table
from db.io.mapping import Mapping
from db.io.reading import read_table
from db.migrate import upgrade_to_head
from db.models import Client, Department, Product, Role, User
from db.session import make_engine, write_session

CLIENTS, PRODUCTS, MANAGERS = 2_000, 500, 40
TARGET_SECONDS = 60.0  # for a million lines (issue 8)


@dataclass
class ImportTiming:
    dialect: str
    lines: int
    seconds: float  # wall clock: the figure the target is about
    cpu_seconds: float  # this process's CPU (both threads): tells a busy machine from a slow import
    rows_per_second: float
    created: int
    rejected: int
    target_seconds: float  # for this many lines, scaled from 60 s per million


def inn(n: int) -> str:
    prefix = f"77{n:07d}"
    weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    return prefix + str(sum(w * int(d) for w, d in zip(weights, prefix, strict=True)) % 11 % 10)


def write_csv(path: Path, lines: int, seed: int = 8) -> None:
    rng = random.Random(seed)
    start = dt.date(2024, 1, 1)
    days = [start + dt.timedelta(days=d) for d in range(730)]
    per_day = lines / len(days)
    with path.open("w", encoding="cp1251", newline="") as out:
        out.write("Номер строки;ИНН покупателя;Артикул;Дата отгрузки;Количество;Сумма;Себестоимость;"
                  "Оплатить до;Оплачено;Дата оплаты\r\n")
        n = 0
        for i, day in enumerate(days):
            count = int(per_day * (i + 1)) - int(per_day * i) if i < len(days) - 1 else lines - n
            due = (day + dt.timedelta(days=30)).strftime("%d.%m.%Y")
            shipped = day.strftime("%d.%m.%Y")
            for _ in range(count):
                n += 1
                quantity = rng.randint(1, 400)
                kop = quantity * rng.randint(100, 500_000)
                amount = f"{kop // 100},{kop % 100:02d}"
                cost = f"{kop * 7 // 1000},{kop * 7 // 10 % 100:02d}"
                paid = amount if rng.random() < 0.8 else "0"
                out.write(f"РН-{n:08d};{inn(rng.randrange(CLIENTS))};SKU-{rng.randrange(PRODUCTS):04d};{shipped};"
                          f"{quantity};{amount};{cost};{due};{paid};{shipped if paid != '0' else ''}\r\n")


MAPPING = {"kind": "shipments", "columns": {
    "external_id": "Номер строки", "client": "ИНН покупателя", "product": "Артикул", "shipped_on": "Дата отгрузки",
    "quantity": "Количество", "amount": "Сумма", "cost_amount": "Себестоимость", "payment_due_on": "Оплатить до",
    "amount_paid": "Оплачено", "paid_on": "Дата оплаты"}}


def _scratch_url(url: str | None, workdir: Path) -> str:
    if not url or url.startswith("sqlite"):
        return f"sqlite:///{workdir / 'importbench.sqlite3'}"
    parsed = make_url(url)
    name = f"{parsed.database}_importbench"
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


def _drop_scratch(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}"'))
    admin.dispose()


def _seed(engine) -> None:
    with engine.begin() as conn:
        conn.execute(insert(Department.__table__), [{"id": 1, "name": "Отдел продаж"}])
        conn.execute(insert(User.__table__), [
            {"id": i, "login": f"m{i}", "full_name": f"Менеджер {i}", "password_hash": "!", "role": Role.MANAGER.value,
             "department_id": 1} for i in range(1, MANAGERS + 1)])
        conn.execute(insert(Client.__table__), [
            {"id": i + 1, "name": f"Клиент {i}", "inn": inn(i), "owner_id": i % MANAGERS + 1} for i in range(CLIENTS)])
        conn.execute(insert(Product.__table__), [
            {"id": i + 1, "sku": f"SKU-{i:04d}", "name": f"Товар {i}"} for i in range(PRODUCTS)])
        reset_sequences(conn)
        bump_generation(conn)


def measure_import(lines: int = 1_000_000, database: str | None = None) -> ImportTiming:
    with tempfile.TemporaryDirectory(prefix="crm-importbench-") as tmp:
        workdir = Path(tmp)
        csv_path = workdir / "shipments.csv"
        write_csv(csv_path, lines)
        url = _scratch_url(database, workdir)
        engine = make_engine(url)
        try:
            upgrade_to_head(engine)
            _seed(engine)
            started, cpu = time.perf_counter(), time.process_time()
            with write_session(engine) as session:
                summary = import_table(session, Viewer(user_id=None, role=Role.ADMIN), table=read_table(csv_path),
                                       mapping=Mapping.from_dict(MAPPING))
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            dialect = engine.dialect.name
        finally:
            engine.dispose()
            _drop_scratch(url)
    return ImportTiming(dialect=dialect, lines=lines, seconds=round(seconds, 1), cpu_seconds=round(cpu, 1),
                        rows_per_second=round(lines / seconds), created=summary.created,
                        rejected=len(summary.rejected), target_seconds=round(TARGET_SECONDS * lines / 1_000_000, 1))


def print_timing(t: ImportTiming) -> None:
    flag = "ROWS LOST" if t.created != t.lines else "ok" if t.seconds <= t.target_seconds else "SLOW"
    print(f"\nimport of {t.lines:,} shipment lines (CSV, Windows-1251) on {t.dialect}: {t.seconds} s "
          f"(CPU {t.cpu_seconds} s), {t.rows_per_second:,} rows/s; created {t.created:,}, rejected {t.rejected:,} "
          f"(target {t.target_seconds} s)  {flag}")


def in_own_process(lines: int, database: str | None) -> dict | None:
    """For `python -m bench`: measured in a process of its own, so that the import's memory
    does not count as the app's peak. None when skipped (0 lines) or failed."""
    if lines <= 0:
        return None
    command = [sys.executable, "-m", "bench.importing", "--lines", str(lines), "--json"]
    if database and not database.startswith("sqlite"):
        command += ["--database", database]
    print(f"importing {lines:,} shipment lines into a scratch database ...", file=sys.stderr)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print_timing(ImportTiming(**result))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.importing", description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--database", help="a PostgreSQL URL to measure there (a scratch database is made beside it)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line")
    args = parser.parse_args(argv)
    timing = measure_import(args.lines, args.database)
    print(json.dumps(asdict(timing))) if args.json else print_timing(timing)
    return 0 if timing.created == timing.lines else 1


if __name__ == "__main__":
    raise SystemExit(main())
