"""The history of changes in people's words: "Reminders made 316 tasks", "Owner: — → Калинина С. В.".

The rows come from queries/audit.py with ids already named. Here: what was done (the action's
label), to what (the kind of record), and each change as "Field: old → new" — field labels from
the field registry (db/models/fields.py) where the record has one, stored codes by their labels
(ui.lang.code), an empty value as the app's empty mark, passwords never shown.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

import pandas as pd

from db.models import Client, Contact, Product, User
from db.models.fields import editable_fields
from i18n import N_

from queries.audit import history, reference_kind

from . import tables
from .lang import code, date, datetime, nt, number, short_name, speaking, t
from .text import EMPTY, missing

ACTIONS: dict[str, str] = {
    "approve_discount": N_("Discount approved"), "approve_request": N_("Request approved"),
    "reject_request": N_("Request rejected"), "withdraw_request": N_("Request withdrawn"),
    "request_discount": N_("Discount asked for approval"), "request_credit": N_("Move past the credit limit asked"),
    "update_discount_request": N_("Discount request changed"),
    "archive_client": N_("Client archived"), "restore_client": N_("Client restored"),
    "create_client": N_("Client created"), "update_client": N_("Client changed"),
    "archive_contact": N_("Contact archived"), "create_contact": N_("Contact added"),
    "update_contact": N_("Contact changed"), "log_activity": N_("Activity logged"),
    "schedule_task": N_("Task scheduled"), "reschedule_task": N_("Task moved"),
    "complete_task": N_("Task done"), "send_invitation": N_("Meeting invitation sent"),
    "create_pilot_task": N_("Pilot task created"), "create_deal": N_("Deal opened"),
    "update_deal": N_("Deal changed"), "set_deal_lines": N_("Deal lines changed"), "move_deal": N_("Deal moved"),
    "hand_over_clients": N_("Clients handed over"), "complete_departure": N_("Departure completed"),
    "create_stand_in": N_("Stand-in set"), "cancel_stand_in": N_("Stand-in cancelled"),
    "create_user": N_("User created"), "update_user": N_("User changed"), "deactivate_user": N_("User deactivated"),
    "reactivate_user": N_("User reactivated"), "reset_password": N_("Password reset"),
    "change_password": N_("Password changed"), "end_sessions": N_("Sessions ended"),
    "set_language": N_("Language changed"), "create_first_admin": N_("First administrator created"),
    "create_department": N_("Department created"), "update_department": N_("Department changed"),
    "create_territory": N_("Territory created"), "update_territory": N_("Territory changed"),
    "create_industry": N_("Industry created"), "update_industry": N_("Industry changed"),
    "create_rule": N_("Assignment rule created"), "update_rule": N_("Assignment rule changed"),
    "remove_rule": N_("Assignment rule removed"), "set_plan": N_("Plan set"),
    "set_plan_basis": N_("Plan basis set"), "create_commission_scheme": N_("Commission scheme created"),
    "update_commission_scheme": N_("Commission scheme changed"),
    "withdraw_commission_scheme": N_("Commission scheme withdrawn"), "set_discount_cap": N_("Discount cap set"),
    "save_stage": N_("Funnel stage saved"), "save_setting": N_("Setting saved"), "set_setting": N_("Setting saved"),
    "update_product_knowledge": N_("Product description changed"), "attach_document": N_("Document attached"),
    "archive_document": N_("Document archived"), "create_mail_run": N_("Mailing made"),
    "archive_mail_run": N_("Mailing archived"), "retry_mail_letters": N_("Letters sent again"),
    "save_import_mapping": N_("Import mapping saved"), "import": N_("Import"),
    "import_started": N_("Import started"), "import_batch": N_("Import batch written"),
    "import_interrupted": N_("Import interrupted"), "import_create": N_("Record imported"),
    "import_client": N_("Client imported"), "import_contact": N_("Contact imported"),
    "import_deal": N_("Deal imported"), "import_product": N_("Product imported"), "import_user": N_("User imported"),
    "import_department": N_("Department imported"), "import_department_head": N_("Department head imported"),
    "import_assign_client": N_("Client assigned by import"), "export": N_("Export"),
    "run_reminders": N_("Reminders made"), "hand_back_task": N_("Reminder handed back after a stand-in"),
    "load_demo": N_("Demo data loaded"),
    "set_demo_passwords": N_("Demo passwords set"), "propose_merge": N_("Merge proposed"),
    "dismiss_merge": N_("Merge dismissed"), "merge_clients": N_("Clients merged"),
    "merge_client_into": N_("Client merged into another"), "merge_contacts": N_("Contacts merged"),
    "merge_contact_into": N_("Contact merged into another"),
    "create_price_type": N_("Price list created"), "update_price_type": N_("Price list changed"),
    "set_price": N_("Price set"), "import_price": N_("Price imported"),
}
ENTITIES: dict[str, str] = {
    "client": N_("Client"), "contact": N_("Contact"), "deal": N_("Deal"), "task": N_("Task"),
    "activity": N_("Activity"), "approval_request": N_("Approval request"), "user": N_("User"),
    "users": N_("Users"), "department": N_("Department"), "territory": N_("Territory"),
    "industry": N_("Industry"), "assignment_rule": N_("Assignment rule"), "sales_plan": N_("Sales plan"),
    "commission_scheme": N_("Commission scheme"), "discount_cap": N_("Discount cap"),
    "pipeline_stage": N_("Funnel stage"), "setting": N_("Setting"), "product": N_("Product"),
    "mail_run": N_("Mailing"), "import_mapping": N_("Import mapping"), "export": N_("Export"),
    "stand_in": N_("Stand-in"), "database": N_("Database"), "import": N_("Import"),
    "merge_proposal": N_("Merge proposal"), "price_type": N_("Price list"),
}
# Fields no registry labels (the registry's labels win where the record has one).
FIELDS: dict[str, str] = {
    "owner_id": N_("Owner"), "manager_id": N_("Manager"), "head_id": N_("Head"), "user_id": N_("User"),
    "requested_by_id": N_("Asked by"), "decided_by_id": N_("Decided by"), "decided_at": N_("Decided"),
    "client_id": N_("Client"), "parent_id": N_("Parent"), "department_id": N_("Department"),
    "industry_id": N_("Industry"), "territory_id": N_("Territory"), "stage_id": N_("Stage"),
    "from_stage_id": N_("From stage"), "to_stage_id": N_("To stage"), "product_id": N_("Product"),
    "deal_id": N_("Deal"), "contact_id": N_("Contact"), "absent_user_id": N_("Absent"),
    "stand_in_user_id": N_("Stand-in"), "approval_request": N_("Approval request"), "status": N_("Status"),
    "state": N_("Status"), "kind": N_("Kind"), "role": N_("Role"), "active": N_("Active"),
    "title": N_("Title"), "name": N_("Name"), "full_name": N_("Full name"), "login": N_("Login"),
    "email": N_("Email"), "phone": N_("Phone"), "amount": N_("Amount"), "discount_pct": N_("Discount, %"),
    "probability": N_("Probability, %"), "expected_close_on": N_("Expected close"), "lost_reason": N_("Lost reason"),
    "comment": N_("Comment"), "payload": N_("Request"), "lines": N_("Lines"), "password": N_("Password"),
    "language": N_("Language"), "due_on": N_("Due"), "due_time": N_("Time"),
    "duration_minutes": N_("Duration, min"), "done": N_("Done"), "subject": N_("Subject"),
    "starts_on": N_("From"), "ends_on": N_("To"), "created": N_("Created"), "scale": N_("Scale"),
    "what": N_("List"), "rows": N_("Rows"), "format": N_("Format"), "source": N_("Source"),
    "value": N_("Value"), "max_discount_pct": N_("Discount cap, %"), "clients": N_("Clients"),
    "deals": N_("Deals"), "tasks": N_("Tasks"), "note": N_("Note"), "description": N_("Description"),
    "credit_limit": N_("Credit limit"), "payment_deferral_days": N_("Payment deferral, days"),
    "price_type_id": N_("Price type"), "price": N_("Price"), "valid_from": N_("Valid from"),
    "valid_to": N_("Valid to"), "closed": N_("Previous price ended"), "product": N_("Product"),
    # The company's details (db/company.py, a setting)
    "legal_name": N_("Legal name"), "inn": N_("INN"), "kpp": N_("KPP"), "ogrn": N_("OGRN"), "address": N_("Address"),
    "website": N_("Website"), "bank_name": N_("Bank"), "bic": N_("BIC"), "settlement_account": N_("Settlement account"),
    "correspondent_account": N_("Correspondent account"), "director": N_("Director's name"),
    "director_title": N_("Director's title"), "chief_accountant": N_("Chief accountant's name"),
    "vat_rate": N_("VAT rate"), "proposal_validity_days": N_("A proposal is valid, days"),
    "proposal_closing_text": N_("Closing text of a proposal"),
}
REQUEST_STATUSES = {"pending": N_("Waiting"), "approved": N_("Approved"), "rejected": N_("Rejected")}
REQUEST_KINDS = {"discount": N_("Discount"), "credit": N_("Credit limit")}
REGISTRY = {"client": Client, "contact": Contact, "user": User, "product": Product}
HIDDEN = {"password", "password_hash"}


def action_label(action) -> str:
    msgid = ACTIONS.get(str(action))
    return t(msgid) if msgid else _words(action)


def entity_label(entity) -> str:
    msgid = ENTITIES.get(str(entity))
    return t(msgid) if msgid else _words(entity)


def field_label(entity, field: str) -> str:
    model = REGISTRY.get(str(entity))
    if model is not None:
        spec = next((f for f in editable_fields(model) if f.name == field), None)
        if spec is not None:
            return t(spec.label)
    msgid = FIELDS.get(field)
    return t(msgid) if msgid else _words(field)


def _words(name) -> str:
    """A name no table knows, readable at least: "owner_id" -> "Owner"."""
    text = str(name or "")
    text = text[:-3] if text.endswith("_id") else text
    return text.replace("_", " ").strip().capitalize() or EMPTY


def value_text(entity, field: str, value) -> str:
    if field in HIDDEN:
        return EMPTY if missing(value) or value in ("", None) else t("changed")
    if isinstance(value, list | tuple) and not isinstance(value, str):
        return nt("{n} record", "{n} records", len(value)) if value else EMPTY
    if isinstance(value, dict):
        if "discount_pct" in value:
            return f"{_number_text(value['discount_pct'])} %"
        return ", ".join(f"{field_label(entity, str(k))}: {value_text(entity, str(k), v)}" for k, v in value.items()) \
            or EMPTY
    if value is None or (isinstance(value, str) and not value.strip()) or missing(value):
        return EMPTY
    if isinstance(value, bool):
        return t("Yes") if value else t("No")
    spec = _spec(entity, field)
    if spec is not None and spec.codes:
        return code(spec.codes, value)
    if field == "role":
        return code("role", value)
    if field == "state" and str(entity) == "deal":
        return code("deal state", value)
    if field == "status" and str(entity) == "client":
        return code("client status", value)
    if field == "kind" and str(entity) == "activity":
        return code("activity", value)
    if str(entity) == "approval_request" and field in ("status", "kind"):
        msgid = (REQUEST_STATUSES if field == "status" else REQUEST_KINDS).get(str(value))
        return t(msgid) if msgid else str(value)
    if isinstance(value, int | float | Decimal):
        return _number_text(value)
    if isinstance(value, str):
        return short_name(value) if reference_kind(str(entity), field) == "user" else _string_text(value)
    return str(value)


def _spec(entity, field: str):
    model = REGISTRY.get(str(entity))
    return next((f for f in editable_fields(model) if f.name == field), None) if model is not None else None


def _number_text(value) -> str:
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return number(d, 0 if d == d.to_integral_value() else 2)


def _string_text(value: str) -> str:
    """Dates and moments the audit stored as ISO text, in the person's format; other text as it is."""
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if len(value) >= 19 and value[4] == "-" and value[10] in "T ":
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        return datetime(moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC))
    return value


