"""The limits of the ABC and XYZ classes: the administrator's setting, checked and audited."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from db.actions.analysis_settings import set_class_limits
from db.errors import AccessDenied, StaleRecord, ValidationError
from db.models import AuditEntry, Setting
from db.rules.abc import Thresholds, XyzLimits, thresholds, xyz_limits
from queries.abc_report import class_limits

DEFAULT = {"a": 80, "b": 95, "x": 100, "y": 150}


def test_the_admin_sets_the_limits_and_the_queries_use_them(world, db):
    set_class_limits(db, world.viewer("admin"), a="70", b="90,5", x=20, y=40, expected=DEFAULT)
    assert thresholds(db) == Thresholds(a=Decimal("70"), b=Decimal("90.5"))
    assert xyz_limits(db) == XyzLimits(x=Decimal("20"), y=Decimal("40"))
    assert db.get(Setting, "abc_thresholds").value == {"a": 70, "b": 90.5}
    entries = db.scalars(select(AuditEntry).where(AuditEntry.entity == "setting")).all()
    assert {e.entity_id for e in entries} == {"abc_thresholds", "xyz_thresholds"}
    assert class_limits(db, world.viewer("mgr_a")) == {"a": 70, "b": 90.5, "x": 20, "y": 40}


def test_saving_the_same_limits_writes_no_audit_row(world, db):
    set_class_limits(db, world.viewer("admin"), **DEFAULT, expected=DEFAULT)
    assert db.scalars(select(AuditEntry).where(AuditEntry.entity == "setting")).all() == []


@pytest.mark.parametrize("login", ["mgr_a", "head_n", "director"])
def test_only_the_admin_sets_them(world, db, login):
    with pytest.raises(AccessDenied):
        set_class_limits(db, world.viewer(login), a=70, b=90, x=20, y=40)
    assert db.get(Setting, "abc_thresholds") is None


@pytest.mark.parametrize(("values", "field"), [
    ({"a": 90, "b": 80}, "b"),
    ({"x": 40, "y": 40}, "y"),
    ({"a": 0}, "a"),
    ({"a": 100}, "a"),
    ({"b": 101}, "b"),
    ({"x": "много"}, "x"),
    ({"y": ""}, "y"),
])
def test_bad_limits_are_refused(world, db, values, field):
    with pytest.raises(ValidationError) as info:
        set_class_limits(db, world.viewer("admin"), **{**DEFAULT, **values})
    assert field in info.value.errors
    assert db.get(Setting, "abc_thresholds") is None


def test_a_form_loaded_before_someone_else_saved_is_refused(world, db):
    set_class_limits(db, world.viewer("admin"), a=70, b=90, x=20, y=40, expected=DEFAULT)
    with pytest.raises(StaleRecord) as info:
        set_class_limits(db, world.viewer("admin"), a=75, b=90, x=20, y=40, expected=DEFAULT)
    assert info.value.changed_by == "Alla Admin"
    assert thresholds(db).a == Decimal("70")
