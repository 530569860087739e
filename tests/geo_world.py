"""The test world's map grown into a tree, for the territories and handover tests.

    Россия (country)
    ├── Москва (region; every world client is here)
    │   └── ЦАО (district)
    └── Санкт-Петербург (region)

    industries: Строительство (every world client), Торговля
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from db.models import AssignmentRule, Client, Industry, Shipment, Task, Territory
from db.search import client_search_text
from tests.world import World


@dataclass
class Geo:
    russia: int
    moscow: int
    cao: int
    spb: int
    building: int
    trade: int


def add_geo(session: Session, world: World) -> Geo:
    russia = Territory(name="Россия", kind="country")
    session.add(russia)
    session.flush()
    moscow = session.get(Territory, world.territory_id)
    moscow.parent_id = russia.id
    cao = Territory(name="ЦАО", kind="district", parent_id=moscow.id)
    spb = Territory(name="Санкт-Петербург", kind="region", parent_id=russia.id)
    trade = Industry(name="Торговля")
    session.add_all([cao, spb, trade])
    session.flush()
    return Geo(russia.id, moscow.id, cao.id, spb.id, world.industry_id, trade.id)


def add_rule(session: Session, territory_id: int | None, industry_id: int | None, manager_id: int) -> int:
    rule = AssignmentRule(territory_id=territory_id, industry_id=industry_id, manager_id=manager_id)
    session.add(rule)
    session.flush()
    return rule.id


def add_client(session: Session, name: str, owner_id: int | None, *, territory_id: int | None = None,
               industry_id: int | None = None, shipped: str | None = None, today: dt.date | None = None,
               product_id: int | None = None) -> int:
    client = Client(name=name, owner_id=owner_id, territory_id=territory_id, industry_id=industry_id,
                    search_text=client_search_text(name, None, None))
    session.add(client)
    session.flush()
    if shipped:
        session.add(Shipment(client_id=client.id, product_id=product_id, manager_id=owner_id,
                             shipped_on=(today or dt.date.today()) - dt.timedelta(days=10),
                             quantity=Decimal("1"), amount=Decimal(shipped)))
    return client.id


def add_task(session: Session, assignee_id: int, title: str, *, client_id: int | None = None,
             due_on: dt.date | None = None, done: bool = False) -> int:
    task = Task(assignee_id=assignee_id, client_id=client_id, title=title,
                due_on=due_on or dt.date.today(), done=done)
    session.add(task)
    session.flush()
    return task.id
