"""Administrator's settings of the routine work: reminder rules, label layout, the mail server.

Settings rows carry no version; their `updated_at` plays its part: a form
passes the time the setting had when it was loaded, and a newer one is
refused naming who saved it (from the audit log) and when.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..access import Can, Viewer, require
from ..errors import StaleRecord
from ..mailing.labels import label_size
from ..models import AuditEntry, Setting, User, utcnow
from ..secret_key import encrypt
from ..routine_config import LABELS_KEY, REMINDERS_KEY, SMTP_KEY, LabelLayout, smtp_config
from ..routine_config import label_layout as stored_layout
from .base import audit, business_action
from ..rules.validate import Checks

SECURITY = ("starttls", "ssl", "none")


def _save(session: Session, viewer: Viewer, key: str, value: dict, expected_updated_at: dt.datetime | None,
          *, hide: tuple[str, ...] = ()) -> None:
    row = session.get(Setting, key)
    seen = row.updated_at if row else None
    if seen != expected_updated_at:
        who = session.scalar(select(User.full_name).join(AuditEntry, AuditEntry.user_id == User.id)
                             .where(AuditEntry.entity == "setting", AuditEntry.entity_id == key)
                             .order_by(AuditEntry.at.desc()).limit(1))
        raise StaleRecord(changed_by=who, changed_at=seen)
    old = row.value if row and isinstance(row.value, dict) else {}
    changes = {k: ("***" if k in hide and old.get(k) else old.get(k), "***" if k in hide and v else v)
               for k, v in value.items() if old.get(k) != v}
    if row is None:
        session.add(Setting(key=key, value=value, updated_at=utcnow()))
    else:
        row.value, row.updated_at = dict(value), utcnow()
    if changes:
        audit(session, viewer, action="save_setting", entity="setting", entity_id=key, changes=changes)


@business_action
def save_reminder_rules(session: Session, viewer: Viewer, *, expected_updated_at: dt.datetime | None,
                        contact_a, contact_b, contact_c, stalled_days, reorder_lookback_days, reorder_min_orders,
                        reorder_grace_pct, on: bool) -> None:
    require(viewer, Can.CONFIGURE)
    v = Checks()
    days = {klass: v.integer(f"contact_{klass.lower()}", value, minimum=1, maximum=730, required=True)
            for klass, value in (("A", contact_a), ("B", contact_b), ("C", contact_c))}
    value = {
        "contact_days": days,
        "stalled_days": v.integer("stalled_days", stalled_days, minimum=1, maximum=730, required=True),
        "reorder_lookback_days": v.integer("reorder_lookback_days", reorder_lookback_days, minimum=30,
                                           maximum=1095, required=True),
        "reorder_min_orders": v.integer("reorder_min_orders", reorder_min_orders, minimum=2, maximum=50,
                                        required=True),
        "reorder_grace_pct": v.integer("reorder_grace_pct", reorder_grace_pct, minimum=0, maximum=500,
                                       required=True),
        "on": bool(on),
    }
    v.raise_if_any()
    _save(session, viewer, REMINDERS_KEY, value, expected_updated_at)


def checked_layout(base: LabelLayout, **fields) -> LabelLayout:
    """`base` with the given fields changed, checked: a ValidationError names each bad field,
    and labels too small to hold an address are refused."""
    v = Checks()
    raw = asdict(base) | {k: v_ for k, v_ in fields.items() if k in asdict(base)}
    columns = v.integer("columns", raw["columns"], minimum=1, maximum=6, required=True)
    rows = v.integer("rows", raw["rows"], minimum=1, maximum=20, required=True)
    mm = {name: v.money(name, raw[name], required=True, maximum=Decimal("50"))
          for name in ("margin_top", "margin_left", "gap_x", "gap_y", "padding")}
    size = v.money("font_size", raw["font_size"], required=True, minimum=Decimal("5"), maximum=Decimal("20"))
    v.raise_if_any()
    # Each one is required: after raise_if_any none of them is None.
    assert columns is not None and rows is not None and size is not None and None not in mm.values()
    layout = LabelLayout(columns=columns, rows=rows, font_size=float(size),
                         **{name: float(number) for name, number in mm.items() if number is not None})
    width, height = label_size(layout)
    if width - 2 * layout.padding < 15 or height - 2 * layout.padding < 8:
        v.fail("columns", "The labels come out too small ({width} × {height} mm): fewer columns or rows, "
                          "or smaller margins.", width=round(width), height=round(height))
        v.raise_if_any()
    return layout


@business_action
def save_label_layout(session: Session, viewer: Viewer, *, expected_updated_at: dt.datetime | None,
                      **fields) -> LabelLayout:
    require(viewer, Can.CONFIGURE)
    layout = checked_layout(stored_layout(session), **fields)
    _save(session, viewer, LABELS_KEY, asdict(layout), expected_updated_at)
    return layout


@business_action
def save_smtp(session: Session, viewer: Viewer, *, expected_updated_at: dt.datetime | None, host, port, security,
              username, from_address, from_name, password: str | None = None, forget_password: bool = False) -> None:
    """`password` None or empty keeps the one stored; `forget_password` removes it."""
    require(viewer, Can.CONFIGURE)
    v = Checks()
    stored = smtp_config(session)
    value = {
        "host": v.text("host", host, max_len=200, required=True),
        "port": v.integer("port", port, minimum=1, maximum=65535, required=True),
        "security": v.choice("security", security, SECURITY, required=True),
        "username": v.text("username", username, max_len=200) or "",
        "from_address": v.email("from_address", from_address, required=True),
        "from_name": v.text("from_name", from_name, max_len=200) or "",
    }
    typed = v.text("password", password, max_len=500) if password else None
    v.raise_if_any()
    # Stored encrypted with a key derived from the app's secret: a backup alone does not reveal it.
    value["password"] = "" if forget_password else (encrypt(typed) if typed else stored.password)
    _save(session, viewer, SMTP_KEY, value, expected_updated_at, hide=("password",))
