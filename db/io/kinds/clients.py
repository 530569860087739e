"""Clients, with their holdings: the same checks as the client form, written in bulk.

Matched by the file's own id, the INN or the name (in that order when the
mapping chooses none). A parent company may be a client already in the CRM or
a row of the same file, before or after its subsidiaries. A new client without
an owner goes to the manager the assignment rules give (db/assignment.py), else
to the unassigned queue. A head imports inside their department: clients of
other departments are refused, not changed.
"""
from __future__ import annotations

from sqlalchemy import select

from i18n import N_

from ...access import Can, can, may_assign_owner, may_own_clients, scope
from ...actions.clients import CLIENT_FIELDS, HIDDEN_INN_TWIN, client_field_values
from ...assignment import RuleBook
from ...models import Client, ClientStatus, PriceType
from ...rules import requisites
from ...rules.duplicates import TwinIndex
from ...search import client_search_text
from ..mapping import normalise
from ..reading import FileProblem
from . import refs
from .base import Field, Kind, Planned, Row, RowChecks, diff, fetch_by_ids, insert_returning_ids, update_by_id

# The client's editable fields (declared on the model) that the file gives as they are;
# references (industry, territory, parent) come by name and are looked up.
TEXT_FIELDS = tuple(spec.name for spec in CLIENT_FIELDS if spec.kind != "reference")
REF_COLUMNS = {"industry": "industry_id", "territory": "territory_id", "owner": "owner_id"}
BANK_FIELDS = ("bic", "settlement_account", "correspondent_account")
# What the accounts' check against the BIC says (db/rules/requisites.py), as against a bad value of one field.
BANK_CROSS = {requisites.NEED_BIC, requisites.SETTLEMENT_MISMATCH, requisites.CORRESPONDENT_MISMATCH}


