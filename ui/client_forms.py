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
from db.actions.clients import CLIENT_FIELDS, create_client, update_client
from db.actions.contacts import create_contact, update_contact
from db.models import ActivityKind, DecisionRole
from db.models.fields import FieldSpec
from i18n import N_
from queries.client_card import ClientCard

from .calendar import time_fields
from .data import current_viewer
from .forms import FormState, flash
from .lang import CODES, code, datetime, t
from .text import blank, md_escape

ROLES = [None, *(r.value for r in DecisionRole)]
ROLE_LABELS = {"decision_maker": N_("Decision maker"), "influencer": N_("Influencer"),
               "gatekeeper": N_("Gatekeeper"), "user": N_("User of the products")}


def role_label(role: str | None) -> str:
    return t(ROLE_LABELS[role]) if blank(role, "") else "—"


def _client_fields(form: FormState, references: dict[str, dict], card: ClientCard | None = None) -> dict:
    """A widget for each of the client's editable fields (declared on the model), in its order:
    the identity on top, short fields in two columns, long texts under them. A reference
    without options here (a new client's parent company) is left out."""
    specs = [s for s in CLIENT_FIELDS if s.kind != "reference" or s.name in references]
    short = [s for s in specs if s.group != "identity" and s.kind != "area"]
    fields = {s.name: _field(form, s, references, card) for s in specs if s.group == "identity"}
    columns = st.columns(2)
    for i, spec in enumerate(short):
        with columns[i % 2]:
            fields[spec.name] = _field(form, spec, references, card)
    fields |= {s.name: _field(form, s, references, card) for s in specs if s.kind == "area" and s.group != "identity"}
    return fields


def _field(form: FormState, spec: FieldSpec, references: dict[str, dict], card: ClientCard | None):
    current = card.values[spec.name] if card else None
    label = t(spec.label)
    if spec.kind in ("reference", "choice"):
        options = references[spec.name] if spec.kind == "reference" else {}
        keys = [None, *(options if spec.kind == "reference" else spec.choices)]
        if current is not None and current not in keys:
            keys.append(current)
        shown = getattr(card, spec.ref) if card and spec.ref else None  # the current record's name

        def label_of(key):
            if spec.kind == "choice":
                return code(spec.codes, key) if spec.codes else (key or "—")
            return "—" if key is None else options.get(key, shown or "—")

        return form.select(spec.name, label, keys, placeholder="—", index=keys.index(current), format_func=label_of)
    if spec.kind == "money":
        return form.number(spec.name, label, min_value=0.0, step=float(spec.step or 1),
                           value=float(current if current is not None else spec.empty or 0))
    if spec.kind == "integer":
        return form.number(spec.name, label, min_value=spec.minimum, max_value=spec.maximum, step=1,
                           value=int(current if current is not None else spec.empty or 0))
    if spec.kind == "area":
        return form.area(spec.name, label, value=current or "", height=68 if spec.group == "address" else None)
    return form.text(spec.name, label, value=current or "")


def new_client(industries: dict, territories: dict, owner_names: dict) -> None:
    form = FormState("new_client")
    with st.form(form.key):
        form.top()
        fields = _client_fields(form, {"industry_id": industries, "territory_id": territories})
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


def edit_client(card: ClientCard, industries: dict, territories: dict, parents: dict,
                price_types: dict | None = None) -> None:
    """The client's edit form. It keeps the card as it was when opened (its values are the
    widgets' defaults, so what is typed survives reruns) and saves only the fields typed over,
    checked against that version. If someone saves the client meanwhile, the form says who
    and when, shows their values beside, and keeps the typing: "apply my changes on top of
    theirs" or "reload" (their version, the typing dropped)."""
    form = FormState(f"edit_client_{card.id}")
    opened_key, against_key = f"crm_opened.{form.key}", f"crm_against.{form.key}"
    opened: ClientCard = st.session_state.setdefault(opened_key, card)
    against = st.session_state.get(against_key, opened.version)
    references = {"industry_id": industries, "territory_id": territories, "parent_id": parents}
    if price_types is not None:  # who may set the client's price type (Can.MANAGE_PRICES); others keep it
        references["price_type_id"] = price_types
    if card.version != against:
        _changed_meanwhile(form, opened, card, references)
    with st.form(form.key):
        form.top()
        fields = _client_fields(form, references, opened)
        if st.form_submit_button(t("Save"), type="primary"):
            typed = {name: value for name, value in fields.items() if value != _default(name, opened)}
            form.submit(update_client, t("Saved."), client_id=card.id, expected_version=against, **typed)


def _default(name: str, card: ClientCard):
    """What the field's widget gives untouched (as `_field` sets it up)."""
    spec = next(s for s in CLIENT_FIELDS if s.name == name)
    current = card.values[name]
    if spec.kind == "money":
        return float(current if current is not None else spec.empty or 0)
    if spec.kind == "integer":
        return int(current if current is not None else spec.empty or 0)
    if spec.kind in ("reference", "choice"):
        return current
    return current or ""


