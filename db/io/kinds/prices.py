"""Price lists (issue 20): one row a product's price in a list for a period.

Columns: the price list (by name — it must exist: a list is made on the *Price lists* page, with
its kind), the product's SKU, the price, valid from, valid to (empty: until the next price). The
periods follow the same rule as the form (db/rules/prices.plan_period): a period starting on the
same day is edited, or left alone when it already says the same — so importing a file again
changes nothing; a new period closes the open one before it the day before; an overlap is refused,
naming the period it overlaps. An empty "valid from" means today, unless the price valid today is
already the one in the file (then the row changes nothing).

Who: those who manage prices (`Can.MANAGE_PRICES`); a contract list only of a client they see.
"""
from __future__ import annotations

from sqlalchemy import insert, select, update

from i18n import N_

from ... import access
from ...access import Can
from ...actions.prices import overlap_message
from ...models import Price, PriceType, Product
from ...rules.prices import Period, PeriodOverlap, plan_period
from . import refs
from .base import Field, Kind, Planned, Row, RowChecks, update_by_id

UNKNOWN_LIST = N_("No price list is called {value}: create it on the Price lists page first.")
UNKNOWN_SKU = N_("No product has the SKU {value}.")


class Prices(Kind):
    name = "prices"
    label = N_("Prices")
    entity = "price_type"
    keys = ()
    capability = Can.MANAGE_PRICES
    fields = (
        Field("price_type", "Price list", required=True, aliases=("price type", "тип цен", "тип цены", "прайс",
                                                                  "прайс-лист", "вид цен", "price list")),
        Field("sku", "SKU", required=True, aliases=("article", "артикул", "код", "code", "product", "товар")),
        Field("price", "Price", required=True, aliases=("цена", "list price", "стоимость")),
        Field("valid_from", "Valid from", aliases=("from", "start", "действует с", "дата начала", "с")),
        Field("valid_to", "Valid to", aliases=("to", "end", "until", "действует по", "дата окончания", "по")),
    )

    def prepare(self) -> None:
        seen = access.visible_client_ids(self.session, self.viewer)
        rows = self.session.execute(select(PriceType.name, PriceType.id).where(
            PriceType.client_id.is_(None) | PriceType.client_id.in_(seen))).all()
        self.lists = refs.Names(rows)
        self.skus = {sku.casefold(): pid for sku, pid in self.session.execute(select(Product.sku, Product.id))}
        self.periods: dict[tuple[int, int], list[Period]] = {}
        for type_id, product_id, price_id, price, start, end in self.session.execute(
                select(Price.price_type_id, Price.product_id, Price.id, Price.price, Price.valid_from,
                       Price.valid_to)):
            self.periods.setdefault((type_id, product_id), []).append(Period(price_id, price, start, end))
        self.today = access.today()

    def check(self, row: Row, v: RowChecks) -> Planned:
        raw = row.raw
        name = str(raw.get("price_type") or "").strip()
        type_id = None
        if not name:
            v.fail("price_type", "This field is required.")
        else:
            type_id = self.lookup(v, self.lists.one, name, field="price_type")
            if type_id is None and "price_type" not in v.errors:  # not several lists of that name
                v.fail("price_type", UNKNOWN_LIST, value=name)
        sku = str(raw.get("sku") or "").strip()
        product_id = self.skus.get(sku.casefold()) if sku else None
        if not sku:
            v.fail("sku", "This field is required.")
        elif product_id is None:
            v.fail("sku", UNKNOWN_SKU, value=sku)
        values: dict = {"price_type_id": type_id, "product_id": product_id,
                  "price": v.money("price", raw.get("price"), required=True),
                  "valid_from": v.date("valid_from", raw.get("valid_from")) if "valid_from" in self.mapped else None,
                  "valid_to": v.date("valid_to", raw.get("valid_to")) if "valid_to" in self.mapped else None}
        start, end = values["valid_from"], values["valid_to"]
        if start and end and end < start:
            v.fail("valid_to", "The end of the period must not be before its start.")
        identity = (type_id, product_id, start) if type_id and product_id else None
        return Planned(row, values, identity=identity, extra={"sku": sku, "list": name})

    def settle(self, planned: list[Planned]) -> None:
        super().settle(planned)
        good = [p for p in planned if not p.problems]
        for p in good:
            if p.values["valid_from"] is None:
                p.values["valid_from"] = self._start_of(p)
        good.sort(key=lambda p: (p.values["price_type_id"], p.values["product_id"], p.values["valid_from"]))
        next_id = -1  # periods this file adds, not yet in the database
        for p in good:
            key = (p.values["price_type_id"], p.values["product_id"])
            stored = self.periods.setdefault(key, [])
            try:
                plan = plan_period(stored, price=p.values["price"], valid_from=p.values["valid_from"],
                                   valid_to=p.values["valid_to"])
            except PeriodOverlap as exc:
                message, params = overlap_message(exc)
                p.reject(message, field="valid_from", **params)
                continue
            p.extra["plan"] = plan
            new = Period(next_id, p.values["price"], p.values["valid_from"], p.values["valid_to"])
            if plan.unchanged:
                p.existing = next(q.id for q in stored if q.valid_from == new.valid_from)
                p.extra["changes"] = {}
            elif plan.update_id is not None:
                p.existing = plan.update_id
                old = next(q for q in stored if q.id == plan.update_id)
                p.extra["changes"] = {k: (getattr(old, k), getattr(new, k)) for k in ("price", "valid_to")
                                      if getattr(old, k) != getattr(new, k)}
                stored[stored.index(old)] = Period(old.id, new.price, old.valid_from, new.valid_to)
            else:
                next_id -= 1
                if plan.close_id is not None:
                    closing = next(q for q in stored if q.id == plan.close_id)
                    stored[stored.index(closing)] = Period(closing.id, closing.price, closing.valid_from,
                                                           plan.closes_on)
                stored.append(new)

    def _start_of(self, p: Planned):
        """No "valid from": today — or, when the price valid today is the file's, that period's start."""
        for q in self.periods.get((p.values["price_type_id"], p.values["product_id"]), []):
            if q.valid_from <= self.today and (q.valid_to is None or q.valid_to >= self.today) \
                    and q.price == p.values["price"]:
                return q.valid_from
        return self.today

    def write(self, planned: list[Planned]) -> None:
        table = Price.__table__
        touched: set[int] = set()
        for p in sorted(planned, key=lambda p: (p.values["price_type_id"], p.values["product_id"],
                                                p.values["valid_from"])):
            plan, values = p.extra["plan"], p.values
            changes: dict = {"product": (None, p.extra["sku"])}
            if plan.unchanged:
                self.counts["unchanged"] += 1
                continue
            if plan.update_id is not None:
                self.session.execute(update(table).where(table.c.id == plan.update_id)
                                     .values(price=values["price"], valid_to=values["valid_to"]))
                changes |= {"valid_from": (values["valid_from"], values["valid_from"]), **p.extra["changes"]}
                self.counts["updated"] += 1
            else:
                if plan.close_id is not None:
                    self.session.execute(update(table).where(table.c.id == plan.close_id)
                                         .values(valid_to=plan.closes_on))
                    changes["closed"] = (None, plan.closes_on)
                new_id: int = self.session.execute(insert(table).values(
                    price_type_id=values["price_type_id"], product_id=values["product_id"], price=values["price"],
                    valid_from=values["valid_from"], valid_to=values["valid_to"],
                    created_by_id=self.viewer.user_id).returning(table.c.id)).scalar_one()
                self._rename(values, plan, new_id)
                changes |= {"price": (None, values["price"]), "valid_from": (None, values["valid_from"]),
                            "valid_to": (None, values["valid_to"])}
                self.counts["created"] += 1
            touched.add(values["price_type_id"])
            self.audit("import_price", values["price_type_id"], changes)
        # the lists' versions move, as a form's price does: a form loaded before the import is stale
        update_by_id(self.session, PriceType.__table__, [{"_id": i} for i in sorted(touched)], viewer=self.viewer)

    def _rename(self, values: dict, plan, new_id: int) -> None:
        """The period settle() added under a provisional id gets its real one (a later pass looks it up)."""
        stored = self.periods.get((values["price_type_id"], values["product_id"]), [])
        for n, q in enumerate(stored):
            if q.id < 0 and q.valid_from == values["valid_from"]:
                stored[n] = Period(new_id, q.price, q.valid_from, q.valid_to)
