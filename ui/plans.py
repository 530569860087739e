"""A person's plan on their home: the gauge, the figures, 12 months, the what-if, the rules.

Every figure comes from queries/plans.py (the viewer's own only); this
module only draws.
"""
from __future__ import annotations

import math
from decimal import ROUND_CEILING, Decimal

import altair as alt
import pandas as pd
import streamlit as st

from i18n import N_
from queries import plans
from queries.commission import Scheme, compute
from queries.plans import PlanProgress

from . import charts
from .data import loader
from .lang import date, money, month, percent, t
from .text import EMPTY

plan_progress = loader(plans.plan_progress)
plan_history = loader(plans.plan_history)
my_open_deals = loader(plans.my_open_deals)
what_if = loader(plans.what_if)

BASIS_NAMES = {"shipments": N_("Counted on shipments"), "won_deals": N_("Counted on won deals")}
ACTUAL_LABELS = {"shipments": N_("Shipped this month"), "won_deals": N_("Won this month")}
GAUGE_MAX = 150.0  # % of plan at the end of the arc
GAUGE_WIDTH, GAUGE_HEIGHT = 230, 118


def actual_label(basis: str) -> str:
    return t(ACTUAL_LABELS.get(basis, ACTUAL_LABELS["shipments"]))


def gauge(pct: float | None, marks: list[float]) -> alt.LayerChart:
    """A half-circle gauge of % of plan (to 150 %), tier thresholds as ticks, the % in the middle."""
    def angle(p):
        return -math.pi / 2 + math.pi * min(max(p, 0.0), GAUGE_MAX) / GAUGE_MAX

    value = pct or 0.0
    colour = "#2e7d32" if value >= 100 else "#1f6feb" if value >= (min(marks) if marks else 80) else "#d97706"
    arcs = pd.DataFrame([
        {"start": angle(0), "end": angle(GAUGE_MAX), "colour": "#e5e7eb"},
        {"start": angle(0), "end": angle(value), "colour": colour},
    ])
    # The arcs' centre sits low in the view, so the upper half-circle fills it.
    centre = {"x": alt.value(GAUGE_WIDTH / 2), "y": alt.value(GAUGE_HEIGHT - 8)}
    arc = alt.Chart(arcs).mark_arc(innerRadius=66, outerRadius=98).encode(
        theta=alt.Theta("start:Q", scale=None), theta2="end:Q", color=alt.Color("colour:N", scale=None), **centre)
    ticks = pd.DataFrame([{"start": angle(m) - 0.012, "end": angle(m) + 0.012} for m in marks])
    tick = alt.Chart(ticks).mark_arc(innerRadius=60, outerRadius=104, color="#374151").encode(
        theta=alt.Theta("start:Q", scale=None), theta2="end:Q", **centre)
    label = percent(pct) if pct is not None else t("no plan set")
    text = alt.Chart(pd.DataFrame([{"label": label}])).mark_text(
        fontSize=24 if pct is not None else 15, fontWeight="bold", baseline="bottom").encode(
        text="label:N", x=alt.value(GAUGE_WIDTH / 2), y=alt.value(GAUGE_HEIGHT - 10))
    return (arc + tick + text).properties(height=GAUGE_HEIGHT, width=GAUGE_WIDTH)


def history_chart(history: pd.DataFrame) -> alt.LayerChart:
    """The last months: actual as bars (green at or above plan), the plan as a tick."""
    data = history.assign(
        month=pd.to_datetime(history["month"]),
        actual=history["actual"].astype("float64"),
        plan=pd.to_numeric(history["plan"], errors="coerce"),
        pct=pd.to_numeric(history["plan_pct"], errors="coerce"),
        commission=pd.to_numeric(history["commission"], errors="coerce"),
    )
    x = alt.X("yearmonth(month):O", title=None, axis=alt.Axis(format="%b %y", labelAngle=0))
    tooltip = [alt.Tooltip("yearmonth(month):O", title=t("Month"), format="%B %Y"),
               alt.Tooltip("actual:Q", title=t("Actual"), format=",.0f"),
               alt.Tooltip("plan:Q", title=t("Plan"), format=",.0f"),
               alt.Tooltip("pct:Q", title=t("% of plan"), format=".1f"),
               alt.Tooltip("commission:Q", title=t("Commission"), format=",.0f")]
    bars = alt.Chart(data).mark_bar(size=22).encode(
        x=x, y=alt.Y("actual:Q", title=None, axis=charts.money_axis()),
        color=alt.condition(alt.datum.pct >= 100, alt.value("#2e7d32"), alt.value("#1f6feb")), tooltip=tooltip)
    plan = alt.Chart(data).mark_tick(color="#111827", thickness=2, size=30).encode(
        x=x, y="plan:Q", tooltip=tooltip)
    return (bars + plan).properties(height=220)


