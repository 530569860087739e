"""Handover: reassign clients (one, many, or the unassigned queue) and the departure wizard
(heads, director, admin)."""
import streamlit as st

from db.actions.handover import hand_over_clients
from queries import clients, handover, territories, users
from queries.handover import UNASSIGNED
from ui import departure_wizard, export, tables
from ui.data import generation, loader
from ui.forms import FormState, flash, show_flash
from ui.lang import nt, t
from ui.pager import Pager

candidate_ids = loader(handover.candidate_ids)
candidate_rows = loader(handover.candidate_rows)
territory_tree = loader(territories.territory_tree)
reference_lists = loader(clients.reference_lists)
assignable_owners = loader(users.assignable_owners)
PAGE = 50  # rows listed at once (issue 19): the pager reaches the others, "all found" takes every one

st.title(t("Handover"))
show_flash()
owners = assignable_owners()
owner_names = dict(zip(owners["id"], owners["full_name"], strict=True))
tab_reassign, tab_departure = st.tabs([t("Reassign clients"), t("Departure")])

with tab_reassign:
    tree = territory_tree()
    paths = dict(zip(tree["id"], tree["path"], strict=True))
    refs = reference_lists()
    industries = dict(zip(refs["industries"]["id"], refs["industries"]["name"], strict=True))
    owner_filter = {UNASSIGNED: t("Unassigned queue"), **owner_names}
    with st.form("client_filters_handover", border=False):  # a filter: nothing is written
        cols = st.columns([2, 2, 2, 1, 3])
        owner_id = cols[0].selectbox(t("Manager"), [None, *owner_filter], placeholder=t("All"), key="h_owner",
                                     format_func=lambda k: owner_filter.get(k, t("All")))
        territory_id = cols[1].selectbox(t("Territory"), [None, *paths], placeholder=t("All"), key="h_territory",
                                         format_func=lambda k: paths.get(k, t("All")))
        industry_id = cols[2].selectbox(t("Industry"), [None, *industries], placeholder=t("All"), key="h_industry",
                                        format_func=lambda k: industries.get(k, t("All")))
        abc = cols[3].multiselect(t("ABC"), ["A", "B", "C"], key="h_abc", placeholder=t("All"),
                                  help=t("The company's classes by the last 12 months' shipments."))
        search = cols[4].text_input(t("Search"), key="h_search", placeholder=t("Name or INN"))
        st.form_submit_button(t("Find"), icon=":material/search:")
    filters = dict(owner_id=owner_id, territory_id=territory_id, industry_id=industry_id, search=search,
                   abc=tuple(sorted(abc)))
    ids = candidate_ids(**filters)
    pager = Pager("handover_page", size=PAGE, scope=filters)  # other filters: their first page
    page = pager.page(len(ids))
    rows = candidate_rows(client_ids=tuple(ids[pager.slice(len(ids))]))
    st.caption(nt("{n} client found. Tick the rows to hand over, or hand over all of them.",
                  "{n} clients found. Tick the rows to hand over, or hand over all of them.", len(ids)))
    if len(ids) > PAGE and page == 0:
        st.caption(t("The first {shown} are listed.", shown=PAGE))
    labels = {"name": t("Client"), "owner": t("Manager"), "territory": t("Territory"), "industry": t("Industry"),
              "open_deals": t("Open deals"), "open_tasks": t("Open tasks")}
    # The key changes with the filters, the page and every write: a tick never lands on another row.
    event = tables.show(rows, labels, integer=("open_deals", "open_tasks"), on_select="rerun",
                        selection_mode="multi-row",
                        key=f"handover_rows_{hash(tuple(filters.values()))}_{page}_{generation()}")
    ticked = [int(rows.iloc[i]["id"]) for i in event.selection.rows]
    pager.controls(len(ids))
    if ids:  # the file: every client found, not this page; read when a button is clicked
        export.buttons(None, labels, name=t("Clients"), query=handover.candidate_export, filters=filters)

    form = FormState("hand_over")
    with st.form(form.key):
        form.top()
        # Labels stay the same whatever is ticked: a label that changes makes a new widget,
        # and a new widget inside a form has no value until it is clicked.
        which = st.radio(t("Which clients"), ["ticked", "all"], horizontal=True, key=form.field("which"),
                         format_func=lambda k: t("The ticked rows") if k == "ticked" else t("All clients found"))
        st.caption(t("Ticked: {ticked} of {n} found.", ticked=len(ticked), n=len(ids)))
        sure = st.checkbox(t("Yes, hand over all clients found"), key=form.field("confirm_all"),
                           help=t("Asked only when “All clients found” is chosen."))
        form.slot("confirm_all")
        form.slot("client_ids")
        to_user_id = form.select("to_user_id", t("New owner"), [None, *owner_names], placeholder="—",
                                 format_func=lambda k: owner_names.get(k, "—"))
        st.caption(t("Open deals and open tasks move with each client; closed deals and past shipments "
                     "keep their manager."))
        if st.form_submit_button(t("Hand over"), type="primary", icon=":material/swap_horiz:"):
            chosen = ids if which == "all" else ticked  # never "all" by default
            if which == "all" and not sure:  # a whole filter's worth of clients is never one slip
                form.slots["confirm_all"].error(t("Tick “Yes, hand over all clients found” to hand over all "
                                           "{n} of them.", n=len(ids)), icon=":material/error:")
                result = None
            else:
                result = form.attempt(hand_over_clients, client_ids=tuple(chosen), to_user_id=to_user_id)
            if result is not None:
                moved = result.total
                flash(t("{clients} clients handed over to {name}, with {deals} open deals and {tasks} open tasks.",
                        clients=moved.clients, name=owner_names.get(to_user_id, ""), deals=moved.deals,
                        tasks=moved.tasks))
                st.rerun()

with tab_departure:
    departure_wizard.show(owner_names)
