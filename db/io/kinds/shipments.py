"""Shipment lines from the accounting system, with their payments: the big one.

A million lines must land in a minute, so this kind works in batches of
20,000 (a transaction each in "good rows" mode), looks every name up in
memory (the same name once: a client appears on thousands of lines), and
inserts with the driver's executemany on SQLite and COPY on PostgreSQL.
Matched by the line's id in the accounting system (required: without it a
second import could not tell an old line from a new one). The manager
credited is the one in the file, else the client's owner today.
"""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from i18n import N_

from ...access import scope
from ...generation import note_written
from ...partitions import note_rows
from ...rules.validate import DATE_MAX, DATE_MIN, MONEY_MAX
from ...models import Shipment
from ..values import CENT, THOUSANDTH, BadValue, parse_date, parse_decimal
from . import refs
from .base import Field, Kind, Planned, Reject, Row, RowChecks, diff, update_by_id

COLUMNS = ("external_id", "client_id", "product_id", "manager_id", "deal_id", "shipped_on", "quantity", "amount",
           "cost_amount", "payment_due_on", "amount_paid", "paid_on")
QUANTITY_MAX = Decimal("99999999999.999")  # what Numeric(14, 3) holds
ZERO = Decimal("0")
_MISS = object()


class _Failure:
    """A cell already known to be refused, and why."""

    __slots__ = ("message", "params")

    def __init__(self, message: str, params: dict):
        self.message, self.params = message, params


