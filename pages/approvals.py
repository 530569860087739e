"""Approvals: discounts above the cap and commitments past the credit limit, waiting for a head's decision."""
import streamlit as st

from queries import approvals
from ui import deal_forms, tables
from ui.data import loader
from ui.forms import show_flash
from ui.lang import datetime, money, percent, t
from ui.text import blank, md_escape, missing

approval_queue = loader(approvals.approval_queue)
recent_decisions = loader(approvals.recent_decisions)


def exact(value) -> str:
    """A sum a head decides on: kopecks shown when there are any (131 999,50 is not 132 000)."""
    return money(value, kopecks=round(float(value), 2) != round(float(value)))


st.title(t("Approvals"))
show_flash()
queue = approval_queue()
if queue.empty:
    st.success(t("Nothing waits for your decision."), icon=":material/done_all:")
elif queue.attrs.get("total", 0) > len(queue):
    st.caption(t("{total} requests wait; the oldest {n} are here. Each decision brings up the next.",
                 total=queue.attrs["total"], n=len(queue)))
for r in queue.itertuples():
    with st.container(border=True):
        if r.kind == "discount":
            what = t("Discount of {asked} (the deal's largest now: {given})", asked=percent(r.asked_pct, 2),
                     given=percent(r.discount_pct, 2))
        elif missing(r.unpaid_shipments):  # asked before the exposure had parts
            what = t("Move to “{stage}” past the credit limit: exposure {exposure} + deal {amount} > limit {limit}",
                     stage=md_escape(blank(r.to_stage)), exposure=money(r.exposure), amount=money(r.amount),
                     limit=money(r.limit))
        else:
            what = t("Move to “{stage}” past the credit limit: exposure {exposure} (unpaid shipments {shipments}, "
                     "committed open deals {committed}, won but not shipped {won}) + deal {amount} > limit {limit}",
                     stage=md_escape(blank(r.to_stage)), exposure=exact(r.exposure),
                     shipments=exact(r.unpaid_shipments), committed=exact(r.committed_open),
                     won=exact(r.won_not_shipped), amount=exact(r.amount), limit=exact(r.limit))
        st.markdown(f"**{what}**")
        st.caption(" · ".join([md_escape(r.client), md_escape(r.deal), f"{t('Amount')}: {money(r.amount)}",
                               f"{t('Asked by')}: {md_escape(blank(r.requested_by))}", datetime(r.created_at)]))
        st.page_link("pages/deal.py", label=t("Open the deal"), icon=":material/open_in_new:",
                     query_params={"id": int(r.deal_id)})
        deal_forms.decision_form(queue.loc[r.Index])

st.subheader(t("Decided in the last 30 days"))
done = recent_decisions()
if done.empty:
    st.info(t("No decisions in the last 30 days."))
else:
    shown = done.assign(
        kind=done["kind"].map(lambda k: t("Discount") if k == "discount" else t("Credit limit")),
        status=[t("Withdrawn") if w else t("Approved") if s == "approved" else t("Rejected")
                for s, w in zip(done["status"], done["withdrawn"], strict=True)],
        decided_at=done["decided_at"].map(datetime))
    tables.show(shown, {"decided_at": t("Decided"), "client": t("Client"), "deal": t("Deal"), "kind": t("What"),
                        "asked_pct": t("Discount asked"), "requested_by": t("Asked by"), "status": t("Status"),
                        "decided_by": t("Decided by"), "comment": t("Comment")},
                percent=("asked_pct",), export=t("Approval decisions"))
