"""Team: per manager plan, actual, % of plan, pace and commission; department totals; Excel export.

A head sees their department, the director every department (queries/team.py applies it).
"""
import streamlit as st

from db import access
from queries import team
from queries.plan_actuals import month_start
from ui import charts, export, tables
from ui.data import loader
from ui.lang import money, month, percent, t
from ui.plans import BASIS_NAMES, actual_label

team_view = loader(team.team_view)

st.title(t("Team"))
this = month_start(access.today())
chosen = st.selectbox(t("Month"), [month_start(this, -k) for k in range(12)], format_func=month, key="team_month")
view = team_view(month=chosen)
people, depts = view.people, view.departments
st.caption(t(BASIS_NAMES[view.basis]) + " · " + (t("pace: the month's end projected at the current daily rate")
                                                  if chosen == this else t("a closed month: the pace is the actual")))

if people.empty:
    st.info(t("No managers to show for this month."))
    st.stop()

ACTUAL = actual_label(view.basis) if chosen == this else t("Actual")
plan, actual = depts["plan"].dropna().sum(), depts["actual"].sum()
cols = st.columns(4)
cols[0].metric(ACTUAL, money(actual))
cols[1].metric(t("Managers' plans"), money(plan) if plan else t("no plan set"))
cols[2].metric(t("% of plan"), percent(actual / plan * 100) if plan else "—")
cols[3].metric(t("Commission"), money(depts["commission"].sum()))

DEPT_LABELS = {"department": t("Department"), "plan": t("Managers' plans"), "actual": t("Actual"),
               "plan_pct": t("% of plan"), "pace": t("Pace"), "pace_pct": t("Pace, % of plan"),
               "commission": t("Commission"), "department_plan": t("Department plan"),
               "difference": t("Plans − department plan")}
PEOPLE_LABELS = {"manager": t("Manager"), "department": t("Department"), "plan": t("Plan"), "actual": t("Actual"),
                 "plan_pct": t("% of plan"), "pace": t("Pace"), "pace_pct": t("Pace, % of plan"),
                 "commission": t("Commission")}
MONEY = ("plan", "actual", "pace", "commission", "department_plan", "difference")
PERCENT = ("plan_pct", "pace_pct")

st.subheader(t("Departments"))
tables.show(depts, DEPT_LABELS, money=MONEY, percent=PERCENT)
export.buttons(depts, DEPT_LABELS, name=t("Departments"), money=MONEY, percent=PERCENT, key="team_departments")

st.subheader(t("Managers"))
tables.show(people, PEOPLE_LABELS, money=MONEY, percent=PERCENT)
# The same access-filtered frame as on screen: a head's file holds their department only.
export.buttons(people, PEOPLE_LABELS, name=t("Managers"), money=MONEY, percent=PERCENT, key="team_managers")
if people["no_commission"].eq("plan").any():
    st.caption(t("No commission is shown where no plan is set: a tiered scheme needs a plan."))
charts.show(charts.plan_bars(people, label=t("% of plan"), name=t("Manager")))
