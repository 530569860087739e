"""A small hand-made company for tests, where every expected value can be worked out by hand.

    North department (head: Nina Head): managers Anna (mgr_a) and Boris (mgr_b)
    South department (head: Semyon Head): manager Vera (mgr_c)
    Dmitry the director, Alla the admin; Gleb, a North manager who left (inactive)

    clients: Альфа Строй, Арктика (Anna) · Бета Торг (Boris) · Вега Пром (Vera)
             · Гамма Снаб (nobody: the unassigned queue)
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import bcrypt
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db import access
from db.search import client_search_text, contact_search_text
from db.defaults import ensure_defaults
from db.generation import bump_generation
from db.models import (
    Activity,
    Base,
    Client,
    Contact,
    Deal,
    Department,
    Industry,
    PipelineStage,
    Product,
    ProductGroup,
    Role,
    SalesPlan,
    Shipment,
    Task,
    Territory,
    User,
    utcnow,
)

PASSWORD = "test-pass-123"
# Cheap rounds: bcrypt's default cost would add seconds to every test.
PASSWORD_HASH = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()


def make_inn(prefix: str) -> str:
    """A valid 10-digit INN starting with the 9 given digits."""
    digits = [int(c) for c in prefix]
    weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    return prefix + str(sum(w * d for w, d in zip(weights, digits, strict=True)) % 11 % 10)


@dataclass
class World:
    users: dict[str, int] = field(default_factory=dict)  # login -> id
    departments: dict[str, int] = field(default_factory=dict)
    clients: dict[str, int] = field(default_factory=dict)  # key -> id
    client_names: dict[str, str] = field(default_factory=dict)
    stages: dict[str, int] = field(default_factory=dict)
    product_id: int = 0
    industry_id: int = 0
    territory_id: int = 0

    def viewer(self, login: str) -> access.Viewer:
        roles = {"mgr_a": Role.MANAGER, "mgr_b": Role.MANAGER, "mgr_c": Role.MANAGER, "gleb": Role.MANAGER,
                 "head_n": Role.HEAD, "head_s": Role.HEAD, "director": Role.DIRECTOR, "admin": Role.ADMIN}
        return access.Viewer(user_id=self.users[login], role=roles[login], full_name=login)

    def names_owned_by(self, *logins: str) -> set[str]:
        owners = {"a1": "mgr_a", "a2": "mgr_a", "b1": "mgr_b", "c1": "mgr_c", "u1": None}
        return {self.client_names[k] for k, o in owners.items() if o in logins}


USERS = [
    # login, full name, role, department
    ("head_n", "Nina Head", Role.HEAD, "North"),
    ("head_s", "Semyon Head", Role.HEAD, "South"),
    ("mgr_a", "Anna Manager", Role.MANAGER, "North"),
    ("mgr_b", "Boris Manager", Role.MANAGER, "North"),
    ("mgr_c", "Vera Manager", Role.MANAGER, "South"),
    ("director", "Dmitry Director", Role.DIRECTOR, None),
    ("admin", "Alla Admin", Role.ADMIN, None),
    ("gleb", "Gleb Gone", Role.MANAGER, "North"),
]
CLIENTS = [
    # key, name, owner login, INN prefix
    ("a1", "Альфа Строй", "mgr_a", "770100001"),
    ("a2", "Арктика", "mgr_a", "770100002"),
    ("b1", "Бета Торг", "mgr_b", "770100003"),
    ("c1", "Вега Пром", "mgr_c", "780100004"),
    ("u1", "Гамма Снаб", None, "500100005"),
]


def build(session: Session, today: dt.date | None = None) -> World:
    today = today or access.today()
    w = World()
    ensure_defaults(session)
    session.flush()
    w.stages = {s.name: s.id for s in session.query(PipelineStage)}
    for name in ("North", "South"):
        dept = Department(name=name)
        session.add(dept)
        session.flush()
        w.departments[name] = dept.id
    for login, full_name, role, dept in USERS:
        user = User(login=login, full_name=full_name, role=role.value, password_hash=PASSWORD_HASH,
                    department_id=w.departments.get(dept), email=f"{login}@example.com",
                    active=login != "gleb")
        session.add(user)
        session.flush()
        w.users[login] = user.id
    session.get(Department, w.departments["North"]).head_id = w.users["head_n"]
    session.get(Department, w.departments["South"]).head_id = w.users["head_s"]

    industry = Industry(name="Строительство")
    territory = Territory(name="Москва", kind="region")
    group = ProductGroup(name="Крепёж")
    session.add_all([industry, territory, group])
    session.flush()
    product = Product(sku="KR-001", name="Саморез 4×40", group_id=group.id, price=Decimal("2.50"))
    session.add(product)
    session.flush()
    w.industry_id, w.territory_id, w.product_id = industry.id, territory.id, product.id

    now = utcnow()
    for i, (key, name, owner, inn_prefix) in enumerate(CLIENTS, start=1):
        inn = make_inn(inn_prefix)
        client = Client(name=name, legal_name=f"ООО «{name}»", inn=inn, owner_id=w.users.get(owner),
                        industry_id=industry.id, territory_id=territory.id, credit_limit=Decimal("500000"),
                        search_text=client_search_text(name, f"ООО «{name}»", inn))
        session.add(client)
        session.flush()
        w.clients[key], w.client_names[key] = client.id, name
        phone = f"+7 (495) 000-00-0{i}"
        session.add(Contact(client_id=client.id, full_name=f"Контакт {name}", phone=phone,
                            email=f"contact{i}@{key}.example.ru", decision_role="decision_maker",
                            influence=5, search_text=contact_search_text(f"Контакт {name}", phone,
                                                                f"contact{i}@{key}.example.ru")))
        session.add(Activity(kind="call", client_id=client.id, user_id=w.users.get(owner),
                             subject=f"Звонок {name}", occurred_at=now - dt.timedelta(days=i)))

    mgr_a = w.users["mgr_a"]
    session.add_all([
        Task(assignee_id=mgr_a, client_id=w.clients["a1"], title="Перезвонить", due_on=today - dt.timedelta(days=2)),
        Task(assignee_id=mgr_a, client_id=w.clients["a2"], title="Отправить КП", due_on=today),
        Shipment(client_id=w.clients["a1"], product_id=product.id, manager_id=mgr_a, shipped_on=today.replace(day=1),
                 quantity=Decimal("40000"), amount=Decimal("100000.00")),
        Shipment(client_id=w.clients["c1"], product_id=product.id, manager_id=w.users["mgr_c"],
                 shipped_on=today.replace(day=1), quantity=Decimal("20000"), amount=Decimal("50000.00")),
        SalesPlan(user_id=mgr_a, month=today.replace(day=1), amount=Decimal("200000.00")),
        Deal(title="Поставка крепежа", client_id=w.clients["a1"], owner_id=mgr_a,
             stage_id=w.stages["Proposal"], amount=Decimal("300000.00"), probability=40),
        Deal(title="Крепёж для Веги", client_id=w.clients["c1"], owner_id=w.users["mgr_c"],
             stage_id=w.stages["Lead"], amount=Decimal("80000.00"), probability=10),
    ])
    session.flush()
    return w


def add_product(session: Session, *, group: str, sku: str, name: str, price: Decimal = Decimal(1)) -> Product:
    """A product in a product group of its own (the world's second group, for tests that need two)."""
    product_group = ProductGroup(name=group)
    session.add(product_group)
    session.flush()
    product = Product(sku=sku, name=name, group_id=product_group.id, price=price)
    session.add(product)
    session.flush()
    return product


def empty_database(engine: Engine) -> None:
    """Delete every row (keeping the schema, its version and the generation row); on PostgreSQL
    the tables' id sequences start again from 1, as after TRUNCATE ... RESTART IDENTITY."""
    tables = [t for t in reversed(Base.metadata.sorted_tables) if t.name != "data_generation"]
    with engine.begin() as conn:
        bump_generation(conn, everything=True)
        if conn.dialect.name == "postgresql":
            _empty_postgresql(conn, [t.name for t in tables])
            return
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA foreign_keys=OFF")
        for table in tables:
            cursor.execute(f"DELETE FROM {table.name}")  # noqa: S608 - names from our metadata
        cursor.execute("PRAGMA foreign_keys=ON")
        raw.commit()
    finally:
        raw.close()


def _empty_postgresql(conn, names: list[str]) -> None:
    """What `TRUNCATE <every table> RESTART IDENTITY CASCADE` does, in one round trip and a
    fraction of its time: TRUNCATE gives each of the 39 tables and their indexes new files, about
    1.5 s on a busy machine, and `seeded` empties the database twice per test (issue 19: CI time).
    A test's few rows are deleted with the foreign-key triggers off for the statement batch
    (`session_replication_role`, as for a restore: every table is emptied, so no reference is
    left dangling), then each table's own sequences are set back to 1."""
    names_sql = ", ".join(f"'{name}'" for name in names)  # our metadata's names
    conn.exec_driver_sql(
        "SET LOCAL session_replication_role = replica; "
        + "; ".join(f"DELETE FROM {name}" for name in names) + "; "  # noqa: S608 - names from our metadata
        + "SET LOCAL session_replication_role = origin; "
        "SELECT setval(d.objid::regclass, 1, false) FROM pg_depend d "
        "JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' "
        "WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass "
        f"AND d.deptype IN ('a', 'i') AND d.refobjid::regclass::text IN ({names_sql})"
    )
