"""Issuing proposals (КП) and invoices (счёт на оплату), their new versions, and sending them (issue 20).

Each issue is one transaction: the number from the counter of its kind and year
(db/actions/numbering.next_number — gap-free: a refused issue gives its number back), the
content snapshot, the PDF and Word files, and an audit row. A document is never edited: a
correction (`reissue`) is a new row with the same number and the next revision, and the old
one becomes REPLACED, still listed. Access: the deal and client rules of db/access.py — a
manager for their own clients (and those they stand in for), a head for their people's, the
director for all; only the roles that work deals issue documents.

Sending (`send_document`) queues the letter with the PDF through the CRM's outgoing mail
(db/mailing/outbox) in the same transaction as the rest: the document marked sent, an e-mail
activity on the client's timeline linked to the deal, and, if asked, a follow-up task. The page
then tries to deliver it at once (db/mailing/document_mail.deliver_now); a mail server that
does not answer leaves it queued for the regular sender.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import access
from ..company import company_details
from ..access import Can, Viewer, require, require_client, require_deal
from ..documents import content as build
from ..documents import text as ru
from ..documents.pdf import document_pdf
from ..documents.word import document_docx
from ..errors import DomainError, NotFound
from ..mailing.outbox import enqueue
from ..models import Activity, ActivityKind, Client, Deal, Document, DocumentKind, DocumentStatus, utcnow
from ..routine_config import smtp_config
from ..rules.validate import Checks
from .activities import schedule_task
from .base import audit, business_action
from .numbering import next_number

VALID_DAYS_MAX = 366
FOLLOW_UP_WORKING_DAYS = 3


def working_days_after(day: dt.date, days: int = FOLLOW_UP_WORKING_DAYS) -> dt.date:
    """`days` working days (Monday to Friday) after `day`: the default date of the follow-up call."""
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def _check_dates(v: Checks, today: dt.date, valid_until) -> dt.date | None:
    return v.date("valid_until", valid_until, minimum=today, maximum=today + dt.timedelta(days=VALID_DAYS_MAX))


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _advantage_ids(value) -> set[int]:
    return {int(i) for i in (value or ())}


def _store(session: Session, viewer: Viewer, snapshot: dict, *, client: Client, deal: Deal | None,
           contact_id: int | None, number: int | None = None, revision: int = 1,
           replaces: Document | None = None) -> Document:
    kind = DocumentKind(snapshot["kind"])
    year = int(snapshot["year"])
    snapshot["number"] = number if number is not None else next_number(session, kind, year)
    snapshot["revision"] = revision
    document = Document(
        kind=kind, year=year, number=snapshot["number"], revision=revision,
        issued_on=dt.date.fromisoformat(snapshot["issued_on"]),
        valid_until=dt.date.fromisoformat(snapshot["valid_until"]) if snapshot.get("valid_until") else None,
        client_id=client.id, contact_id=contact_id, deal_id=deal.id if deal is not None else None,
        replaces_id=replaces.id if replaces is not None else None, status=DocumentStatus.ISSUED,
        total=Decimal(snapshot["total"]), vat_rate=_decimal(snapshot["vat_rate"]),
        vat_amount=_decimal(snapshot["vat_amount"]),
        content=snapshot, pdf=document_pdf(snapshot), docx=document_docx(snapshot),
        created_by_id=viewer.person_id)
    session.add(document)
    session.flush()
    audit(session, viewer, action=f"issue_{kind.value}" if replaces is None else "reissue_document",
          entity="document", entity_id=document.id,
          changes={"client_id": (None, client.id), "deal_id": (None, document.deal_id),
                   "number": (None, f"{document.number}/{document.year}"), "revision": (None, revision),
                   "total": (None, document.total), "vat_amount": (None, document.vat_amount),
                   **({"replaces_id": (None, replaces.id)} if replaces is not None else {})})
    return document


def _proposal_snapshot(session: Session, viewer: Viewer, *, client: Client, deal: Deal | None, items, contact_id,
                       valid_until, advantages, position, note, today: dt.date) -> dict:
    v = Checks()
    if valid_until is None:
        valid_until = today + dt.timedelta(days=company_details(session).proposal_validity_days)
    until = _check_dates(v, today, valid_until)
    position = v.text("position", position, max_len=200)
    note = v.text("note", note, max_len=3000, multiline=True)
    v.raise_if_any()
    contact = build.contact_of(session, client.id, contact_id)
    lines = (build.deal_lines(session, deal, _advantage_ids(advantages)) if deal is not None else
             build.product_lines(session, client.id, list(items or []), today, _advantage_ids(advantages)))
    return build.assemble(session, kind=DocumentKind.PROPOSAL.value, client=client, lines=lines, issued_on=today,
                          valid_until=until, contact=contact, manager_block=build.manager(session, viewer.user_id,
                                                                                          position),
                          deal=deal, note=note)


@business_action
def issue_proposal(session: Session, viewer: Viewer, *, client_id: int | None = None, deal_id: int | None = None,
                   items: list[dict] | None = None, contact_id: int | None = None,
                   valid_until: dt.date | None = None, advantages: list[int] | None = None,
                   position: str | None = None, note: str | None = None) -> Document:
    """A proposal from a deal's lines (`deal_id`), or from chosen products (`client_id`, `items`:
    product_id, quantity, discount_pct) at the client's prices. `advantages`: the products whose
    text from the knowledge base goes in; `position`: the signer's, under their name."""
    require(viewer, Can.WORK_DEALS)
    if deal_id:
        deal: Deal | None = require_deal(session, viewer, deal_id)
        assert deal is not None
        client = require_client(session, viewer, deal.client_id)
    elif client_id:
        deal, client = None, require_client(session, viewer, client_id)
    else:
        raise DomainError("A proposal is made from a deal or for a client.")
    snapshot = _proposal_snapshot(session, viewer, client=client, deal=deal, items=items, contact_id=contact_id,
                                  valid_until=valid_until, advantages=advantages, position=position, note=note,
                                  today=access.today())
    return _store(session, viewer, snapshot, client=client, deal=deal, contact_id=contact_id or None)