def commission_value(p: PlanProgress) -> str:
    if p.commission.amount is not None:
        return money(p.commission.amount, kopecks="auto")
    return t("no plan set") if p.commission.missing == "plan" else t("no scheme")


def tier_line(from_pct: Decimal, rate_pct: Decimal, base: str) -> str:
    if base == "excess":
        return t("from {pct} of plan: plus {rate} of the part above the plan", pct=percent(from_pct, 0),
                 rate=percent(rate_pct))
    return t("from {pct} of plan: {rate} of everything counted in the month", pct=percent(from_pct, 0),
             rate=percent(rate_pct))


def scheme_lines(scheme: Scheme) -> list[str]:
    if scheme.kind == "flat":
        return [t("{rate} of everything counted in the month, whatever the plan",
                  rate=percent(scheme.flat_rate_pct or 0))]
    return [tier_line(tier.from_pct, tier.rate_pct, tier.base) for tier in scheme.tiers]


def how_commission_is_computed(scheme: Scheme | None, *, mine: bool = True) -> None:
    """The rules in words, a scheme (the viewer's own, or the managers'), a worked example."""
    st.markdown(t(
        "Commission is recomputed from the data every time you look: nobody types it in.\n\n"
        "- **% of plan** = actual ÷ plan for the month. A tier counts from its threshold, inclusive: "
        "exactly 80 % reaches the 80 % tier.\n"
        "- Tiers **of everything counted**: only the highest one reached pays, on the whole month's actual.\n"
        "- Tiers **of the part above the plan**: only the highest one reached pays, on the amount above "
        "the plan — on top of the first kind.\n"
        "- Below the lowest tier nothing is paid. Without a plan a tiered scheme cannot be applied: "
        "no plan set, no commission. A flat scheme pays its rate on everything counted.\n"
        "- A scheme applies from the first month of its start; months before keep the scheme they had. "
        "A personal scheme comes before the one for the role.\n"
        "- The pace is the month's end projected at the current daily rate, counted in calendar days "
        "from the first of the month (or the day you joined)."))
    if scheme is None:
        st.info(t("No commission scheme applies to you this month.") if mine else
                t("No scheme for managers applies this month."))
        return
    title = t("Your scheme") if mine else t("The managers' scheme this month")
    st.markdown(f"**{title}:** " + "; ".join(scheme_lines(scheme)) + ".")
    if scheme.kind != "tiered":
        return
    plan = Decimal("1000000")
    marks = sorted({tier.from_pct for tier in scheme.tiers if tier.from_pct > 0})
    step = plan / 1000  # 0.1 % of plan: just below and just above each threshold
    points = sorted({m * plan / 100 + d for m in marks for d in (-step, 0)}
                    | ({marks[-1] * plan / 100 + step} if marks else set()) | {plan * Decimal("1.2")})
    rows = [{"actual": money(a), "pct": percent(a / plan * 100, 2),
             "commission": money(compute(scheme, plan=plan, actual=a).amount, kopecks=True)} for a in points]
    st.caption(t("For example, with a plan of {plan}:", plan=money(plan)))
    st.dataframe(pd.DataFrame(rows), hide_index=True, placeholder=EMPTY,
                 column_config={"actual": t("Actual"), "pct": t("% of plan"), "commission": t("Commission")})


