"""A new deal's history from the file's dates, and its lines as compared and audited.

The funnel reads the stage history (db/actions/stage_history.py keeps it for moves
made in the app): a deal closed in the file gets two rows — into `opened_stage` on its
open date, into its final stage on its close date — with the flow flags the funnel
reads (left, advanced, won after) filled as a later move would have filled them.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import insert, select

from ...models import DealLine, DealStageChange
from .base import Planned, company_midnight


def deal_times(p: Planned, now, opened_stage):
    """(created, stage entered, closed, history rows) of a new deal."""
    stage, opened, closed = p.extra["stage"], p.extra["opened"], p.extra["closed"]
    opened_at = company_midnight(opened) if opened else None
    deal, owner = p.existing, p.values.get("owner_id")
    if stage.state == "open":
        entered = opened_at or now
        return entered, entered, None, [_history(deal, None, stage, entered, owner)]
    closed_at = company_midnight(closed) if closed else now
    first = opened_stage
    if opened_at is None or first is None or first.id == stage.id:
        return opened_at or closed_at, closed_at, closed_at, [_history(deal, None, stage, closed_at, owner)]
    start = _history(deal, None, first, opened_at, owner)
    start.update(left_at=closed_at, advanced=not stage.is_lost and stage.position > first.position,
                 won_after=stage.is_won)
    return opened_at, closed_at, closed_at, [start, _history(deal, first, stage, closed_at, owner)]


def insert_lines(session, lines: list[tuple[int, dict]]) -> None:
    if lines:
        session.execute(insert(DealLine.__table__), [{"deal_id": d, **ln} for d, ln in lines])


def insert_history(session, rows: list[dict]) -> None:
    columns = set(DealStageChange.__table__.c.keys())  # the flow flags, where the schema has them
    if rows:
        session.execute(insert(DealStageChange.__table__), [{k: x for k, x in r.items() if k in columns} for r in rows])


def current_lines(session, deal_ids: list[int]) -> dict[int, list]:
    """{deal id: its lines as `line_key`s}, for comparing with the file's."""
    found: dict[int, list] = {}
    for start in range(0, len(deal_ids), 500):
        for r in session.execute(select(DealLine.deal_id, DealLine.product_id, DealLine.quantity, DealLine.price,
                                        DealLine.discount_pct)
                                 .where(DealLine.deal_id.in_(deal_ids[start:start + 500]))
                                 .order_by(DealLine.deal_id, DealLine.id)):
            found.setdefault(r.deal_id, []).append(line_key(r.product_id, r.quantity, r.price, r.discount_pct))
    return found


def line_key(product_id, quantity, price, discount) -> tuple:
    return (product_id, Decimal(str(quantity)).normalize(), Decimal(str(price)).normalize(),
            Decimal(str(discount)).normalize())


def snapshot(lines: list[dict]) -> list[tuple]:
    return [line_key(ln["product_id"], ln["quantity"], ln["price"], ln["discount_pct"]) for ln in lines]


def readable(snapshot: list[tuple]) -> list[dict]:
    """Lines as the audit log keeps them (JSON)."""
    return [{"product_id": p, "quantity": format(q, "f"), "price": format(pr, "f"), "discount_pct": format(d, "f")}
            for p, q, pr, d in snapshot]


def _history(deal_id, from_stage, to_stage, at, user_id) -> dict:
    return {"deal_id": deal_id, "from_stage_id": from_stage.id if from_stage else None, "to_stage_id": to_stage.id,
            "changed_at": at, "user_id": user_id, "left_at": None, "advanced": False, "won_after": False}
