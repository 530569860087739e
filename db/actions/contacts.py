"""Writes on a client's contacts: the people, their role in the decision and their character."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..access import Viewer, require_client
from ..errors import NotFound
from ..models import Contact, DecisionRole
from ..search import contact_search_text
from .base import apply_changes, audit, business_action, check_version, created, touch
from ..rules.validate import Checks


CONTACT_FIELDS = ("full_name", "position", "decision_role", "influence", "reports_to_id", "preferences",
                  "character_notes", "phone", "email", "birthday")


def _check_contact_fields(session: Session, v: Checks, client_id: int, raw: dict,
                          *, contact_id: int | None = None) -> dict:
    values = {
        "full_name": v.text("full_name", raw.get("full_name"), max_len=200, required=True),
        "position": v.text("position", raw.get("position"), max_len=200),
        "decision_role": v.choice("decision_role", raw.get("decision_role"), [r.value for r in DecisionRole]),
        "influence": v.integer("influence", raw.get("influence"), minimum=1, maximum=5),
        "reports_to_id": raw.get("reports_to_id") or None,
        "preferences": v.text("preferences", raw.get("preferences"), max_len=5000, multiline=True),
        "character_notes": v.text("character_notes", raw.get("character_notes"), max_len=5000, multiline=True),
        "phone": v.phone("phone", raw.get("phone")),
        "email": v.email("email", raw.get("email")),
        "birthday": v.date("birthday", raw.get("birthday")),
    }
    boss_id = values["reports_to_id"]
    if boss_id is not None:
        if boss_id == contact_id:
            v.fail("reports_to_id", "A person cannot report to themselves.")
        elif session.scalar(select(Contact.client_id).where(Contact.id == boss_id)) != client_id:
            v.fail("reports_to_id", "Choose one of the offered values.")
        elif contact_id is not None and _reports_to_chain(session, boss_id, contact_id):
            v.fail("reports_to_id", "This would make a circle: that person reports to this one.")
    return values


def _reports_to_chain(session: Session, start_id: int, target_id: int) -> bool:
    """Whether `target_id` is `start_id` or above it in the reporting line."""
    seen, current = set(), start_id
    while current is not None and current not in seen:
        if current == target_id:
            return True
        seen.add(current)
        current = session.scalar(select(Contact.reports_to_id).where(Contact.id == current))
    return False


def _search_text(values: dict) -> str:
    return contact_search_text(values.get("full_name"), values.get("phone"), values.get("email"))


@business_action
def create_contact(session: Session, viewer: Viewer, *, client_id: int, **fields) -> Contact:
    require_client(session, viewer, client_id)
    v = Checks()
    values = _check_contact_fields(session, v, client_id, fields)
    v.raise_if_any()
    contact = Contact(client_id=client_id, search_text=_search_text(values), **values)
    session.add(contact)
    session.flush()
    audit(session, viewer, action="create_contact", entity="contact", entity_id=contact.id,
          changes={"client_id": (None, client_id), **created(values)})
    return contact


def contact_in_view(session: Session, viewer: Viewer, contact_id: int) -> Contact:
    """The contact, if the viewer may see its client; otherwise "not found"."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound("Contact not found.")
    require_client(session, viewer, contact.client_id)
    return contact


@business_action
def update_contact(session: Session, viewer: Viewer, *, contact_id: int, expected_version: int | None,
                   **fields) -> Contact:
    """Fields not given keep their values."""
    contact = contact_in_view(session, viewer, contact_id)
    check_version(session, contact, expected_version)
    raw = {field: getattr(contact, field) for field in CONTACT_FIELDS} | fields
    v = Checks()
    values = _check_contact_fields(session, v, contact.client_id, raw, contact_id=contact.id)
    v.raise_if_any()
    changes = apply_changes(contact, values)
    if changes:
        contact.search_text = _search_text(values)
        touch(contact, viewer)
        audit(session, viewer, action="update_contact", entity="contact", entity_id=contact.id, changes=changes)
    return contact


@business_action
def archive_contact(session: Session, viewer: Viewer, *, contact_id: int, expected_version: int | None) -> Contact:
    """The person left the client: kept in the history, gone from the lists."""
    contact = contact_in_view(session, viewer, contact_id)
    check_version(session, contact, expected_version)
    changes = apply_changes(contact, {"active": False})
    # Whoever reported to them now reports to their own boss.
    for junior in session.scalars(select(Contact).where(Contact.reports_to_id == contact.id)):
        junior.reports_to_id = contact.reports_to_id
    touch(contact, viewer)
    audit(session, viewer, action="archive_contact", entity="contact", entity_id=contact.id, changes=changes)
    return contact
