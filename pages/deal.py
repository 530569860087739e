"""A deal's page (?id=N): where it stands, its lines, its stage history and approvals, and the quick forms."""
import pandas as pd
import streamlit as st

from db import access
from db.access import Can
from db.errors import NotFound
from i18n import N_
from queries import approvals as approvals_q
from queries import deals as q
from ui import client_card, deal_forms, tables
from ui import documents as documents_ui
from ui.data import current_viewer, loader
from ui.forms import show_flash
from ui.lang import code, date, money, number, percent, t
from ui.params import record_id
from ui.text import md_escape

get_deal = loader(q.get_deal)
deal_lines = loader(q.deal_lines)
deal_history = loader(q.deal_history)
deal_approvals = loader(q.deal_approvals)
stages = loader(q.stages)
lost_reasons = loader(q.lost_reasons)
discount_deciders = loader(approvals_q.discount_deciders)

STATUSES = {"pending": N_("Waiting"), "approved": N_("Approved"), "rejected": N_("Rejected")}


def who_approves_more(deal_id: int) -> str:
    """Who approves a discount above the viewer's cap, by how much: "up to 10 % — Nina Head (Head); above that —
    the director" (db/rules/approvals.py, the same policy that decides)."""
    parts = []
    for cap, people in discount_deciders(deal_id=deal_id):
        who = ", ".join(f"{d.full_name} ({code('role', d.role)})" for d in people)
        parts.append(t("up to {cap} % — {who}", cap=number(cap, 2), who=who) if cap is not None else
                     t("any — {who}", who=who) if not parts else t("above that — {who}", who=who))
    return "; ".join(parts)


viewer = current_viewer()
deal_id = record_id()
try:
    if deal_id is None:
        raise NotFound("Deal not found, or it is not among your deals.")
    deal = get_deal(deal_id=deal_id)
except NotFound as exc:
    st.page_link("pages/funnel.py", label=t("Funnel"), icon=":material/arrow_back:")
    st.title(t("Deal"))
    st.warning(t(exc.message), icon=":material/search_off:")
    st.stop()

st.page_link("pages/client.py", label=md_escape(deal.client), icon=":material/arrow_back:",
             query_params={"id": deal.client_id})
st.title(md_escape(deal.title))
st.caption(" · ".join([md_escape(deal.client), f"{t('Manager')}: {md_escape(deal.owner or '—')}",
                       t("created {when}", when=deal.created_at.date()), code("deal state", deal.state)]))
with st.container():  # always there: a message does not shift the page below (open expanders stay open)
    show_flash(toast=True)  # the toast: seen from a form further down the page (issue 18, item 4)

cols = st.columns([2, 1.4, 1.4, 0.8, 1.4])  # stage names and dates are long
cols[0].metric(t("Stage"), md_escape(deal.stage))
cols[1].metric(t("Amount"), money(deal.amount))
cols[2].metric(t("Weighted amount"), money(deal.amount * deal.probability / 100),
               help=t("Amount × probability."))
cols[3].metric(t("Probability"), percent(deal.probability, 0))
cols[4].metric(t("Expected close"), date(deal.expected_close_on))

if deal.state == "won":
    st.success(t("Won on {when}.", when=deal.closed_at), icon=":material/emoji_events:")
elif deal.state == "lost":
    st.error(t("Lost on {when}: {reason}", when=deal.closed_at, reason=md_escape(deal.lost_reason or "—")),
             icon=":material/block:")

requests = deal_approvals(deal_id=deal.id)
for r in requests[requests["status"] == "pending"].itertuples():
    if r.kind == "discount":
        st.warning(t("Waiting for {decider}: a discount of {asked} % (asked by {who}). Until then the lines keep "
                     "their present discounts.", asked=r.payload.get("discount_pct"), who=md_escape(r.requested_by),
                     decider=md_escape(deal_forms.deciders_text(int(r.id)))),
                   icon=":material/hourglass_top:")
    else:
        st.warning(t("Waiting for {decider}: the move past the credit limit (asked by {who}).",
                     who=md_escape(r.requested_by), decider=md_escape(deal_forms.deciders_text(int(r.id)))),
                   icon=":material/hourglass_top:")
