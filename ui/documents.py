"""Proposals and invoices on the deal's page and the client's card (issue 20): make one, list them,
download the PDF or Word file, send by e-mail, make a new version.

The documents themselves are in Russian (db/documents); the forms around them follow the UI language.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from db import access
from db.access import Can
from db.actions.documents import (FOLLOW_UP_WORKING_DAYS, issue_invoice, issue_proposal, reissue, send_document,
                                  working_days_after)
from db.documents import text as ru
from db.errors import DomainError
from db.mailing.document_mail import deliver_now
from db.session import read_session, write_session
from i18n import N_
from queries import documents as q

from .boot import engine
from .data import current_viewer, loader, refresh_generation, run_action
from .forms import FormState, flash
from .lang import date, error_text, money, t
from .text import md_escape

list_documents = loader(q.list_documents)
document_content = loader(q.document_content)
offer_products = loader(q.offer_products)
validity_days = loader(q.proposal_validity_days)

KINDS = {"proposal": N_("Proposal"), "invoice": N_("Invoice")}
STATUSES = {"issued": N_("Issued"), "sent": N_("Sent"), "replaced": N_("Replaced by a newer version")}


def _contacts(people: pd.DataFrame) -> dict[int, str]:
    if people is None or people.empty:
        return {}
    active = people[people["active"]] if "active" in people.columns else people
    return {int(r.id): r.full_name for r in active.itertuples()}


def _proposal_fields(form: FormState, contacts: dict[int, str], products: pd.DataFrame | None) -> dict:
    """Contact, validity, the signer's position, a note and the knowledge base's texts (a checkbox)."""
    c1, c2 = st.columns(2)
    with c1:
        contact = form.select("contact_id", t("Contact"), list(contacts), index=0 if contacts else None,
                              format_func=lambda i: contacts.get(i, "—"), placeholder=t("No contact"))
    with c2:
        until = form.date("valid_until", t("Valid until"), value=access.today() + dt.timedelta(days=validity_days()),
                          format="DD.MM.YYYY")
    position = form.text("position", t("Your position (under your signature)"), value=ru.DEFAULT_POSITION,
                         max_chars=200)
    note = form.area("note", t("A few words before the lines (optional)"), height=68)
    with_text = st.checkbox(t("Add the products' advantages from the knowledge base"), key=form.field("with_text"),
                            value=False)
    advantages = []
    if with_text and products is not None and not products.empty:
        advantages = [int(i) for i in products["product_id" if "product_id" in products else "id"]]
    return {"contact_id": contact, "valid_until": until, "position": position, "note": note,
            "advantages": advantages, "with_text": with_text}


def deal_documents(deal, lines: pd.DataFrame, people: pd.DataFrame) -> None:
    """On the deal's page: make a proposal from its lines, an invoice at a committing stage, and the
    deal's documents."""
    viewer = current_viewer()
    contacts = _contacts(people)
    if access.can(viewer, Can.WORK_DEALS) and deal.state != "lost":
        left, right = st.columns(2)
        with left, st.expander(t("Make a proposal"), icon=":material/request_quote:"):
            if lines.empty:
                st.info(t("Add the deal's lines first: the proposal lists them."))
            else:
                form = FormState(f"proposal_{deal.id}")
                with st.form(form.key):
                    form.top()
                    fields = _proposal_fields(form, contacts, lines)
                    if st.form_submit_button(t("Make the proposal"), type="primary", icon=":material/description:"):
                        made = form.attempt(issue_proposal, deal_id=deal.id, contact_id=fields["contact_id"],
                                            valid_until=fields["valid_until"], position=fields["position"],
                                            note=fields["note"], advantages=fields["advantages"])
                        if made is not None:
                            flash(t("Proposal No. {number} made.", number=made.number))
                            form.renew()
                            st.rerun()
        with right, st.expander(t("Make an invoice"), icon=":material/receipt_long:"):
            if not deal.stage_is_committing:
                st.info(t("An invoice is made at a committing stage (a contract, a won deal). Move the deal on "
                          "first."))
            elif lines.empty:
                st.info(t("Add the deal's lines first: the invoice lists them."))
            else:
                form = FormState(f"invoice_{deal.id}")
                with st.form(form.key):
                    form.top()
                    contact = form.select("contact_id", t("Contact"), list(contacts), index=0 if contacts else None,
                                          format_func=lambda i: contacts.get(i, "—"), placeholder=t("No contact"))
                    until = form.date("valid_until", t("Pay by (optional)"), value=None, format="DD.MM.YYYY")
                    if st.form_submit_button(t("Make the invoice"), type="primary", icon=":material/receipt:"):
                        made = form.attempt(issue_invoice, deal_id=deal.id, contact_id=contact, valid_until=until)
                        if made is not None:
                            flash(t("Invoice No. {number} made.", number=made.number))
                            form.renew()
                            st.rerun()
    documents_list(list_documents(deal_id=deal.id), people, key=f"deal_{deal.id}")


def client_documents(client_id: int, people: pd.DataFrame) -> None:
    """The card's "Documents" tab: every proposal and invoice of the client, every version."""
    documents_list(list_documents(client_id=client_id), people, key=f"client_{client_id}")


def _label(row) -> str:
    revision = f" · {t('version {n}', n=int(row.revision))}" if int(row.revision) > 1 else ""
    return (f"**{t(KINDS[row.kind])} {t('No.')} {int(row.number)}**{revision} · {date(row.issued_on)} · "
            f"{money(row.total, kopecks=True)}")


