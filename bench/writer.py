"""Other people's writes while pages are timed: the benchmark's busy mode (issue 19).

    with Writer(url) as writer:      # one write a second in a thread, its own engine
        ...time pages...
    writer.write_once()              # or one write now, e.g. right before a "cold" run

The writes go through the app's own actions, as people at work would make them, in turn:
- a call logged by a random manager on one of their own clients (db/actions/activities);
- an open deal moved to its next stage as its owner (db/actions/deal_moves), never into a
  committing stage (so no credit check), and back a stage when it is at the last open one;
- a small shipments import (a few lines, clients by INN and products by SKU) as the admin,
  through the import machinery (db/io/importer.import_table), as the import page runs it.

`python -m bench.writer --database URL [--seconds N]` runs the same writer on its own (the
browser benchmark uses it in a thread of its process; a second app process can be busy too).
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.access import Viewer
from db.models import Client, Deal, PipelineStage, Product, Role, User

KINDS = ("call", "deal_move", "shipments")
SHIPMENT_LINES = 3
SUBJECT = "Bench busy call"
LINE_PREFIX = "BUSY-"


@dataclass
class Write:
    kind: str
    started: float  # time.monotonic() when it began
    seconds: float
    detail: dict = field(default_factory=dict)  # what was written: ids, subject, stage from/to, line ids
    error: str | None = None


class Writer:
    """Makes the writes of the busy mode; `start()` runs one every `interval` seconds in a thread."""

    def __init__(self, url: str, *, interval: float = 1.0, seed: int = 19):
        from db.session import make_engine

        self.engine = make_engine(url)  # its own engine and connections: another person's session
        self.interval = interval
        self.rng = random.Random(seed)
        self.writes: list[Write] = []
        self._turn = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()  # one write at a time, whether from the thread or write_once()
        self._load_people()

    # -- who writes on what -------------------------------------------------------------------------------

    def _load_people(self) -> None:
        with Session(self.engine) as session:
            managers = dict(session.execute(
                select(User.id, User.full_name).where(User.role == Role.MANAGER.value, User.active.is_(True))).all())
            self.calls: list[tuple[int, int]] = [(client_id, owner_id) for client_id, owner_id in session.execute(
                select(Client.id, Client.owner_id).where(Client.owner_id.in_(managers)).order_by(Client.id)).all()
                if owner_id is not None]
            self.names = managers
            stages = session.scalars(select(PipelineStage).where(PipelineStage.active.is_(True))
                                     .order_by(PipelineStage.position)).all()
            # Open, uncommitted stages, in funnel order: a move between them needs no credit check.
            self.open_stages = [s.id for s in stages if not (s.is_won or s.is_lost or s.is_committing)]
            self.deals: list[tuple[int, int]] = [(deal_id, owner_id) for deal_id, owner_id in session.execute(
                select(Deal.id, Deal.owner_id).where(Deal.state == "open", Deal.owner_id.in_(managers),
                                                     Deal.stage_id.in_(self.open_stages)).order_by(Deal.id)).all()]
            admin = session.execute(select(User.id, User.full_name).where(
                User.role == Role.ADMIN.value, User.active.is_(True)).order_by(User.id).limit(1)).first()
            self.importer = Viewer(user_id=admin[0], role=Role.ADMIN, full_name=admin[1]) if admin else \
                Viewer(user_id=None, role=Role.ADMIN)
            self.inns = session.scalars(select(Client.inn).where(Client.inn.is_not(None)).order_by(Client.id)
                                        .limit(500)).all()
            self.skus = session.scalars(select(Product.sku).where(Product.sku.is_not(None)).order_by(Product.id)
                                        .limit(500)).all()
        if not self.calls or not self.deals or not self.inns or not self.skus:
            raise SystemExit("the busy mode needs managers with clients and open deals, clients with an INN and "
                             "products with a SKU (load the demo first)")

    def _manager(self, user_id: int) -> Viewer:
        return Viewer(user_id=user_id, role=Role.MANAGER, full_name=self.names.get(user_id, ""))

    # -- the writes -----------------------------------------------------------------------------------------

    def log_call(self) -> dict:
        from db.actions.activities import log_activity
        from db.session import write_session

        client_id, owner_id = self.rng.choice(self.calls)
        subject = f"{SUBJECT} {uuid.uuid4().hex[:10]}"
        with write_session(self.engine) as session:
            activity = log_activity(session, self._manager(owner_id), client_id=client_id, kind="call",
                                    subject=subject, outcome="Asked for a price list.")
            return {"activity_id": activity.id, "client_id": client_id, "user_id": owner_id, "subject": subject}

    def move_deal(self) -> dict:
        from db.actions.deal_moves import move_deal
        from db.session import write_session

        for _ in range(20):  # a deal someone else has closed meanwhile: take another
            deal_id, owner_id = self.rng.choice(self.deals)
            with write_session(self.engine) as session:
                deal = session.get(Deal, deal_id)
                if deal is None or deal.state != "open" or deal.stage_id not in self.open_stages:
                    continue
                at = self.open_stages.index(deal.stage_id)
                target = self.open_stages[at + 1] if at + 1 < len(self.open_stages) else self.open_stages[at - 1]
                from_stage, version = deal.stage_id, deal.version
                session.rollback()
                move_deal(session, self._manager(owner_id), deal_id=deal_id, expected_version=version,
                          to_stage_id=target)
                return {"deal_id": deal_id, "user_id": owner_id, "from_stage_id": from_stage, "to_stage_id": target}
        raise RuntimeError("no open deal to move")

    def import_shipments(self) -> dict:
        from db.io.importer import import_table
        from db.io.mapping import Mapping
        from db.io.reading import read_table
        from db.session import write_session

        run = uuid.uuid4().hex[:10]
        today = dt.date.today().isoformat()
        lines = ["Line id;Client INN;SKU;Shipped on;Quantity;Amount"]
        ids = []
        for n in range(SHIPMENT_LINES):
            ids.append(f"{LINE_PREFIX}{run}-{n + 1}")
            quantity = self.rng.randint(1, 50)
            lines.append(f"{ids[-1]};{self.rng.choice(self.inns)};{self.rng.choice(self.skus)};{today};{quantity};"
                         f"{quantity * self.rng.randint(100, 5000)}.00")
        table = read_table(("\r\n".join(lines) + "\r\n").encode(), name=f"busy-{run}.csv")
        mapping = Mapping.from_dict({"kind": "shipments", "columns": {
            "external_id": "Line id", "client": "Client INN", "product": "SKU", "shipped_on": "Shipped on",
            "quantity": "Quantity", "amount": "Amount"}})
        with write_session(self.engine) as session:
            summary = import_table(session, self.importer, table=table, mapping=mapping)
        if summary.created != SHIPMENT_LINES:
            reasons = [r.reasons for r in summary.rejected][:3]
            raise RuntimeError(f"the shipments import created {summary.created} of {SHIPMENT_LINES}: {reasons}")
        return {"external_ids": ids, "created": summary.created}

    def write_once(self) -> Write:
        """The next write in turn, now; kept in `writes` (an error is kept too, not raised)."""
        with self._lock:
            kind = KINDS[self._turn % len(KINDS)]
            self._turn += 1
            started = time.monotonic()
            try:
                detail = {"call": self.log_call, "deal_move": self.move_deal,
                          "shipments": self.import_shipments}[kind]()
                write = Write(kind, started, time.monotonic() - started, detail)
            except Exception as exc:  # noqa: BLE001 - a refused write is a result of the run, kept with its reason
                write = Write(kind, started, time.monotonic() - started, error=f"{type(exc).__name__}: {exc}"[:300])
            self.writes.append(write)
            return write

    # -- in a thread -----------------------------------------------------------------------------------------

    def start(self) -> Writer:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="bench-writer", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def _run(self) -> None:
        next_at = time.monotonic()
        while not self._stop.is_set():
            self.write_once()
            next_at += self.interval
            self._stop.wait(max(0.0, next_at - time.monotonic()))

    def writes_since(self, moment: float) -> list[Write]:
        return [w for w in list(self.writes) if w.started >= moment]

    def summary(self) -> dict:
        by_kind: dict[str, dict] = {}
        for w in self.writes:
            entry = by_kind.setdefault(w.kind, {"n": 0, "errors": 0, "seconds": []})
            entry["n"] += 1
            entry["errors"] += w.error is not None
            entry["seconds"].append(w.seconds)
        out = {}
        for kind, entry in by_kind.items():
            seconds = sorted(entry.pop("seconds"))
            out[kind] = {**entry, "median_ms": round(seconds[len(seconds) // 2] * 1000, 1)}
        errors = [f"{w.kind}: {w.error}" for w in self.writes if w.error][:5]
        return {"interval_s": self.interval, "writes": len(self.writes), "by_kind": out, "first_errors": errors}

    def close(self) -> None:
        self.stop()
        self.engine.dispose()

    def __enter__(self) -> Writer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.writer", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--interval", type=float, default=1.0)
    args = parser.parse_args(argv)
    writer = Writer(args.database, interval=args.interval)
    with writer:
        time.sleep(args.seconds)
    print(writer.summary())
    return 1 if any(w.error for w in writer.writes) else 0


if __name__ == "__main__":
    sys.exit(main())