if deal.state == "open" and deal.credit is not None and not deal.stage_is_committing:
    cc = deal.credit
    st.info(t("Committing to this deal (contract, won) passes the client's credit limit: exposure {exposure} "
              "(unpaid shipments {shipments}, committed open deals {committed}, won but not shipped {won}) + this "
              "deal {amount} > limit {limit} by {excess}. The move needs a head's approval.",
              exposure=money(cc.exposure, kopecks=True), shipments=money(cc.parts.unpaid_shipments, kopecks=True),
              committed=money(cc.parts.committed_open, kopecks=True), won=money(cc.parts.won_not_shipped, kopecks=True),
              amount=money(cc.amount, kopecks=True), limit=money(cc.limit, kopecks=True),
              excess=money(cc.excess, kopecks=True)), icon=":material/account_balance:")
if deal.state == "open" and deal.overdue_block is not None and not deal.stage_is_committing:
    b = deal.overdue_block
    st.warning(t("The client's overdue debt of {overdue} is {days} days past due, more than the {limit} days allowed: "
                 "no committing move until it is paid.", overdue=money(b.overdue), days=number(b.oldest_days),
                 limit=number(b.block_days)), icon=":material/block:")

works = access.can(viewer, Can.WORK_DEALS)
stage_list = stages()
if works:
    if deal.state != "open":
        st.caption(t("The deal is closed. A head of sales can reopen it by moving it to an open stage."))
    left, right = st.columns(2)
    with left:
        st.subheader(t("Move the deal"))
        deal_forms.move_form(deal, stage_list)
    with right:
        st.subheader(t("If the deal is lost"))
        deal_forms.lost_form(deal, stage_list, lost_reasons())

st.subheader(t("Lines"))
lines = deal_lines(deal_id=deal.id)
tables.show(lines, {"product": t("Product"), "sku": t("SKU"), "quantity": t("Quantity"), "unit": t("Unit"),
                    "price": t("Price"), "discount_pct": t("Discount, %"), "amount": t("Amount")},
            money=("price", "amount"), percent=(), kopecks=True)
if lines.empty and deal.amount:
    st.caption(t("The deal has no lines: its amount was entered without them. Lines replace it with their sum."))
if works:
    st.caption(t("Your discount cap: {cap} %. Who approves a larger one: {who}.",
                 cap=number(deal.my_cap, 2), who=md_escape(who_approves_more(deal.id)))
               if discount_deciders(deal_id=deal.id) else
               t("Your discount cap: {cap} %. Nobody may approve a larger one.", cap=number(deal.my_cap, 2)))
    with st.expander(t("Add a line"), icon=":material/playlist_add:"):
        deal_forms.add_line_form(deal, lines)
    if not lines.empty:
        with st.expander(t("Change quantities and discounts"), icon=":material/edit:"):
            deal_forms.edit_lines_form(deal, lines)
    with st.expander(t("Edit the deal"), icon=":material/edit_note:"):
        deal_forms.details_form(deal)

st.subheader(t("Proposals and invoices"))
documents_ui.deal_documents(deal, lines, client_card.contacts(client_id=deal.client_id))

st.subheader(t("Stage history"))
history = deal_history(deal_id=deal.id)
if history.empty:
    st.info(t("No stage moves recorded."))
else:
    tables.show(history.assign(from_stage=history["from_stage"].fillna("—"),
                               days_before=pd.to_numeric(history["days_before"], errors="coerce").round(1)),
                {"changed_at": t("When"), "from_stage": t("From stage"), "to_stage": t("To stage"), "who": t("Who"),
                 "days_before": t("Days at the previous stage")})

if not requests.empty:
    st.subheader(t("Approvals"))
    shown = requests.assign(
        kind=requests["kind"].map(lambda k: t("Discount") if k == "discount" else t("Credit limit")),
        status=[t("Withdrawn") if s == "rejected" and d == a else t(STATUSES[s])
                for s, d, a in zip(requests["status"], requests["decided_by_id"], requests["requested_by_id"],
                                   strict=True)],
        asked=[percent(float(p["discount_pct"]), 2) if k == "discount" else "—"
               for k, p in zip(requests["kind"], requests["payload"], strict=True)],
    ).drop(columns=["payload"])  # a dict column: not for a table
    tables.show(shown, {"created_at": t("Asked"), "kind": t("What"), "asked": t("Discount asked"),
                        "requested_by": t("Asked by"), "status": t("Status"), "decided_by": t("Decided by"),
                        "decided_at": t("Decided"), "comment": t("Comment")})
