"""Users and departments (administrator): a team list becomes people, departments and heads.

A users file may name each person's department and the head of it ("manager"
in a sales-team list): departments are added as they appear, and a head named
only there becomes a head user of that department. New users get a login made
from the name (Иван Петров → ivan.petrov) and no usable password: the
administrator sets one on the Users page before they can sign in.
"""
from __future__ import annotations

import re
import secrets

from i18n import N_

from ...access import (
    Can,
    all_roles,
    default_role,
    head_role,
    may_head_imported_department,
    needs_department,
    role_can,
)
from ...actions.users import _LOGIN, LANGUAGES
from ...models import Department, Role, User
from ..mapping import normalise
from . import refs
from .base import Field, Kind, Planned, Row, RowChecks, diff, fetch_by_ids, insert_returning_ids, update_by_id

_TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                     ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
                      "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"], strict=True))
ROLE_NAMES = {"manager": Role.MANAGER, "менеджер": Role.MANAGER, "sales agent": Role.MANAGER,
              "head": Role.HEAD, "руководитель": Role.HEAD, "head of sales": Role.HEAD,
              "руководитель отдела продаж": Role.HEAD, "director": Role.DIRECTOR, "директор": Role.DIRECTOR,
              "admin": Role.ADMIN, "administrator": Role.ADMIN, "администратор": Role.ADMIN}


def unusable_password() -> str:
    """Not a bcrypt hash: no password matches it until the administrator sets one."""
    return "!imported-" + secrets.token_hex(8)


def login_from(name: str) -> str:
    words = ["".join(_TRANSLIT.get(ch, ch) for ch in word) for word in name.casefold().split()]
    login = ".".join(re.sub(r"[^a-z0-9-]", "", w) for w in words if w).strip(".-")
    return (login or "user")[:50]


