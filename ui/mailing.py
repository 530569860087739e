"""Choosing recipients, writing the template, previewing each letter; address labels.

Other pages hand a list of clients over (the analysis page's pilot list):

    from ui.mailing import start_mailing
    start_mailing(client_ids)   # opens "Mailings and labels" with those clients as recipients

The ids are re-checked against access by every query, so a list can never
widen what the person sees.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from db import access, config
from db.errors import DomainError
from db.actions.routine_settings import checked_layout
from db.mailing.labels import client_labels, labels_pdf
from db.actions.mail_runs import create_mail_run
from db.mailing.template import FIELDS, render, template_problem
from db.models import SizeSegment
from db.routine_config import LabelLayout
from queries import clients, mailing, users

from .data import current_viewer, loader
from .export import record_download
from .forms import FormState
from .lang import code, t
from .text import EMPTY, md_escape

load_recipients = loader(mailing.recipients)
merge_values = loader(mailing.merge_values)
reference_lists = loader(clients.reference_lists)
assignable_owners = loader(users.assignable_owners)

PILOT_KEY = "mailing_pilot_ids"
# A starting text, in the language of the letters' readers (the company's), for the person to rewrite.
DEFAULT_TEMPLATES = {
    "ru": ("{client}: новинки для вас", "Уважаемый(ая) {greeting}!\n\nВы регулярно берёте у нас {products}. "
           "Рады сообщить о новинках: {new_products}.\n\nС уважением,\n{manager}\n{manager_phone}"),
    "en": ("{client}: new products for you", "Dear {greeting},\n\nYou regularly buy {products} from us. "
           "We are glad to tell you about our new products: {new_products}.\n\nKind regards,\n{manager}\n"
           "{manager_phone}"),
}


def start_mailing(client_ids) -> None:
    """Open the mailing page with these clients as the recipients (e.g. a pilot list)."""
    st.session_state[PILOT_KEY] = sorted({int(i) for i in client_ids})
    st.switch_page("pages/mailing.py")


def choose_recipients(key: str, *, email_filter: bool) -> pd.DataFrame:
    """Filters (or the handed-over list), then the matching clients with a tick each; the ticked rows."""
    viewer = current_viewer()
    refs = reference_lists()
    industries = dict(zip(refs["industries"]["id"], refs["industries"]["name"], strict=True))
    territories = dict(zip(refs["territories"]["id"], refs["territories"]["name"], strict=True))
    pilot = st.session_state.get(PILOT_KEY)
    source = "filter"
    if pilot:
        source = st.radio(t("Recipients"), ["pilot", "filter"], horizontal=True, key=f"{key}_source",
                          format_func=lambda s: t("The handed-over list ({n} clients)", n=len(pilot))
                          if s == "pilot" else t("Chosen by a filter"))
    filters: dict = {}
    if source == "pilot":
        filters["client_ids"] = tuple(pilot)
    else:
        with st.form(f"{key}_filters", border=False):
            search = st.text_input(t("Search"), placeholder=t("Name, INN, contact, phone or e-mail"),
                                   key=f"{key}_search")
            cols = st.columns(5)
            filters["industry_id"] = cols[0].selectbox(t("Industry"), [None, *industries], placeholder=t("All"),
                                                       key=f"{key}_industry",
                                                       format_func=lambda i: industries.get(i, t("All")))
            filters["territory_id"] = cols[1].selectbox(t("Territory"), [None, *territories], placeholder=t("All"),
                                                        key=f"{key}_territory",
                                                        format_func=lambda i: territories.get(i, t("All")))
            filters["segment"] = cols[2].selectbox(t("Size segment"), [None, *(s.value for s in SizeSegment)],
                                                   placeholder=t("All"),
                                                   format_func=lambda s: code("size segment", s, t("All")),
                                                   key=f"{key}_segment")
            filters["abc"] = cols[3].selectbox(t("Class"), [None, "A", "B", "C"], placeholder=t("All"),
                                               key=f"{key}_abc",
                                               format_func=lambda c: c or t("All"))
            if access.leads_anyone(viewer):
                owners = assignable_owners()
                names = dict(zip(owners["id"], owners["full_name"], strict=True))
                filters["owner_id"] = cols[4].selectbox(t("Manager"), [None, *names], placeholder=t("All"),
                                                        key=f"{key}_owner",
                                                        format_func=lambda i: names.get(i, t("All")))
            if email_filter:
                filters["with_email"] = st.checkbox(t("Only clients with an e-mail address"), value=True,
                                                    key=f"{key}_with_email")
            st.form_submit_button(t("Find"), icon=":material/search:")
        filters["search"] = search
    found = load_recipients(**filters)
    if found.empty:
        st.info(t("No clients match."))
        return found
    if len(found) >= mailing.RECIPIENT_LIMIT:
        st.warning(t("Only the first {n} clients are shown: narrow the filter.", n=mailing.RECIPIENT_LIMIT))
    # A chosen list (a filter, a handed-over pilot list, a manager's own book) starts ticked; a
    # leader's whole base does not — a letter to all 578 clients is never one careless click.
    narrowed = source == "pilot" or any(v for k, v in filters.items() if k != "with_email")
    all_in = st.checkbox(t("Include all {n} clients found", n=len(found)),
                         value=narrowed or not access.leads_anyone(viewer),
                         key=f"{key}_all_{hash(tuple(found['client_id']))}_{narrowed}")
    table = found.assign(include=all_in)
    edited = st.data_editor(
        table, hide_index=True, width="stretch", key=f"{key}_table_{hash(tuple(found['client_id']))}_{all_in}",
        placeholder=EMPTY,
        column_order=["include", "client", "contact", "email", "address", "manager"],
        disabled=["client", "contact", "email", "address", "manager"],
        column_config={"include": st.column_config.CheckboxColumn(t("Include")), "client": t("Client"),
                       "contact": t("Contact"), "email": t("E-mail"), "address": t("Postal address"),
                       "manager": t("Manager")})
    chosen = found[edited["include"].to_numpy(dtype=bool)]
    st.caption(t("{n} of {total} clients included.", n=len(chosen), total=len(found)))
    return chosen


def template_form(chosen: pd.DataFrame) -> None:
    """The mailing's name, channel and template, a preview of any recipient's letter, and "Create"."""
    form = FormState("mail_run")
    ids = [int(i) for i in chosen["client_id"]]
    names = dict(zip(chosen["client_id"].astype(int), chosen["client"], strict=True))
    with st.form(form.key):
        form.top()
        form.slot("recipients")
        c1, c2 = st.columns([2, 1])
        with c1:
            name = form.text("name", t("Name of the mailing"), placeholder=t("e.g. New products, March"))
        with c2:
            channel = form.select("channel", t("How the letters go"), ["smtp", "download"],
                                  format_func=lambda c: t("Send by e-mail") if c == "smtp"
                                  else t("Download (PDF, Word, CSV)"))
        default_subject, default_body = DEFAULT_TEMPLATES.get(config.default_language(), DEFAULT_TEMPLATES["en"])
        subject = form.text("subject", t("Subject"), value=default_subject)
        body = form.area("body", t("Letter"), value=default_body, height=220)
        st.caption(t("Fields: ") + " · ".join(f"`{{{f}}}` {t(what)}" for f, what in FIELDS.items()))
        preview_id = st.selectbox(t("Preview the letter to"), ids, format_func=lambda i: names.get(i, "?"),
                                  key=form.field("preview")) if ids else None
        c3, c4 = st.columns(2)
        create = c3.form_submit_button(t("Create the mailing"), type="primary", icon=":material/outgoing_mail:")
        show = c4.form_submit_button(t("Preview"), icon=":material/visibility:")
    if show and preview_id is not None:
        preview(subject, body, preview_id)
    if create:
        def make_run(session, viewer, **kwargs):
            run = create_mail_run(session, viewer, **kwargs)
            st.session_state["mail_run"] = run.id  # "Mailings made" opens on it
            return run

        form.submit(make_run,
                    t("The mailing is ready. Open it under \u201cMailings made\u201d to send or download "
                      "its letters."),
                    name=name, channel=channel, subject=subject, body=body, client_ids=ids,
                    criteria={"clients": len(ids)})


def preview(subject: str, body: str, client_id: int) -> None:
    problems = [p for p in (template_problem(subject), template_problem(body)) if p]
    if problems:
        st.error(t(problems[0][0], **problems[0][1]), icon=":material/error:")
        return
    values = merge_values(client_ids=(client_id,)).get(client_id)
    if values is None:
        return
    with st.container(border=True):
        st.markdown(f"**{md_escape(render(' '.join(subject.split()), values))}**")
        st.markdown(md_escape(render(body, values)))


def labels_form(chosen: pd.DataFrame, layout: LabelLayout) -> None:
    """The sheet's layout (the administrator's as the default), then the PDF of the chosen clients' labels."""
    form = FormState("labels_layout")
    with st.form(form.key, border=False):
        form.top()
        cols = st.columns(4)
        with cols[0]:
            columns = form.number("columns", t("Labels across"), min_value=1, max_value=6, value=layout.columns)
        with cols[1]:
            rows = form.number("rows", t("Rows of labels"), min_value=1, max_value=20, value=layout.rows)
        with cols[2]:
            top = form.number("margin_top", t("Top margin, mm"), min_value=0.0, max_value=50.0,
                              value=float(layout.margin_top), step=0.5)
        with cols[3]:
            left = form.number("margin_left", t("Left margin, mm"), min_value=0.0, max_value=50.0,
                               value=float(layout.margin_left), step=0.5)
        make = st.form_submit_button(t("Make the labels"), type="primary", icon=":material/label:")
    if make:
        try:
            if chosen.empty:
                raise DomainError("Choose at least one recipient.")
            sheet = checked_layout(layout, columns=columns, rows=rows, margin_top=top, margin_left=left)
            labels = client_labels(chosen)
            st.session_state["labels_pdf"] = labels_pdf(labels, sheet)
        except DomainError as exc:
            form.show(exc)
            st.session_state.pop("labels_pdf", None)
            return
        st.session_state["labels_count"] = len(labels)
        st.session_state["labels_note"] = t("{n} labels on {pages} sheets.", n=len(labels),
                                            pages=-(-len(labels) // sheet.per_page))
    if st.session_state.get("labels_pdf"):
        st.success(st.session_state.get("labels_note", ""), icon=":material/label:")
        st.download_button(t("Download the labels (PDF)"), st.session_state["labels_pdf"], file_name="labels.pdf",
                           mime="application/pdf", icon=":material/download:", on_click=record_download,
                           args=("labels", st.session_state.get("labels_count", 0), "pdf"))
