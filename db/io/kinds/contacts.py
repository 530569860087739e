"""The people at the clients: the same checks as the contact form.

Matched by the file's own id, else by e-mail, else by name within the client.
Who reports to whom (a decision map): the column "reports_to" names another
contact of the same client by its id in the file, e-mail or full name, in the
CRM or in a row of the same file (before or after); circles are refused.
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


NO_BOSS = N_("No contact {value} at this client: the one a person reports to is a contact of the same client, "
             "named by its id, e-mail or full name.")
SEVERAL_BOSSES = N_("Several contacts of this client answer to {value}: name the one by its id or e-mail.")
BOSS_ROW_REJECTED = N_("The contact this person reports to (row {row}) was rejected.")


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
        Field("reports_to", "Reports to", aliases=("reports to", "подчиняется", "руководитель", "начальник")),
    )

    def prepare(self) -> None:
        self.clients = refs.Clients(self.session)
        self.scope = scope(self.session, self.viewer)
        rows = self.session.execute(select(Contact.id, Contact.client_id, Contact.external_id, Contact.email,
                                           Contact.full_name, Contact.reports_to_id)).all()
        self.bosses = {r.id: r.reports_to_id for r in rows}
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
        planned = Planned(row, values, existing=existing, identity=identity)
        if "reports_to" in self.mapped:
            planned.extra["reports_to"] = str(raw.get("reports_to") or "").strip()
        return planned

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
        self._bosses(planned)
        current = fetch_by_ids(self.session, Contact.__table__, [p.existing for p in planned if p.existing],
                               {c for p in planned for c in p.values} | {"full_name", "phone", "email",
                                                                         "reports_to_id"})
        for p in planned:
            if p.existing is not None:
                p.extra["current"] = current[p.existing]
                p.extra["changes"] = diff(current[p.existing], p.values)
                if p.extra.get("boss_row") is not None:  # a contact this file adds: its id comes in write()
                    p.extra["changes"]["reports_to_id"] = (current[p.existing]["reports_to_id"], None)

    # --- who reports to whom ------------------------------------------------------
    def _bosses(self, planned: list[Planned]) -> None:
        """Each row's boss: a row of the file (by id, e-mail or name at the same client), else a contact in
        the CRM; `reports_to_id` set (None for an empty cell), or `boss_row` for a contact the file adds."""
        in_file: dict[tuple, list[Planned]] = {}
        for p in planned:
            if p.problems:
                continue
            client, values = p.values["client_id"], p.values
            if values.get("external_id"):
                in_file.setdefault(("external_id", values["external_id"]), []).append(p)
            if values.get("email"):
                in_file.setdefault((client, "email", values["email"].casefold()), []).append(p)
            if values.get("full_name"):
                in_file.setdefault((client, "name", normalise(values["full_name"])), []).append(p)
        for p in planned:
            if "reports_to" not in p.extra or p.problems:
                continue
            text, client = p.extra["reports_to"], p.values["client_id"]
            if not text:
                p.values["reports_to_id"] = None
                continue
            rows = in_file.get(("external_id", text)) or in_file.get((client, "email", text.casefold())) \
                or in_file.get((client, "name", normalise(text))) or []
            rows = [r for r in rows if r.values["client_id"] == client]
            if len(rows) > 1:
                p.reject(SEVERAL_BOSSES, field="reports_to", value=text)
                continue
            if rows and rows[0] is p:
                p.reject("A person cannot report to themselves.", field="reports_to")
            elif rows and rows[0].existing is None:
                p.extra["boss_row"] = rows[0]
                p.values["reports_to_id"] = None  # linked once the boss is in (write); every row has the column
            elif rows:
                p.values["reports_to_id"] = rows[0].existing
            else:
                found = self._boss_in_crm(text, client)
                if found is None:
                    p.reject(NO_BOSS, field="reports_to", value=text)
                elif len(found) > 1:
                    p.reject(SEVERAL_BOSSES, field="reports_to", value=text)
                elif found[0] == p.existing:
                    p.reject("A person cannot report to themselves.", field="reports_to")
                else:
                    p.values["reports_to_id"] = found[0]
        self._no_circles(planned)

    def _boss_in_crm(self, text: str, client: int) -> list[int] | None:
        by_id = self.external.get(text)
        if by_id is not None and by_id[1] == client:
            return [by_id[0]]
        return self.emails.get((client, text.casefold())) or self.names.get((client, normalise(text))) or None

    def _no_circles(self, planned: list[Planned]) -> None:
        changed = True
        while changed:  # a rejected boss row takes the rows reporting to it along
            changed = False
            for p in planned:
                boss_row = p.extra.get("boss_row")
                if boss_row is not None and boss_row.problems and not p.problems:
                    p.reject(BOSS_ROW_REJECTED, field="reports_to", row=boss_row.row.number)
                    changed = True
        by_existing = {p.existing: p for p in planned if p.existing is not None and "reports_to" in p.extra}

        def up(node):  # the next one up the reporting line: a row of the file or a contact's id
            if isinstance(node, Planned):
                if "reports_to" not in node.extra:
                    return self.bosses.get(node.existing) if node.existing is not None else None
                boss_row = node.extra.get("boss_row")
                return boss_row if boss_row is not None else node.values.get("reports_to_id")
            row = by_existing.get(node)
            return up(row) if row is not None else self.bosses.get(node)

        for p in planned:
            if p.problems or "reports_to" not in p.extra:
                continue
            seen: set = set()
            node = up(p)
            while node is not None and (key := ("row", id(node)) if isinstance(node, Planned) else node) not in seen:
                if node is p or (p.existing is not None and node == p.existing):
                    p.reject("This would make a circle: that person reports to this one.", field="reports_to")
                    break
                seen.add(key)
                node = up(node)

    def write(self, planned: list[Planned]) -> None:
        new = [p for p in planned if p.existing is None]
        rows = [{**p.values, "search_text": contact_search_text(p.values.get("full_name"), p.values.get("phone"),
                                                                p.values.get("email"))} for p in new]
        for p, new_id in zip(new, insert_returning_ids(self.session, Contact.__table__, rows), strict=True):
            p.existing = new_id
            p.extra["new"] = True
            self.counts["created"] += 1
            self.audit("import_contact", new_id, {k: (None, x) for k, x in p.values.items() if x not in (None, "")})
            p.extra["audit"] = self.audits[-1]
        links = []
        for p in planned:
            boss_row = p.extra.get("boss_row")
            if boss_row is None:
                continue
            p.values["reports_to_id"] = boss_row.existing
            if p.extra.get("new"):
                links.append({"_id": p.existing, "reports_to_id": boss_row.existing})
                p.extra["audit"]["changes"]["reports_to_id"] = [None, boss_row.existing]
            else:
                p.extra["changes"]["reports_to_id"] = (p.extra["changes"]["reports_to_id"][0], boss_row.existing)
        update_by_id(self.session, Contact.__table__, links, viewer=self.viewer, versioned=False)
        updates = []
        for p in planned:
            if p.extra.get("new"):
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
