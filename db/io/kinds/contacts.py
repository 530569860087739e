"""The people at the clients: the same checks as the contact form.

Matched by the file's own id, else by e-mail, else by name within the client.
"""
from __future__ import annotations

from sqlalchemy import select

from i18n import N_

from ...access import scope
from ...models import Contact, DecisionRole
from ...search import contact_search_text
from ..mapping import normalise
from . import refs
from .base import Field, Kind, Planned, Row, RowChecks, diff, fetch_by_ids, insert_returning_ids, update_by_id

ROLE_NAMES = {"лпр": "decision_maker", "decision maker": "decision_maker", "лицо принимающее решение":
              "decision_maker", "влияющий": "influencer", "influencer": "influencer", "привратник": "gatekeeper",
              "gatekeeper": "gatekeeper", "секретарь": "gatekeeper", "пользователь": "user", "user": "user"}


class Contacts(Kind):
    name = "contacts"
    label = N_("Contacts")
    entity = "contact"
    keys = ("external_id", "email", "full_name")
    fields = (
        Field("external_id", "Id in the file", aliases=("id", "код")),
        Field("client", "Client", required=True, aliases=("account", "клиент", "компания", "company")),
        Field("full_name", "Full name", required=True, aliases=("name", "contact", "фио", "контакт", "имя")),
        Field("position", "Position", aliases=("должность", "title")),
        Field("decision_role", "Role in the decision", values=True, aliases=("decision role", "роль")),
        Field("influence", "Influence (1–5)", aliases=("influence", "влияние")),
        Field("phone", "Phone"),
        Field("email", "E-mail"),
        Field("birthday", "Birthday", aliases=("день рождения", "дата рождения")),
        Field("preferences", "Preferences", aliases=("предпочтения",)),
        Field("character_notes", "Character", aliases=("характер", "notes")),
    )

    def prepare(self) -> None:
        self.clients = refs.Clients(self.session)
        self.scope = scope(self.session, self.viewer)
        rows = self.session.execute(select(Contact.id, Contact.client_id, Contact.external_id, Contact.email,
                                           Contact.full_name)).all()
        self.external = {r.external_id: (r.id, r.client_id) for r in rows if r.external_id}
        self.emails: dict[tuple, list[int]] = {}
        self.names: dict[tuple, list[int]] = {}
        for r in rows:
            if r.email:
                self.emails.setdefault((r.client_id, r.email.casefold()), []).append(r.id)
            self.names.setdefault((r.client_id, normalise(r.full_name)), []).append(r.id)

    def check(self, row: Row, v: RowChecks) -> Planned:
        raw = row.raw
        client = self.lookup(v, self.clients.find, raw.get("client"), field="client")
        if client is None and "client" not in v.errors:
            v.fail("client", "No client {value}: import the clients first, or translate the name in the mapping.",
                   value=str(raw.get("client") or "").strip())
        elif client is not None and not self.scope.allows_owner(client.owner_id):
            v.fail("client", "Client not found, or it is not among your clients.")
            client = None
        values = {"client_id": client.id if client else None,
                  "full_name": v.text("full_name", raw.get("full_name"), max_len=200, required=True)}
        if "external_id" in self.mapped:
            values["external_id"] = v.text("external_id", raw.get("external_id"), max_len=100)
        for name, max_len, multiline in (("position", 200, False), ("preferences", 5000, True),
                                         ("character_notes", 5000, True)):
            if name in self.mapped:
                values[name] = v.text(name, raw.get(name), max_len=max_len, multiline=multiline)
        if "decision_role" in self.mapped:
            role = normalise(raw.get("decision_role") or "")
            values["decision_role"] = v.choice("decision_role", ROLE_NAMES.get(role, role or None),
                                               [r.value for r in DecisionRole])
        if "influence" in self.mapped:
            values["influence"] = v.integer("influence", raw.get("influence"), minimum=1, maximum=5)
        if "phone" in self.mapped:
            values["phone"] = v.phone("phone", raw.get("phone"))
        if "email" in self.mapped:
            values["email"] = v.email("email", raw.get("email"))
        if "birthday" in self.mapped:
            values["birthday"] = v.date("birthday", raw.get("birthday"))
        existing = self._existing(v, values) if client else None
        key = self.key_value(values)
        identity = ("id", existing) if existing else (key[0], values["client_id"], normalise(str(key[1]))) \
            if key else None
        return Planned(row, values, existing=existing, identity=identity)

    def _existing(self, v: RowChecks, values: dict) -> int | None:
        key = self.key_value(values)
        if key is None:
            return None
        if key[0] == "external_id":
            found = self.external.get(key[1])
            if found and found[1] != values["client_id"] and self._not_visible(found[1]):
                v.fail("external_id", "This contact is at a client that is not among yours: the import may "
                                      "not change it.")
            return found[0] if found else None
        index = self.emails if key[0] == "email" else self.names
        matches = index.get((values["client_id"], str(key[1]).casefold() if key[0] == "email"
                             else normalise(key[1])), [])
        return matches[0] if len(matches) == 1 else None

    def _not_visible(self, old_client_id: int) -> bool:
        """A contact changing company: allowed only from a client the viewer sees."""
        old = self.clients.by_id.get(old_client_id)
        return old is None or not self.scope.allows_owner(old.owner_id)

    def settle(self, planned: list[Planned]) -> None:
        super().settle(planned)
        current = fetch_by_ids(self.session, Contact.__table__, [p.existing for p in planned if p.existing],
                               {c for p in planned for c in p.values} | {"full_name", "phone", "email"})
        for p in planned:
            if p.existing is not None:
                p.extra["current"] = current[p.existing]
                p.extra["changes"] = diff(current[p.existing], p.values)

    def write(self, planned: list[Planned]) -> None:
        new = [p for p in planned if p.existing is None]
        rows = [{**p.values, "search_text": contact_search_text(p.values.get("full_name"), p.values.get("phone"),
                                                                p.values.get("email"))} for p in new]
        for p, new_id in zip(new, insert_returning_ids(self.session, Contact.__table__, rows), strict=True):
            self.counts["created"] += 1
            self.audit("import_contact", new_id, {k: (None, x) for k, x in p.values.items() if x not in (None, "")})
        updates = []
        for p in planned:
            if p.existing is None:
                continue
            changes = p.extra.get("changes", {})
            if not changes:
                self.counts["unchanged"] += 1
                continue
            row = {"_id": p.existing, **{k: n for k, (_o, n) in changes.items()}}
            merged = {**p.extra["current"], **p.values}
            row["search_text"] = contact_search_text(merged["full_name"], merged["phone"], merged["email"])
            updates.append(row)
            self.counts["updated"] += 1
            self.audit("import_contact", p.existing, changes)
        update_by_id(self.session, Contact.__table__, updates, viewer=self.viewer)
