"""The real test: the Maven sample CRM (tests/fixtures/maven, nobody here wrote it) imports whole,
every row accounted for, every quirk of its README handled by the mapping or a reported rejection.

Expected figures are counted from the files themselves (with the csv module, not the importer)
and, where the README states them, written out by hand.
"""
from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.access import Viewer
from db.defaults import ensure_defaults
from db.io.importer import import_table
from db.io.mapping import Mapping
from db.io.reading import read_table
from db.models import (
    AuditEntry,
    Client,
    Deal,
    DealLine,
    DealStageChange,
    Department,
    Industry,
    PipelineStage,
    Product,
    ProductGroup,
    Role,
    Territory,
    User,
)

MAVEN = Path(__file__).resolve().parents[1] / "fixtures" / "maven"
MAPPINGS = Path(__file__).resolve().parents[2] / "db" / "io" / "mappings"
ADMIN = Viewer(user_id=None, role=Role.ADMIN)
ORDER = [("users", "sales_teams", "maven_sales_teams"), ("products", "products", "maven_products"),
         ("clients", "accounts", "maven_accounts"), ("deals", "sales_pipeline", "maven_sales_pipeline")]


def rows_of(name: str) -> list[dict]:
    with (MAVEN / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def run(db, kind: str, name: str, mapping: str, **kwargs):
    summary = import_table(db, ADMIN, table=read_table(MAVEN / f"{name}.csv"),
                           mapping=Mapping.load(MAPPINGS / f"{mapping}.json"), **kwargs)
    assert summary.kind == kind
    assert summary.reconciles(), summary
    return summary


@pytest.fixture(scope="module")
def imported(engine):
    """The whole data set imported once for the module, in a transaction rolled back at its end.

    The tests read it; the last two import again on top of it (in file order, on purpose).
    """
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    ensure_defaults(session)
    session.commit()
    summaries = {kind: run(session, kind, name, mapping) for kind, name, mapping in ORDER}
    try:
        yield session, summaries
    finally:
        session.close()
        transaction.rollback()
        connection.close()


@pytest.fixture
def maven(imported):
    return imported[1]


@pytest.fixture
def db(imported):  # noqa: F811 - this module's tests share the imported data set
    return imported[0]


def count(db, model, *where) -> int:
    return db.scalar(select(func.count()).select_from(model).where(*where))


def test_every_file_reconciles_row_for_row(maven, db):
    teams, products, accounts, pipeline = rows_of("sales_teams"), rows_of("products"), rows_of("accounts"), \
        rows_of("sales_pipeline")
    assert (len(teams), len(products), len(accounts), len(pipeline)) == (35, 7, 85, 8800)  # the README's table

    s = maven["users"]
    assert (s.rows, s.created, len(s.rejected)) == (35, 35, 0)
    assert s.new_refs == {"departments": 6} and s.extra["heads_added"] == 6
    assert count(db, User, User.role == Role.MANAGER) == 35
    heads = {r["manager"] for r in teams}
    assert count(db, User, User.role == Role.HEAD) == len(heads) == 6  # managers are not agents themselves

    assert (maven["products"].created, len(maven["products"].rejected)) == (7, 0)
    assert count(db, ProductGroup) == len({r["series"] for r in products}) == 3

    s = maven["clients"]
    assert (s.rows, s.created, len(s.rejected)) == (85, 85, 0)
    assert count(db, Client) == 85
    assert count(db, Client, Client.parent_id.is_not(None)) == sum(1 for r in accounts if r["subsidiary_of"]) == 15

    s = maven["deals"]
    no_account = [r for r in pipeline if not r["account"]]
    assert len(no_account) == 1425  # the README's figure
    assert (s.rows, s.created, len(s.rejected)) == (8800, 8800 - 1425, 1425)
    assert {r.number for r in s.rejected} == {i + 2 for i, r in enumerate(pipeline) if not r["account"]}
    assert {reason[1] for r in s.rejected for reason in r.reasons} == \
        {"The client cell is empty: a deal belongs to a client."}
    assert count(db, Deal) == 7375 and count(db, DealLine) == 7375


def test_quirks_are_handled(maven, db):
    # Sector typo and office typo are translated by the mapping, not kept as twins.
    industries = set(db.scalars(select(Industry.name)))
    assert "technology" in industries and "technolgy" not in industries and len(industries) == 10
    territories = set(db.scalars(select(Territory.name)))
    assert "Philippines" in territories and "Philipines" not in territories and len(territories) == 15
    # GTXPro in the pipeline is GTX Pro of the catalogue: no product was invented.
    pipeline = rows_of("sales_pipeline")
    gtx_pro = sum(1 for r in pipeline if r["product"] in ("GTXPro", "GTX Pro") and r["account"])
    product_id = db.scalar(select(Product.id).where(Product.name == "GTX Pro"))
    assert count(db, DealLine, DealLine.product_id == product_id) == gtx_pro
    assert count(db, Product) == 7
    # Agents without deals are imported all the same (5 of them), with no deals.
    agents_with_deals = {r["sales_agent"] for r in pipeline}
    idle = [r["sales_agent"] for r in rows_of("sales_teams") if r["sales_agent"] not in agents_with_deals]
    assert len(idle) == 5
    for name in idle:
        user_id = db.scalar(select(User.id).where(User.full_name == name))
        assert user_id and count(db, Deal, Deal.owner_id == user_id) == 0
    # Holdings by name: Acme Corporation has four subsidiaries.
    acme = db.scalar(select(Client.id).where(Client.name == "Acme Corporation"))
    assert count(db, Client, Client.parent_id == acme) == 4
    # Each team is a department headed by its manager.
    dustin = db.scalar(select(Department).where(Department.name == "Central — Dustin Brinkmann"))
    assert db.get(User, dustin.head_id).full_name == "Dustin Brinkmann"
    anna = db.scalar(select(User).where(User.full_name == "Anna Snelling"))
    assert anna.department_id == dustin.id and anna.role == Role.MANAGER and anna.login == "anna.snelling"


def test_stages_amounts_and_dates_follow_the_file(maven, db):
    pipeline = [r for r in rows_of("sales_pipeline") if r["account"]]
    by_stage = Counter(r["deal_stage"] for r in pipeline)
    stage = {s.name: s for s in db.scalars(select(PipelineStage))}
    got = dict(db.execute(select(Deal.stage_id, func.count()).group_by(Deal.stage_id)).all())
    assert got[stage["Won"].id] == by_stage["Won"] == 4238
    assert got[stage["Lost"].id] == by_stage["Lost"] == 2473
    assert got[stage["Qualification"].id] == by_stage["Engaging"]
    assert got[stage["Lead"].id] == by_stage["Prospecting"]
    # Won: the close value. Lost (close value 0 in the file) and open: the catalogue price of the product.
    won = sum(Decimal(r["close_value"]) for r in pipeline if r["deal_stage"] == "Won")
    assert Decimal(str(db.scalar(select(func.sum(Deal.amount)).where(Deal.state == "won")))) == won
    prices = {r["product"]: Decimal(r["sales_price"]) for r in rows_of("products")} | {"GTXPro": Decimal("4821")}
    lost = sum(prices[r["product"]] for r in pipeline if r["deal_stage"] == "Lost")
    assert Decimal(str(db.scalar(select(func.sum(Deal.amount)).where(Deal.state == "lost")))) == lost
    # The first won deal of the file: opened (engaged) 2016-10-20, won 2017-03-01, with its history.
    deal = db.scalar(select(Deal).where(Deal.external_id == "1C1I7A6R"))
    assert deal.state == "won" and deal.amount == Decimal("1054.00")
    moves = db.execute(select(DealStageChange.to_stage_id, DealStageChange.changed_at)
                       .where(DealStageChange.deal_id == deal.id).order_by(DealStageChange.changed_at)).all()
    assert [m.to_stage_id for m in moves] == [stage["Qualification"].id, stage["Won"].id]
    moscow = dt.timezone(dt.timedelta(hours=3))
    assert [m.changed_at.astimezone(moscow).date() for m in moves] == [dt.date(2016, 10, 20), dt.date(2017, 3, 1)]
    assert deal.closed_at.astimezone(moscow).date() == dt.date(2017, 3, 1)


def test_every_client_goes_to_the_agent_with_most_of_its_deals(maven, db):
    assert maven["deals"].extra["clients_assigned"] == 85
    votes: dict[str, Counter] = {}
    for r in rows_of("sales_pipeline"):
        if r["account"]:
            votes.setdefault(r["account"], Counter())[r["sales_agent"]] += 1
    for name, agents in list(votes.items())[:10]:
        owner = db.scalar(select(User.full_name).join(Client, Client.owner_id == User.id).where(Client.name == name))
        assert agents[owner] == max(agents.values())


def test_the_funnel_and_the_client_list_make_sense_on_it(maven, db):
    from queries.clients import list_clients
    from queries.funnel import stage_summary

    director = Viewer(user_id=None, role=Role.DIRECTOR)
    funnel = stage_summary(db, director, start=dt.date(2016, 10, 1), end=dt.date(2017, 12, 31))
    got = dict(zip(funnel["stage"], funnel["deals"], strict=True))
    assert (got["Lead"], got["Qualification"], got["Won"], got["Lost"]) == (163, 501, 4238, 2473)
    # An agent sees the clients that came to them, and their deals, and nobody else's clients.
    darcel = db.scalar(select(User).where(User.full_name == "Darcel Schlecht"))
    viewer = Viewer(user_id=darcel.id, role=Role.MANAGER)
    page = list_clients(db, viewer, limit=200)
    own = set(db.scalars(select(Client.name).where(Client.owner_id == darcel.id)))
    assert own and set(page.rows["name"]) == own
    assert (page.rows["open_deals"] >= 0).all()


def test_a_second_import_updates_and_never_duplicates(maven, db):
    counts = {m: count(db, m) for m in (User, Department, Product, Client, Deal, DealLine, DealStageChange)}
    again = {kind: run(db, kind, name, mapping) for kind, name, mapping in ORDER}
    assert {k: (s.created, s.updated, s.unchanged) for k, s in again.items()} == {
        "users": (0, 0, 35), "products": (0, 0, 7), "clients": (0, 0, 85), "deals": (0, 0, 7375)}
    assert {m: count(db, m) for m in counts} == counts


def test_a_changed_file_updates_the_changed_rows(maven, db, tmp_path):
    text = (MAVEN / "sales_pipeline.csv").read_text(encoding="utf-8")
    # One Engaging deal is won since: a new stage, close date and value.
    old = "UP409DSB,Maureen Marcano,MG Advanced,Ganjaflex,Engaging,2016-11-10,,"
    assert old in text
    changed = tmp_path / "sales_pipeline.csv"
    changed.write_text(text.replace(old, "UP409DSB,Maureen Marcano,MG Advanced,Ganjaflex,Won,2016-11-10,"
                                         "2017-04-02,3400"), encoding="utf-8")
    summary = import_table(db, ADMIN, table=read_table(changed),
                           mapping=Mapping.load(MAPPINGS / "maven_sales_pipeline.json"))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 7374)
    deal = db.scalar(select(Deal).where(Deal.external_id == "UP409DSB"))
    assert deal.state == "won" and deal.amount == Decimal("3400.00") and count(db, Deal) == 7375
    assert count(db, DealStageChange, DealStageChange.deal_id == deal.id) == 2
    assert db.scalar(select(AuditEntry).where(AuditEntry.action == "import_deal",
                                              AuditEntry.entity_id == str(deal.id))
                     .order_by(AuditEntry.id.desc())).changes["stage_id"][1] == \
        db.scalar(select(PipelineStage.id).where(PipelineStage.name == "Won"))
