"""The quick-edit forms of the clients list and the client card.

Each form goes through db/actions: a refusal shows its message under the
field and keeps what was typed; a stale form names who changed the record.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from db import access
from db.actions.activities import log_activity, schedule_task
from db.actions.clients import create_client, update_client
from db.actions.contacts import create_contact, update_contact
from db.models import ActivityKind, DecisionRole, SizeSegment
from i18n import N_
from queries.client_card import ClientCard

from .data import current_viewer
from .forms import FormState
from .lang import CODES, code, t

SEGMENTS = [None, *(s.value for s in SizeSegment)]
ROLES = [None, *(r.value for r in DecisionRole)]
ROLE_LABELS = {"decision_maker": N_("Decision maker"), "influencer": N_("Influencer"),
               "gatekeeper": N_("Gatekeeper"), "user": N_("User of the products")}


def role_label(role: str | None) -> str:
    return t(ROLE_LABELS[role]) if role else "—"


def _client_fields(form: FormState, industries: dict, territories: dict, card: ClientCard | None = None) -> dict:
    def value(attr, default=""):
        got = getattr(card, attr) if card else None
        return default if got is None else got

    def pick(field, label, options: dict, current):
        keys = [None, *options]
        if current is not None and current not in keys:
            keys.append(current)
        return form.select(field, label, keys, placeholder="—", index=keys.index(current),
                           format_func=lambda i: options.get(i, "—") if i is not None else "—")

    fields = {"name": form.text("name", t("Name"), value=value("name"), max_chars=200),
              "legal_name": form.text("legal_name", t("Legal name"), value=value("legal_name"))}
    c1, c2 = st.columns(2)
    with c1:
        fields["inn"] = form.text("inn", t("INN"), value=value("inn"))
        fields["industry_id"] = pick("industry_id", t("Industry"), industries, card.industry_id if card else None)
        fields["size_segment"] = form.select("size_segment", t("Size segment"), SEGMENTS, placeholder="—",
                                             index=SEGMENTS.index(card.size_segment if card else None),
                                             format_func=lambda s: code("size segment", s))
        fields["credit_limit"] = form.number("credit_limit", t("Credit limit"), min_value=0.0, step=10000.0,
                                             value=float(card.credit_limit) if card else 0.0)
        fields["phone"] = form.text("phone", t("Phone"), value=value("phone"))
    with c2:
        fields["kpp"] = form.text("kpp", t("KPP"), value=value("kpp"))
        fields["territory_id"] = pick("territory_id", t("Territory"), territories, card.territory_id if card else None)
        fields["website"] = form.text("website", t("Website"), value=value("website"))
        fields["payment_deferral_days"] = form.number("payment_deferral_days", t("Payment deferral, days"),
                                                      min_value=0, max_value=365, step=1,
                                                      value=card.payment_deferral_days if card else 0)
        fields["email"] = form.text("email", t("E-mail"), value=value("email"))
    fields["legal_address"] = form.area("legal_address", t("Legal address"), value=value("legal_address"), height=68)
    fields["postal_address"] = form.area("postal_address", t("Postal address"), value=value("postal_address"),
                                         height=68)
    fields["notes"] = form.area("notes", t("Notes"), value=value("notes"))
    return fields


def new_client(industries: dict, territories: dict, owner_names: dict) -> None:
    form = FormState("new_client")
    with st.form(form.key):
        form.top()
        fields = _client_fields(form, industries, territories)
        # Director and admin may leave the owner to the assignment rules (no rule: the unassigned queue).
        owners = [None, *owner_names] if current_viewer().sees_everything else list(owner_names)
        owner_id = form.select("owner_id", t("Manager"), owners, placeholder=t("By the assignment rules"),
                               format_func=lambda i: owner_names.get(i, t("By the assignment rules")))
        allow_similar = st.checkbox(t("It is a different company, even if the name looks like an existing client's"),
                                    key=form.field("allow_similar"))
        if st.form_submit_button(t("Create"), type="primary"):
            client = form.attempt(create_client, owner_id=owner_id, allow_similar=allow_similar, **fields)
            if client is not None:
                st.switch_page("pages/client.py", query_params={"id": client.id})


def edit_client(card: ClientCard, industries: dict, territories: dict, parents: dict) -> None:
    form = FormState(f"edit_client_{card.id}_{card.version}")
    with st.form(form.key):
        form.top()
        fields = _client_fields(form, industries, territories, card)
        keys = [None, *parents]
        if card.parent_id is not None and card.parent_id not in keys:
            keys.append(card.parent_id)
        fields["parent_id"] = form.select(
            "parent_id", t("Parent company (holding)"), keys, placeholder="—", index=keys.index(card.parent_id),
            format_func=lambda i: parents.get(i, card.parent or "—") if i is not None else "—")
        if st.form_submit_button(t("Save"), type="primary"):
            form.submit(update_client, t("Saved."), client_id=card.id, expected_version=card.version, **fields)


def contact_form(client_id: int, contacts: pd.DataFrame, row: pd.Series | None = None) -> None:
    """Add a contact (row None) or edit one."""
    key = f"contact_{client_id}_{'new' if row is None else f'{row.id}_{row.version}'}"
    form = FormState(key)

    def value(col, default=""):
        return default if row is None or pd.isna(row[col]) else row[col]

    others = {int(r.id): r.full_name for r in contacts.itertuples() if row is None or r.id != row.id}
    bosses = [None, *others]
    boss = None if row is None or pd.isna(row.reports_to_id) else int(row.reports_to_id)
    with st.form(form.key):
        form.top()
        c1, c2 = st.columns(2)
        with c1:
            full_name = form.text("full_name", t("Full name"), value=value("full_name"))
            decision_role = form.select("decision_role", t("Role in the decision"), ROLES,
                                        index=ROLES.index(value("decision_role", None)), format_func=role_label)
            phone = form.text("phone", t("Phone"), value=value("phone"))
            birthday = form.date("birthday", t("Birthday"), value=value("birthday", None),
                                 min_value=dt.date(1920, 1, 1), max_value=access.today(), format="DD.MM.YYYY")
        with c2:
            position = form.text("position", t("Position"), value=value("position"))
            influence = form.select("influence", t("Influence, 1–5"), [None, 1, 2, 3, 4, 5], placeholder="—",
                                    index=[None, 1, 2, 3, 4, 5].index(None if row is None or pd.isna(row.influence)
                                                                      else int(row.influence)),
                                    format_func=lambda i: "—" if i is None else str(i))
            email = form.text("email", t("E-mail"), value=value("email"))
            reports_to_id = form.select("reports_to_id", t("Reports to"), bosses, placeholder="—", index=bosses.index(boss)
                                        if boss in bosses else 0, format_func=lambda i: others.get(i, "—"))
        preferences = form.area("preferences", t("Preferences"), value=value("preferences"), height=68)
        character = form.area("character_notes", t("Character"), value=value("character_notes"), height=68)
        label = t("Add the contact") if row is None else t("Save")
        if st.form_submit_button(label, type="primary"):
            fields = dict(full_name=full_name, position=position, decision_role=decision_role, influence=influence,
                          phone=phone, email=email, birthday=birthday, reports_to_id=reports_to_id,
                          preferences=preferences, character_notes=character)
            if row is None:
                form.submit(create_contact, t("Contact added."), client_id=client_id, **fields)
            else:
                form.submit(update_contact, t("Saved."), contact_id=int(row.id), expected_version=int(row.version),
                            **fields)


KIND_LABELS = {k.value: CODES["activity"][k.value] for k in ActivityKind}


def log_activity_form(client_id: int, contacts: pd.DataFrame, deals: pd.DataFrame) -> None:
    form = FormState(f"activity_{client_id}")
    people = {int(r.id): r.full_name for r in contacts.itertuples()}
    open_deals = {int(r.id): r.title for r in deals.itertuples() if r.state == "open"}
    with st.form(form.key):
        form.top()
        c1, c2, c3 = st.columns(3)
        kind = c1.selectbox(t("Type"), list(KIND_LABELS), format_func=lambda k: t(KIND_LABELS[k]), key=form.field("kind"))
        with c2:
            contact_id = form.select("contact_id", t("Contact"), [None, *people], placeholder="—", format_func=lambda i: people.get(i, "—"))
        with c3:
            deal_id = form.select("deal_id", t("Deal"), [None, *open_deals], placeholder="—", format_func=lambda i: open_deals.get(i, "—"))
        subject = form.text("subject", t("Subject"))
        body = form.area("body", t("What was said or written"), height=100)
        outcome = form.text("outcome", t("Outcome"))
        if st.form_submit_button(t("Log it"), type="primary"):
            form.submit(log_activity, t("Logged."), client_id=client_id, kind=kind, subject=subject, body=body,
                        outcome=outcome, contact_id=contact_id, deal_id=deal_id)


def schedule_task_form(client_id: int, assignees: dict) -> None:
    form = FormState(f"task_{client_id}")
    viewer_id = st.session_state["crm_viewer"].user_id
    options = list(assignees) if assignees else [viewer_id]
    with st.form(form.key):
        form.top()
        title = form.text("title", t("Task"))
        c1, c2 = st.columns(2)
        with c1:
            due_on = form.date("due_on", t("Due"), value=access.today() + dt.timedelta(days=1), format="DD.MM.YYYY")
        with c2:
            assignee_id = form.select("assignee_id", t("Assignee"), options,
                                      index=options.index(viewer_id) if viewer_id in options else 0,
                                      format_func=lambda i: assignees.get(i, t("Me")))
        description = form.area("description", t("Details"), height=68)
        if st.form_submit_button(t("Schedule"), type="primary"):
            form.submit(schedule_task, t("Task scheduled."), client_id=client_id, title=title, due_on=due_on,
                        assignee_id=assignee_id, description=description)
