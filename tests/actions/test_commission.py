"""Commission schemes: who may save them, the checks, and that nothing already earned can change."""
import datetime as dt
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from db import access
from db.actions.commission import save_commission_scheme, withdraw_commission_scheme
from db.errors import AccessDenied, DomainError, StaleRecord, ValidationError
from db.models import AuditEntry, CommissionScheme
from queries.plan_actuals import month_start
from tests.queries.test_plans import add_scheme

THIS = month_start(access.today())
NEXT = month_start(THIS, 1)
STANDARD = [{"from_pct": 0, "rate_pct": 0, "base": "actual"}, {"from_pct": "80", "rate_pct": "3", "base": "actual"},
            {"from_pct": 100.0, "rate_pct": 5.0, "base": "excess"}]


def test_director_saves_a_tiered_scheme_with_its_tiers_and_an_audit_row(world, db):
    scheme = save_commission_scheme(db, world.viewer("director"), name="Менеджеры 2027", kind="tiered",
                                    role="manager", effective_from=NEXT,
                                    tiers=[*STANDARD, {"from_pct": None, "rate_pct": float("nan"), "base": None}])
    assert [(t.from_pct, t.rate_pct, t.base) for t in scheme.tiers] == [
        (D("0"), D("0"), "actual"), (D("80"), D("3"), "actual"), (D("100"), D("5"), "excess")]
    entry = db.scalars(select(AuditEntry).where(AuditEntry.entity == "commission_scheme")).one()
    assert entry.changes["tiers"] == [None, "0:0:actual; 80:3:actual; 100:5:excess"]


def test_admin_saves_a_personal_flat_scheme(world, db):
    scheme = save_commission_scheme(db, world.viewer("admin"), name="Личная", kind="flat",
                                    user_id=world.users["mgr_a"], effective_from=THIS, flat_rate_pct="2,5")
    assert (scheme.user_id, scheme.role, scheme.flat_rate_pct, scheme.tiers) == (
        world.users["mgr_a"], None, D("2.5"), [])


@pytest.mark.parametrize("login", ["head_n", "mgr_a"])
def test_heads_and_managers_may_not(world, db, login):
    with pytest.raises(AccessDenied):
        save_commission_scheme(db, world.viewer(login), name="x", kind="flat", role="manager",
                               effective_from=NEXT, flat_rate_pct="50")


@pytest.mark.parametrize(("kwargs", "fields"), [
    (dict(effective_from=month_start(THIS, -1)), {"effective_from"}),
    (dict(effective_from=NEXT + dt.timedelta(days=4)), {"effective_from"}),
    (dict(role="manager", user_id=None, name=" "), {"name"}),
    (dict(role="manager", user_id=3), {"target"}),
    (dict(role=None, user_id=None), {"target"}),
    (dict(role="director"), {"target"}),
    (dict(tiers=[]), {"tiers"}),
    (dict(tiers=[{"from_pct": 80, "rate_pct": 3, "base": "actual"}, {"from_pct": 80, "rate_pct": 4, "base": "actual"}]),
     {"tiers"}),
    (dict(tiers=[{"from_pct": 80, "rate_pct": 300, "base": "actual"}]), {"tiers"}),
    (dict(tiers=[{"from_pct": -1, "rate_pct": 3, "base": "actual"}]), {"tiers"}),
    (dict(tiers=[{"from_pct": 80, "rate_pct": 3, "base": "bonus"}]), {"tiers"}),
    (dict(kind="flat", flat_rate_pct=None), {"flat_rate_pct"}),
    (dict(kind="percent"), {"kind"}),
])
def test_bad_schemes_are_refused_next_to_the_field(world, db, kwargs, fields):
    base = dict(name="Схема", kind="tiered", role="manager", effective_from=NEXT, tiers=STANDARD)
    with pytest.raises(ValidationError) as info:
        save_commission_scheme(db, world.viewer("director"), **{**base, **kwargs})
    assert set(info.value.errors) == fields
    assert db.scalar(select(CommissionScheme.id)) is None


def test_tier_messages_name_the_row(world, db):
    with pytest.raises(ValidationError) as info:
        save_commission_scheme(db, world.viewer("director"), name="x", kind="tiered", role="manager",
                               effective_from=NEXT, tiers=[STANDARD[0], {"from_pct": 90, "rate_pct": "abc"}])
    assert info.value.errors["tiers"] == ("Tier {row}: the rate must be a number from 0 to 100 %.", {"row": 2})


def test_one_scheme_per_target_and_month(world, db):
    save_commission_scheme(db, world.viewer("director"), name="a", kind="flat", role="manager",
                           effective_from=NEXT, flat_rate_pct="1")
    with pytest.raises(ValidationError) as info:
        save_commission_scheme(db, world.viewer("director"), name="b", kind="flat", role="manager",
                               effective_from=NEXT, flat_rate_pct="2")
    assert set(info.value.errors) == {"effective_from"}
    save_commission_scheme(db, world.viewer("director"), name="c", kind="flat", role="head",
                           effective_from=NEXT, flat_rate_pct="2")


def test_a_scheme_in_force_in_a_past_month_cannot_change_or_be_withdrawn(world, db):
    old = add_scheme(db, start=dt.date(2024, 1, 1))
    db.commit()
    with pytest.raises(DomainError, match="applied to past months"):
        save_commission_scheme(db, world.viewer("director"), scheme_id=old.id, expected_version=1, name="new",
                               kind="tiered", role="manager", effective_from=THIS, tiers=STANDARD)
    with pytest.raises(DomainError, match="applied to past months"):
        withdraw_commission_scheme(db, world.viewer("director"), scheme_id=old.id, expected_version=1)
    assert db.get(CommissionScheme, old.id).active and db.get(CommissionScheme, old.id).name == "s2024-01-01"


def test_a_planned_scheme_can_be_changed_then_withdrawn_and_staleness_is_caught(world, db):
    director = world.viewer("director")
    scheme = save_commission_scheme(db, director, name="План", kind="tiered", role="manager", effective_from=NEXT,
                                    tiers=STANDARD)
    changed = save_commission_scheme(db, director, scheme_id=scheme.id, expected_version=1, name="План",
                                     kind="tiered", role="manager", effective_from=NEXT,
                                     tiers=[{"from_pct": 90, "rate_pct": 4, "base": "actual"}])
    assert changed.version == 2 and [(t.from_pct, t.rate_pct) for t in changed.tiers] == [(D(90), D(4))]
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "update_commission_scheme")).one()
    assert entry.changes["tiers"] == ["0:0:actual; 80:3:actual; 100:5:excess", "90:4:actual"]
    with pytest.raises(StaleRecord):
        withdraw_commission_scheme(db, world.viewer("admin"), scheme_id=scheme.id, expected_version=1)
    withdraw_commission_scheme(db, world.viewer("admin"), scheme_id=scheme.id, expected_version=2)
    assert not db.get(CommissionScheme, scheme.id).active