class Users(Kind):
    name = "users"
    label = N_("Users")
    entity = "user"
    ref_columns = {"departments": "department_id"}
    keys = ("login", "email", "full_name")
    capability = Can.MANAGE_USERS
    fields = (
        Field("login", "Login", aliases=("логин", "username", "user")),
        Field("full_name", "Full name", required=True, aliases=("name", "фио", "имя", "sales agent", "сотрудник")),
        Field("role", "Role", values=True, aliases=("роль", "должность")),
        Field("department", "Department", values=True, aliases=("отдел", "team", "regional office", "office")),
        Field("department_head", "Head of the department", values=True,
              aliases=("head", "manager", "руководитель", "начальник")),
        Field("email", "E-mail"),
        Field("phone", "Phone"),
        Field("hired_on", "Hired on", aliases=("дата приема", "hired")),
        Field("language", "Language", aliases=("язык",)),
    )

    def prepare(self) -> None:
        self.refs = {"departments": refs.departments(self.session, self.options.get("create_missing", True))}
        self.people = refs.People(self.session)
        self.taken = set(self.people.logins)
        self.heads = dict(self.session.execute(Department.__table__.select()
                                               .with_only_columns(Department.id, Department.head_id)).all())
        self.new_heads: dict[str, dict] = {}  # normalised name -> {"full_name", "department"}

    def check(self, row: Row, v: RowChecks) -> Planned:
        raw = row.raw
        values: dict[str, object] = {
            "full_name": v.text("full_name", raw.get("full_name"), max_len=200, required=True)}
        if "login" in self.mapped:
            login = v.text("login", raw.get("login"), max_len=60)
            if login and not _LOGIN.match(login.lower()):
                v.fail("login", "A login is 2–60 latin letters, digits, dots, dashes or underscores.")
            values["login"] = login.lower() if login else None
        chosen_role: Role | str | None = None
        if "role" in self.mapped:
            role = raw.get("role")
            chosen_role = ROLE_NAMES.get(normalise(role or ""), normalise(role or "") or None)
            values["role"] = chosen_role
            v.choice("role", chosen_role, [r.value for r in all_roles()])
        for name, check in (("email", v.email), ("phone", v.phone)):
            if name in self.mapped:
                values[name] = check(name, raw.get(name))
        if "hired_on" in self.mapped:
            values["hired_on"] = v.date("hired_on", raw.get("hired_on"))
        if "language" in self.mapped:
            values["language"] = v.choice("language", (raw.get("language") or "").strip().lower() or None, LANGUAGES)
        if "department" in self.mapped:
            values["department_id"] = self.lookup(v, lambda x, field: self.refs["departments"].find(x),
                                                  raw.get("department"), field="department")
        existing = self._existing(v, values)
        person = self.people.by_id.get(existing)
        role = chosen_role or (person.role if person else default_role().value)
        if person and role_can(person.role, Can.MANAGE_USERS) and not role_can(role, Can.MANAGE_USERS):
            v.fail("role", "An administrator's role is changed on the Users page, not by an import.")
        dept = values.get("department_id", person.department_id if person else None)
        if needs_department(role) and dept is None:
            v.fail("department", "Managers and heads belong to a department.")
        planned = Planned(row, values, existing=existing, identity=("id", existing) if existing else
                          ("name", normalise(values["full_name"] or "")))
        if "department_head" in self.mapped and str(raw.get("department_head") or "").strip():
            self._head(v, planned, str(raw["department_head"]).strip(), dept)
        return planned

    def _existing(self, v: RowChecks, values: dict) -> int | None:
        key = self.key_value(values)
        if key is None:
            return None
        if key[0] == "login":
            return self.people.logins.get(str(key[1]).casefold())
        if key[0] == "email":
            return self.lookup(v, self.people.emails.one, key[1], field="email")
        return self.lookup(v, self.people.names.one, key[1], field="full_name")

    def _head(self, v: RowChecks, planned: Planned, name: str, dept) -> None:
        """The department's head: an existing user, or one this import adds."""
        if dept is None:
            return
        person = self.lookup(v, self.people.find, name, field="department_head")
        head_id = self.heads.get(dept) if isinstance(dept, int) else None
        if person is not None:
            if head_id not in (None, person.id):
                v.fail("department_head", "The department is headed by someone else already.")
            planned.extra["head_id"] = person.id
            return
        if head_id is not None:
            v.fail("department_head", "The department is headed by someone else already.")
            return
        first = self.new_heads.setdefault(normalise(name), {"full_name": name, "department": dept})
        if first["department"] != dept:
            v.fail("department_head", "A head leads one department: {name} already heads another.", name=name)
        planned.extra["new_head"] = normalise(name)

    def settle(self, planned: list[Planned]) -> None:
        super().settle(planned)
        current = fetch_by_ids(self.session, User.__table__, [p.existing for p in planned if p.existing],
                               {c for p in planned for c in p.values})
        for p in planned:
            if p.existing is not None:
                p.extra["changes"] = diff(current[p.existing], p.values)
        # A head named in a row of the same file is that row's user, not a new one.
        rows_by_name = {normalise(p.values["full_name"]): p for p in planned
                        if p.existing is None and not p.problems and p.values.get("full_name")}
        for p in planned:
            new_head = p.extra.get("new_head")
            row = rows_by_name.get(new_head) if new_head is not None else None
            if row is not None:
                p.extra["head_row"] = row
                del p.extra["new_head"]

    def count_plan(self, planned: list[Planned]) -> None:
        super().count_plan(planned)
        self.counts["heads_added"] = len({p.extra["new_head"] for p in planned if "new_head" in p.extra})

    def write(self, planned: list[Planned]) -> None:
        self.create_refs(planned)
        depts = self.refs["departments"]
        for p in planned:
            if "department_id" in p.values:
                p.values["department_id"] = depts.id_of(p.values["department_id"])
                if "department_id" in p.extra.get("changes", {}):
                    p.extra["changes"]["department_id"] = (p.extra["changes"]["department_id"][0],
                                                           p.values["department_id"])
        head_ids = self._add_heads(planned)
        new = [p for p in planned if p.existing is None]
        rows = []
        for p in new:
            p.values["login"] = self._free_login(p.values.get("login") or login_from(p.values["full_name"]))
            p.values["role"] = p.values.get("role") or default_role().value
            rows.append({**p.values, "password_hash": unusable_password()})
        for p, new_id in zip(new, insert_returning_ids(self.session, User.__table__, rows), strict=True):
            p.existing = new_id
            self.counts["created"] += 1
            self.audit("import_user", new_id, {k: (None, x) for k, x in p.values.items() if x not in (None, "")})
        updates = []
        for p in planned:
            if p in new:
                continue
            changes = p.extra.get("changes", {})
            if changes:
                updates.append({"_id": p.existing, **{k: new for k, (_old, new) in changes.items()}})
                self.counts["updated"] += 1
                self.audit("import_user", p.existing, changes)
            else:
                self.counts["unchanged"] += 1
        update_by_id(self.session, User.__table__, updates, viewer=self.viewer)
        self._set_heads(planned, head_ids)

    def _free_login(self, login: str) -> str:
        candidate, n = login, 2
        while candidate.casefold() in self.taken:
            candidate, n = f"{login}{n}", n + 1
        self.taken.add(candidate.casefold())
        return candidate

    def _add_heads(self, planned: list[Planned]) -> dict[str, int]:
        depts = self.refs["departments"]
        wanted = {p.extra["new_head"] for p in planned if "new_head" in p.extra}
        rows, names = [], []
        for key in sorted(wanted):
            head = self.new_heads[key]
            names.append(key)
            rows.append({"login": self._free_login(login_from(head["full_name"])), "full_name": head["full_name"],
                         "role": head_role().value, "department_id": depts.id_of(head["department"]),
                         "password_hash": unusable_password()})
        ids = dict(zip(names, insert_returning_ids(self.session, User.__table__, rows), strict=True))
        for key, new_id in ids.items():
            self.audit("import_user", new_id, {"full_name": (None, self.new_heads[key]["full_name"]),
                                               "role": (None, head_role().value)})
        self.counts["heads_added"] = len(ids)
        return ids

    def _set_heads(self, planned: list[Planned], head_ids: dict[str, int]) -> None:
        links = {}
        for p in planned:
            head_row = p.extra.get("head_row")
            new_head = p.extra.get("new_head")
            head = ((head_ids.get(new_head) if new_head is not None else None) or p.extra.get("head_id")
                    or (head_row.existing if head_row is not None else None))
            dept = p.values.get("department_id")
            if head and dept and self.heads.get(dept) != head:
                links[dept] = head
        update_by_id(self.session, Department.__table__, [{"_id": d, "head_id": h} for d, h in links.items()],
                     viewer=self.viewer)
        for dept, head in links.items():
            self.heads[dept] = head
            self.audit("import_department_head", dept, {"head_id": (None, head)}, entity="department")


