"""The administrator's funnel settings: stages in order with their kinds, and discount caps."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from db.rules.deals import discount_cap
from db.actions.pipeline import save_stage, set_discount_caps
from db.errors import AccessDenied, ValidationError
from db.models import AuditEntry, DiscountCap, PipelineStage
from tests.deal_fixtures import clock, history, move, open_deal  # noqa: F401 - the clock fixture


def stage(db, world, name):
    return db.get(PipelineStage, world.stages[name])


def save(db, world, which, login="admin", **changes):
    s = stage(db, world, which)
    values = dict(name=s.name, position=s.position, default_probability=s.default_probability, is_won=s.is_won,
                  is_lost=s.is_lost, is_committing=s.is_committing, active=s.active) | changes
    return save_stage(db, world.viewer(login), stage_id=s.id, expected_version=s.version, **values)


def order(db):
    return list(db.scalars(select(PipelineStage.name).order_by(PipelineStage.position)))


def test_a_new_stage_goes_where_it_is_put(world, db):
    save_stage(db, world.viewer("admin"), name="Тендер", position=3, default_probability=30)
    assert order(db) == ["Lead", "Qualification", "Тендер", "Proposal", "Negotiation", "Contract", "Won", "Lost"]
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "save_stage")).one()
    assert entry.changes["name"] == [None, "Тендер"]


def test_moving_a_stage_renumbers_the_others_and_rereads_the_flow(world, db, clock):
    clock.at("2026-03-02 10:00")
    deal = open_deal(db, world, "mgr_a", "a1", quantity="10", clock=clock)
    clock.at("2026-03-03 10:00")
    move(db, world, "mgr_a", deal, "Negotiation")
    first = history(db, deal.id)[0]
    assert first.advanced  # Lead (1) → Negotiation (4)
    save(db, world, "Lead", position=5)  # now after Negotiation
    assert order(db)[:5] == ["Qualification", "Proposal", "Negotiation", "Contract", "Lead"]
    db.refresh(first)
    assert not first.advanced


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": " "}, "name"),
    ({"name": "Proposal"}, "name"),
    ({"position": 0}, "position"),
    ({"default_probability": 101}, "default_probability"),
    ({"is_won": True, "is_lost": True}, "is_lost"),
    ({"is_won": True, "default_probability": 90}, "default_probability"),
])
def test_bad_stage_settings_are_refused(world, db, changes, field):
    with pytest.raises(ValidationError) as refused:
        save(db, world, "Negotiation", **changes)
    assert field in refused.value.errors
    assert stage(db, world, "Negotiation").name == "Negotiation"


def test_what_would_break_the_deals_is_refused(world, db):
    open_deal(db, world, "mgr_a", "a1", quantity="10")  # an open deal at Lead, with history
    with pytest.raises(ValidationError) as refused:
        save(db, world, "Lead", active=False)
    assert refused.value.errors["active"][1] == {"n": 2}  # this one and the world's Вега deal
    with pytest.raises(ValidationError) as refused:
        save(db, world, "Lead", is_lost=True, default_probability=0)
    assert "is_won" in refused.value.errors
    with pytest.raises(ValidationError) as refused:
        save(db, world, "Won", active=False)
    assert refused.value.errors["active"][0] == "The funnel needs an active won stage."


def test_discount_caps_are_the_admins(world, db):
    with pytest.raises(AccessDenied):
        set_discount_caps(db, world.viewer("director"), caps={"manager": "7"})
    caps = {c.role: c for c in db.scalars(select(DiscountCap))}
    with pytest.raises(ValidationError) as refused:
        set_discount_caps(db, world.viewer("admin"), caps={"manager": "-1", "head": "12"})
    assert set(refused.value.errors) == {"manager"}
    set_discount_caps(db, world.viewer("admin"), caps={"manager": "7", "head": "12"},
                      expected_versions={r: c.version for r, c in caps.items()})
    assert discount_cap(db, "manager") == Decimal("7.00") and discount_cap(db, "head") == Decimal("12.00")
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "set_discount_cap")
                       .order_by(AuditEntry.id)).first()
    assert entry.changes == {"max_discount_pct": ["5", "7"]}
