"""Notifications written in the reader's language (issue 21): the stored kind and params become a
sentence here, at reading time, and each gets links to what it is about."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

import pandas as pd

from i18n import N_

from .lang import t
from .text import md_escape, missing

ICONS = {"approval_asked": ":material/approval:", "approval_decided": ":material/gavel:",
         "clients_handed": ":material/swap_horiz:", "stand_in_set": ":material/beach_access:",
         "stand_in_starts": ":material/group:", "task_due": ":material/today:",
         "task_overdue": ":material/alarm:", "reminders_today": ":material/checklist:",
         "task_new": ":material/add_task:",
         "abc_slip": ":material/trending_down:", "abc_uncontacted": ":material/phone_missed:"}

MESSAGES = {
    ("approval_asked", "discount"): N_("{by} asks for a discount of {pct} % on the deal «{deal}» ({client})."),
    ("approval_asked", "credit"): N_("{by} asks to move the deal «{deal}» ({client}) past the client's credit "
                                     "limit."),
    ("approval_decided", "approved"): N_("{by} approved your request on the deal «{deal}» ({client})."),
    ("approval_decided", "rejected"): N_("{by} rejected your request on the deal «{deal}» ({client}): "
                                         "{comment}"),
    "clients_handed": N_("{by} handed over to you: clients {clients}, open deals {deals}, open tasks {tasks}."),
    "stand_in_set": N_("{stand_in} stands in for you from {start} to {end}: your clients are in good hands."),
    "stand_in_starts": N_("From {start} to {end} you stand in for {absent}: their clients, tasks and reminders "
                          "are in your lists and My day."),
    "task_due": N_("Task due today: «{title}»."),
    "reminders_today": N_("New reminders from the routine rules for today: {n}."),
    "task_overdue": N_("Task overdue since {due}: «{title}»."),
    "task_new": N_("{by} set you a task for {due}: «{title}»."),
    "abc_slip": N_("The A-client {client} of {manager} slipped to class {abc}; a task is set for the manager."),
    ("abc_uncontacted", "never"): N_("The A-client {client} of {manager} has no contact logged; class A "
                                     "clients are contacted every {days} days."),
    ("abc_uncontacted", "last"): N_("The A-client {client} of {manager} was last contacted on {last}; class A "
                                    "clients are contacted every {days} days."),
}
UNKNOWN = N_("A notification of a kind this version does not know ({kind}).")
DATES = ("start", "end", "due", "last")


def _params(raw) -> dict:
    params = dict(raw) if isinstance(raw, dict) else {}
    out: dict = {}
    for key, value in params.items():
        if key in DATES and isinstance(value, str):
            try:
                out[key] = dt.date.fromisoformat(value)
                continue
            except ValueError:
                pass
        if key == "pct" and value is not None:
            try:
                out[key] = Decimal(str(value))
                continue
            except InvalidOperation:
                pass
        out[key] = md_escape(value) if isinstance(value, str) else value
    return out


def _template(kind: str, params: dict) -> str | None:
    if kind == "approval_asked":
        return MESSAGES.get((kind, str(params.get("approval"))))
    if kind == "approval_decided":
        return MESSAGES.get((kind, str(params.get("status"))))
    if kind == "abc_uncontacted":
        return MESSAGES[(kind, "never" if missing(params.get("last")) else "last")]
    found = MESSAGES.get(kind)
    return found if isinstance(found, str) else None


def text(kind: str, raw_params) -> str:
    """The notification's sentence in the reader's language (markdown, what people typed escaped)."""
    params = _params(raw_params)
    template = _template(kind, params)
    if template is None:
        return t(UNKNOWN, kind=md_escape(kind))
    if "comment" in params and missing(params["comment"]):
        params["comment"] = "—"
    try:
        return t(template, **params)
    except (KeyError, IndexError):  # params of an older shape: say what kind it was rather than fail
        return t(UNKNOWN, kind=md_escape(kind))


def _id(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def links(row, allowed: set[str]) -> list[tuple[str, str, str, dict]]:
    """(page path, label, icon, query params) of what the notification is about, among the pages the
    reader may open (`allowed`)."""
    out: list[tuple[str, str, str, dict]] = []
    client_id, deal_id = _id(row.client_id), _id(row.deal_id)
    if row.kind == "approval_asked":
        out.append(("pages/approvals.py", t("Approvals"), ":material/approval:", {}))
    if deal_id is not None:
        out.append(("pages/deal.py", t("Deal"), ":material/handshake:", {"id": deal_id}))
    if client_id is not None:
        name = getattr(row, "client_name", None)
        label = md_escape(str(name)) if isinstance(name, str) and name else t("Client card")
        out.append(("pages/client.py", label, ":material/storefront:", {"id": client_id}))
    if row.kind == "clients_handed":
        out.append(("pages/clients.py", t("Clients"), ":material/store:", {}))
    if row.kind in ("stand_in_starts", "reminders_today", "task_due", "task_overdue", "task_new") or (
            row.kind.startswith("task_") and client_id is None and deal_id is None):
        out.append(("pages/my_day.py", t("My day"), ":material/today:", {}))
    return [link for link in out if link[0] in allowed]
