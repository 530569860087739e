"""ABC/XYZ: which of the viewer's clients bring the money (ABC), how steadily they buy (XYZ),
who slipped since the previous period, and which A-clients nobody has talked to lately."""
import datetime as dt

import pandas as pd
import streamlit as st

from db import access
from db.access import Can
from db.actions.analysis_settings import set_class_limits
from db.rules.abc import MIN_XYZ_MONTHS
from i18n import N_
from queries import abc_report as q
from ui import analysis, export, lists, tables
from ui.data import current_viewer, loader
from ui.forms import FormState, show_flash
from ui.lang import money, number, percent, t
from ui.pager import Pager

abc_report = loader(q.abc_report)
last_contacts = loader(q.last_contacts)
previous_classes = loader(q.previous_classes)
class_limits = loader(q.class_limits)

PAGE = 100  # rows of a list at once, the most valuable first (issue 19): a pager reaches the others
VIEWS = {"classes": N_("Classes"), "movement": N_("Movement"), "coverage": N_("Coverage")}
MOVES = {"up": N_("Up"), "down": N_("Down"), "same": N_("Same")}
BASES = {"revenue": N_("Shipments"), "margin": N_("Margin")}
ABC_RULES = {
    "revenue": N_("A: the clients that bring the first {a} % of the company's shipments; B: up to {b} %; "
                  "C: the rest and everyone without shipments."),
    "margin": N_("A: the clients that bring the first {a} % of the company's margin (where the cost is known); "
                 "B: up to {b} %; C: the rest and everyone without margin."),
}
CLIENT_LABELS = {"name": N_("Client"), "owner": N_("Manager"), "abc": N_("ABC"), "xyz": N_("XYZ"),
                 "value": N_("Value"), "share": N_("Share, %"), "cumulative_before": N_("Clients above, %"),
                 "cv": N_("Variation, %")}

viewer = current_viewer()
st.title(t("ABC/XYZ"))
show_flash()

with st.form("abc_filters", border=False):
    cols = st.columns([1, 2, 1])
    months = analysis.months_picker(cols[0], "abc_months")
    end_month = analysis.end_month_picker(cols[1], "abc_end")
    by = cols[2].selectbox(t("Ranked by"), list(BASES), format_func=lambda b: t(BASES[b]), key="abc_by")
    st.form_submit_button(t("Show"), icon=":material/analytics:")

report = abc_report(months=months, end_month=end_month, by=by)
df = report.clients
st.caption(" ".join([
    analysis.period_caption(report.start, report.end),
    t(ABC_RULES[report.by], a=number(report.limits.a), b=number(report.limits.b)),
    t("XYZ: the coefficient of variation of monthly purchases (standard deviation ÷ mean) over the whole months "
      "{start} – {end}, counted from the month of the client's first purchase; with fewer than {n} such months, "
      "no class yet. X up to {x} %, Y up to {y} %, Z above. For orders of equal size it is 0 % every month, "
      "100 % every other month, 141 % every third.", start=report.start,
      end=report.xyz_end - dt.timedelta(days=1), n=MIN_XYZ_MONTHS, x=number(report.xyz.x), y=number(report.xyz.y)),
    "" if viewer.sees_everything else t("Classes are the company's: your clients are ranked among all clients."),
]))

if df.empty:
    st.info(t("You have no active clients yet."))
    st.stop()

metrics = st.columns(4)
total = float(df["value"].sum())
for col, klass in zip(metrics, "ABC", strict=False):
    part = df[df["abc"] == klass]
    value = float(part["value"].sum())
    col.metric(t("Class {abc}", abc=klass), number(len(part)),
               help=t("Clients of the class, and what they brought in the period (share of your clients' total)."))
    col.caption(f"{money(value)} · {percent(value * 100 / total if total else 0)}")
metrics[3].metric(t("Total"), number(len(df)))
metrics[3].caption(money(total))

view = st.radio(t("View"), list(VIEWS), format_func=lambda v: t(VIEWS[v]), horizontal=True, key="abc_view",
                label_visibility="collapsed")