class Departments(Kind):
    name = "departments"
    label = N_("Departments")
    entity = "department"
    keys = ("name",)
    capability = Can.MANAGE_USERS
    fields = (
        Field("name", "Name", required=True, aliases=("department", "отдел", "название")),
        Field("head", "Head", values=True, aliases=("руководитель", "manager", "начальник")),
        Field("active", "Active", aliases=("активен",)),
    )

    def prepare(self) -> None:
        self.people = refs.People(self.session)
        self.names = refs.Names(self.session.execute(Department.__table__.select()
                                                     .with_only_columns(Department.name, Department.id)).all())

    def check(self, row: Row, v: RowChecks) -> Planned:
        raw = row.raw
        values: dict[str, object] = {"name": v.text("name", raw.get("name"), max_len=200, required=True)}
        if "head" in self.mapped:
            person = self.lookup(v, self.people.require, raw.get("head"), field="head")
            if person is not None and not may_head_imported_department(person.role):
                v.fail("head", "The head of a department must have the head role.")
            values["head_id"] = person.id if person else None
        if "active" in self.mapped:
            active = v.boolean("active", raw.get("active"))
            values["active"] = True if active is None else active
        existing = self.lookup(v, self.names.one, values["name"], field="name") if values["name"] else None
        return Planned(row, values, existing=existing, identity=("name", normalise(values["name"] or "")))

    def settle(self, planned: list[Planned]) -> None:
        super().settle(planned)
        current = fetch_by_ids(self.session, Department.__table__, [p.existing for p in planned if p.existing],
                               {c for p in planned for c in p.values})
        for p in planned:
            if p.existing is not None:
                p.extra["changes"] = diff(current[p.existing], p.values)

    def write(self, planned: list[Planned]) -> None:
        new = [p for p in planned if p.existing is None]
        for p, new_id in zip(new, insert_returning_ids(self.session, Department.__table__, [p.values for p in new]),
                             strict=True):
            self.counts["created"] += 1
            self.audit("import_department", new_id, {k: (None, x) for k, x in p.values.items() if x is not None})
        updates = []
        for p in planned:
            if p in new:
                continue
            changes = p.extra.get("changes", {})
            if changes:
                updates.append({"_id": p.existing, **{k: n for k, (_o, n) in changes.items()}})
                self.counts["updated"] += 1
                self.audit("import_department", p.existing, changes)
            else:
                self.counts["unchanged"] += 1
        update_by_id(self.session, Department.__table__, updates, viewer=self.viewer)
