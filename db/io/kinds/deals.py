"""Deals with their stages, lines and history.

One row per deal, or several rows sharing the deal's id, one line each. The
file's stage names are translated to ours in the mapping (e.g. Prospecting →
Lead). Dates become the stage history the funnel reads: a deal closed on its
close date, after being opened (in the option `opened_stage`, default the first
open stage) on its open date. For an open deal a "close date" is its expected
close. Amount: the given one, else the sum of the lines (a line's price, when
not given, is the catalogue's). The option `assign_unowned_clients` gives a
client that has no owner to the manager with the most deals with it in the file.
"""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

from sqlalchemy import delete, select

from i18n import N_

from ...access import may_assign_owner, role_owns_clients, scope
from ...actions.deals import line_amount
from ...actions.stage_history import record_move  # the same history upkeep as a move on the card
from ...models import Client, Deal, DealLine, PipelineStage, utcnow
from ..mapping import normalise
from ..reading import FileProblem
from ..values import to_thousandths
from . import refs
from .deal_history import current_lines, deal_times, insert_history, insert_lines, readable, snapshot
from .base import (
    Field,
    Kind,
    Planned,
    Reject,
    Row,
    RowChecks,
    company_midnight,
    diff,
    fetch_by_ids,
    insert_returning_ids,
    update_by_id,
)

HEADER = ("title", "client_id", "owner_id", "stage_id", "amount", "probability", "expected_close_on",
          "discount_pct", "lost_reason", "external_id")