class Clients(Kind):
    name = "clients"
    label = N_("Clients")
    entity = "client"
    ref_columns = {"industries": "industry_id", "territories": "territory_id"}
    keys = ("external_id", "inn", "name")
    fields = (
        Field("external_id", "Id in the file", aliases=("id", "код", "ид", "external id")),
        *(Field(spec.ref or spec.name, spec.label, required=spec.required, aliases=spec.aliases,
                values=spec.kind in ("choice", "reference") and spec.ref != "parent")
          for spec in CLIENT_FIELDS),
        Field("owner", "Manager", values=True, aliases=("owner", "ответственный")),
    )

    def prepare(self) -> None:
        create = self.options.get("create_missing", True)
        self.refs = {"industries": refs.industries(self.session, create),
                     "territories": refs.territories(self.session, create, self.options.get("territory_kind",
                                                                                            "region"))}
        self.clients = refs.Clients(self.session)
        self.people = refs.People(self.session)
        self.scope = scope(self.session, self.viewer)
        # A client's price type: an active common list, by name (issue 20); setting it is a pricing decision.
        self.price_types = refs.Names(self.session.execute(select(PriceType.name, PriceType.id).where(
            PriceType.active.is_(True), PriceType.client_id.is_(None))).all())
        self.may_price = can(self.viewer, Can.MANAGE_PRICES)
        self.banks = {r.id: r._asdict() for r in self.session.execute(
            select(Client.id, *(getattr(Client, f) for f in BANK_FIELDS))
            .where(Client.bic.is_not(None) | Client.settlement_account.is_not(None)
                   | Client.correspondent_account.is_not(None)))}
        self._prepare_twins()

    def check(self, row: Row, v: RowChecks) -> Planned:
        raw = row.raw
        values = {k: x for k, x in client_field_values(v, raw).items() if k in TEXT_FIELDS and k in self.mapped}
        if "external_id" in self.mapped:
            values["external_id"] = v.text("external_id", raw.get("external_id"), max_len=100)
        if "industry" in self.mapped:
            values["industry_id"] = self.lookup(v, self._ref("industries"), raw.get("industry"), field="industry")
        if "territory" in self.mapped:
            values["territory_id"] = self.lookup(v, self._ref("territories"), raw.get("territory"),
                                                 field="territory")
        if "owner" in self.mapped:
            values["owner_id"] = self._owner(v, raw.get("owner"))
        if "price_type" in self.mapped:
            values["price_type_id"] = self._price_type(v, raw.get("price_type"))
        existing = self._existing(v, values)
        self._bank_against_stored(v, values, existing)
        if values.get("inn"):
            twin = self.clients.inns.get(values["inn"])
            if twin is not None and twin != existing:
                other = self.clients.by_id[twin]
                owner = self.people.by_id.get(other.owner_id)
                if self.scope.allows_owner(other.owner_id):
                    v.fail("inn", "A client with this INN exists: {name} (manager: {owner}).", name=other.name,
                           owner=owner.full_name if owner else "—")
                else:  # as the new-client form: that it exists, not whose
                    v.fail("inn", HIDDEN_INN_TWIN)
        if existing is None and self.twins is not None:
            self._flag_twin(v, row, values)
        key = self.key_value(values)
        identity = ("id", existing) if existing else (key[0], normalise(key[1])) if key else None
        return Planned(row, values, existing=existing, identity=identity,
                       extra={"parent": str(raw.get("parent") or "").strip()} if "parent" in self.mapped else {})

    def _bank_against_stored(self, v: RowChecks, values: dict, existing: int | None) -> None:
        """A file giving some of the bank fields of a client already in the CRM (new accounts without the
        BIC column, or a new BIC alone): the accounts are checked against the BIC as they will be stored."""
        given = [f for f in BANK_FIELDS if f in self.mapped]
        if existing is None or not given or len(given) == len(BANK_FIELDS):
            return
        for field in BANK_FIELDS:
            if field in v.errors and v.errors[field][0] in BANK_CROSS:
                del v.errors[field]
        stored = self.banks.get(existing, {})
        v.bank_accounts({f: values.get(f) if f in self.mapped else stored.get(f) for f in BANK_FIELDS})

    # --- options "duplicates": "flag" (db/rules/duplicates.py) ----------------
    def _prepare_twins(self) -> None:
        """With "duplicates": "flag", a new client that looks like an active one in the CRM or an earlier
        row of the file (the same name once normalised, phone or e-mail) is rejected, not created."""
        given = self.options.get("duplicates", "create")
        if given not in ("create", "flag"):
            raise FileProblem('The mapping\'s "duplicates" is "create" (the default) or "flag".')
        self.twins: TwinIndex | None = None
        self.file_twins = TwinIndex([])
        if given == "flag":
            self.twins = TwinIndex(self.session.execute(
                select(Client.id, Client.name, Client.legal_name, Client.phone, Client.email)
                .where(Client.status == ClientStatus.ACTIVE)))

    def _flag_twin(self, v: RowChecks, row: Row, values: dict) -> None:
        assert self.twins is not None
        keys = {k: values.get(k) for k in ("name", "legal_name", "phone", "email")}
        found = self.twins.find(**keys)
        if found is not None:
            other = self.clients.by_id[found[0]]
            owner = self.people.by_id.get(other.owner_id)
            if self.scope.allows_owner(other.owner_id):
                v.fail("name", "Looks like the client {name} (manager: {owner}): not created. Merge them on the "
                               "Duplicates page, or import it as that client.", name=other.name,
                       owner=owner.full_name if owner else "—")
            else:  # as the new-client form: that it exists, not whose
                v.fail("name", "Looks like a client among those you cannot see: not created. Ask your head or "
                               "the director who works with it.")
            return
        earlier = self.file_twins.find(**keys)
        if earlier is not None:
            v.fail("name", "Looks like the client of row {row}: not created.", row=earlier[0])
            return
        self.file_twins.add(row.number, **keys)

    def _ref(self, name: str):
        return lambda value, field: self.refs[name].find(value)

    def _price_type(self, v: RowChecks, value) -> int | None:
        name = str(value or "").strip()
        if not name:
            return None
        found = self.lookup(v, self.price_types.one, name, field="price_type")
        if found is None:
            v.fail("price_type", "No active price list is called {value}.", value=name)
        elif not self.may_price:
            v.fail("price_type", "Only a head or the director sets a client's price type.")
        return found

    def _owner(self, v: RowChecks, value) -> int | None:
        person = self.lookup(v, self.people.require, value, field="owner")
        if person is None:
            return None
        if not may_own_clients(person):
            v.fail("owner", "The owner must be an active manager or head.")
        elif not may_assign_owner(self.session, self.viewer, person.id):
            v.fail("owner", "You may not give a client to this manager.")
        return person.id

    def _existing(self, v: RowChecks, values: dict) -> int | None:
        found = self.key_value(values)
        if found is None:
            return None
        key, value = found
        if key == "external_id":
            existing = self.clients.external.get(value)
        elif key == "inn":
            existing = self.clients.inns.get(value)
        else:
            existing = self.lookup(v, lambda x, field: self.clients.names.one(x, field=field), value, field="name")
        if existing is not None and not self.scope.allows_owner(self.clients.by_id[existing].owner_id):
            v.fail(key, "This client is not among yours: the import may not change it.")
        return existing

    # --- across the rows ------------------------------------------------------
    def settle(self, planned: list[Planned]) -> None:
        super().settle(planned)
        seen_inn: dict[str, int] = {}
        for p in planned:
            inn = p.values.get("inn")
            if inn and not p.problems:
                first = seen_inn.setdefault(inn, p.row.number)
                if first != p.row.number:
                    p.reject("The same INN as row {row}.", field="inn", row=first)
        self._parents(planned)
        current = fetch_by_ids(self.session, Client.__table__, [p.existing for p in planned if p.existing],
                               [*{c for p in planned for c in p.values}, "parent_id"])
        for p in planned:
            if p.existing is not None:
                changes = diff(current[p.existing], p.values)
                parent = p.extra.get("parent_id")
                if "parent" in p.extra and (parent != current[p.existing]["parent_id"] or
                                            p.extra.get("parent_row") is not None):
                    changes["parent_id"] = (current[p.existing]["parent_id"], parent)
                p.extra["changes"] = changes

    def _parents(self, planned: list[Planned]) -> None:
        """Find each row's parent in the file or among the clients; refuse circles and orphans."""
        in_file: dict[tuple, Planned] = {}
        for p in planned:
            for key in ("external_id", "inn"):
                if p.values.get(key):
                    in_file.setdefault((key, p.values[key]), p)
            if p.values.get("name"):
                in_file.setdefault(("name", normalise(p.values["name"])), p)
        for p in planned:
            text = p.extra.get("parent")
            if not text or p.problems:
                continue
            row = (in_file.get(("external_id", text)) or in_file.get(("inn", text))
                   or in_file.get(("name", normalise(text))))
            if row is not None and row.existing is None:
                p.extra["parent_row"] = row
                continue
            try:
                ref = self.clients.find(text, field="parent") if row is None else self.clients.by_id[row.existing]
            except refs.Reject as exc:
                p.problems.extend(exc.reasons)
                continue
            if ref is None or not self.scope.allows_owner(ref.owner_id):
                p.reject("No parent client {value} among your clients or in the file.", field="parent", value=text)
            elif ref.id == p.existing:
                p.reject("A client cannot be its own parent.", field="parent")
            else:
                p.extra["parent_id"] = ref.id
        self._no_circles(planned)

    def _no_circles(self, planned: list[Planned]) -> None:
        changed = True
        while changed:  # a rejected parent row takes its subsidiaries with it
            changed = False
            for p in planned:
                parent_row = p.extra.get("parent_row")
                if parent_row is not None and parent_row.problems and not p.problems:
                    p.reject("The parent company's row {row} was rejected.", field="parent",
                             row=parent_row.row.number)
                    changed = True
        for p in planned:
            if p.problems or not p.extra.get("parent") or p.existing is None:
                continue
            seen, current = {p.existing}, p.extra.get("parent_id")
            while current is not None:
                if current in seen:
                    p.reject("This would make the holding a circle: the chosen parent belongs to this client.",
                             field="parent")
                    break
                seen.add(current)
                current = self.clients.parents.get(current)

    # --- writing ----------------------------------------------------------------
    def write(self, planned: list[Planned]) -> None:
        self.create_refs(planned)
        for p in planned:
            for ref, column in (("industries", "industry_id"), ("territories", "territory_id")):
                if column in p.values:
                    p.values[column] = self.refs[ref].id_of(p.values[column])
                if column in p.extra.get("changes", {}):
                    old, _new = p.extra["changes"][column]
                    p.extra["changes"][column] = (old, p.values[column])
        new = [p for p in planned if p.existing is None]
        rules = RuleBook(self.session) if any(not p.values.get("owner_id") for p in new) else None
        rows = []
        for p in new:
            if not p.values.get("owner_id") and rules is not None:
                owner = rules.owner(p.values.get("territory_id"), p.values.get("industry_id"))
                p.values["owner_id"] = owner if may_assign_owner(self.session, self.viewer, owner) else None
            rows.append({**p.values, "created_by_id": self.viewer.user_id,
                         "search_text": client_search_text(p.values.get("name"), p.values.get("legal_name"),
                                                           p.values.get("inn"))})
        for p, new_id in zip(new, insert_returning_ids(self.session, Client.__table__, rows), strict=True):
            p.existing = new_id
            self.counts["created"] += 1
            self.audit("import_client", new_id, {k: (None, x) for k, x in p.values.items() if x not in (None, "")})
        self._write_updates([p for p in planned if p not in new])
        self._link_parents(planned, new)

    def _write_updates(self, planned: list[Planned]) -> None:
        updates = []
        for p in planned:
            changes = {k: c for k, c in p.extra.get("changes", {}).items() if k != "parent_id"}
            if not changes:
                if "parent_id" not in p.extra.get("changes", {}):
                    self.counts["unchanged"] += 1
                continue
            client_id = p.existing
            assert client_id is not None  # only clients that exist are updated
            row = {"_id": client_id, **{k: new for k, (_old, new) in changes.items()}}
            if {"name", "legal_name", "inn"} & set(changes):
                merged = {**fetch_by_ids(self.session, Client.__table__, [client_id],
                                         ["name", "legal_name", "inn"])[client_id], **p.values}
                row["search_text"] = client_search_text(merged["name"], merged["legal_name"], merged["inn"])
            updates.append(row)
            self.counts["updated"] += 1
            self.audit("import_client", client_id, changes)
        update_by_id(self.session, Client.__table__, updates, viewer=self.viewer)

    def _link_parents(self, planned: list[Planned], new: list[Planned]) -> None:
        links = []
        for p in planned:
            if "parent" not in p.extra:
                continue
            parent_row = p.extra.get("parent_row")
            parent_id = parent_row.existing if parent_row is not None else p.extra.get("parent_id")
            change = p.extra.get("changes", {}).get("parent_id")
            if p in new:
                if parent_id is not None:
                    links.append({"_id": p.existing, "parent_id": parent_id})
            elif change is not None:
                links.append({"_id": p.existing, "parent_id": parent_id})
                if len(p.extra["changes"]) == 1:
                    self.counts["updated"] += 1
                self.audit("import_client", p.existing, {"parent_id": (change[0], parent_id)})
        update_by_id(self.session, Client.__table__, links, viewer=self.viewer, versioned=False)
