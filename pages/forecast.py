"""Forecast: the coming months by two methods beside the plan, and a backtest of both over the last year."""
import altair as alt
import pandas as pd
import streamlit as st

from db import access
from i18n import N_
from queries import backtest as backtest_q
from queries import forecast, funnel
from ui import charts, tables
from ui.data import cache_epoch, current_viewer, loader
from ui.lang import date, month, money, number, percent, t

forecast_months = loader(forecast.forecast)
backtest_said = loader(backtest_q.said)  # deals and the audit log: a shipments import leaves it warm
backtest_truth = loader(backtest_q.truth)
filter_choices = loader(funnel.filter_choices)


backtest_q.keeping = cache_epoch()  # the backtest's past months kept beside the app's cache

BASES = {"shipments": N_("Shipments"), "won": N_("Won deals")}
METHODS = {"weighted": N_("Weighted pipeline"), "run_rate": N_("Run rate"), "plan": N_("Plan")}
STATE_KEY = "forecast_applied"

def with_dashes(df: pd.DataFrame, columns: tuple[str, ...]) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Money columns as numbers (sortable, aligned); a month with no figure reads "—" (ui/tables)."""
    return df.assign(**{c: pd.to_numeric(df[c], errors="coerce") for c in columns}), columns


viewer = current_viewer()
st.title(t("Forecast"))
choices = filter_choices()
people = {int(r.id): r.full_name for r in choices["people"].itertuples()}
departments = dict(zip(choices["departments"]["id"], choices["departments"]["name"], strict=True))
current = st.session_state.get(STATE_KEY) or {"months": 3, "basis": "shipments", "owner_id": None,
                                               "department_id": None}
with st.form("forecast_filters", border=False):
    c = st.columns(4)
    horizon = c[0].number_input(t("Months ahead (3–6)"), value=current["months"], step=1, key="fc_months")
    basis = c[1].selectbox(t("Run rate of"), list(BASES), index=list(BASES).index(current["basis"]),
                           format_func=lambda b: t(BASES[b]), key="fc_basis")
    owner_id = department_id = None
    if len(people) > 1:
        owner_id = c[2].selectbox(t("Manager"), [None, *people], placeholder=t("All"),
                                  format_func=lambda i: people.get(i, t("All")), key="fc_owner")
    if len(departments) > (0 if viewer.sees_everything else 1):
        department_id = c[3].selectbox(t("Department"), [None, *departments], placeholder=t("All"), key="fc_department",
                                       format_func=lambda i: departments.get(i, t("All")))
    if st.form_submit_button(t("Show"), icon=":material/filter_alt:"):
        if horizon is None or horizon != int(horizon) or not 3 <= horizon <= 6:
            st.warning(t("Months ahead: a whole number from 3 to 6."), icon=":material/warning:")
        else:
            current = {"months": int(horizon), "basis": basis, "owner_id": owner_id, "department_id": department_id}
            st.session_state[STATE_KEY] = current
            st.success(t("Filters applied."), icon=":material/filter_alt:")

who = {"owner_id": current["owner_id"], "department_id": current["department_id"]}
ahead = forecast_months(months=current["months"], basis=current["basis"], **who)
basis_name = t(BASES[current["basis"]])

long = ahead.melt(id_vars=["month"], value_vars=["weighted", "run_rate", "plan"], var_name="method",
                  value_name="amount").dropna(subset=["amount"])
long = long.assign(month=pd.to_datetime(long["month"]), method=long["method"].map(lambda m: t(METHODS[m])),
                   label=long["month"].map(month))
chart = alt.Chart(long).mark_bar().encode(
    x=alt.X("label:N", sort=[month(m) for m in ahead["month"]], title=None, axis=alt.Axis(labelAngle=0)),
    xOffset=alt.XOffset("method:N", sort=[t(m) for m in METHODS.values()]),
    y=alt.Y("amount:Q", title=t("Amount"), axis=charts.money_axis()),
    color=alt.Color("method:N", sort=[t(m) for m in METHODS.values()], title=None,
                    scale=alt.Scale(range=["#1d3557", "#8ecae6", "#e9c46a"])),
    tooltip=[alt.Tooltip("label:N", title=t("Month")), alt.Tooltip("method:N", title=t("Method")),
             alt.Tooltip("amount:Q", title=t("Amount"), format=",.0f")],
).properties(height=320)
charts.show(chart)
shown, numbers = with_dashes(ahead.assign(month=ahead["month"].map(month)), ("weighted", "run_rate", "plan"))
tables.show(shown, {"month": t("Month"), "weighted": t("Weighted pipeline"),
                    "run_rate": t("Run rate: {basis}", basis=basis_name), "plan": t("Plan")}, money=numbers,
            export=t("Forecast"))
st.caption(t("So far this month: {basis} {amount}.", basis=basis_name.lower(), amount=money(ahead["so_far"].iloc[0])))
st.caption(t("Weighted pipeline: open deals × probability, by expected close month (a date past by up to {days} "
             "days counts in this month; one past longer ago is overdue pipeline, in no month); it forecasts won "
             "deals. Run rate: the average of the last three complete months, shaped by the same month a year "
             "earlier when a full year of history lies behind it.", days=forecast.OVERDUE_GRACE_DAYS))
if ahead.attrs.get("undated"):
    st.caption(t("Open deals without an expected close date, weighted: {amount} (not in any month).",
                 amount=money(ahead.attrs["undated"])))
overdue = ahead.attrs.get("overdue") or {}
if overdue.get("count"):
    st.warning(t("Overdue pipeline: {count} open deals expected to close before {date}, for {amount} ({weighted} "
                 "weighted). They are in no month's forecast: set a new expected date or close them.",
                 count=number(overdue["count"]), date=date(forecast.overdue_since(access.today())),
                 amount=money(overdue["amount"]), weighted=money(overdue["weighted"])), icon=":material/event_busy:")

st.subheader(t("How far to trust it: the last twelve months"))
past = backtest_q.compared(backtest_truth(basis=current["basis"], **who), backtest_said(**who))
mape = past.attrs.get("mape", {})
m = st.columns(2)
m[0].metric(t("Weighted pipeline: mean error (MAPE)"), percent(mape.get("weighted")),
            help=t("Against the deals won in each month."))
m[1].metric(t("Run rate: mean error (MAPE)"), percent(mape.get("run_rate")),
            help=t("Against the {basis} of each month.", basis=basis_name.lower()))
shown, numbers = with_dashes(past.assign(month=past["month"].map(month)), ("weighted", "won", "run_rate", "actual"))
tables.show(shown.assign(weighted_error_pct=past["weighted_error_pct"], run_rate_error_pct=past["run_rate_error_pct"]),
            {"month": t("Month"), "weighted": t("Weighted pipeline said"), "won": t("Won"),
             "weighted_error_pct": t("Error, %"), "run_rate": t("Run rate said"),
             "actual": t("Actual: {basis}", basis=basis_name), "run_rate_error_pct": t("Run rate error, %")},
            money=numbers, percent=("weighted_error_pct", "run_rate_error_pct"), export=t("Backtest"))
st.caption(t("Each forecast is the one the method would have made on the first day of that month, from what was "
             "recorded by then: the stage each deal was at, and the amount, probability and expected date a "
             "later edit replaced (the audit log). Deals imported without a history count with their present "
             "dates."))
st.caption(t("A deal whose expected date was already past by more than {days} days on that day is left out, as "
             "overdue pipeline is now.", days=forecast.OVERDUE_GRACE_DAYS))