class Deals(Kind):
    name = "deals"
    label = N_("Deals")
    entity = "deal"
    keys = ("external_id", "title")
    fields = (
        Field("external_id", "Id in the file", aliases=("id", "opportunity id", "номер", "код")),
        Field("title", "Title", aliases=("deal", "сделка", "название")),
        Field("client", "Client", required=True, aliases=("account", "клиент", "компания", "company")),
        Field("owner", "Manager", values=True, aliases=("sales agent", "owner", "ответственный")),
        Field("stage", "Stage", required=True, values=True, aliases=("deal stage", "этап", "стадия")),
        Field("amount", "Amount", aliases=("сумма", "value")),
        Field("probability", "Probability, %", aliases=("probability", "вероятность")),
        Field("expected_close_on", "Expected close", aliases=("expected close date", "ожидаемое закрытие")),
        Field("discount_pct", "Discount, %", aliases=("discount", "скидка")),
        Field("lost_reason", "Lost reason", aliases=("причина проигрыша",)),
        Field("opened_on", "Opened on", aliases=("engage date", "created", "дата создания", "открыта")),
        Field("closed_on", "Closed on", aliases=("close date", "дата закрытия", "закрыта")),
        Field("product", "Product", values=True, aliases=("товар", "sku", "артикул")),
        Field("quantity", "Quantity", aliases=("qty", "количество", "кол-во")),
        Field("price", "Price", aliases=("цена",)),
        Field("line_discount_pct", "Line discount, %", aliases=("line discount", "скидка строки")),
    )

    def prepare(self) -> None:
        self.clients = refs.Clients(self.session)
        self.people = refs.People(self.session)
        self.products = refs.Products(self.session)
        self.stages = refs.Stages(self.session)
        self.deals = refs.Deals(self.session)
        self.scope = scope(self.session, self.viewer)
        self.by_title: dict[tuple, list[int]] | None = None
        if self.key == "title":
            self.by_title = {}
            for i, c, t in self.session.execute(select(Deal.id, Deal.client_id, Deal.title)):
                self.by_title.setdefault((c, normalise(t)), []).append(i)
        opened = self.options.get("opened_stage")
        try:
            self.opened_stage = self.stages.find(opened, field="stage") if opened else self.stages.first_open()
        except Reject:
            raise FileProblem("The mapping's option opened_stage names no stage of the funnel: {value}.",
                              value=opened) from None

    def check(self, row: Row, v: RowChecks) -> Planned:
        raw = row.raw
        values: dict = {}
        client = None
        if str(raw.get("client") or "").strip():
            client = self.lookup(v, self.clients.find, raw.get("client"), field="client")
            if client is None and "client" not in v.errors:
                v.fail("client", "No client {value}: import the clients first, or translate the name in the mapping.",
                       value=str(raw.get("client")).strip())
            elif client is not None and not self.scope.allows_owner(client.owner_id):
                v.fail("client", "Client not found, or it is not among your clients.")
                client = None
        else:
            v.fail("client", "The client cell is empty: a deal belongs to a client.")
        values["client_id"] = client.id if client else None
        stage = self.lookup(v, lambda x, field: self.stages.find(x, field=field), raw.get("stage"), field="stage")
        values["stage_id"] = stage.id if stage else None
        if "owner" in self.mapped:
            values["owner_id"] = self._owner(v, raw.get("owner"))
        if "external_id" in self.mapped:
            values["external_id"] = v.text("external_id", raw.get("external_id"), max_len=100)
        if "amount" in self.mapped:
            values["amount"] = v.money("amount", raw.get("amount"))
        if "probability" in self.mapped:
            values["probability"] = v.integer("probability", raw.get("probability"), minimum=0, maximum=100)
        if "discount_pct" in self.mapped:
            values["discount_pct"] = v.percent("discount_pct", raw.get("discount_pct"))
        if "lost_reason" in self.mapped:
            values["lost_reason"] = v.text("lost_reason", raw.get("lost_reason"), max_len=2000, multiline=True)
        opened = v.date("opened_on", raw.get("opened_on"))
        closed = v.date("closed_on", raw.get("closed_on"))
        if "expected_close_on" in self.mapped:
            values["expected_close_on"] = v.date("expected_close_on", raw.get("expected_close_on"))
        if stage is not None and stage.state == "open" and closed is not None:
            values.setdefault("expected_close_on", None)
            values["expected_close_on"] = values["expected_close_on"] or closed  # an open deal's close is ahead
            closed = None
        if opened and closed and closed < opened:
            v.fail("closed_on", "The deal closes before it opens.")
        line = self._line(v, raw)
        title = v.text("title", raw.get("title"), max_len=300) if "title" in self.mapped else None
        if not title:
            title = (self.products.names_by_id.get(line["product_id"]) if line else None) \
                or values.get("external_id") or (client.name if client else None)
        values["title"] = title
        existing = self._existing(v, values)
        key = self.key_value(values)
        identity = ("id", existing) if existing else (key[0], normalise(str(key[1]))) if key else None
        return Planned(row, values, existing=existing, identity=identity,
                       extra={"stage": stage, "opened": opened, "closed": closed, "lines": [line] if line else [],
                              "client": client})

    def _owner(self, v: RowChecks, value) -> int | None:
        person = self.lookup(v, self.people.require, value, field="owner")
        if person is None:
            return None
        if not role_owns_clients(person.role):
            v.fail("owner", "The owner must be an active manager or head.")
        elif not may_assign_owner(self.session, self.viewer, person.id):
            v.fail("owner", "You may not give a client to this manager.")
        return person.id

    def _line(self, v: RowChecks, raw: dict) -> dict | None:
        if not str(raw.get("product") or "").strip():
            for name in ("quantity", "price"):
                if str(raw.get(name) or "").strip() and name in self.mapped and "product" not in self.mapped:
                    v.fail("product", "A line needs a product.")
            return None
        product = self.lookup(v, self.products.find, raw.get("product"), field="product")
        quantity = v._decimal("quantity", raw.get("quantity"), required=False)
        if quantity is None:
            quantity = Decimal("1")
        elif not Decimal("0") < quantity <= Decimal("1000000000"):
            v.fail("quantity", "The quantity must be above zero.")
        price = v.money("price", raw.get("price"))
        discount = v.percent("line_discount_pct", raw.get("line_discount_pct")) or Decimal("0")
        if product is None:
            return None
        price = self.products.prices[product] if price is None else price
        quantity = to_thousandths(quantity)  # half up, as the column would (db/io/values.py)
        return {"product_id": product, "quantity": quantity, "price": price, "discount_pct": discount,
                "amount": line_amount(quantity, price, discount)}

    def _existing(self, v: RowChecks, values: dict) -> int | None:
        key = self.key_value(values)
        if key is None:
            return None
        if key[0] == "external_id":
            found = self.deals.external.get(key[1])
            existing, client_id = found if found else (None, None)
        else:
            titled = (self.by_title or {}).get((values["client_id"], normalise(key[1])), [])
            if len(titled) > 1:
                v.fail("title", "Several deals of this client have this title: add an id column to tell them apart.")
            existing, client_id = (titled[0] if titled else None), values["client_id"]
        if existing is not None and not self.scope.allows_owner(self.clients.by_id[client_id].owner_id):
            v.fail(key[0], "Deal not found, or it is not among your deals.")
        return existing

    # --- across the rows ------------------------------------------------------
    def settle(self, planned: list[Planned]) -> None:
        heads: dict = {}
        for p in planned:
            if p.problems or p.identity is None:
                continue
            head = heads.setdefault(p.identity, p)
            if head is p:
                continue
            if not p.extra["lines"]:
                p.reject("The same record as row {row}: each record may appear once in a file.", row=head.row.number)
            else:  # another line of the deal of an earlier row
                head.extra["lines"].extend(p.extra["lines"])
                p.extra["merged"] = True
        existing = [p.existing for p in planned if p.existing and not p.extra.get("merged")]
        current = fetch_by_ids(self.session, Deal.__table__, existing, [*HEADER, "state", "closed_at"])
        lines = current_lines(self.session, existing)
        for p in planned:
            if p.problems or p.extra.get("merged"):
                continue
            self._complete(p, current.get(p.existing) if p.existing is not None else None)
            if p.existing is not None:
                changes = diff(current[p.existing], {k: x for k, x in p.values.items()
                                                     if k in HEADER or k in ("state", "closed_at")})
                if "closed_at" in changes and changes["closed_at"][1] is None and p.values["state"] != "open":
                    del changes["closed_at"]  # no date in the file: a closed deal keeps its close date
                if p.extra["lines"] and snapshot(p.extra["lines"]) != lines.get(p.existing, []):
                    changes["lines"] = (readable(lines.get(p.existing, [])), readable(snapshot(p.extra["lines"])))
                p.extra["changes"] = changes
                p.extra["old_stage"] = current[p.existing]["stage_id"]

    def _complete(self, p: Planned, current: dict | None) -> None:
        """The deal's own figures from its lines and stage: amount, probability, state, owner.

        An existing deal keeps what the file does not say: its owner, and its probability
        unless the stage changes."""
        values, stage = p.values, p.extra["stage"]
        lines = p.extra["lines"]
        if values.get("amount") is None and lines:
            values["amount"] = sum((ln["amount"] for ln in lines), Decimal("0"))
        elif values.get("amount") is None:
            values.pop("amount", None)
        if lines and "discount_pct" not in self.mapped:
            values["discount_pct"] = max(ln["discount_pct"] for ln in lines)
        if values.get("probability") is None:
            if current is None or current["stage_id"] != stage.id:
                values["probability"] = stage.probability
            else:
                values.pop("probability", None)
        values["state"] = stage.state
        if stage.state != "open":
            values["closed_at"] = company_midnight(p.extra["closed"]) if p.extra["closed"] else None
        if not values.get("owner_id") and current is not None:
            values.pop("owner_id", None)
        elif not values.get("owner_id"):
            client = p.extra["client"]
            owner = client.owner_id if client and client.owner_id else None
            if owner is None and role_owns_clients(self.viewer.role):
                owner = self.viewer.user_id
            if owner is None and p.existing is None:
                p.reject("The deal needs a manager: map a column to Manager, or give the client an owner first.",
                         field="owner")
            if owner is not None:
                values["owner_id"] = owner
            else:
                values.pop("owner_id", None)

    def count_plan(self, planned: list[Planned]) -> None:
        super().count_plan(planned)
        self.counts["clients_assigned"] = len(self._assignments(planned))

    # --- writing ----------------------------------------------------------------
    def write(self, planned: list[Planned]) -> None:
        now = utcnow()
        heads = [p for p in planned if not p.extra.get("merged")]
        self.counts["merged"] += len(planned) - len(heads)
        new = [p for p in heads if p.existing is None]
        rows = []
        for p in new:
            created, entered, closed_at, _rows = deal_times(p, now, self.opened_stage)
            p.values.setdefault("amount", Decimal("0"))
            p.values["closed_at"] = closed_at
            rows.append({**p.values, "created_at": created, "stage_entered_at": entered})
        new_lines: list[tuple[int, dict]] = []
        for p, new_id in zip(new, insert_returning_ids(self.session, Deal.__table__, rows), strict=True):
            p.existing = new_id
            self.counts["created"] += 1
            self.audit("import_deal", new_id, {k: (None, x) for k, x in p.values.items() if x not in (None, "")})
            new_lines.extend((new_id, ln) for ln in p.extra["lines"])
        insert_lines(self.session, new_lines)
        insert_history(self.session, [h for p in new for h in deal_times(p, now, self.opened_stage)[3]])
        self._write_updates([p for p in heads if p not in new], now)
        self._assign_clients(planned)

    def _write_updates(self, planned: list[Planned], now) -> None:
        updates = []
        for p in planned:
            changes = p.extra.get("changes", {})
            if not changes:
                self.counts["unchanged"] += 1
                continue
            deal_id = p.existing
            assert deal_id is not None  # only deals that exist are updated
            row = {"_id": deal_id, **{k: n for k, (_o, n) in changes.items() if k != "lines"}}
            if "stage_id" in changes:
                stage = p.extra["stage"]
                at = row.get("closed_at") or now
                row["stage_entered_at"] = at
                row["closed_at"] = None if stage.state == "open" else at
                record_move(self.session, deal_id=deal_id, from_stage_id=p.extra["old_stage"],
                            target=self.session.get_one(PipelineStage, stage.id), user_id=self.viewer.user_id, at=at)
            if "lines" in changes:
                self.session.execute(delete(DealLine).where(DealLine.deal_id == deal_id))
                insert_lines(self.session, [(deal_id, ln) for ln in p.extra["lines"]])
            updates.append(row)
            self.counts["updated"] += 1
            self.audit("import_deal", deal_id, changes)
        self.session.flush()
        update_by_id(self.session, Deal.__table__, [r for r in updates if len(r) > 1], viewer=self.viewer)

    def _assignments(self, planned: list[Planned]) -> dict[int, int]:
        """{client id: owner} for clients without an owner: the manager with the most deals with them."""
        if not self.options.get("assign_unowned_clients"):
            return {}
        votes: dict[int, Counter] = {}
        for p in planned:
            client = p.extra.get("client")
            owner = p.values.get("owner_id")
            if client and client.owner_id is None and owner and not p.problems and not p.extra.get("merged"):
                votes.setdefault(client.id, Counter())[owner] += 1
        return {cid: max(c.items(), key=lambda kv: (kv[1], -kv[0]))[0] for cid, c in votes.items()
                if may_assign_owner(self.session, self.viewer, max(c.items(), key=lambda kv: (kv[1], -kv[0]))[0])}

    def _assign_clients(self, planned: list[Planned]) -> None:
        assigned = self._assignments(planned)
        update_by_id(self.session, Client.__table__, [{"_id": c, "owner_id": o} for c, o in assigned.items()],
                     viewer=self.viewer)
        for client_id, owner in assigned.items():
            self.clients.by_id[client_id].owner_id = owner
            self.audit("import_assign_client", client_id, {"owner_id": (None, owner)}, entity="client")
        self.counts["clients_assigned"] += len(assigned)
