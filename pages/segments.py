"""Segments and leaders: the viewer's clients by industry, size and territory with what they
buy; the leaders of a segment in a product group — the pilot list, exported or turned into
follow-up tasks; and what to offer a client that its segment already buys."""
import datetime as dt

import altair as alt
import streamlit as st

from db import access
from db.access import Can
from db.actions.pilots import MAX_CLIENTS, create_pilot_tasks
from i18n import N_
from queries import offers as offers_q
from queries import product_sales as catalogue_q
from queries import segments as q
from ui import analysis, charts, client_card, export, tables
from ui import documents as documents_ui
from ui.data import current_viewer, loader
from ui.forms import FormState, show_flash
from ui.lang import number, t

segments = loader(q.segments)
leaders = loader(q.leaders)
offers = loader(offers_q.offers)
segment_clients = loader(offers_q.segment_clients)
catalogue = loader(catalogue_q.catalogue)

VIEWS = {"segments": N_("Segments"), "leaders": N_("Leaders"), "offers": N_("What to offer")}
RANKINGS = {"purchases": N_("Purchases of the group"), "growth": N_("Growth"), "discipline": N_("Payment discipline")}
LEADER_LABELS = {"rank": N_("Rank"), "name": N_("Client"), "owner": N_("Manager"), "purchases": N_("Purchases"),
                 "previous": N_("Previous period"), "growth": N_("Growth, %"), "discipline": N_("Paid on time, %")}

st.title(t("Segments and leaders"))
show_flash()

with st.form("segment_filters", border=False):
    cols = st.columns([3, 1, 2])
    dims = cols[0].multiselect(t("Segments by"), list(q.DIMENSIONS), default=["industry", "size"], key="seg_dims",
                               format_func=lambda d: t(analysis.DIMENSION_LABELS[d]), placeholder=t("All clients"))
    months = analysis.months_picker(cols[1], "seg_months")
    end_month = analysis.end_month_picker(cols[2], "seg_end")
    st.form_submit_button(t("Show"), icon=":material/analytics:")

dims = q.dimensions(dims)
view = segments(dims=dims, months=months, end_month=end_month)
seg = view.segments
st.caption(analysis.period_caption(view.start, view.end) + ("" if current_viewer().sees_everything else " " + t(
    "Only your clients count: a segment here is the part of it you see.")))
if seg.empty:
    st.info(t("You have no active clients yet."))
    st.stop()
labels = {s: analysis.segment_label(row, dims) for s, row in zip(seg["segment"], seg.to_dict("records"), strict=True)}

mode = st.radio(t("View"), list(VIEWS), format_func=lambda v: t(VIEWS[v]), horizontal=True, key="seg_view",
                label_visibility="collapsed")

if mode == "segments":
    groups = analysis.top_groups(view.mix)
    # Without the segment keys (tuples): Arrow cannot serialise them for the grid.
    table = seg.assign(label=seg["segment"].map(labels), groups=seg["segment"].map(groups).fillna("—")).drop(
        columns=["segment"])
    tables.show(table, {"label": t("Segment"), "clients": t("Clients"), "buyers": t("Bought"),
                        "revenue": t("Shipments"), "share": t("Share, %"), "groups": t("Main product groups")},
                money=("revenue",), percent=("share",), integer=("clients", "buyers"))
    top = seg.head(12)["segment"]
    mix = view.mix[view.mix["segment"].isin(set(top))].assign(
        label=lambda d: d["segment"].map(labels), group=lambda d: d["group"].fillna(t("No group"))).drop(
        columns=["segment"])
    if not mix.empty:
        st.subheader(t("What each segment buys"))
        chart = alt.Chart(mix).mark_bar().encode(
            x=alt.X("revenue:Q", stack="normalize", title=t("Share of the segment's shipments"),
                    axis=alt.Axis(format="%")),
            y=alt.Y("label:N", sort=[labels[s] for s in top], title=None, axis=alt.Axis(labelLimit=320)),
            color=alt.Color("group:N", title=t("Product group")),
            tooltip=[alt.Tooltip("label:N", title=t("Segment")), alt.Tooltip("group:N", title=t("Product group")),
                     alt.Tooltip("revenue:Q", title=t("Shipments"), format=",.0f"),
                     alt.Tooltip("share:Q", title=t("Share, %"), format=".1f"),
                     alt.Tooltip("buyers:Q", title=t("Bought"))],
        ).properties(height=max(160, 28 * len(top)))
        charts.show(chart)

