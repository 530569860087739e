"""Finding what a cell names: clients, people, products, stages and the reference lists.

Loaded once per pass into dictionaries, so a million rows cost a million
dictionary lookups, not a million queries. Names compare case-folded (ё as е);
a name that fits several records is refused rather than guessed.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from i18n import N_

from ...defaults import STAGES
from ...models import Client, Deal, Department, Industry, PipelineStage, Product, ProductGroup, Territory, User
from ..mapping import normalise
from .base import Reject


def _text(value) -> str:
    return "" if value is None else str(value).strip()


class Names:
    """normalised name → ids."""

    def __init__(self, pairs: Iterable = ()) -> None:  # (name, id) pairs
        self.ids: dict[str, list] = defaultdict(list)
        for name, id_ in pairs:
            if name:
                self.ids[normalise(name)].append(id_)

    def add(self, name: str, id_) -> None:
        self.ids[normalise(name)].append(id_)

    def one(self, name: str, *, field: str):
        """The one id called `name`, None if none; refuses a name several records share."""
        found = self.ids.get(normalise(name), [])
        if len(found) > 1:
            raise Reject("Several records are called {value}: the file must tell them apart (by an id, "
                         "an INN or a login).", field=field, value=name)
        return found[0] if found else None


class RefList:
    """A reference list (industries, territories, product groups, departments): a name
    finds its id; an unknown name is created by the import when `create` is on."""

    def __init__(self, session: Session, model, *, field: str, create: bool, missing: str, **new_values):
        self.session, self.model, self.field, self.create, self.missing = session, model, field, create, missing
        self.new_values = new_values
        self.names = Names(session.execute(select(model.name, model.id)).all())
        self.pending: dict[str, str] = {}  # normalised -> the name as first written

    def find(self, value) -> int | str | None:
        """The id, or the name (str) of a record this import will add, or None for an empty cell."""
        name = _text(value)
        if not name:
            return None
        found = self.names.one(name, field=self.field)
        if found is not None:
            return found
        if not self.create:
            raise Reject(self.missing, field=self.field, value=name)
        if len(name) > 200:
            raise Reject("Too long: at most {max} characters (now {n}).", field=self.field, max=200, n=len(name))
        return self.pending.setdefault(normalise(name), name)

    def create_pending(self, only: set[str]) -> dict[str, int]:
        """Insert the names (normalised, of `pending`) the good rows use; returns {name: new id}."""
        created = {}
        for key in [k for k in self.pending if k in only]:
            name = self.pending.pop(key)
            new_id: int = self.session.execute(insert(self.model.__table__).values(name=name, **self.new_values)
                                          .returning(self.model.__table__.c.id)).scalar_one()
            created[name] = new_id
            self.names.add(name, new_id)
        return created

    def id_of(self, value) -> int | None:
        """After `create_pending`: the id for a value `find` returned."""
        if value is None or isinstance(value, int):
            return value
        return self.names.one(value, field=self.field)


def industries(session: Session, create: bool) -> RefList:
    return RefList(session, Industry, field="industry", create=create,
                   missing=N_("No industry called {value}. Add it first, or translate the value in the mapping."))


def territories(session: Session, create: bool, kind: str = "region") -> RefList:
    return RefList(session, Territory, field="territory", create=create, kind=kind,
                   missing=N_("No territory called {value}. Add it first, or translate the value in the mapping."))


def product_groups(session: Session, create: bool) -> RefList:
    return RefList(session, ProductGroup, field="group", create=create,
                   missing=N_("No product group called {value}. Add it first, or translate the value in the mapping."))


def departments(session: Session, create: bool) -> RefList:
    return RefList(session, Department, field="department", create=create,
                   missing=N_("No department called {value}. Add it first, or translate the value in the mapping."))


@dataclass(frozen=True)
class Person:
    id: int
    login: str
    full_name: str
    role: str
    active: bool
    department_id: int | None


class People:
    """Users by login, full name or e-mail (files name people every way)."""

    def __init__(self, session: Session):
        rows = session.execute(select(User.id, User.login, User.full_name, User.role, User.active,
                                      User.department_id, User.email)).all()
        self.by_id = {r.id: Person(r.id, r.login, r.full_name, r.role, r.active, r.department_id) for r in rows}
        self.logins = {r.login.casefold(): r.id for r in rows}
        self.names = Names((r.full_name, r.id) for r in rows)
        self.emails = Names((r.email, r.id) for r in rows if r.email)

    def find(self, value, *, field: str) -> Person | None:
        text = _text(value)
        if not text:
            return None
        found = self.logins.get(text.casefold())
        if found is None:
            found = self.names.one(text, field=field)
        if found is None and "@" in text:
            found = self.emails.one(text, field=field)
        return self.by_id.get(found) if found is not None else None

    def require(self, value, *, field: str) -> Person | None:
        person = self.find(value, field=field)
        if person is None and _text(value):
            raise Reject("No user called {value}: import the users first, or translate the name in the mapping.",
                         field=field, value=_text(value))
        return person

    def add(self, person: Person, email: str | None = None) -> None:
        self.by_id[person.id] = person
        self.logins[person.login.casefold()] = person.id
        self.names.add(person.full_name, person.id)
        if email:
            self.emails.add(email, person.id)


@dataclass
class ClientRef:
    id: int
    owner_id: int | None
    name: str
    payment_deferral_days: int = 0


class Clients:
    """Clients by their id in the file (external id), INN or name.

    The lookups by name and the holding's parents are built on first use: a feed of the day's
    shipments names its clients by INN, and normalising 20,000 names for three lines cost the
    other people's pages a third of a second of the server's time (issue 19)."""

    def __init__(self, session: Session):
        self._rows = session.execute(select(Client.id, Client.external_id, Client.inn, Client.name, Client.owner_id,
                                            Client.parent_id, Client.payment_deferral_days)).all()
        self.external = {r.external_id: r.id for r in self._rows if r.external_id}
        self.inns = {r.inn: r.id for r in self._rows if r.inn}

    @cached_property
    def by_id(self) -> dict[Any, ClientRef]:  # keyed by the rows' ids (callers index with Optional ids)
        return {r.id: ClientRef(r.id, r.owner_id, r.name, r.payment_deferral_days or 0) for r in self._rows}

    @cached_property
    def parents(self) -> dict[Any, Any]:
        return {r.id: r.parent_id for r in self._rows}

    @cached_property
    def names(self) -> Names:
        return Names((r.name, r.id) for r in self._rows)

    def find(self, value, *, field: str) -> ClientRef | None:
        text = _text(value)
        if not text:
            return None
        found = self.external.get(text)
        if found is None and text.isdigit():
            found = self.inns.get(text)
        if found is None:
            found = self.names.one(text, field=field)
        return self.by_id.get(found) if found is not None else None


class Products:
    def __init__(self, session: Session):
        rows = session.execute(select(Product.id, Product.sku, Product.name, Product.price)).all()
        self.prices = {r.id: r.price for r in rows}
        self.skus = {r.sku.casefold(): r.id for r in rows}
        self.names = Names((r.name, r.id) for r in rows)
        self.names_by_id = {r.id: r.name for r in rows}

    def find(self, value, *, field: str) -> int | None:
        text = _text(value)
        if not text:
            return None
        found = self.skus.get(text.casefold())
        if found is None:
            found = self.names.one(text, field=field)
        if found is None:
            raise Reject("No product {value} in the catalogue: import the products first, or translate the "
                         "name in the mapping.", field=field, value=text)
        return found


@dataclass(frozen=True)
class StageRef:
    id: int
    name: str
    position: int
    probability: int
    is_won: bool
    is_lost: bool

    @property
    def state(self) -> str:
        return "won" if self.is_won else "lost" if self.is_lost else "open"


class Stages:
    """Our stages by name; the default stages answer to their Russian and English names both,
    so a mapping written for one language works on a database set up in the other."""

    def __init__(self, session: Session):
        rows = session.execute(select(PipelineStage).where(PipelineStage.active.is_(True))
                               .order_by(PipelineStage.position)).scalars().all()
        self.all = [StageRef(s.id, s.name, s.position, s.default_probability, s.is_won, s.is_lost) for s in rows]
        self.names = Names((s.name, s) for s in self.all)
        for (ru, en), *_ in STAGES:
            for name, other in ((ru, en), (en, ru)):
                if normalise(name) not in self.names.ids and normalise(other) in self.names.ids:
                    self.names.ids[normalise(name)] = self.names.ids[normalise(other)]

    def find(self, value, *, field: str = "stage") -> StageRef:
        text = _text(value)
        found = self.names.one(text, field=field) if text else None
        if found is None:
            raise Reject("No stage {value} in the funnel: translate it to one of ours in the mapping.",
                         field=field, value=text)
        return found

    def first_open(self) -> StageRef | None:
        return next((s for s in self.all if s.state == "open"), None)


class Deals:
    """Deals by their id in the file (only those that have one)."""

    def __init__(self, session: Session):
        self.external = {r.external_id: (r.id, r.client_id) for r in session.execute(
            select(Deal.external_id, Deal.id, Deal.client_id).where(Deal.external_id.is_not(None)))}