class Shipments(Kind):
    name = "shipments"
    label = N_("Shipments")
    entity = "shipment"
    keys = ("external_id",)
    batch_size = 20_000
    fields = (
        Field("external_id", "Line id", required=True, aliases=("id", "line id", "номер строки", "код строки",
                                                                "document line")),
        Field("client", "Client", required=True, aliases=("account", "клиент", "контрагент", "покупатель")),
        Field("product", "Product", required=True, aliases=("товар", "номенклатура", "sku", "артикул")),
        Field("manager", "Manager", aliases=("менеджер", "sales agent", "ответственный")),
        Field("deal", "Deal id", aliases=("deal", "сделка")),
        Field("shipped_on", "Shipped on", required=True, aliases=("date", "дата", "дата отгрузки", "shipped")),
        Field("quantity", "Quantity", required=True, aliases=("qty", "количество", "кол-во")),
        Field("amount", "Amount", required=True, aliases=("сумма", "sum")),
        Field("cost_amount", "Cost amount", aliases=("cost", "себестоимость")),
        Field("payment_due_on", "Payment due", aliases=("due", "срок оплаты", "оплатить до")),
        Field("amount_paid", "Paid", aliases=("paid", "оплачено", "сумма оплаты")),
        Field("paid_on", "Paid on", aliases=("дата оплаты",)),
    )

    def prepare(self) -> None:
        self.clients = refs.Clients(self.session)
        self.products = refs.Products(self.session)
        self.people = refs.People(self.session)
        self.deals = refs.Deals(self.session)
        self.scope = scope(self.session, self.viewer)
        self.seen: dict[str, int] = {}
        # No line with an id yet (a first load): nothing to match, no lookups. Lines of this
        # import cannot match each other either: a second one with an id is a duplicate.
        self.matchable = self.session.scalar(select(Shipment.id).where(Shipment.external_id.is_not(None))
                                             .limit(1)) is not None
        # cell -> value, or _Failure: a client, a product, a date appear on thousands of lines
        self.caches: dict[str, dict] = {"client": {}, "product": {}, "manager": {}, "deal": {}, "date": {},
                                        "quantity": {}}
        self.finders = {"client": self._client, "product": lambda x: self.products.find(x, field="product"),
                        "manager": lambda x: self.people.require(x, field="manager"), "deal": self._deal,
                        "date": self._parse_date, "quantity": self._quantity}

    def _get(self, v: RowChecks, field: str, cell, *, kind: str | None = None, required: bool = False):
        """The value a cell names (looked up once per distinct cell); a refusal noted against the field."""
        if cell is None or cell == "" or (cell.__class__ is str and not cell.strip()):
            if required:
                v.fail(field, "This field is required.")
            return None
        kind = kind or field
        cache = self.caches[kind]
        hit = cache.get(cell, _MISS)
        if hit is _MISS:
            try:
                hit = self.finders[kind](cell)
            except (Reject, BadValue) as exc:
                message, params = (exc.reasons[0][1], exc.reasons[0][2]) if isinstance(exc, Reject) \
                    else (exc.message, exc.params)
                hit = _Failure(message, params)
            cache[cell] = hit
        if hit.__class__ is _Failure:
            v.fail(field, hit.message, **hit.params)
            return None
        return hit

    def check(self, row: Row, v: RowChecks) -> Planned:
        raw = row.raw
        get = raw.get
        client = self._get(v, "client", get("client"), required=True)
        manager = self._get(v, "manager", get("manager"))
        deal = self._get(v, "deal", get("deal"))
        if deal and client and deal[1] != client.id:
            v.fail("deal", "The deal is another client's.")
        quantity = self._get(v, "quantity", get("quantity"), required=True)  # 1, 2, 10...: parsed once each
        if quantity == 0:
            v.fail("quantity", "The quantity must not be zero.")
        paid = self._number(v, "amount_paid", get("amount_paid"))
        if paid is not None and paid < 0:
            v.fail("amount_paid", "Must not be below {min}.", min=0)
        due_cell = get("payment_due_on")
        values = {
            "external_id": v.text("external_id", get("external_id"), max_len=100, required=True),
            "client_id": client.id if client else None,
            "product_id": self._get(v, "product", get("product"), required=True),
            "manager_id": manager.id if manager else (client.owner_id if client else None),
            "deal_id": deal[0] if deal else None,
            "shipped_on": self._get(v, "shipped_on", get("shipped_on"), kind="date", required=True),
            "payment_due_on": self._get(v, "payment_due_on", due_cell, kind="date"),
            "paid_on": self._get(v, "paid_on", get("paid_on"), kind="date"),
            "quantity": quantity,
            "amount": self._number(v, "amount", get("amount"), required=True),
            "cost_amount": self._number(v, "cost_amount", get("cost_amount")),
            "amount_paid": paid or ZERO,
        }
        planned = Planned(row, values, identity=values["external_id"])
        if (due_cell is None or due_cell == "" or (due_cell.__class__ is str and not due_cell.strip())) \
                and client is not None and values["shipped_on"] is not None:
            # No due date in the file: the client's payment deferral from the shipping day, as the
            # accounting system would have set it, so that an unpaid line can fall overdue (issue 16, item 9).
            values["payment_due_on"] = values["shipped_on"] + dt.timedelta(days=client.payment_deferral_days)
            planned.extra["due_computed"] = True
        return planned

    def _client(self, cell):
        client = self.clients.find(cell, field="client")
        if client is None:
            raise Reject("No client {value}: import the clients first, or translate the name in the mapping.",
                         field="client", value=str(cell).strip())
        if not self.scope.allows_owner(client.owner_id):
            raise Reject("Client not found, or it is not among your clients.", field="client")
        return client

    def _deal(self, cell):
        found = self.deals.external.get(str(cell).strip())
        if found is None:
            raise Reject("No deal with the id {value}.", field="deal", value=str(cell).strip())
        return found

    def _parse_date(self, cell):
        day = parse_date(cell, self.dates)
        if not DATE_MIN <= day <= DATE_MAX:  # the range the forms allow
            raise BadValue("The date must be between {min} and {max}.", min=DATE_MIN, max=DATE_MAX)
        return day

    def _quantity(self, cell) -> Decimal:
        number = parse_decimal(cell, self.decimal)
        if abs(number) > QUANTITY_MAX:
            raise BadValue("Must not be above {max}.", max=QUANTITY_MAX)
        return number.quantize(THOUSANDTH, rounding=ROUND_HALF_UP)  # as the column keeps it (db/io/values.py)

    def _number(self, v: RowChecks, field: str, cell, *, required: bool = False) -> Decimal | None:
        """Money of the file, rounded half up to the cent (db/io/values.to_cents, inlined: 4 million calls)."""
        if cell is None or cell == "" or (cell.__class__ is str and not cell.strip()):
            if required:
                v.fail(field, "This field is required.")
            return None
        try:
            number = parse_decimal(cell, self.decimal)
        except BadValue as exc:
            v.fail(field, exc.message, **exc.params)
            return None
        if abs(number) > MONEY_MAX:
            v.fail(field, "Must not be above {max}.", max=MONEY_MAX)
            return None
        return number.quantize(CENT, rounding=ROUND_HALF_UP)

    # --- across the rows ------------------------------------------------------
    def settle(self, planned: list[Planned]) -> None:
        self.no_duplicates(planned, self.seen)
        if not self.matchable:
            return
        keys = [p.values["external_id"] for p in planned if not p.problems]
        current: dict[str, dict] = {}
        table = Shipment.__table__
        for start in range(0, len(keys), 5000):
            for row in self.session.execute(select(table.c.id, *[table.c[c] for c in COLUMNS])
                                            .where(table.c.external_id.in_(keys[start:start + 5000]))).mappings():
                current[row["external_id"]] = dict(row)
        for p in planned:
            found = current.get(p.values["external_id"])
            if found is not None:
                p.existing = found["id"]
                if p.extra.get("due_computed") and found["payment_due_on"] is not None:
                    p.values["payment_due_on"] = found["payment_due_on"]  # the file says nothing: kept
                p.extra["changes"] = diff(found, p.values)

    def write(self, planned: list[Planned]) -> None:
        new = [p.values for p in planned if p.existing is None]
        bulk_insert(self.session, new)
        self.counts["created"] += len(new)
        updates = []
        for p in planned:
            if p.existing is None:
                continue
            changes = p.extra.get("changes")
            if changes:
                updates.append({"_id": p.existing, **{k: n for k, (_o, n) in changes.items()}})
                self.counts["updated"] += 1
            else:
                self.counts["unchanged"] += 1
        update_by_id(self.session, Shipment.__table__, updates, viewer=self.viewer, versioned=False)