def _changed_meanwhile(form: FormState, opened: ClientCard, card: ClientCard, references: dict) -> None:
    def shown(c: ClientCard, spec: FieldSpec) -> str:
        value = c.values.get(spec.name)
        if value is None or value == "":
            return "—"
        if spec.kind == "reference":
            return str(references.get(spec.name, {}).get(value) or (getattr(c, spec.ref) if spec.ref else value))
        if spec.kind == "choice" and spec.codes:
            return code(spec.codes, value)
        return str(value)

    changed = [s for s in CLIENT_FIELDS if card.values.get(s.name) != opened.values.get(s.name)]
    with st.container(border=True):
        st.warning(t("{who} changed this client at {when}, after you opened this form. What you typed is kept "
                     "below; it is not saved yet.", who=md_escape(card.updated_by or "?"),
                     when=datetime(card.updated_at) if card.updated_at else "?"), icon=":material/sync_problem:")
        if changed:
            st.markdown("  \n".join(
                t("**{field}** now: «{theirs}» (when you opened the form: «{before}»)", field=t(s.label),
                  theirs=md_escape(shown(card, s)), before=md_escape(shown(opened, s))) for s in changed))
        mine, reload = st.columns(2)
        if mine.button(t("Apply my changes on top of theirs"), key=f"{form.key}.apply_mine",
                       help=t("Saving then writes only the fields you typed over; their other changes stay.")):
            st.session_state[f"crm_against.{form.key}"] = card.version
            st.rerun()
        if reload.button(t("Reload: take their version, drop what I typed"), key=f"{form.key}.reload"):
            form.renew()
            st.rerun()


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
            reports_to_id = form.select("reports_to_id", t("Reports to"), bosses, placeholder="—",
                                        index=bosses.index(boss) if boss in bosses else 0,
                                        format_func=lambda i: others.get(i, "—"))
        preferences = form.area("preferences", t("Preferences"), value=value("preferences"), height=68)
        character = form.area("character_notes", t("Character"), value=value("character_notes"), height=68)
        label = t("Add the contact") if row is None else t("Save")
        if st.form_submit_button(label, type="primary"):
            fields = dict(full_name=full_name, position=position, decision_role=decision_role, influence=influence,
                          phone=phone, email=email, birthday=birthday, reports_to_id=reports_to_id,
                          preferences=preferences, character_notes=character)
            # The message names whom: the person sees what was saved (issue 18, item 4).
            if row is None:
                form.submit(create_contact, t("Contact added: {name}.", name=md_escape(full_name.strip())),
                            client_id=client_id, **fields)
            else:
                form.submit(update_contact, t("Contact saved: {name}.", name=md_escape(full_name.strip())),
                            contact_id=int(row.id), expected_version=int(row.version), **fields)


KIND_LABELS = {k.value: CODES["activity"][k.value] for k in ActivityKind}
JUST_LOGGED = "crm_just_logged"  # the id of the activity this session logged last (the feed marks it)
LOG_SAVED = "crm_log_saved"


def log_activity_form(client_id: int, contacts: pd.DataFrame, deals: pd.DataFrame) -> None:
    form = FormState(f"activity_{client_id}")
    people = {int(r.id): r.full_name for r in contacts.itertuples()}
    open_deals = {int(r.id): r.title for r in deals.itertuples() if r.state == "open"}
    with st.form(form.key):
        form.top()
        c1, c2, c3 = st.columns(3)
        kind = c1.selectbox(t("Type"), list(KIND_LABELS), format_func=lambda k: t(KIND_LABELS[k]),
                            key=form.field("kind"))
        with c2:
            contact_id = form.select("contact_id", t("Contact"), [None, *people], placeholder="—",
                                     format_func=lambda i: people.get(i, "—"))
        with c3:
            deal_id = form.select("deal_id", t("Deal"), [None, *open_deals], placeholder="—",
                                  format_func=lambda i: open_deals.get(i, "—"))
        subject = form.text("subject", t("Subject"))
        body = form.area("body", t("What was said or written"), height=100)
        outcome = form.text("outcome", t("Outcome"))
        if st.form_submit_button(t("Log it"), type="primary"):
            activity = form.attempt(log_activity, client_id=client_id, kind=kind, subject=subject, body=body,
                                    outcome=outcome, contact_id=contact_id, deal_id=deal_id)
            if activity is not None:
                # Named, and marked in the feed below (newest first, so on top): issue 18, item 4.
                st.session_state[JUST_LOGGED] = activity.id
                st.session_state[LOG_SAVED] = True  # the form folds once, the feed's new entry in view
                flash(t("Logged: {kind} «{subject}».", kind=t(KIND_LABELS[kind]), subject=md_escape(subject.strip())))
                form.renew()
                st.rerun()


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
        due_time, duration = time_fields(form)  # optional: a meeting at 14:00 for an hour (issue 21)
        description = form.area("description", t("Details"), height=68)
        if st.form_submit_button(t("Schedule"), type="primary"):
            form.submit(schedule_task, t("Task scheduled."), client_id=client_id, title=title, due_on=due_on,
                        assignee_id=assignee_id, description=description, due_time=due_time,
                        duration_minutes=duration)