def _invoice_snapshot(session: Session, viewer: Viewer, *, deal: Deal, client: Client, contact_id, valid_until,
                      today: dt.date) -> dict:
    build.committing_stage(session, deal)
    build.invoice_requisites(session)
    v = Checks()
    until = _check_dates(v, today, valid_until)
    v.raise_if_any()
    contact = build.contact_of(session, client.id, contact_id)
    return build.assemble(session, kind=DocumentKind.INVOICE.value, client=client,
                          lines=build.deal_lines(session, deal), issued_on=today, valid_until=until,
                          contact=contact, manager_block=build.manager(session, viewer.user_id, None), deal=deal)


@business_action
def issue_invoice(session: Session, viewer: Viewer, *, deal_id: int, contact_id: int | None = None,
                  valid_until: dt.date | None = None) -> Document:
    """An invoice for a deal at a committing stage (a contract, won): its lines, VAT at the company's
    rate, numbered per year. `valid_until`: pay by (optional)."""
    require(viewer, Can.WORK_DEALS)
    deal = require_deal(session, viewer, deal_id, for_update=True)
    client = require_client(session, viewer, deal.client_id)
    snapshot = _invoice_snapshot(session, viewer, deal=deal, client=client, contact_id=contact_id,
                                 valid_until=valid_until, today=access.today())
    return _store(session, viewer, snapshot, client=client, deal=deal, contact_id=contact_id or None)


def document_for(session: Session, viewer: Viewer, document_id: int, *, for_update: bool = False) -> Document:
    """The document, if the viewer sees its client; "not found" otherwise (as for a client)."""
    stmt = select(Document).where(Document.id == document_id)
    if for_update and session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    document = session.scalars(stmt).one_or_none()
    if document is None:
        raise NotFound("Document not found, or its client is not among yours.")
    try:
        require_client(session, viewer, document.client_id)
    except NotFound as exc:
        raise NotFound("Document not found, or its client is not among yours.") from exc
    return document


@business_action
def reissue(session: Session, viewer: Viewer, *, document_id: int, contact_id: int | None = None,
            valid_until: dt.date | None = None, items: list[dict] | None = None,
            position: str | None = None, note: str | None = None) -> Document:
    """A corrected version: the same number, the next revision, made afresh — from the deal's present
    lines, or (a proposal of chosen products) from `items` or the old lines at today's prices — with
    today's requisites. The old version becomes REPLACED and stays listed."""
    require(viewer, Can.WORK_DEALS)
    old = document_for(session, viewer, document_id, for_update=True)
    if old.status == DocumentStatus.REPLACED:
        raise DomainError("A newer version of this document exists: make the next one from it.")
    client = require_client(session, viewer, old.client_id)
    deal = require_deal(session, viewer, old.deal_id) if old.deal_id else None
    previous = old.content or {}
    today = access.today()
    contact_id = contact_id if contact_id is not None else old.contact_id
    if old.kind == DocumentKind.INVOICE:
        assert deal is not None
        snapshot = _invoice_snapshot(session, viewer, deal=deal, client=client, contact_id=contact_id,
                                     valid_until=valid_until if valid_until is not None else
                                     (old.valid_until if old.valid_until and old.valid_until >= today else None),
                                     today=today)
    else:
        lines = previous.get("lines") or []
        kept_items = items if items is not None else [
            {"product_id": line["product_id"], "quantity": line["quantity"], "discount_pct": line["discount_pct"]}
            for line in lines]
        snapshot = _proposal_snapshot(
            session, viewer, client=client, deal=deal, items=kept_items, contact_id=contact_id,
            valid_until=valid_until if valid_until is not None else max(old.valid_until or today, today),
            advantages=[line["product_id"] for line in lines if line.get("advantages")],
            position=position if position is not None else (previous.get("manager") or {}).get("position"),
            note=note if note is not None else previous.get("note"), today=today)
    # The year of the number stays the old one: a correction in January keeps last December's number.
    snapshot["year"] = old.year
    old.status = DocumentStatus.REPLACED
    audit(session, viewer, action="replace_document", entity="document", entity_id=old.id,
          changes={"status": (DocumentStatus.ISSUED if old.sent_at is None else DocumentStatus.SENT,
                              DocumentStatus.REPLACED)})
    return _store(session, viewer, snapshot, client=client, deal=deal, contact_id=contact_id or None,
                  number=old.number, revision=old.revision + 1, replaces=old)