if view == "classes":
    cells = q.class_matrix(report)
    grid = pd.DataFrame(index=list("ABC"), columns=["X", "Y", "Z", "—"], data="")
    for row in cells.itertuples():
        grid.loc[row.abc, row.xyz] = f"{number(int(row.clients))} · {money(float(row.value))}"
    st.dataframe(grid.rename_axis("ABC").reset_index(), hide_index=True, width="stretch", placeholder=tables.EMPTY)
    cols = st.columns([2, 1])
    chosen = cols[0].multiselect(t("Classes"), [f"{a}{x}" for a in "ABC" for x in ("X", "Y", "Z", "—")],
                                 key="abc_pick", placeholder=t("All classes"))
    needle = cols[1].text_input(t("Find a client"), key="abc_search", placeholder=t("Name")).strip()
    shown = df[(df["abc"] + df["xyz"].fillna("—")).isin(chosen)] if chosen else df
    if needle:
        shown = shown[shown["name"].fillna("").str.casefold().str.contains(needle.casefold(), regex=False)]
    labels = {k: t(v) for k, v in CLIENT_LABELS.items()}
    # A director's 20,000 clients would only slow the page down: a page of them, the rest a click away.
    pager = Pager("abc_table_page", size=PAGE, scope=(months, end_month, by, tuple(chosen), needle))
    if shown.empty:
        st.info(t("No client matches."))
    else:
        if len(shown) > PAGE and pager.page(len(shown)) == 0:
            st.caption(t("The first {n} of {total} clients by value: choose classes to see others.",
                         n=number(PAGE), total=number(len(shown))))
        # No purchases, no variation: "—", so the variation is shown as text.
        lists.record_list(shown.iloc[pager.slice(len(shown))], labels, page="client", id_column="client_id",
                          key="abc_table", money=("value",), percent=("share", "cumulative_before", "cv"))
        pager.controls(len(shown))
        # The file: every client of the list (classes and search applied), not this page of it.
        export.buttons(shown, labels, name=t("ABC-XYZ"), money=("value",),
                       percent=("share", "cumulative_before", "cv"))
        st.caption(t("Click a row to open the client's card."))

elif view == "movement":
    moved = q.with_movement(report, previous_classes(start=report.prev_start, end=report.start, by=by))
    st.caption(t("Compared with {start} – {end}: rows are the class then, columns the class now.",
                 start=report.prev_start, end=report.start - dt.timedelta(days=1)))
    tables.dataframe(q.transitions(moved).rename_axis(t("Then")).reset_index(), width="stretch")
    direction = st.radio(t("Show"), ["down", "up"], format_func=lambda m: t(MOVES[m]), horizontal=True,
                         key="abc_move")
    rows = moved[moved["move"] == direction].assign(
        change=lambda d: d["prev_abc"] + " → " + d["abc"]).sort_values("prev_value", ascending=False)
    if rows.empty:
        st.info(t("Nobody moved this way."))
    else:
        labels = {"name": t("Client"), "owner": t("Manager"), "change": t("Class"), "prev_value": t("Then"),
                  "value": t("Now")}
        pager = Pager("abc_moves_page", size=PAGE, scope=(months, end_month, by, direction))
        tables.show(rows.iloc[pager.slice(len(rows))], labels, money=("prev_value", "value"))
        pager.controls(len(rows))
        export.buttons(rows, labels, name=t("Class changes"), money=("prev_value", "value"))

else:
    today = access.today()
    st.caption(t("A-clients with no call, letter, e-mail or meeting since {since}.",
                 since=today - dt.timedelta(days=q.COVERAGE_DAYS)))
    # Read here only: a call then leaves the classes warm, this (cheap) read runs again.
    report = q.with_contacts(report, last_contacts(client_ids=q.a_clients(report)))
    per = q.coverage(report, today)
    if per.empty:
        st.info(t("No A-clients in this period."))
    else:
        tables.show(per.assign(owner=per["owner"].fillna(t("not assigned"))),
                    {"owner": t("Manager"), "a_clients": t("A-clients"), "uncovered": t("No contact for 30 days"),
                     "covered_pct": t("Covered, %")}, integer=("a_clients", "uncovered"), percent=("covered_pct",),
                    export=t("Coverage"))
        flagged = q.uncovered(report, today)
        if flagged.empty:
            st.success(t("Every A-client was contacted in the last 30 days."), icon=":material/check_circle:")
        else:
            st.subheader(t("Call them"))
            flagged = flagged.assign(owner=flagged["owner"].fillna(t("not assigned")))
            labels = {"name": t("Client"), "owner": t("Manager"), "value": t("Value"),
                      "last_contact": t("Last contact")}
            pager = Pager("abc_uncovered_page", size=PAGE, scope=(months, end_month, by))
            tables.show(flagged.iloc[pager.slice(len(flagged))], labels, money=("value",))
            pager.controls(len(flagged))
            export.buttons(flagged, labels, name=t("A-clients without contact"), money=("value",))

if access.can(viewer, Can.CONFIGURE):
    with st.expander(t("Class limits"), icon=":material/tune:"):
        limits = class_limits()
        form = FormState("class_limits")
        with st.form(form.key):
            form.top()
            values = {}
            for column, (key, label) in zip(st.columns(4), [("a", t("A ends at, %")), ("b", t("B ends at, %")),
                                                             ("x", t("X up to, %")), ("y", t("Y up to, %"))],
                                            strict=True):
                with column:
                    values[key] = form.number(key, label, value=limits[key], min_value=0.0, step=1.0)
            if st.form_submit_button(t("Save")):
                form.submit(set_class_limits, t("Class limits saved."), **values, expected=limits)
