"""The demo loader: counts, data invariants, idempotence, refusals, reset, determinism.

Self-contained (no conftest fixtures): every database is a SQLite file under tmp_path.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import func, insert, select

from db.rules.validate import inn_is_valid
from db.search import fold
from db.demo import DemoRefused, demo_logins, load
from db.demo.__main__ import main as cli
from db.migrate import upgrade_to_head
from db.models import (
    Activity, ApprovalRequest, AuditEntry, Client, Contact, DataGeneration, Deal, DealLine,
    DealStageChange, Department, DiscountCap, LostReason, PipelineStage, SalesPlan, Setting,
    Shipment, StandIn, Task, User,
)
from db.passwords import check_password
from db.session import make_engine
from tests.demo_copy import demo_database

PASSWORD = "demo-test-password"
TODAY = dt.date.today()


def _engine(path):
    return make_engine(f"sqlite:///{path}")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "crm.sqlite3"
    summary = demo_database(tmp_path_factory, path, today=TODAY, password=PASSWORD)  # as load() leaves it
    engine = _engine(path)
    yield engine, summary
    engine.dispose()


def _all(engine, stmt):
    with engine.connect() as conn:
        return conn.execute(stmt).all()


def _scalar(engine, stmt):
    with engine.connect() as conn:
        return conn.execute(stmt).scalar()


def test_counts_are_in_the_expected_ranges(demo):
    _, summary = demo
    c = summary.counts
    assert summary.loaded and summary.scale == "small" and summary.password == PASSWORD
    assert c["users"] == 17 and c["departments"] == 3
    assert c["clients"] == 600
    assert 1_500 <= c["contacts"] <= 2_100
    assert 1_800 <= c["deals"] <= 2_200
    assert c["deal_lines"] >= c["deals"] and c["deal_stage_history"] >= c["deals"]
    assert 9_000 <= c["shipments"] <= 11_000
    assert 5_400 <= c["activities"] <= 6_600
    assert 500 <= c["tasks"] <= 1_200
    assert 50 <= c["products"] <= 70 and c["product_groups"] == 8
    assert c["industries"] == 12 and c["territories"] >= 9
    assert c["pipeline_stages"] == 7 and c["lost_reasons"] == 6 and c["discount_caps"] == 4
    assert c["commission_schemes"] == 1 and c["commission_tiers"] == 3
    assert c["stand_ins"] == 2 and c["assignment_rules"] > 0 and c["sales_plans"] > 12 * 12
    assert [a.login for a in summary.accounts] == demo_logins("small")


def test_people_and_departments(demo):
    engine, _ = demo
    users = _all(engine, select(User.id, User.login, User.role, User.department_id, User.hired_on,
                                User.language))
    heads = {d.id: d.head_id for d in _all(engine, select(Department.id, Department.head_id))}
    roles = Counter(u.role for u in users)
    assert roles == {"manager": 12, "head": 3, "director": 1, "admin": 1}
    for u in users:
        if u.role == "head":
            assert heads[u.department_id] == u.id
        if u.role in ("director", "admin"):
            assert u.department_id is None
    assert sorted(heads.values()) == sorted(u.id for u in users if u.role == "head")
    managers = {u.id for u in users if u.role == "manager"}
    owners = Counter(r[0] for r in _all(engine, select(Client.owner_id)))
    assert all(owners[m] > 0 for m in managers)  # every manager has clients
    assert 0 < owners[None] <= 20  # a few wait unassigned
    assert any(u.hired_on >= TODAY.replace(day=1) for u in users if u.role == "manager")
    assert any(u.language == "en" for u in users)
    stand_ins = _all(engine, select(StandIn.starts_on, StandIn.ends_on))
    assert any(s.starts_on <= TODAY <= s.ends_on for s in stand_ins)
    assert any(s.ends_on < TODAY for s in stand_ins)


def test_clients_inn_holdings(demo):
    engine, _ = demo
    rows = _all(engine, select(Client.id, Client.name, Client.legal_name, Client.inn, Client.kpp,
                               Client.parent_id, Client.owner_id, Client.search_text, Client.status,
                               Client.archived_at))
    inns = [r.inn for r in rows]
    assert all(inn and inn_is_valid(inn) for inn in inns)
    assert len(set(inns)) == len(inns)
    for r in rows:
        assert r.search_text == fold(r.name, r.legal_name, r.inn)
        assert (r.kpp is not None and len(r.kpp) == 9) == (len(r.inn) == 10)
        assert (r.status == "archived") == (r.archived_at is not None)
    parent = {r.id: r.parent_id for r in rows}
    owner = {r.id: r.owner_id for r in rows}
    root, depth = {}, {}
    for cid in parent:  # walking up ends at a root within a few steps: no cycles
        seen, node = [], cid
        while parent[node] is not None:
            assert node not in seen and len(seen) < 10
            seen.append(node)
            node = parent[node]
        root[cid], depth[cid] = node, len(seen)
    members = defaultdict(set)
    for cid in parent:
        members[root[cid]].add(cid)
    holdings = {r: m for r, m in members.items() if len(m) > 1}
    assert 30 <= len(holdings) <= 50
    assert max(depth.values()) == 2  # some subsidiaries have subsidiaries
    spanning = [r for r, m in holdings.items() if len({owner[c] for c in m} - {None}) > 1]
    assert len(spanning) >= 3  # the "holding window" has something to show


def test_contacts(demo):
    engine, _ = demo
    contacts = _all(engine, select(Contact.id, Contact.client_id, Contact.decision_role,
                                   Contact.reports_to_id, Contact.influence))
    clients = {r[0] for r in _all(engine, select(Client.id))}
    by_id = {c.id: c for c in contacts}
    assert all(c.client_id in clients for c in contacts)
    for c in contacts:
        assert 1 <= c.influence <= 5
        if c.reports_to_id is not None:
            assert by_id[c.reports_to_id].client_id == c.client_id
    deciders = Counter(c.client_id for c in contacts if c.decision_role == "decision_maker")
    with_contacts = {c.client_id for c in contacts}
    assert all(deciders[cid] >= 1 for cid in with_contacts)
    assert sum(1 for cid in with_contacts if deciders[cid] == 1) >= 0.9 * len(with_contacts)


def test_deals_lines_and_history(demo):
    engine, _ = demo
    stages = {s.id: s for s in _all(engine, select(PipelineStage.__table__))}
    lines = defaultdict(list)
    for line in _all(engine, select(DealLine.deal_id, DealLine.quantity, DealLine.price,
                                    DealLine.discount_pct, DealLine.amount)):
        expected = (line.quantity * line.price * (100 - line.discount_pct) / 100).quantize(
            Decimal("0.01"), ROUND_HALF_UP)
        assert line.amount == expected
        lines[line.deal_id].append(line.amount)
    history = defaultdict(list)
    for h in _all(engine, select(DealStageChange.deal_id, DealStageChange.from_stage_id,
                                 DealStageChange.to_stage_id, DealStageChange.changed_at)
                  .order_by(DealStageChange.deal_id, DealStageChange.changed_at, DealStageChange.id)):
        history[h.deal_id].append(h)
    now = dt.datetime.now(dt.UTC)
    states = Counter()
    for d in _all(engine, select(Deal.__table__)):
        stage = stages[d.stage_id]
        assert d.amount == sum(lines[d.id])
        state = "won" if stage.is_won else ("lost" if stage.is_lost else "open")
        assert d.state == state and d.probability == stage.default_probability
        assert (d.closed_at is None) == (state == "open")
        assert (d.lost_reason is not None) == (state == "lost")
        moves = history[d.id]
        assert moves[0].from_stage_id is None
        for before, after in zip(moves, moves[1:]):
            assert after.from_stage_id == before.to_stage_id
        assert moves[-1].to_stage_id == d.stage_id
        assert d.created_at == moves[0].changed_at and d.stage_entered_at == moves[-1].changed_at
        assert d.created_at.tzinfo is not None and d.stage_entered_at <= now
        states[state] += 1
    assert all(states[s] > 50 for s in ("open", "won", "lost"))
    open_stages = Counter(r[0] for r in _all(engine, select(Deal.stage_id).where(Deal.state == "open")))
    assert len(open_stages) == 5  # open deals spread over every open stage


def test_discounts_above_the_cap_were_approved(demo):
    engine, _ = demo
    heads = {r[0] for r in _all(engine, select(User.id).where(User.role == "head"))}
    deals = {d.id: d for d in _all(engine, select(Deal.id, Deal.state, Deal.discount_pct))}
    requests = _all(engine, select(ApprovalRequest.__table__))
    approved = {r.deal_id for r in requests if r.status == "approved"}
    above = [d for d in deals.values() if d.discount_pct > 5]
    assert above and sum(d.id in approved for d in above) >= 0.95 * len(above)
    for r in requests:
        assert r.kind == "discount" and r.created_at >= dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
        if r.status == "pending":
            assert deals[r.deal_id].state == "open" and r.decided_by_id is None
            assert Decimal(r.payload["discount_pct"]) > deals[r.deal_id].discount_pct
        else:
            assert r.decided_by_id in heads and r.decided_at > r.created_at
    assert any(r.status == "pending" for r in requests)


def test_shipments_activities_tasks_plans(demo):
    engine, _ = demo
    rows = _all(engine, select(Shipment.amount, Shipment.amount_paid, Shipment.paid_on,
                               Shipment.shipped_on, Shipment.payment_due_on, Shipment.manager_id))
    assert all(0 <= r.amount_paid <= r.amount for r in rows)
    assert all((r.paid_on is None) == (r.amount_paid == 0) for r in rows)
    assert all(r.shipped_on <= TODAY and r.payment_due_on >= r.shipped_on for r in rows)
    overdue = [r for r in rows if r.payment_due_on < TODAY and r.amount_paid < r.amount]
    assert 0 < len(overdue) < 0.2 * len(rows)
    assert any(0 < r.amount_paid < r.amount for r in rows)
    assert _scalar(engine, select(func.count()).where(Shipment.deal_id.is_not(None))) > 0
    latest = _scalar(engine, select(func.max(Activity.occurred_at)))
    assert TODAY - dt.timedelta(days=7) <= latest.date() and latest <= dt.datetime.now(dt.UTC)
    due = Counter()
    for t in _all(engine, select(Task.due_on, Task.done)):
        due["done" if t.done else ("overdue" if t.due_on < TODAY else
                                   "today" if t.due_on == TODAY else "future")] += 1
    assert all(due[k] > 0 for k in ("done", "overdue", "today", "future"))
    plans = _all(engine, select(SalesPlan.user_id, SalesPlan.department_id, SalesPlan.month,
                                SalesPlan.amount))
    assert all(p.month.day == 1 for p in plans)
    managers = {u.id: u.department_id for u in _all(engine, select(User.id, User.department_id))}
    per_dept = defaultdict(Decimal)
    for p in plans:
        if p.user_id is not None:
            per_dept[(managers[p.user_id], p.month)] += p.amount
    assert per_dept == {(p.department_id, p.month): p.amount for p in plans if p.department_id}


def test_everyone_signs_in_with_the_password(demo):
    engine, _ = demo
    hashes = {r[0] for r in _all(engine, select(User.password_hash))}
    assert len(hashes) == 1  # hashed once, shared
    assert all(check_password(PASSWORD, h) for h in hashes)
    assert not any(check_password("wrong-password", h) for h in hashes)


def test_marker_audit_generation(demo):
    engine, _ = demo
    marker = _scalar(engine, select(Setting.value).where(Setting.key == "demo"))
    assert marker["scale"] == "small" and marker["loaded_at"]
    audit = _all(engine, select(AuditEntry.action, AuditEntry.entity, AuditEntry.changes)
                 .where(AuditEntry.action != "update_deal"))  # the deals' expected dates moved (test_demo_realism)
    assert [(a.action, a.entity, a.changes) for a in audit] == [
        ("load_demo", "database", {"scale": [None, "small"]})]
    assert _scalar(engine, select(DataGeneration.value).where(DataGeneration.id == 1)) == 1


def test_second_load_adds_nothing(demo, capsys):
    engine, first = demo
    again = load(engine, scale="small", today=TODAY)
    assert not again.loaded and again.password is None
    assert again.counts == first.counts
    assert [a.login for a in again.accounts] == [a.login for a in first.accounts]
    assert cli(["--scale", "small", "--database", str(engine.url)]) == 0
    out = capsys.readouterr().out
    assert "already loaded" in out and "manager01" in out and "director" in out
    assert load(engine, scale="small", today=TODAY).counts == first.counts


def test_another_scale_is_refused(demo):
    engine, first = demo
    with pytest.raises(DemoRefused, match="--reset"):
        load(engine, scale="large", today=TODAY)
    assert cli(["--scale", "large", "--database", str(engine.url)]) == 2
    assert load(engine, scale="small", today=TODAY).counts == first.counts


def test_foreign_data_is_refused_then_reset_replaces_it(tmp_path):
    engine = _engine(tmp_path / "foreign.sqlite3")
    upgrade_to_head(engine)
    with engine.begin() as conn:
        conn.execute(insert(User).values(login="boss", full_name="Настоящий Пользователь",
                                         password_hash="x", role="admin"))
    with pytest.raises(DemoRefused, match="not the demo"):
        load(engine, scale="small", password=PASSWORD, today=TODAY)
    assert _scalar(engine, select(func.count()).select_from(User)) == 1
    assert _scalar(engine, select(Setting.value).where(Setting.key == "demo")) is None

    summary = load(engine, scale="small", password=PASSWORD, reset=True, today=TODAY)
    assert summary.loaded
    assert _scalar(engine, select(func.count()).where(User.login == "boss")) == 0
    assert _scalar(engine, select(func.count()).select_from(User)) == 17
    assert _scalar(engine, select(DataGeneration.value).where(DataGeneration.id == 1)) == 1  # row survived reset

    # reset on a demo database loads it afresh: same counts, not doubled
    again = load(engine, scale="small", password=PASSWORD, reset=True, today=TODAY)
    assert again.loaded and again.counts == summary.counts

    # an existing demo with a new password: every demo account gets it, nothing else changes
    changed = load(engine, scale="small", password="another-password", today=TODAY)
    assert not changed.loaded and changed.counts["clients"] == summary.counts["clients"]
    hashes = {r[0] for r in _all(engine, select(User.password_hash))}
    assert len(hashes) == 1 and check_password("another-password", hashes.pop())
    engine.dispose()


def test_the_same_scale_gives_the_same_data(demo, tmp_path):
    engine, _ = demo
    other = _engine(tmp_path / "second.sqlite3")
    summary = load(other, scale="small", today=TODAY)
    assert summary.password_generated and len(summary.password) >= 12
    query = select(Client.id, Client.name, Client.legal_name, Client.inn, Client.owner_id,
                   Client.parent_id).order_by(Client.id)
    assert _all(other, query) == _all(engine, query)
    totals = select(func.count(), func.sum(Shipment.amount))
    assert _all(other, totals) == _all(engine, totals)
    deals = select(Deal.id, Deal.title, Deal.amount, Deal.state).order_by(Deal.id)
    assert _all(other, deals) == _all(engine, deals)
    other.dispose()


def test_configuration_already_there_is_kept(tmp_path):
    """Stages, discount caps and lost reasons an app start may have seeded are reused."""
    engine = _engine(tmp_path / "configured.sqlite3")
    upgrade_to_head(engine)
    with engine.begin() as conn:
        conn.execute(insert(PipelineStage), [  # every row with every key: executemany
            {"id": i, "name": name, "position": i - 9, "default_probability": p, "is_won": won,
             "is_lost": lost}
            for i, name, p, won, lost in [(10, "Новая", 15, False, False),
                                          (11, "В работе", 50, False, False),
                                          (12, "Успех", 100, True, False),
                                          (13, "Отказ", 0, False, True)]
        ])
        conn.execute(insert(LostReason).values(name="Дорого"))
        conn.execute(insert(DiscountCap).values(role="manager", max_discount_pct=Decimal(7)))
    summary = load(engine, scale="small", password=PASSWORD, today=TODAY)
    assert summary.loaded
    assert summary.counts["pipeline_stages"] == 4 and summary.counts["lost_reasons"] == 1
    assert summary.counts["discount_caps"] == 1  # an admin's configuration is left alone
    assert _scalar(engine, select(DiscountCap.max_discount_pct).where(DiscountCap.role == "manager")) == 7
    assert {r[0] for r in _all(engine, select(Deal.stage_id).distinct())} == {10, 11, 12, 13}
    reasons = select(Deal.lost_reason).where(Deal.state == "lost").distinct()
    assert {r[0] for r in _all(engine, reasons)} == {"Дорого"}
    above = select(func.count()).where(Deal.discount_pct > 7)
    approved = select(func.count(ApprovalRequest.deal_id.distinct())).where(
        ApprovalRequest.status == "approved")
    assert _scalar(engine, approved) >= 0.95 * _scalar(engine, above)
    engine.dispose()
