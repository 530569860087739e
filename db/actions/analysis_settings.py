"""The limits of the ABC and XYZ classes (company settings an administrator changes)."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..access import Can, Viewer, require
from ..errors import StaleRecord
from ..models import AuditEntry, Setting, User
from .base import audit, business_action
from ..rules.validate import Checks

ABC_KEY, XYZ_KEY = "abc_thresholds", "xyz_thresholds"  # as read by db/rules/abc.py
DEFAULTS = {ABC_KEY: {"a": 80, "b": 95}, XYZ_KEY: {"x": 100, "y": 150}}  # as XyzLimits


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


@business_action
def set_class_limits(session: Session, viewer: Viewer, *, a, b, x, y, expected: dict | None = None) -> None:
    """A and B end where the clients ranked above reach `a` and `b` % of the total; X and Y
    end at a coefficient of variation of `x` and `y` %. `expected` is what the form showed
    ({"a": .., "b": .., "x": .., "y": ..}): if someone saved other limits since, refuse."""
    require(viewer, Can.CONFIGURE)
    v = Checks()
    a = v.money("a", a, required=True, minimum=Decimal("1"), maximum=Decimal("99"))
    b = v.money("b", b, required=True, minimum=Decimal("1"), maximum=Decimal("100"))
    x = v.money("x", x, required=True, minimum=Decimal("1"), maximum=Decimal("999"))
    y = v.money("y", y, required=True, minimum=Decimal("1"), maximum=Decimal("1000"))
    if a is not None and b is not None and b < a:
        v.fail("b", "The B limit cannot be below the A limit.")
    if x is not None and y is not None and y <= x:
        v.fail("y", "The Y limit must be above the X limit.")
    v.raise_if_any()
    rows = {key: session.get(Setting, key) for key in DEFAULTS}
    now = {**DEFAULTS[ABC_KEY], **DEFAULTS[XYZ_KEY]}
    for row in rows.values():
        if row is not None and isinstance(row.value, dict):
            now.update({k: row.value[k] for k in row.value if k in now})
    if expected is not None and any(Decimal(str(now[k])) != Decimal(str(expected.get(k, now[k]))) for k in now):
        last = session.execute(select(AuditEntry.at, User.full_name).outerjoin(User, AuditEntry.user_id == User.id)
                               .where(AuditEntry.entity == "setting", AuditEntry.entity_id.in_(list(DEFAULTS)))
                               .order_by(AuditEntry.at.desc()).limit(1)).first()
        raise StaleRecord(changed_by=last[1] if last else None, changed_at=last[0] if last else None)
    new = {ABC_KEY: {"a": _number(a), "b": _number(b)}, XYZ_KEY: {"x": _number(x), "y": _number(y)}}
    for key, value in new.items():
        row = rows[key]
        old = row.value if row is not None else DEFAULTS[key]  # absent: the defaults are in force
        if old == value:
            continue
        if row is None:
            session.add(Setting(key=key, value=value))
        else:
            row.value = value
        audit(session, viewer, action="set_setting", entity="setting", entity_id=key, changes={"value": (old, value)})