def _mark_sent(session: Session, viewer: Viewer, document: Document, to_address: str | None) -> None:
    before = document.status
    document.sent_at = utcnow()
    document.sent_to = to_address
    if document.status != DocumentStatus.REPLACED:
        document.status = DocumentStatus.SENT
    audit(session, viewer, action="send_document", entity="document", entity_id=document.id,
          changes={"status": (before, document.status), "sent_to": (None, to_address)})


@business_action
def mark_sent(session: Session, viewer: Viewer, *, document_id: int, to_address: str | None = None) -> Document:
    """The document went to the client by other means (downloaded, sent from one's own mail): noted
    as sent, and logged on the client's timeline."""
    require(viewer, Can.WORK_DEALS)
    document = document_for(session, viewer, document_id)
    v = Checks()
    address = v.email("to_address", to_address)
    v.raise_if_any()
    _mark_sent(session, viewer, document, address)
    _log(session, viewer, document, kind=ActivityKind.LETTER, subject=sent_subject(document.content),
         body=None if address is None else f"→ {address}")
    return document


def sent_subject(content: dict) -> str:
    """The letter's subject and the timeline's entry: the document's own title (in Russian, as the
    document): "Коммерческое предложение № 5 от 4 декабря 2026 г."."""
    return ru.title(content)


def _log(session: Session, viewer: Viewer, document: Document, *, kind: str, subject: str,
         body: str | None) -> Activity:
    activity = Activity(kind=kind, client_id=document.client_id, user_id=viewer.user_id, contact_id=document.contact_id,
                        deal_id=document.deal_id, subject=subject[:300], body=body, occurred_at=utcnow())
    session.add(activity)
    session.flush()
    audit(session, viewer, action="log_activity", entity="activity", entity_id=activity.id,
          changes={"client_id": (None, document.client_id), "kind": (None, kind), "subject": (None, activity.subject),
                   "deal_id": (None, document.deal_id)})
    return activity


@business_action
def send_document(session: Session, viewer: Viewer, *, document_id: int, to_address: str, subject: str,
                  body: str, follow_up_on: dt.date | None = None, follow_up_title: str | None = None) -> dict:
    """Send the document's PDF by e-mail: queued through the CRM's outgoing mail (delivered by the
    page at once where the server answers, else by the regular sender), the document marked sent,
    an e-mail activity on the client's timeline linked to the deal, and, with `follow_up_on`, a
    follow-up task. Returns {"document", "activity", "mail_id", "task"}."""
    require(viewer, Can.WORK_DEALS)
    document = document_for(session, viewer, document_id, for_update=True)
    if document.status == DocumentStatus.REPLACED:
        raise DomainError("This version is replaced by a newer one: send the newest version.")
    if document.pdf is None:
        raise DomainError("The document has no PDF to send.")
    if not smtp_config(session).configured:  # queued for nobody to send: refused, nothing marked sent
        raise DomainError("The mail server is not set up: an administrator enters it under "
                          "\u201cReminders and mailings\u201d.")
    v = Checks()
    address = v.email("to_address", to_address, required=True)
    subject_text = v.text("subject", subject, max_len=300, required=True)
    body_text = v.text("body", body, max_len=20000, multiline=True, required=True)
    v.raise_if_any()
    assert address is not None and subject_text is not None and body_text is not None
    mail = enqueue(session, kind=f"document_{document.kind.value}", to_address=address, subject=subject_text,
                   body=body_text, user_id=viewer.user_id,
                   attachment=(ru.file_name(document.content, "pdf"), "application/pdf", bytes(document.pdf)))
    if mail is None:
        raise DomainError("The letter could not be queued.")
    session.flush()
    _mark_sent(session, viewer, document, address)
    activity = _log(session, viewer, document, kind=ActivityKind.EMAIL, subject=subject_text,
                    body=f"{ru.file_name(document.content, 'pdf')} → {address}\n\n{body_text}")
    task = None
    if follow_up_on is not None:
        title = (follow_up_title or "").strip() or f"Созвониться по: {sent_subject(document.content)}"
        task = schedule_task.__wrapped__(session, viewer, title=title[:300], due_on=follow_up_on,
                                         client_id=document.client_id, deal_id=document.deal_id)
    return {"document": document, "activity": activity, "mail_id": mail.id, "task": task}