def documents_list(rows: pd.DataFrame, people: pd.DataFrame, *, key: str) -> None:
    if rows.empty:
        st.info(t("No proposals or invoices yet."))
        return
    works = access.can(current_viewer(), Can.WORK_DEALS)
    for row in rows.itertuples():
        with st.container(border=True):
            status = t(STATUSES[row.status]) if row.status != "sent" else ""
            if not pd.isna(row.sent_at):
                sent = t("sent {when} to {to}", when=date(row.sent_at), to=row.sent_to or "—")
                status = f"{status} · {sent}" if status else sent[:1].upper() + sent[1:]
            st.markdown(_label(row))
            st.caption(" · ".join(filter(None, [status, md_escape(row.deal) if isinstance(row.deal, str) else None,
                                                t("made by {who}", who=md_escape(row.created_by))])))
            with st.container(horizontal=True, gap="small"):
                _download(st, row, "pdf", f"{key}_{int(row.id)}")
                _download(st, row, "docx", f"{key}_{int(row.id)}")
                if works and row.status != "replaced":
                    with st.popover(t("Send"), icon=":material/send:"):
                        _send_form(row, f"{key}_{int(row.id)}")
                    if st.button(t("New version"), key=f"{key}_{int(row.id)}_reissue", icon=":material/history_edu:",
                                 help=t("The same number, the next version, made from the present lines and "
                                        "requisites; this one stays listed as replaced.")):
                        try:
                            made = run_action(reissue, document_id=int(row.id))
                        except DomainError as exc:
                            st.error(error_text(exc), icon=":material/error:")
                        else:
                            flash(t("Version {n} made.", n=made.revision))
                            st.rerun()


def _download(column, row, fmt: str, key: str) -> None:
    document_id = int(row.id)
    name = ru.file_name({"kind": row.kind, "number": int(row.number), "year": int(row.year),
                         "revision": int(row.revision)}, fmt)
    viewer = current_viewer()
    bound = engine()

    def make() -> bytes:
        with read_session(bound) as session:
            return q.document_file(session, viewer, document_id=document_id, fmt=fmt).data

    column.download_button("PDF" if fmt == "pdf" else "Word", data=make, file_name=name, mime=q.MIME[fmt],
                           key=f"{key}_{fmt}", on_click="ignore", icon=":material/download:")


def _send_form(row, key: str) -> None:
    form = FormState(f"send_{key}")
    content = document_content(document_id=int(row.id))
    default_to = row.contact_email if isinstance(row.contact_email, str) else ""
    with st.form(form.key):
        form.top()
        to = form.text("to_address", t("To (e-mail)"), value=default_to, max_chars=200)
        subject = form.text("subject", t("Subject"), value=ru.title(content) if content else "", max_chars=300)
        body = form.area("body", t("Letter"), value=ru.letter_body(content) if content else "", height=200)
        follow = st.checkbox(t("Create a follow-up task"), value=True, key=form.field("follow"))
        due = form.date("follow_up_on", t("Follow up on"), value=working_days_after(access.today(),
                                                                                  FOLLOW_UP_WORKING_DAYS),
                        format="DD.MM.YYYY")
        if st.form_submit_button(t("Send"), type="primary", icon=":material/send:"):
            title = t("Follow up: {document}", document=subject or "")
            result = form.attempt(send_document, document_id=int(row.id), to_address=to, subject=subject, body=body,
                                  follow_up_on=due if follow else None, follow_up_title=title)
            if result is not None:
                with write_session(engine()) as session:
                    delivery = deliver_now(session, mail_id=result["mail_id"])
                refresh_generation()
                flash(t("Sent to {to}.", to=to) if delivery.sent else
                      t("Queued for {to}: the mail server did not take it now ({error}). It goes out with the next "
                        "round of the mail queue.", to=to, error=delivery.error or "—"))
                form.renew()
                st.rerun()


def offers_proposal(client_id: int, offers: pd.DataFrame, people: pd.DataFrame | None = None) -> None:
    """"Proposal from offers": the groups the segment buys and the client does not, their best
    products at the client's prices, one click to a proposal."""
    groups = {int(r.group_id): r.group for r in offers.itertuples()}
    form = FormState(f"offers_proposal_{client_id}")
    with st.form(form.key):
        form.top()
        chosen = form.widget("groups", st.multiselect, t("Groups to offer"), list(groups),
                             default=list(groups)[:3], format_func=lambda g: groups.get(g, "—"))
        per_group = form.number("per_group", t("Products of each group"), value=3, min_value=1, max_value=10, step=1)
        fields = _proposal_fields(form, _contacts(people) if people is not None else {}, None)
        if st.form_submit_button(t("Make the proposal"), type="primary", icon=":material/description:"):
            products = offer_products(client_id=client_id, group_ids=tuple(int(g) for g in chosen),
                                      per_group=int(per_group or 3))
            items = [{"product_id": int(i), "quantity": 1, "discount_pct": 0} for i in products.get("id", [])]
            if not items:
                form.show(DomainError("The chosen groups have no products in the catalogue."))
                return
            made = form.attempt(issue_proposal, client_id=client_id, items=items, contact_id=fields["contact_id"],
                                valid_until=fields["valid_until"], position=fields["position"], note=fields["note"],
                                advantages=[int(i) for i in products["id"]] if fields["with_text"] else [])
            if made is not None:
                flash(t("Proposal No. {number} made: it is on the client's card, tab \u201cDocuments\u201d.",
                        number=made.number))
                form.renew()
                st.rerun()
