"""Which pages each role may open: the one list `app.py` builds `st.navigation` from.

Tests walk this list too (every page as every role), so a new page is
covered by the smoke and access tests as soon as it is registered here.
"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from db.models import Role
from queries import approvals, notifications

from .data import loader
from .lang import t

ALL = frozenset(Role)
LEADERS = frozenset({Role.HEAD, Role.DIRECTOR})
_waiting_for_me = loader(approvals.waiting_for_me)
_unread_notifications = loader(notifications.unread_count)


@dataclass(frozen=True)
class PageSpec:
    path: str  # relative to the project root
    title: str  # message id
    icon: str
    url_path: str
    roles: frozenset[Role]
    section: str  # message id of the menu section
    in_menu: bool = True  # False: reached by links only (a client's card)
    entity: str | None = None  # the page shows one record, chosen by ?id= (e.g. "client")


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/home.py", "Home", ":material/home:", "home", ALL, "Work"),
    PageSpec("pages/notifications.py", "Notifications", ":material/notifications:", "notifications", ALL, "Work"),
    PageSpec("pages/clients.py", "Clients", ":material/store:", "clients", ALL, "Work"),
    PageSpec("pages/client.py", "Client card", ":material/storefront:", "client", ALL, "Work", in_menu=False,
             entity="client"),
    # Feature pages go here, one PageSpec each, in menu order.
    PageSpec("pages/my_day.py", "My day", ":material/today:", "my-day",
             frozenset({Role.MANAGER, Role.HEAD, Role.DIRECTOR}), "Work"),
    PageSpec("pages/calendar.py", "Calendar", ":material/calendar_month:", "calendar",
             frozenset({Role.MANAGER, Role.HEAD, Role.DIRECTOR}), "Work"),
    PageSpec("pages/mailing.py", "Mailings and labels", ":material/mail:", "mailing",
             frozenset({Role.MANAGER, Role.HEAD, Role.DIRECTOR}), "Work"),
    PageSpec("pages/products.py", "Product knowledge base", ":material/menu_book:", "products", ALL, "Work"),
    PageSpec("pages/product.py", "Product", ":material/inventory:", "product", ALL, "Work", in_menu=False,
             entity="product"),
    # Everyone reads the prices; heads, the director and the admin change them (Can.MANAGE_PRICES).
    PageSpec("pages/prices.py", "Price lists", ":material/sell:", "prices", ALL, "Work"),
    PageSpec("pages/funnel.py", "Funnel", ":material/filter_alt:", "funnel", ALL, "Work"),
    PageSpec("pages/board.py", "Deal board", ":material/view_kanban:", "board", ALL, "Work"),
    PageSpec("pages/deal.py", "Deal", ":material/handshake:", "deal", ALL, "Work", in_menu=False, entity="deal"),
    PageSpec("pages/forecast.py", "Forecast", ":material/trending_up:", "forecast",
             frozenset({Role.MANAGER, Role.HEAD, Role.DIRECTOR}), "Work"),
    PageSpec("pages/approvals.py", "Approvals", ":material/approval:", "approvals", LEADERS, "Work"),
    PageSpec("pages/team.py", "Team", ":material/groups:", "team", LEADERS, "Work"),
    PageSpec("pages/activity.py", "Activity report", ":material/call_log:", "activity", LEADERS, "Work"),
    PageSpec("pages/plans.py", "Plans and commission", ":material/flag:", "plans",
             frozenset({Role.HEAD, Role.DIRECTOR, Role.ADMIN}), "Work"),
    PageSpec("pages/territories.py", "Territories and assignment", ":material/map:", "territories",
             frozenset({Role.HEAD, Role.DIRECTOR, Role.ADMIN}), "Work"),
    PageSpec("pages/handover.py", "Handover", ":material/swap_horiz:", "handover",
             frozenset({Role.HEAD, Role.DIRECTOR, Role.ADMIN}), "Work"),
    PageSpec("pages/absences.py", "Absences", ":material/beach_access:", "absences",
             frozenset({Role.HEAD, Role.DIRECTOR, Role.ADMIN}), "Work"),
    # Managers propose merges of their own clients' twins; heads, the director and the admin merge.
    PageSpec("pages/duplicates.py", "Duplicates", ":material/join_inner:", "duplicates", ALL, "Work"),
    PageSpec("pages/abc.py", "ABC/XYZ", ":material/leaderboard:", "abc", ALL, "Analysis"),
    PageSpec("pages/segments.py", "Segments and leaders", ":material/workspaces:", "segments", ALL, "Analysis"),
    PageSpec("pages/product_sales.py", "Product sales", ":material/inventory_2:", "product-sales", ALL, "Analysis"),
    PageSpec("pages/pipeline_settings.py", "Funnel settings", ":material/tune:", "pipeline-settings",
             frozenset({Role.ADMIN}), "Administration"),
    PageSpec("pages/routine_settings.py", "Reminders and mailings", ":material/alarm:", "routine-settings",
             frozenset({Role.ADMIN}), "Administration"),
    # The supplier's requisites on proposals and invoices: the admin sets them, the director reads them.
    PageSpec("pages/company.py", "Company details", ":material/domain:", "company",
             frozenset({Role.ADMIN, Role.DIRECTOR}), "Administration"),
    PageSpec("pages/users.py", "Users and departments", ":material/manage_accounts:", "users",
             frozenset({Role.ADMIN}), "Administration"),
    PageSpec("pages/import.py", "Import", ":material/upload_file:", "import", frozenset({Role.HEAD, Role.ADMIN}),
             "Administration"),
    PageSpec("pages/audit.py", "History of changes", ":material/history:", "audit",
             frozenset({Role.HEAD, Role.DIRECTOR, Role.ADMIN}), "Administration"),
    PageSpec("pages/profile.py", "My profile", ":material/person:", "profile", ALL, "Account"),
)


# What Home shows each role: its own figures, the department's, the company's, or the system's.
HOME_VIEWS: dict[Role, str] = {Role.MANAGER: "personal", Role.HEAD: "department", Role.DIRECTOR: "company",
                               Role.ADMIN: "system"}


def home_view(role: Role | str) -> str:
    return HOME_VIEWS.get(Role(role), "system")


def pages_for(role: Role) -> list[PageSpec]:
    return [page for page in PAGES if role in page.roles]


def sections_for(role: Role, counts: dict[str, int] | None = None) -> dict[str, list[tuple[PageSpec, st.Page]]]:
    """The role's pages grouped by translated section; Home first (the default page).
    `counts`: page path -> how many things wait there for the viewer ("Approvals (3)")."""
    sections: dict[str, list[tuple[PageSpec, st.Page]]] = {}
    for i, spec in enumerate(pages_for(role)):
        waiting = (counts or {}).get(spec.path, 0)
        title = f"{t(spec.title)} ({waiting})" if waiting else t(spec.title)
        page = st.Page(spec.path, title=title, icon=spec.icon, url_path=spec.url_path, default=i == 0)
        sections.setdefault(t(spec.section), []).append((spec, page))
    return sections


def menu_counts() -> dict[str, int]:
    """What waits for the signed-in person, by page: the approvals they may decide now, their unread
    notifications (one indexed query, issue 21)."""
    return {"pages/approvals.py": int(_waiting_for_me()), "pages/notifications.py": int(_unread_notifications())}


def navigation_pages(sections) -> dict[str, list[st.Page]]:
    return {section: [page for _spec, page in entries] for section, entries in sections.items()}


def render_menu(sections) -> None:
    for section, entries in sections.items():
        st.caption(section)
        for spec, page in entries:
            if spec.in_menu:
                st.page_link(page)
