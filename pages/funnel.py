"""The deal funnel: what is in each stage, how deals convert and how long they stay, which are stuck.

A manager sees their own deals, a head the department's with a breakdown by
manager, the director everyone's (queries/funnel.py says whose, in SQL).
"""
import streamlit as st

from db import access
from db.access import Can
from queries import clients, funnel
from ui import deal_forms, lists, tables
from ui import funnel as funnel_ui
from ui.data import current_viewer, loader
from ui.forms import show_flash
from ui.lang import money, number, percent, t

stage_summary = loader(funnel.stage_summary)
conversion = loader(funnel.conversion)
days_in_stage = loader(funnel.days_in_stage)
by_manager = loader(funnel.by_manager)
stalled_deals = loader(funnel.stalled_deals)
filter_choices = loader(funnel.filter_choices)
reference_lists = loader(clients.reference_lists)
list_clients = loader(clients.list_clients)

viewer = current_viewer()
st.title(t("Funnel"))
show_flash()
f = funnel_ui.filters_form(filter_choices(), reference_lists(), viewer)
period = {"start": f["start"], "end": f["end"]}
who = {k: f[k] for k in ("owner_id", "department_id", "territory_id", "industry_id")}
st.caption(t("Period: {start} – {end}.", start=f["start"], end=f["end"]))

summary = stage_summary(**period, **who)
flow = conversion(**period, **who).merge(days_in_stage(**period, **who)[["stage_id", "left", "avg_days"]],
                                         on="stage_id", how="left")
stages = summary.merge(flow[["stage_id", "entered", "to_next_pct", "to_won_pct", "avg_days"]], on="stage_id",
                       how="left")
open_ = summary[summary["kind"] == "open"]
won = summary[summary["kind"] == "won"]
lost = summary[summary["kind"] == "lost"]
closed = int(won["deals"].sum() + lost["deals"].sum())

m = st.columns(5)
m[0].metric(t("Open deals"), number(int(open_["deals"].sum())))
m[1].metric(t("In the funnel"), funnel_ui.compact_money(open_["amount"].sum()), help=money(open_["amount"].sum()))
m[2].metric(t("Weighted amount"), funnel_ui.compact_money(open_["weighted"].sum()),
            help=t("Amount × probability: {amount}", amount=money(open_["weighted"].sum())))
m[3].metric(t("Won in the period"), funnel_ui.compact_money(won["amount"].sum()),
            help=t("{n} deals, {amount}", n=int(won["deals"].sum()), amount=money(won["amount"].sum())))
m[4].metric(t("Win rate"), percent(won["deals"].sum() / closed * 100) if closed else "—",
            help=t("Won of the deals closed in the period."))
if summary["deals"].sum() == 0:
    st.warning(t("No deals in this funnel for these filters and this period."), icon=":material/info:")

funnel_ui.stage_chart(summary)
funnel_ui.stage_table(stages)
st.caption(t("Went further: of the deals that entered the stage in the period, how many reached a later stage "
             "(not a lost one) by now; won later: how many were won. Average days: of the deals that left the "
             "stage in the period."))

team = by_manager(**period, **who)
if len(team) > 1:  # a head's or the director's view: one row a person
    st.subheader(t("By manager"))
    columns = {"manager": t("Manager"), "department": t("Department")}
    if team["department"].nunique(dropna=False) <= 1:
        del columns["department"]  # one department: its name on every row says nothing
    tables.show(team, {**columns, "open_deals": t("Open deals"),
                       "open_amount": t("In the funnel"), "weighted": t("Weighted amount"),
                       "won_deals": t("Won"), "won_amount": t("Won, amount"), "lost_deals": t("Lost"),
                       "win_rate_pct": t("Win rate, %")},
                money=("open_amount", "weighted", "won_amount"), percent=("win_rate_pct",),
                integer=("open_deals", "won_deals", "lost_deals"), export=t("Funnel by manager"))

st.subheader(t("Stalled deals"))
stalled = stalled_deals(days=f["stalled_days"], **who)
if stalled.empty:
    st.info(t("No open deal has waited {days} days or more for a move.", days=f["stalled_days"]))
else:
    st.caption(t("{n} open deals without a stage move for {days} days or more, the longest waiting first. "
                 "Click a row to open the deal.", n=stalled.attrs.get("total", len(stalled)), days=f["stalled_days"]))
    lists.record_list(stalled,
                      {"title": t("Deal"), "client": t("Client"), "idle_days": t("Days without a move"),
                       "stage": t("Stage"), "owner": t("Manager"), "amount": t("Amount"),
                       "expected_close_on": t("Expected close")},
                      page="deal", key="stalled_table", money=("amount",), integer=("idle_days",),
                      export=t("Stalled deals"))

if access.can(viewer, Can.WORK_DEALS):
    with st.expander(t("New deal"), icon=":material/add_circle:"):
        with st.form("deal_client_search", border=False):
            needle = st.text_input(t("Client"), placeholder=t("Name or INN"), key="new_deal_search")
            searched = st.form_submit_button(t("Find"), icon=":material/search:")
        if needle and needle.strip():
            found = list_clients(search=needle, limit=20).rows
            if found.empty:
                st.warning(t("None of your clients matches the search."), icon=":material/search_off:")
            else:
                names = dict(zip(found["id"], found["name"], strict=True))
                client_id = st.selectbox(t("For the client"), list(names), format_func=lambda i: names[i],
                                         key="new_deal_client")
                deal_forms.new_deal_form(int(client_id), key="funnel_new_deal")
        elif searched:
            st.warning(t("Type a part of the client's name or INN."), icon=":material/search:")
