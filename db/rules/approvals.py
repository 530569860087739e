"""Who decides an approval request: the queue (queries/approvals.py), the menu's count, the
manager's "waits for …" message and the decision itself (db/actions/approvals.py) ask here.

Nothing new is decided here: a person may decide a request when the access policy lets
them approve (`Can.APPROVE`), they see the deal's client (`access.scope`), it is not their
own request (unless `decides_own_requests`), and — for a discount — the discount asked is
within their own cap (unless `discount_cap_applies` says no cap limits them).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import access
from ..access import Can, Viewer
from ..errors import DomainError
from ..models import ApprovalKind, User
from .deals import discount_cap


@dataclass(frozen=True)
class Decider:
    user_id: int
    full_name: str
    role: str


def asked_pct(kind, payload: dict | None) -> Decimal | None:
    """The discount a request asks for (None for a credit request)."""
    if kind != ApprovalKind.DISCOUNT:
        return None
    return Decimal(str((payload or {}).get("discount_pct", "0")))


def above_cap(session: Session, viewer: Viewer, kind, asked: Decimal | None) -> Decimal | None:
    """The viewer's cap when the discount asked is above it (they may not approve it); else None."""
    if kind != ApprovalKind.DISCOUNT or asked is None or not access.discount_cap_applies(viewer):
        return None
    cap = discount_cap(session, viewer.role)
    return cap if asked > cap else None


def refusal(session: Session, viewer: Viewer, *, kind, asked: Decimal | None, requested_by_id: int | None,
            owner_id: int | None) -> DomainError | None:
    """Why the viewer may not approve this request, or None when they may."""
    if not access.can(viewer, Can.APPROVE) or not access.scope(session, viewer).allows_owner(owner_id):
        return DomainError("Your role may not do this.")
    if requested_by_id == viewer.user_id and not access.decides_own_requests(viewer):
        return DomainError("You cannot decide your own request: a head or the director decides it.")
    cap = above_cap(session, viewer, kind, asked)
    if cap is not None:
        return DomainError("The discount asked, {asked} %, is above your own cap of {cap} %: the director decides.",
                           asked=asked, cap=cap)
    return None


class Deciders:
    """The people who may approve requests, each with their scope: asked for many requests at once."""

    def __init__(self, session: Session):
        self.session = session
        users = session.execute(select(User.id, User.full_name, User.role).where(User.active.is_(True))
                                .order_by(User.full_name, User.id)).all()
        ranks = {role: i for i, role in enumerate(access.all_roles())}
        self.people = sorted(
            ((Decider(int(u.id), u.full_name, str(u.role)), access.Viewer(user_id=int(u.id), role=u.role))
             for u in users if access.role_can(u.role, Can.APPROVE)),
            key=lambda p: ranks.get(p[1].role, len(ranks)))

    def of(self, *, kind, asked: Decimal | None, requested_by_id: int | None,
           owner_id: int | None) -> list[Decider]:
        """Who decides: the people of the smallest role who may approve it (a head before the director)."""
        able = [(d, v) for d, v in self.people
                if refusal(self.session, v, kind=kind, asked=asked, requested_by_id=requested_by_id,
                           owner_id=owner_id) is None]
        if not able:
            return []
        first = able[0][1].role
        return [d for d, v in able if v.role == first]


    def discount_tiers(self, *, requested_by_id: int | None, owner_id: int | None,
                       above: Decimal) -> list[tuple[Decimal | None, list[Decider]]]:
        """Who approves a discount above `above` (the asker's own cap) on this owner's client, by how much:
        [(10, [the head]), (None, [the director])] — None: any discount."""
        tiers: dict[Decimal | None, list[Decider]] = {}
        for d, v in self.people:
            if refusal(self.session, v, kind=ApprovalKind.DISCOUNT, asked=None, requested_by_id=requested_by_id,
                       owner_id=owner_id) is not None:
                continue
            cap = discount_cap(self.session, v.role) if access.discount_cap_applies(v) else None
            if cap is None or cap > above:
                tiers.setdefault(cap, []).append(d)
        return sorted(tiers.items(), key=lambda tier: (tier[0] is None, tier[0] or 0))


def deciders(session: Session, *, kind, asked: Decimal | None, requested_by_id: int | None,
             owner_id: int | None) -> list[Decider]:
    return Deciders(session).of(kind=kind, asked=asked, requested_by_id=requested_by_id, owner_id=owner_id)
