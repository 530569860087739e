"""The product catalogue: matched by SKU, else by name; groups added as they appear.

A file without SKUs (a price list by name) gets SKUs made from the names
("GTX Pro" → "GTX-PRO"), so that the next import and the deals can find them.
"""
from __future__ import annotations

import re

from sqlalchemy import select

from i18n import N_

from ...access import Can
from ...models import Product
from ...search import fold
from ..mapping import normalise
from . import refs
from .base import Field, Kind, Planned, Row, RowChecks, diff, fetch_by_ids, insert_returning_ids, update_by_id


class Products(Kind):
    name = "products"
    label = N_("Products")
    entity = "product"
    ref_columns = {"product_groups": "group_id"}
    keys = ("sku", "name")
    capability = Can.EDIT_KNOWLEDGE_BASE
    fields = (
        Field("sku", "SKU", aliases=("article", "артикул", "код", "code")),
        Field("name", "Name", required=True, aliases=("product", "товар", "наименование", "номенклатура")),
        Field("group", "Product group", values=True, aliases=("group", "series", "группа", "категория")),
        Field("unit", "Unit", aliases=("ед. изм.", "единица")),
        Field("price", "Price", aliases=("sales price", "цена", "list price")),
        Field("cost", "Cost", aliases=("себестоимость",)),
        Field("description", "Description", aliases=("описание",)),
        Field("is_new", "New product", aliases=("new", "новинка")),
        Field("active", "Active", aliases=("активен", "в продаже")),
    )

    def prepare(self) -> None:
        self.refs = {"product_groups": refs.product_groups(self.session, self.options.get("create_missing", True))}
        rows = self.session.execute(select(Product.id, Product.sku, Product.name)).all()
        self.skus = {r.sku.casefold(): r.id for r in rows}
        self.names = refs.Names((r.name, r.id) for r in rows)
        self.taken = set(self.skus)

    def check(self, row: Row, v: RowChecks) -> Planned:
        raw = row.raw
        values: dict[str, object] = {"name": v.text("name", raw.get("name"), max_len=200, required=True)}
        if "sku" in self.mapped:
            values["sku"] = v.text("sku", raw.get("sku"), max_len=60)
        if "group" in self.mapped:
            values["group_id"] = self.lookup(v, lambda x, field: self.refs["product_groups"].find(x),
                                             raw.get("group"), field="group")
        if "unit" in self.mapped:
            values["unit"] = v.text("unit", raw.get("unit"), max_len=20) or "pcs"
        if "price" in self.mapped:
            values["price"] = v.money("price", raw.get("price"), required=True)
        if "cost" in self.mapped:
            values["cost"] = v.money("cost", raw.get("cost"))
        if "description" in self.mapped:
            values["description"] = v.text("description", raw.get("description"), max_len=20000, multiline=True)
        for flag in ("is_new", "active"):
            if flag in self.mapped:
                value = v.boolean(flag, raw.get(flag))
                values[flag] = (flag == "active") if value is None else value
        existing = None
        key = self.key_value(values)
        if key and key[0] == "sku":
            existing = self.skus.get(str(key[1]).casefold())
        elif key:
            existing = self.lookup(v, self.names.one, key[1], field="name")
        sku = values.get("sku")  # a text, or None
        if isinstance(sku, str) and sku and self.skus.get(sku.casefold()) not in (None, existing):
            v.fail("sku", "Another product has this SKU.")
        identity = ("id", existing) if existing else (key[0], normalise(key[1])) if key else None
        return Planned(row, values, existing=existing, identity=identity)

    def settle(self, planned: list[Planned]) -> None:
        super().settle(planned)
        current = fetch_by_ids(self.session, Product.__table__, [p.existing for p in planned if p.existing],
                               {c for p in planned for c in p.values})
        for p in planned:
            if p.existing is not None:
                p.extra["changes"] = diff(current[p.existing], p.values)

    def write(self, planned: list[Planned]) -> None:
        self.create_refs(planned)
        group_ids = self.refs["product_groups"]
        for p in planned:
            if "group_id" in p.values:
                p.values["group_id"] = group_ids.id_of(p.values["group_id"])
                if "group_id" in p.extra.get("changes", {}):
                    p.extra["changes"]["group_id"] = (p.extra["changes"]["group_id"][0], p.values["group_id"])
        new = [p for p in planned if p.existing is None]
        rows = []
        for p in new:
            p.values["sku"] = p.values.get("sku") or self._make_sku(p.values["name"])
            self.taken.add(p.values["sku"].casefold())
            rows.append({**p.values, "search_text": fold(p.values["name"], p.values["sku"])})
        for p, new_id in zip(new, insert_returning_ids(self.session, Product.__table__, rows), strict=True):
            self.counts["created"] += 1
            self.audit("import_product", new_id, {k: (None, x) for k, x in p.values.items() if x not in (None, "")})
        updates = []
        for p in planned:
            if p.existing is None:
                continue
            changes = p.extra.get("changes", {})
            if not changes:
                self.counts["unchanged"] += 1
                continue
            row = {"_id": p.existing, **{k: new for k, (_old, new) in changes.items()}}
            if {"name", "sku"} & set(changes):
                merged = {**fetch_by_ids(self.session, Product.__table__, [p.existing], ["name", "sku"])[p.existing],
                          **{k: new for k, (_old, new) in changes.items()}}
                row["search_text"] = fold(merged["name"], merged["sku"])
            updates.append(row)
            self.counts["updated"] += 1
            self.audit("import_product", p.existing, changes)
        update_by_id(self.session, Product.__table__, updates, viewer=self.viewer)

    def _make_sku(self, name: str) -> str:
        base = re.sub(r"[^\w]+", "-", name.upper()).strip("-")[:55] or "SKU"
        sku, n = base, 2
        while sku.casefold() in self.taken:
            sku, n = f"{base}-{n}", n + 1
        return sku
