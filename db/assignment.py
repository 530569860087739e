"""Which manager a client goes to by the assignment rules — the precedence in one place.

A rule (territory, industry) → manager matches a client when its territory is the
client's territory or one above it (a region's rule covers its cities and districts)
and its industry is the client's; an empty side means "any". Of the matching rules
the most specific wins:

  1. territory and industry, the deepest territory first (city › region › country);
  2. territory only, the deepest territory first;
  3. industry only.

So for a construction client in Moscow's ЦАО: (ЦАО, construction) beats
(Moscow, construction), which beats (ЦАО, any), which beats (Moscow, any), which
beats (any, construction). A rule needs at least one side: a client no rule matches
waits in the unassigned queue for a head. Rules of people who left, or of the
people in `exclude` (a departing manager), are passed over for the next one.

Rules and the territory tree are small reference tables, read once per call.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import AssignmentRule, Territory, User


@dataclass(frozen=True)
class Match:
    rule_id: int
    territory_id: int | None
    industry_id: int | None
    manager_id: int


class RuleBook:
    """The rules and the tree, loaded once, answering many clients."""

    def __init__(self, session: Session, *, exclude: Iterable[int] = ()):
        excluded = set(exclude)
        self.parents: dict[int, int | None] = dict(session.execute(select(Territory.id, Territory.parent_id)).all())
        self.rules: dict[tuple[int | None, int | None], Match] = {}
        rows = session.execute(
            select(AssignmentRule.id, AssignmentRule.territory_id, AssignmentRule.industry_id,
                   AssignmentRule.manager_id)
            .join(User, AssignmentRule.manager_id == User.id)
            .where(User.active.is_(True))
        ).all()
        for rule_id, territory_id, industry_id, manager_id in rows:
            if manager_id not in excluded and (territory_id is not None or industry_id is not None):
                self.rules[(territory_id, industry_id)] = Match(rule_id, territory_id, industry_id, manager_id)

    def chain(self, territory_id: int | None) -> list[int]:
        """The territory and those above it, the territory itself first."""
        found: list[int] = []
        while territory_id is not None and territory_id not in found:
            found.append(territory_id)
            territory_id = self.parents.get(territory_id)
        return found

    def match(self, territory_id: int | None, industry_id: int | None) -> Match | None:
        """The winning rule for a client with this territory and industry, or None."""
        chain = self.chain(territory_id)
        if industry_id is not None:
            for tid in chain:
                if (tid, industry_id) in self.rules:
                    return self.rules[(tid, industry_id)]
        for tid in chain:
            if (tid, None) in self.rules:
                return self.rules[(tid, None)]
        if industry_id is not None:
            return self.rules.get((None, industry_id))
        return None

    def owner(self, territory_id: int | None, industry_id: int | None) -> int | None:
        found = self.match(territory_id, industry_id)
        return found.manager_id if found else None


def owner_by_rules(session: Session, *, territory_id: int | None, industry_id: int | None,
                   exclude: Iterable[int] = ()) -> int | None:
    """The manager the rules give a new client to; None: the unassigned queue."""
    return RuleBook(session, exclude=exclude).owner(territory_id, industry_id)
