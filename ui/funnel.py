"""The funnel page's pieces: its filters (validated, kept while bad input is corrected), chart and tables."""
from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st
from babel.numbers import format_compact_currency

from db import access, config
from i18n.formatting import LOCALES

from . import charts, tables
from .lang import language, t

STATE_KEY = "funnel_applied"
DEFAULT_DAYS = 90


def default_filters() -> dict:
    today = access.today()
    return {"start": today - dt.timedelta(days=DEFAULT_DAYS - 1), "end": today, "stalled_days": 30,
            "owner_id": None, "department_id": None, "territory_id": None, "industry_id": None}


def check_filters(start, end, stalled_days) -> list[str]:
    """Translated problems with the period and the stalled threshold (empty when all is well)."""
    problems = []
    today = access.today()
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        problems.append(t("Choose both ends of the period."))
    elif start > end:
        problems.append(t("The period must start before it ends."))
    elif start < dt.date(2000, 1, 1) or end > today + dt.timedelta(days=366):
        problems.append(t("The period must lie between {min} and {max}.", min=dt.date(2000, 1, 1),
                          max=today + dt.timedelta(days=366)))
    if stalled_days is None or stalled_days != int(stalled_days) or not 1 <= stalled_days <= 3650:
        problems.append(t("Stalled after: a whole number of days from 1 to 3650."))
    return problems


def filters_form(choices: dict, refs: dict, viewer: access.Viewer) -> dict:
    """The filter form; returns the filters in force (the last good ones while the form holds bad input)."""
    current = st.session_state.get(STATE_KEY) or default_filters()
    people = {int(r.id): r.full_name + ("" if r.active else f" ({t('left')})") for r in choices["people"].itertuples()}
    departments = dict(zip(choices["departments"]["id"], choices["departments"]["name"], strict=True))
    territories = dict(zip(refs["territories"]["id"], refs["territories"]["name"], strict=True))
    industries = dict(zip(refs["industries"]["id"], refs["industries"]["name"], strict=True))
    with st.form("funnel_filters", border=False):
        c = st.columns(3)
        start = c[0].date_input(t("From"), value=current["start"], format="DD.MM.YYYY", key="ff_start")
        end = c[1].date_input(t("To"), value=current["end"], format="DD.MM.YYYY", key="ff_end")
        stalled = c[2].number_input(t("Stalled after, days without a move"), value=current["stalled_days"], step=1,
                                    key="ff_stalled")
        c = st.columns(4)
        owner_id = department_id = None
        if len(people) > 1:
            owner_id = c[0].selectbox(t("Manager"), [None, *people], placeholder=t("All"), key="ff_owner",
                                      format_func=lambda i: people.get(i, t("All")))
        if len(departments) > (0 if viewer.sees_everything else 1):
            department_id = c[1].selectbox(t("Department"), [None, *departments], placeholder=t("All"),
                                           key="ff_department",
                                           format_func=lambda i: departments.get(i, t("All")))
        territory_id = c[2].selectbox(t("Territory"), [None, *territories], placeholder=t("All"), key="ff_territory",
                                      format_func=lambda i: territories.get(i, t("All")))
        industry_id = c[3].selectbox(t("Industry"), [None, *industries], placeholder=t("All"), key="ff_industry",
                                     format_func=lambda i: industries.get(i, t("All")))
        applied = st.form_submit_button(t("Show"), icon=":material/filter_alt:")
    if applied:
        problems = check_filters(start, end, stalled)
        if problems:
            st.warning(" ".join(problems), icon=":material/warning:")
        else:
            current = {"start": start, "end": end, "stalled_days": int(stalled), "owner_id": owner_id,
                       "department_id": department_id, "territory_id": territory_id, "industry_id": industry_id}
            st.session_state[STATE_KEY] = current
            st.success(t("Filters applied."), icon=":material/filter_alt:")
    return current


def compact_money(value) -> str:
    """"11,5 млн ₽" for a metric: whole figures of a team or a company do not fit a column."""
    return format_compact_currency(float(value or 0), config.currency(), locale=LOCALES.get(language(), "ru_RU"),
                                   fraction_digits=1)


def stage_chart(stages: pd.DataFrame) -> None:
    """Amount per stage with the weighted amount inside it; the count of deals at the end of each bar."""
    data = stages.assign(amount=stages["amount"].astype(float), weighted=stages["weighted"].astype(float))
    order = list(data["stage"])
    y = alt.Y("stage:N", sort=order, title=None)
    tooltip = [alt.Tooltip("stage:N", title=t("Stage")), alt.Tooltip("deals:Q", title=t("Deals"), format=",d"),
               alt.Tooltip("amount:Q", title=t("Amount"), format=",.0f"),
               alt.Tooltip("weighted:Q", title=t("Weighted amount"), format=",.0f")]
    colour = alt.Color("kind:N", scale=alt.Scale(domain=["open", "won", "lost"],
                                                 range=["#8ecae6", "#95d5b2", "#e5989b"]), legend=None)
    base = alt.Chart(data)
    amount = base.mark_bar().encode(x=alt.X("amount:Q", title=t("Amount")), y=y, color=colour, tooltip=tooltip)
    weighted = base.mark_bar(size=8, color="#1d3557").encode(x="weighted:Q", y=y, tooltip=tooltip)
    labels = base.mark_text(align="left", dx=4).encode(x="amount:Q", y=y, text=alt.Text("deals:Q", format=",d"))
    charts.show((amount + weighted + labels).properties(height=max(160, 42 * len(data))))
    st.caption(t("Open stages: the deals there now. Won and lost: the deals closed in the period. The dark bar is "
                 "the weighted amount (amount × probability); the number, the count of deals."))


def stage_table(stages: pd.DataFrame) -> None:
    """Figures that do not apply (the flow of won and lost stages) read "—"."""
    stages = stages.assign(avg_days=stages["avg_days"].astype("float64").round(1))
    tables.show(stages, {"stage": t("Stage"), "deals": t("Deals"), "amount": t("Amount"),
                         "weighted": t("Weighted amount"), "entered": t("Entered in the period"),
                         "to_next_pct": t("Went further, %"), "to_won_pct": t("Won later, %"),
                         "avg_days": t("Average days at the stage")},
                money=("amount", "weighted"), integer=("deals", "entered"), percent=("to_next_pct", "to_won_pct"),
                export=t("Funnel by stage"))
