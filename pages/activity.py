"""Activity report (issue 21, "What the team did"): calls, letters, meetings per person per week or
month against the contact regulations, trend charts, and the activities behind each row.

A head sees their department and themselves, the director everyone (queries/activity_report.py).
"""
import altair as alt
import streamlit as st

from i18n import N_
from queries import activity_report as q
from ui import charts, export, lists, tables
from ui.data import loader
from ui.lang import code, date, month, number, short_name, t
from ui.text import md_escape

report = loader(q.report)
activities = loader(q.activities)
contact_days = loader(q.contact_days)

UNITS = {"week": N_("Weeks"), "month": N_("Months")}
COUNTS = (4, 6, 8, 12)
# Column headers are counts: "Calls", not the kind's name "Call".
KIND_HEADERS = {"call": N_("Calls"), "email": N_("E-mails"), "meeting": N_("Meetings"), "letter": N_("Letters"),
                "note": N_("Notes")}
KIND_LABELS = {k: t(KIND_HEADERS[k]) if k in KIND_HEADERS else code("activity", k) for k in q.KINDS}
LABELS = {"manager": t("Manager"), **KIND_LABELS, "contacts": t("Contacts"),
          **{f"{k.lower()}_{part}": t(label, abc=k) for k in q.CLASSES
             for part, label in (("clients", N_("{abc} clients")), ("in_time", N_("{abc} in time")))},
          "in_time_pct": t("In time, %")}
INTEGER = tuple(k for k in LABELS if k not in ("manager", "in_time_pct"))
ACTIVITY_LABELS = {"occurred_at": t("When"), "kind": t("Type"), "subject": t("Subject"), "client": t("Client"),
                   "contact": t("Contact"), "outcome": t("Outcome")}

st.title(t("Activity report"))
with st.form("activity_filters", border=False):
    cols = st.columns([1, 1, 2])
    unit = cols[0].selectbox(t("By"), list(UNITS), index=1, format_func=lambda u: t(UNITS[u]), key="activity_unit")
    count = cols[1].selectbox(t("Last"), COUNTS, index=1, key="activity_count")
    st.form_submit_button(t("Show"), icon=":material/analytics:")

days = contact_days()
st.caption(t("Contacts: calls, e-mails, meetings and letters (notes are not contacts). In time: of the person's "
             "clients of a class on the period's last day (today for the current period), those contacted within "
             "the regulation — A every {a} days, B every {b}, C every {c} (the admin's reminder settings).",
             a=days["A"], b=days["B"], c=days["C"]))

rows = report(unit=unit, count=count)
if rows.empty:
    st.info(t("No managers to show."))
    st.stop()


def period_name(start) -> str:
    return month(start) if unit == "month" else t("week of {day}", day=date(start))


rows = rows.assign(
    clients=rows[["a_clients", "b_clients", "c_clients"]].sum(axis=1),
    in_time=rows[["a_in_time", "b_in_time", "c_in_time"]].sum(axis=1))
rows["in_time_pct"] = [float(i) / c * 100 if c else None for i, c in zip(rows["in_time"], rows["clients"],
                                                                          strict=True)]
starts = list(dict.fromkeys(rows["period"]))
chosen = st.selectbox(t("Period"), list(reversed(starts)), format_func=period_name, key="activity_period")
shown = rows[rows["period"] == chosen].reset_index(drop=True)

st.subheader(period_name(chosen))
# "Калинина С. В.": every column in view at 1440 px (the export keeps the full names).
tables.show(shown.assign(manager=shown["manager"].map(short_name)), LABELS, integer=INTEGER, percent=("in_time_pct",))
export.buttons(shown, LABELS, name=t("Activity report"), percent=("in_time_pct",), key="activity_report")

st.subheader(t("Trend"))
# Periods by name, in order (not a time axis: a browser west of UTC would shift dates a day back).
names = [period_name(s) for s in starts]
trend = rows[["manager", "contacts", "in_time_pct"]].assign(name=[period_name(s) for s in rows["period"]])
x = alt.X("name:O", title=t("Period"), sort=names, axis=alt.Axis(labelAngle=0 if unit == "month" else -30))
colour = alt.Color("manager:N", title=t("Manager"))
contacts_chart = alt.Chart(trend).mark_line(point=True).encode(
    x=x, y=alt.Y("contacts:Q", title=t("Contacts"), axis=alt.Axis(format=",d")), color=colour,
    tooltip=[alt.Tooltip("manager:N", title=t("Manager")), alt.Tooltip("name:O", title=t("Period")),
             alt.Tooltip("contacts:Q", title=t("Contacts"), format=",d")])
charts.show(contacts_chart)
in_time_chart = alt.Chart(trend.dropna(subset=["in_time_pct"])).mark_line(point=True).encode(
    x=x, y=alt.Y("in_time_pct:Q", title=t("In time, %"), scale=alt.Scale(domain=[0, 100])), color=colour,
    tooltip=[alt.Tooltip("manager:N", title=t("Manager")), alt.Tooltip("name:O", title=t("Period")),
             alt.Tooltip("in_time_pct:Q", title=t("In time, %"), format=".1f")])
charts.show(in_time_chart)

st.subheader(t("Activities"))
people = dict(zip(shown["user_id"].astype(int), shown["manager"], strict=True))
person = st.selectbox(t("Manager"), list(people), format_func=people.get, key="activity_person")
end = shown["period_end"].iloc[0]
listed = activities(user_id=int(person), start=chosen, end=end)
st.caption(t("{who}: {n} activities from {start} to {end}.", who=md_escape(people[person]), n=number(len(listed)),
             start=date(chosen), end=date(end)))
if listed.empty:
    tables.no_rows()
else:
    listed = listed.assign(kind=[code("activity", k) for k in listed["kind"]])
    lists.record_list(listed, ACTIVITY_LABELS, page="client", key="activity_list", id_column="client_id")
    export.buttons(listed, ACTIVITY_LABELS, name=t("Activities"), key="activity_list_export")
