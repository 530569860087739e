"""Approvals: discounts above the cap and commitments past the credit limit, waiting for a decision.

A compact list, the oldest first: how long each has waited, what is asked, who asked, who
decides (from the access policy: db/rules/approvals.py) and the decision in the row. Approve
is disabled, with the reason, on a discount above the viewer's own cap.
"""
import streamlit as st

from queries import approvals
from ui import deal_forms, tables
from ui.data import loader
from ui.forms import show_flash
from ui.lang import code, date, datetime, money, percent, t
from ui.text import EMPTY, blank, md_escape, missing

approval_queue = loader(approvals.approval_queue)
recent_decisions = loader(approvals.recent_decisions)
WIDTHS = [1, 3.6, 1.7, 2, 1.6, 1.9]


def exact(value) -> str:
    """A sum a head decides on: kopecks shown when there are any (131 999,50 is not 132 000)."""
    return money(value, kopecks=round(float(value), 2) != round(float(value)))


def age(days) -> str:
    if missing(days):
        return EMPTY
    return t("today") if int(days) == 0 else t("{n} d", n=int(days))


def what(r) -> str:
    if r.kind == "discount":
        return t("Discount of {asked} (the deal's largest now: {given})", asked=percent(r.asked_pct, 2),
                 given=percent(r.discount_pct, 2))
    if missing(r.unpaid_shipments):  # asked before the exposure had parts
        return t("Move to “{stage}” past the credit limit: exposure {exposure} + deal {amount} > limit {limit}",
                 stage=md_escape(blank(r.to_stage)), exposure=money(r.exposure), amount=money(r.amount),
                 limit=money(r.limit))
    return t("Move to “{stage}” past the credit limit: exposure {exposure} (unpaid shipments {shipments}, "
             "committed open deals {committed}, won but not shipped {won}) + deal {amount} > limit {limit}",
             stage=md_escape(blank(r.to_stage)), exposure=exact(r.exposure), shipments=exact(r.unpaid_shipments),
             committed=exact(r.committed_open), won=exact(r.won_not_shipped), amount=exact(r.amount),
             limit=exact(r.limit))


def who_decides(r) -> str:
    if missing(r.deciders):
        return t("Nobody may approve it: the discount is above every cap.")
    return f"{md_escape(r.deciders)} ({code('role', r.decider_role)})"


st.title(t("Approvals"))
show_flash()
queue = approval_queue()
if queue.empty:
    st.success(t("Nothing waits for your decision."), icon=":material/done_all:")
else:
    total = queue.attrs.get("total", 0)
    st.caption(t("{total} requests wait; the oldest {n} are here. Each decision brings up the next.",
                 total=total, n=len(queue)) if total > len(queue) else
               t("Requests waiting: {n}, the oldest first.", n=len(queue)))
    head = st.columns(WIDTHS, vertical_alignment="bottom")
    for column, label in zip(head, (t("Age"), t("Request"), t("Asked by"), t("Who decides"), "", ""),
                             strict=True):
        column.caption(label)
for r in queue.itertuples():
    with st.container(border=True, key=f"approval_{int(r.id)}"):
        cells = st.columns(WIDTHS, vertical_alignment="center")
        cells[0].markdown(f"**{age(r.age_days)}**")
        cells[0].caption(date(r.created_at))
        with cells[1]:
            st.markdown(what(r))
            st.caption(" · ".join([md_escape(r.client), f"[{md_escape(r.deal)}](deal?id={int(r.deal_id)})",
                                   f"{t('Amount')}: {money(r.amount)}"]))
        cells[2].markdown(md_escape(blank(r.requested_by)))
        cells[3].markdown(who_decides(r))
        above = None if missing(r.my_cap) else t("Above your cap of {cap}: {who} decides.",
                                                   cap=percent(r.my_cap, 0 if r.my_cap == int(r.my_cap) else 2),
                                                   who=md_escape(blank(r.deciders)))
        with cells[4]:
            deal_forms.approve_button(queue.loc[r.Index], disabled_reason=above)
        with cells[5]:
            deal_forms.reject_popover(queue.loc[r.Index])
        if above:
            st.caption(above)

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