def describe(action, entity, changes) -> str:
    """What changed, in a line: a sentence for the runs, "Field: old → new; …" for an edit."""
    changes = changes if isinstance(changes, dict) else {}
    new = {k: (v[1] if isinstance(v, list | tuple) and len(v) == 2 else v) for k, v in changes.items()}
    if action == "run_reminders":
        made = new.get("created")
        count = len(made) if isinstance(made, list | tuple) else 0
        return nt("Reminders made {n} task", "Reminders made {n} tasks", count)
    if action == "load_demo":
        return t("Demo data loaded (scale: {scale})", scale=value_text(entity, "scale", new.get("scale")))
    if action == "export":
        return t("{what}: {rows} rows, {format}", what=value_text(entity, "what", new.get("what")),
                 rows=value_text(entity, "rows", new.get("rows")),
                 format=str(new.get("format") or EMPTY).upper())
    parts = []
    for field, pair in changes.items():
        if isinstance(pair, list | tuple) and len(pair) == 2:
            old, value = pair
            parts.append(f"{field_label(entity, field)}: {value_text(entity, field, old)} → "
                         f"{value_text(entity, field, value)}")
        else:
            parts.append(f"{field_label(entity, field)}: {value_text(entity, field, pair)}")
    return "; ".join(parts) or EMPTY


