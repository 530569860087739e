"""Which pages each role may open: the one list `app.py` builds `st.navigation` from.

Tests walk this list too (every page as every role), so a new page is
covered by the smoke and access tests as soon as it is registered here.
"""
from __future__ import annotations

from dataclasses import dataclass

from db.models import Role

ALL = frozenset(Role)
LEADERS = frozenset({Role.HEAD, Role.DIRECTOR})


@dataclass(frozen=True)
class PageSpec:
    path: str  # relative to the project root
    title: str  # message id
    icon: str
    url_path: str
    roles: frozenset[Role]
    section: str  # message id of the menu section


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/home.py", "Home", ":material/home:", "home", ALL, "Work"),
    PageSpec("pages/clients.py", "Clients", ":material/store:", "clients", ALL, "Work"),
    PageSpec("pages/users.py", "Users and departments", ":material/manage_accounts:", "users",
             frozenset({Role.ADMIN}), "Administration"),
    PageSpec("pages/profile.py", "My profile", ":material/person:", "profile", ALL, "Account"),
)


def pages_for(role: Role) -> list[PageSpec]:
    return [page for page in PAGES if role in page.roles]
