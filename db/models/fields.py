"""Editable fields declared once, on the model's columns.

A column a person edits carries `info=editable(label, group=...)`. `editable_fields(Client)`
reads those columns in the model's order and derives from the column what it already
says: the maximum length (String(n)), multi-line text (Text), whole numbers (Integer),
money (Numeric), a reference (a foreign key), required (NOT NULL without a default) and
the value an empty input stands for (the column's default). The client's card, its
edit form, `update_client`'s accepted fields, the import and the export all read this
list, so a new client field is its column here, its migration and its Russian label.

`group` says where the card shows the field: "identity" (the title), "requisites",
"classification" and "contact" (the card's three columns), "address" (under them),
"notes", "terms" (the credit block), "holding" (the holding section).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, Numeric, String, Text
from sqlalchemy.orm import DeclarativeBase

KEY = "editable"


@dataclass(frozen=True)
class FieldSpec:
    name: str  # the column
    label: str  # message id
    group: str
    kind: str  # text, area, integer, money, choice, reference, inn, phone, email
    required: bool = False
    max_len: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    step: float | None = None
    choices: tuple[str, ...] = ()
    codes: str | None = None  # the kind of stored code naming the choices (ui.lang.code)
    ref: str | None = None  # the import's and export's column naming the referenced record
    aliases: tuple[str, ...] = ()  # other headers the import recognises
    empty: Any = None  # what an empty input stands for (the column's default)


def editable(label: str, *, group: str, check: str | None = None, max_len: int | None = None,
             minimum: int | None = None, maximum: int | None = None, step: float | None = None,
             choices: Any = None, codes: str | None = None, ref: str | None = None,
             aliases: tuple[str, ...] = ()) -> dict:
    """The column's `info`: what a person sees and what the column cannot say itself.
    `check`: a special value check (inn, phone, email); `choices`: an enum of codes."""
    return {KEY: {"label": label, "group": group, "check": check, "max_len": max_len, "minimum": minimum,
                  "maximum": maximum, "step": step, "codes": codes, "ref": ref, "aliases": tuple(aliases),
                  "choices": tuple(getattr(c, "value", c) for c in choices) if choices is not None else ()}}


def _kind(column, declared: dict) -> str:
    if declared["check"]:
        return declared["check"]
    if declared["choices"]:
        return "choice"
    if column.foreign_keys:
        return "reference"
    if isinstance(column.type, Numeric):
        return "money"
    if isinstance(column.type, Integer):
        return "integer"
    if isinstance(column.type, Text):
        return "area"
    return "text"


@functools.cache
def editable_fields(model: type[DeclarativeBase]) -> tuple[FieldSpec, ...]:
    specs = []
    for column in model.__table__.columns:
        declared = column.info.get(KEY)
        if declared is None:
            continue
        default = column.default.arg if column.default is not None and column.default.is_scalar else None
        length = column.type.length if isinstance(column.type, String) and not isinstance(column.type, Text) else None
        kind = _kind(column, declared)
        if kind in ("text", "area") and not (declared["max_len"] or length):
            raise ValueError(f"{model.__name__}.{column.key}: declare max_len for a text without a length")
        specs.append(FieldSpec(
            name=column.key, label=declared["label"], group=declared["group"], kind=kind,
            required=not column.nullable and default is None and column.server_default is None,
            max_len=declared["max_len"] or length, minimum=declared["minimum"], maximum=declared["maximum"],
            step=declared["step"], choices=declared["choices"], codes=declared["codes"], ref=declared["ref"],
            aliases=declared["aliases"], empty=default))
    return tuple(specs)


def field_names(model: type[DeclarativeBase]) -> tuple[str, ...]:
    return tuple(spec.name for spec in editable_fields(model))