def readable(rows: pd.DataFrame) -> pd.DataFrame:
    """History rows (queries/audit.py) as the page shows them: when, who, what was done, to what, what changed."""
    if rows.empty:
        return pd.DataFrame(columns=["at", "who", "action", "record", "changes"])
    return pd.DataFrame({
        "at": rows["at"].map(datetime),
        "who": [short_name(w) if isinstance(w, str) and w else t("System") for w in rows["who"]],
        "action": rows["action"].map(action_label),
        "record": [_record(e, i, r) for e, i, r in zip(rows["entity"], rows["entity_id"], rows["record"], strict=True)],
        "changes": [describe(a, e, c) for a, e, c in zip(rows["action"], rows["entity"], rows["changes"],
                                                        strict=True)],
    })


def export_rows(session, viewer, *, lang: str, **filters) -> pd.DataFrame:
    """The whole filtered history in words, for a file made on a download click (ui/export: `query`),
    in the reader's language `lang` — the click runs outside the page's run (issue 19)."""
    with speaking(lang):
        return readable(history(session, viewer, **filters))


def _record(entity, entity_id, name) -> str:
    """The record by its name (the action already says its kind: "Deal changed"), else its kind and number."""
    kind = entity_label(entity)
    if isinstance(name, str) and name:
        return name
    if not missing(entity_id) and entity_id not in ("", None):
        return f"{kind} #{entity_id}"
    return kind


def show(rows: pd.DataFrame, *, export: str | None = None) -> None:
    """The history as a table: when, who, what was done, to which record, what changed."""
    tables.show(readable(rows), {"at": t("When"), "who": t("Who"), "action": t("Action"), "record": t("Record"),
                                 "changes": t("What changed")}, export=export)