def _next_tier_metric(column, p: PlanProgress) -> None:
    nxt = p.next_tier
    if nxt is not None:
        help_text = (t("At {pct} of plan you get {rate} of the part above the plan.", pct=percent(nxt.from_pct, 0),
                       rate=percent(nxt.rate_pct)) if nxt.base == "excess" else
                     t("At {pct} of plan you get {rate} of everything counted.", pct=percent(nxt.from_pct, 0),
                       rate=percent(nxt.rate_pct)))
        # Whole roubles, rounded up: a sales target beside the plan and the remainder, and reaching it
        # reaches the tier.
        column.metric(t("To the next tier"), money(nxt.needed.to_integral_value(rounding=ROUND_CEILING)),
                      help=help_text)
    elif p.plan and p.scheme is not None and p.scheme.kind == "tiered":
        column.metric(t("To the next tier"), t("top tier reached"))
    else:
        column.metric(t("To the next tier"), "—")


def plan_block() -> None:
    """The manager's plan this month, the last 12 months and the what-if."""
    p = plan_progress()
    st.subheader(t("My plan for {month}", month=month(p.month)))
    st.caption(t(BASIS_NAMES.get(p.basis, BASIS_NAMES["shipments"])))
    left, right = st.columns([1, 3], vertical_alignment="center")
    with left:
        marks = [float(tier.from_pct) for tier in p.scheme.tiers if tier.from_pct > 0] if p.scheme else []
        st.altair_chart(gauge(p.pct, marks), width="content")  # fixed size: the centre is placed in pixels
    with right:
        row = st.columns(3)
        row[0].metric(actual_label(p.basis), money(p.actual))
        row[1].metric(t("Plan"), money(p.plan) if p.plan else t("no plan set"))
        row[2].metric(t("Remaining"), money(p.remaining) if p.remaining is not None else "—")
        row = st.columns(3)
        row[0].metric(t("Pace"), money(p.pace) if p.pace is not None else "—",
                      delta=t("{pct} of plan", pct=percent(p.pace_pct)) if p.pace_pct is not None else None,
                      delta_color="off", delta_arrow="off",
                      help=t("The month's end projected at the current daily rate."))
        row[1].metric(t("Commission so far"), commission_value(p), help=p.scheme.name if p.scheme else None)
        _next_tier_metric(row[2], p)
    history = plan_history()
    st.caption(t("The last 12 months"))
    charts.show(history_chart(history))
    what_if_block(p)
    with st.expander(t("How commission is computed"), icon=":material/help:"):
        how_commission_is_computed(p.scheme)


def _deal_label(deals: pd.DataFrame):
    by_id = deals.set_index("id")

    def label(deal_id) -> str:
        row = by_id.loc[deal_id]
        close = f" · {date(row['expected_close_on'])}" if pd.notna(row["expected_close_on"]) else ""
        return f"{row['title']} — {row['client']} · {money(row['amount'])}{close}"
    return label


def what_if_block(now: PlanProgress) -> None:
    with st.expander(t("What if my open deals close?"), icon=":material/calculate:"):
        deals = my_open_deals()
        if deals.empty:
            st.info(t("You have no open deals."))
            return
        chosen = st.multiselect(t("Open deals that close this month"), list(deals["id"]),
                                format_func=_deal_label(deals), key="what_if_deals",
                                placeholder=t("Choose deals"))
        if not chosen:
            st.caption(t("Choose deals to see the % of plan and the commission if they close this month, in full."))
            return
        w = what_if(deal_ids=tuple(sorted(int(d) for d in chosen)))
        cols = st.columns(3)
        cols[0].metric(t("Added"), money(w.added))
        cols[1].metric(t("% of plan"), percent(w.pct) if w.pct is not None else t("no plan set"),
                       delta=(t("{pct} now", pct=percent(now.pct)) if now.pct is not None else None),
                       delta_color="off", delta_arrow="off")
        gain = (w.commission.amount - now.commission.amount
                if w.commission.amount is not None and now.commission.amount is not None else None)
        cols[2].metric(t("Commission"), commission_value(w),
                       delta=("+" + money(gain, kopecks="auto")) if gain else None)
