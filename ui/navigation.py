"""Which pages each role may open: the one list `app.py` builds `st.navigation` from.

Tests walk this list too (every page as every role), so a new page is
covered by the smoke and access tests as soon as it is registered here.
"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from db.models import Role

from .lang import t

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


def sections_for(role: Role) -> dict[str, list[st.Page]]:
    """The role's pages as st.Page objects grouped by translated section; Home first (default)."""
    sections: dict[str, list[st.Page]] = {}
    for i, spec in enumerate(pages_for(role)):
        sections.setdefault(t(spec.section), []).append(
            st.Page(spec.path, title=t(spec.title), icon=spec.icon, url_path=spec.url_path, default=i == 0)
        )
    return sections


def render_menu(sections: dict[str, list[st.Page]]) -> None:
    for section, pages in sections.items():
        st.caption(section)
        for page in pages:
            st.page_link(page)