def bulk_insert(session, rows: list[dict]) -> None:
    """The fastest insert each database offers, inside the session's transaction."""
    if not rows:
        return
    connection = session.connection()
    # The driver's own insert: no SQLAlchemy event sees it. The rows tell whether any is dated before
    # today (db/generation.py: "shipments_closed").
    note_written(connection, "shipments", rows=rows)
    # Whose rows: the clients' owners' and the lines' managers' partitions (db/partitions.py).
    note_rows(connection, "shipments", clients={row["client_id"] for row in rows},
              users={row["manager_id"] for row in rows})
    driver = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        names = ", ".join(COLUMNS)
        with driver.cursor() as cursor, cursor.copy(f"COPY shipments ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in COLUMNS])
        return
    cursor = driver.cursor()
    try:
        # A big page cache while the batch goes in (the indexes' pages stay in memory: half the
        # time), back to SQLite's default before the connection returns to the pool.
        cursor.execute("PRAGMA cache_size = -262144")
        cursor.executemany(f"INSERT INTO shipments ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                           map(_sqlite_row, rows))
    finally:
        cursor.execute("PRAGMA cache_size = -2000")
        cursor.close()


def _sqlite_row(r: dict) -> tuple:
    """SQLite stores Numeric as REAL and dates as ISO text: what SQLAlchemy would bind, done here at speed."""
    cost, due, paid_on = r["cost_amount"], r["payment_due_on"], r["paid_on"]
    return (r["external_id"], r["client_id"], r["product_id"], r["manager_id"], r["deal_id"],
            r["shipped_on"].isoformat(), float(r["quantity"]), float(r["amount"]),
            None if cost is None else float(cost), None if due is None else due.isoformat(),
            float(r["amount_paid"]), None if paid_on is None else paid_on.isoformat())
