"""Shared by the funnel's tests (issue 4): a settable clock for the deal actions, and deal helpers.

Import the fixtures into a test module (`from tests.deal_fixtures import clock`): the
deal actions then stamp moves, closes, audit rows and "today" with the clock's time,
so histories can be built on chosen days and expected values worked out by hand.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import event, select

from db import config
from db.actions.deal_moves import move_deal
from db.actions.deals import create_deal
from db.models import AuditEntry, Deal, Shipment


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)

    def at(self, text: str) -> dt.datetime:
        """Set the time: "2026-03-05 10:00" (UTC)."""
        self.now = dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)
        return self.now

    def today(self) -> dt.date:
        return self.now.astimezone(config.timezone()).date()


@pytest.fixture
def clock(monkeypatch):
    c = Clock()
    for module in ("db.actions.deals", "db.actions.deal_moves", "db.actions.approvals", "db.actions.base"):
        monkeypatch.setattr(f"{module}.utcnow", lambda: c.now)
    monkeypatch.setattr("db.access.today", c.today)

    def stamp(_mapper, _connection, entry):
        entry.at = c.now

    event.listen(AuditEntry, "before_insert", stamp)
    yield c
    event.remove(AuditEntry, "before_insert", stamp)


def open_deal(db, world, login: str, client: str, *, quantity: str, title: str = "Сделка",
              close_in_days: int = 30, discount: str = "0", clock: Clock | None = None) -> Deal:
    """A deal with one line of the world's product (2.50 a piece): amount = quantity × 2.50."""
    today = clock.today() if clock else dt.date.today()
    return create_deal(db, world.viewer(login), client_id=world.clients[client], title=title,
                       expected_close_on=today + dt.timedelta(days=close_in_days),
                       lines=[{"product_id": world.product_id, "quantity": quantity, "discount_pct": discount}])


def move(db, world, login: str, deal: Deal, stage: str, **kwargs):
    db.refresh(deal)
    return move_deal(db, world.viewer(login), deal_id=deal.id, expected_version=deal.version,
                     to_stage_id=world.stages[stage], **kwargs)


def ship(db, world, client: str, login: str, on: dt.date, amount: str, paid: str = "0") -> None:
    db.add(Shipment(client_id=world.clients[client], product_id=world.product_id, manager_id=world.users[login],
                    shipped_on=on, quantity=Decimal("1"), amount=Decimal(amount), amount_paid=Decimal(paid)))
    db.flush()


def history(db, deal_id: int) -> list:
    from db.models import DealStageChange

    return list(db.scalars(select(DealStageChange).where(DealStageChange.deal_id == deal_id)
                           .order_by(DealStageChange.changed_at, DealStageChange.id)))
