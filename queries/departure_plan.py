"""Who gets which of a leaving manager's clients: the three ways to distribute them.

- "one": every client to one colleague (the successor);
- "rules": each client to whom the assignment rules give it, passing over the leaving
  manager's own rules (and people the viewer may not give clients to); a client no
  rule places goes to the successor;
- "balanced": across the chosen colleagues by workload and value — first the number each
  receives, so that their client counts (existing ones included) come out as even as
  possible; then the clients, biggest first (12-month shipments), dealt so that each
  receives a fair share of the leaving manager's value.

In every mode the successor also takes what the manager holds outside their own
clients (deals and tasks on colleagues' clients go to those clients' owners when
they can), and their assignment rules.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import access
from db.access import Viewer
from db.assignment import RuleBook
from db.rules.validate import Checks
from db.models import Industry, Territory, User
from db.rules.handover import recipient_problem

from .handover import leaver_clients
from .workload import portfolio

MODES = ("one", "rules", "balanced")


@dataclass(frozen=True)
class DeparturePlan:
    rows: pd.DataFrame  # the leaver's clients + new_owner_id, new_owner, reason, rule
    recipients: pd.DataFrame  # user_id, full_name, clients/value before, received, after
    successor_id: int


def plan_departure(session: Session, viewer: Viewer, *, leaving_id: int, mode: str, successor_id: int | None,
                   colleague_ids: tuple[int, ...] = (), today: dt.date | None = None) -> DeparturePlan:
    """The preview. Refuses (ValidationError, by field) what the action would refuse."""
    today = today or access.today()
    v = Checks()
    mode = v.choice("mode", mode, MODES, required=True)
    problem = recipient_problem(session, viewer, successor_id, leaving_id=leaving_id)
    if problem:
        v.fail("successor_id", problem)
    colleagues = tuple(dict.fromkeys(int(c) for c in colleague_ids))
    if mode == "balanced":
        if not colleagues:
            v.fail("colleague_ids", "Choose at least one colleague.")
        for colleague in colleagues:
            problem = recipient_problem(session, viewer, colleague, leaving_id=leaving_id)
            if problem:
                v.fail("colleague_ids", problem)
    v.raise_if_any()
    assert successor_id is not None  # recipient_problem refused a missing one: raised above
    rows = leaver_clients(session, viewer, leaving_id=leaving_id, today=today)
    rows["new_owner_id"], rows["reason"], rows["rule"] = pd.Series(dtype="int64"), "", ""
    if mode == "one" or rows.empty:
        rows = rows.assign(new_owner_id=int(successor_id), reason="one")
    elif mode == "rules":
        rows = _by_rules(session, viewer, rows, leaving_id, int(successor_id))
    else:
        rows = _balanced(session, rows, colleagues, today)
    recipients = _recipients(session, rows, today)
    return DeparturePlan(rows=rows, recipients=recipients, successor_id=int(successor_id))


def _by_rules(session: Session, viewer: Viewer, rows: pd.DataFrame, leaving_id: int, successor_id: int) -> pd.DataFrame:
    book = RuleBook(session, exclude={leaving_id})
    names: dict[tuple[str, int | None], str] = {
        ("t", i): n for i, n in session.execute(select(Territory.id, Territory.name))}
    names |= {("i", i): n for i, n in session.execute(select(Industry.id, Industry.name))}
    allowed: dict[int, bool] = {}
    owners, reasons, rules = [], [], []
    for r in rows.itertuples(index=False):
        found = book.match(_id(r.territory_id), _id(r.industry_id))
        if found is not None and found.manager_id not in allowed:
            allowed[found.manager_id] = recipient_problem(session, viewer, found.manager_id,
                                                          leaving_id=leaving_id) is None
        if found is not None and allowed[found.manager_id]:
            owners.append(found.manager_id)
            reasons.append("rule")
            rules.append(" × ".join(filter(None, (names.get(("t", found.territory_id)),
                                                  names.get(("i", found.industry_id))))))
        else:
            owners.append(successor_id)
            reasons.append("no_rule")
            rules.append("")
    return rows.assign(new_owner_id=owners, reason=reasons, rule=rules)


def _balanced(session: Session, rows: pd.DataFrame, colleagues: tuple[int, ...], today: dt.date) -> pd.DataFrame:
    """Workload first: one client at a time goes to whoever would then hold the fewest clients,
    which fixes how many each receives. Then value: the clients, biggest first, are dealt to
    whoever has so far received the least value per client they are to receive."""
    now = portfolio(session, user_ids=colleagues, today=today).set_index("user_id")
    held = {u: int(now.loc[u, "clients"]) for u in colleagues}
    slots = dict.fromkeys(colleagues, 0)
    for _ in range(len(rows)):
        fewest = min(colleagues, key=lambda u: (held[u] + slots[u], colleagues.index(u)))
        slots[fewest] += 1
    taken, value = dict.fromkeys(colleagues, 0), dict.fromkeys(colleagues, 0.0)
    owners = []
    for client_value in (float(x) for x in rows["value"]):  # rows come biggest first
        open_ = [u for u in colleagues if taken[u] < slots[u]]
        best = min(open_, key=lambda u: (value[u] / slots[u], colleagues.index(u)))
        taken[best] += 1
        value[best] += client_value
        owners.append(best)
    return rows.assign(new_owner_id=owners, reason="balanced")


def _recipients(session: Session, rows: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    ids = tuple(sorted({int(u) for u in rows["new_owner_id"]})) if not rows.empty else ()
    if not ids:
        return pd.DataFrame(columns=["user_id", "full_name", "clients_before", "value_before", "clients_received",
                                     "value_received", "clients_after", "value_after"])
    now = portfolio(session, user_ids=ids, today=today).set_index("user_id")
    names = dict(session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all())
    got = rows.assign(value=rows["value"].astype(float)).groupby("new_owner_id").agg(
        clients_received=("client_id", "count"), value_received=("value", "sum"))
    out = pd.DataFrame({"user_id": list(ids), "full_name": [names[u] for u in ids],
                        "clients_before": [int(now.loc[u, "clients"]) for u in ids],
                        "value_before": [float(now.loc[u, "value"]) for u in ids],
                        "clients_received": [int(got.loc[u, "clients_received"]) for u in ids],
                        "value_received": [float(got.loc[u, "value_received"]) for u in ids]})
    return out.assign(clients_after=out["clients_before"] + out["clients_received"],
                      value_after=out["value_before"] + out["value_received"])


def _id(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)

