"""Altair charts shared by pages."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from .lang import language, pt


def plan_bars(df: pd.DataFrame, *, label: str, name: str, name_field: str = "manager",
              pct_field: str = "plan_pct") -> alt.LayerChart:
    """% of plan per person as horizontal bars, with the 100 % line."""
    data = df[[name_field, pct_field]].rename(columns={name_field: "name", pct_field: "pct"})
    data = data.assign(pct=pd.to_numeric(data["pct"], errors="coerce").fillna(0.0))
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("pct:Q", title=label),
        y=alt.Y("name:N", title=name, sort="-x"),
        color=alt.condition(alt.datum.pct >= 100, alt.value("#2e7d32"), alt.value("#1f6feb")),
        tooltip=[alt.Tooltip("name:N", title=name), alt.Tooltip("pct:Q", title=label, format=".1f")],
    )
    rule = alt.Chart(pd.DataFrame({"x": [100]})).mark_rule(strokeDash=[4, 4]).encode(x="x:Q")
    # A step per bar: a fixed height is squeezed to a few pixels a bar by Streamlit's sizing.
    return (bars + rule).properties(height=alt.Step(24))


# Vega's own number and date locale, so axes and tooltips read "1 234 567" and
# "янв 2026" in Russian (Vega's default is en-US whatever the app's language).
VEGA_LOCALES = {
    "ru": {
        "number": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0₽"],
                   "percent": "\u00a0%"},
        "time": {
            "dateTime": "%A, %e %B %Y г. %X", "date": "%d.%m.%Y", "time": "%H:%M:%S", "periods": ["AM", "PM"],
            "days": ["воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"],
            "shortDays": ["вс", "пн", "вт", "ср", "чт", "пт", "сб"],
            "months": ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
                       "октябрь", "ноябрь", "декабрь"],
            "shortMonths": ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"],
        },
    },
}


def money_axis(**kwargs) -> alt.Axis:
    """An axis of sums: "8 млн", "750 тыс." in Russian, "8M", "750K" in English — never d3's SI
    "8M" in a Russian page (the numbers themselves follow the chart's locale, see `show`)."""
    millions, thousands = pt("chart axis", "M"), pt("chart axis", "K")
    gap = "" if language() == "en" else " "
    expr = (f"abs(datum.value) >= 1e6 ? format(datum.value / 1e6, ',.1~f') + '{gap}{millions}' : "
            f"abs(datum.value) >= 1e3 ? format(datum.value / 1e3, ',.0f') + '{gap}{thousands}' : "
            "format(datum.value, ',.0f')")
    return alt.Axis(labelExpr=expr, **kwargs)


def show(chart) -> None:
    """st.altair_chart in the viewer's language (numbers, months), full width; a legend below
    the chart, not beside it (on a 390-px phone a side legend took half the width)."""
    locale = VEGA_LOCALES.get(language())
    chart = chart.configure(locale=locale) if locale else chart
    st.altair_chart(chart.configure_legend(orient="bottom"), width="stretch")