elif mode == "leaders":
    cat = catalogue()
    group_names = dict(zip(cat["group_id"].dropna().astype(int), cat["group"].dropna(), strict=False))
    c1, c2, c3 = st.columns([2, 2, 1])
    segment = c1.selectbox(t("Segment"), list(seg["segment"]), format_func=labels.get, key="lead_segment")
    bought = view.mix[view.mix["segment"] == segment].dropna(subset=["group_id"])
    group_names.update(zip(bought["group_id"].astype(int), bought["group"], strict=True))  # inactive ones too
    order = [int(g) for g in bought["group_id"]] + sorted(set(group_names) - set(bought["group_id"].astype(int)))
    news = cat[cat["is_new"].astype(bool)].groupby("group_id").size().to_dict()  # the pilots' reason

    def group_label(g: int) -> str:
        return group_names.get(g, "") + (f" · {t('new products: {n}', n=news[g])}" if news.get(g) else "")

    group_id = c2.selectbox(t("Product group"), order, format_func=group_label, key="lead_group")
    rank_by = c3.selectbox(t("Rank by"), list(RANKINGS), format_func=lambda r: t(RANKINGS[r]), key="lead_rank")
    rows = leaders(segment=segment, group_id=group_id, months=months, end_month=end_month,
                   rank_by=rank_by) if group_id else None
    st.caption(t("The clients of the segment that bought the group in the period, with what they bought in the "
                 "period before and the share of their due payments paid on time. Pilot a new product with the "
                 "leaders, then spread the experience across the segment."))
    start, end, prev_start, prev_end = q.growth_periods(access.today(), months, end_month)
    st.caption(t("Growth compares like with like: {start} – {end} against the same dates {months} months earlier, "
                 "{prev_start} – {prev_end}.", start=start, end=end - dt.timedelta(days=1), months=months,
                 prev_start=prev_start, prev_end=prev_end - dt.timedelta(days=1)))
    if rows is None or rows.empty:
        st.info(t("Nobody in this segment bought this group in the period."))
    else:
        shown = {k: t(v) for k, v in LEADER_LABELS.items()}
        # Growth without a previous period, discipline with nothing due: "—" (an empty number).
        tables.show(rows, shown, money=("purchases", "previous"), integer=("rank",), percent=("growth", "discipline"))
        export.buttons(rows, shown, name=t("Leaders") + f" {group_names.get(group_id, '')}",
                       money=("purchases", "previous"), percent=("growth", "discipline"), key="pilot")
        st.subheader(t("Follow-up tasks for the owners"))
        form = FormState(f"pilot_{group_id}")
        with st.form(form.key):
            form.top()
            top_n = form.number("client_ids", t("How many leaders, from the top"), min_value=1,
                                max_value=min(len(rows), MAX_CLIENTS), value=min(10, len(rows)), step=1)
            title = form.text("title", t("Task"), value=t("Pilot: offer the new {group} products",
                                                          group=group_names.get(group_id, "")))
            due_on = form.date("due_on", t("Due"), value=access.today() + dt.timedelta(days=7))
            description = form.area("description", t("Details"))
            if st.form_submit_button(t("Create the tasks"), icon=":material/add_task:"):
                result = form.attempt(create_pilot_tasks, product_group_id=group_id,
                                      client_ids=[int(i) for i in rows["client_id"].head(int(top_n or 0))], title=title,
                                      due_on=due_on, description=description)
                if result is not None:
                    st.success(t("Tasks created: {created}. Already had one: {skipped}.",
                                 created=number(result.created), skipped=number(result.skipped)),
                               icon=":material/check_circle:")
        st.caption(t("Each task goes to the client's manager; a client that already has a pilot task for this "
                     "group gets no second one."))

else:
    c1, c2 = st.columns(2)
    segment = c1.selectbox(t("Segment"), list(seg["segment"]), format_func=labels.get, key="offer_segment")
    members = segment_clients(segment=segment)
    names = dict(zip(members["id"].astype(int), members["name"], strict=True))
    client_id = c2.selectbox(t("Client"), list(names), format_func=names.get, key="offer_client", index=None,
                             placeholder=t("Choose a client"))
    if client_id is None:
        st.info(t("Choose a client to see what its segment buys and it does not."))
    else:
        found = offers(client_id=client_id, dims=dims, months=months, end_month=end_month)
        st.caption(t("Compared with the {n} clients of the segment you see. The client bought: {groups}.",
                     n=number(found.segment_clients), groups=", ".join(found.bought) or "—"))
        if found.rows.empty:
            st.success(t("The client already buys every group its segment buys."), icon=":material/check_circle:")
        else:
            tables.show(found.rows, {"group": t("Product group"), "buyers": t("Clients who buy it"),
                                     "penetration": t("Of the segment, %"), "revenue": t("Shipments"),
                                     "per_buyer": t("Per client")},
                        money=("revenue", "per_buyer"), percent=("penetration",), integer=("buyers",))
            if access.can(current_viewer(), Can.WORK_DEALS):
                with st.expander(t("Proposal from offers"), icon=":material/request_quote:"):
                    documents_ui.offers_proposal(client_id, found.rows, client_card.contacts(client_id=client_id))
