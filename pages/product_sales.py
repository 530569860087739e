"""Product sales: by product and group, month by month — volume, trend, seasonality, top
clients — and the expected demand for each of the next three months next to the history, for
purchase planning."""
import altair as alt
import pandas as pd
import streamlit as st

from queries import product_sales as q
from ui import analysis, charts, export, tables
from ui.data import loader
from ui.lang import money, month, nt, number, percent, t

catalogue = loader(q.catalogue)
product_sales = loader(q.product_sales)
top_clients = loader(q.top_clients)

st.title(t("Product sales"))
cat = catalogue()
groups = dict(zip(cat["group_id"].dropna().astype(int), cat["group"].dropna(), strict=False))
c1, c2 = st.columns(2)
# 0 stands for "all": a None option would show as an empty choice.
group_id = c1.selectbox(t("Product group"), [0, *sorted(groups, key=groups.get)], key="ps_group",
                        format_func=lambda g: groups.get(g, t("All groups"))) or None
in_group = cat[cat["group_id"] == group_id] if group_id else cat
products = {int(i): f"{n} ({s})" for i, n, s in zip(in_group["id"], in_group["name"], in_group["sku"], strict=True)}
product_id = c2.selectbox(t("Product"), [0, *products], key="ps_product",
                          format_func=lambda p: products.get(p, t("All products"))) or None
if product_id not in products:
    product_id = None

sales = product_sales(group_id=group_id, product_id=product_id)
totals = q.monthly_totals(sales)
demand = q.demand(sales)
head = q.headline(sales)
ahead = q.outlook(sales)
single = product_id is not None
unit = demand["unit"].iloc[0] if single and not demand.empty else None

m = st.columns(4)
m[0].metric(t("Shipped in 12 months"), money(head.amount_12m))
m[1].metric(t("Trend"), percent(head.trend),
            help=t("The last three whole months against the same months a year before."))
m[2].metric(t("Run-rate a month"), money(head.run_rate), help=t("The average of the last three whole months."))
m[3].metric(t("Expected in {first} – {last}", first=month(sales.ahead[0]), last=month(sales.ahead[-1])),
            money(head.expected_amount), help=" · ".join(
                f"{month(d)}: {money(v)}" for d, v in zip(sales.ahead, head.expected_amounts, strict=True)))
RULE = t("Expected in a month = routine orders (shipments outside deals) at the run-rate of the last three whole "
         "months × that month's season index ÷ the average index of those three months, plus the lines of open "
         "deals expected to close that month weighted by their probability.")

measure, measure_title = ("quantity", t("Quantity, {unit}", unit=unit)) if single else ("amount", t("Shipments"))
history = totals.assign(kind=totals["running"].map({True: t("Month to date"), False: t("Shipped")}),
                        label=totals["month"].map(month))
expected = pd.DataFrame({"month": sales.ahead, "kind": t("Expected"), "label": [month(d) for d in sales.ahead],
                         measure: list(head.expected_quantities if single else head.expected_amounts)})
series = pd.concat([history[["month", "kind", "label", measure]], expected], ignore_index=True)
series["month"] = pd.to_datetime(series["month"])
st.subheader(t("By month"))
charts.show(alt.Chart(series).mark_bar().encode(
    x=alt.X("yearmonth(month):T", title=None),
    y=alt.Y(f"{measure}:Q", title=measure_title),
    color=alt.Color("kind:N", title=None, scale=alt.Scale(
        domain=[t("Shipped"), t("Month to date"), t("Expected")], range=["#1f6feb", "#9ecbff", "#f4a261"])),
    tooltip=[alt.Tooltip("label:N", title=t("Month")), alt.Tooltip(f"{measure}:Q", title=measure_title,
                                                                  format=",.0f")],
).properties(height=260))

season = q.seasonality(sales).dropna()
if not season.empty:
    st.subheader(t("Seasonality"))
    st.caption(t("Each calendar month's average against the average month (1 = an ordinary month)."))
    season = season.assign(label=season["calendar_month"].map(analysis.month_abbr))
    bars = alt.Chart(season).mark_bar().encode(
        x=alt.X("label:N", sort=list(season["label"]), title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("index:Q", title=t("Index")),
        color=alt.condition(alt.datum.index >= 1, alt.value("#2e7d32"), alt.value("#9e9e9e")),
        tooltip=[alt.Tooltip("label:N", title=t("Month")), alt.Tooltip("index:Q", title=t("Index"), format=".2f")])
    rule = alt.Chart(pd.DataFrame({"y": [1.0]})).mark_rule(strokeDash=[4, 4]).encode(y="y:Q")
    charts.show((bars + rule).properties(height=200))

st.subheader(t("Demand for {first} – {last}", first=month(sales.ahead[0]), last=month(sales.ahead[-1])))
labels = {"sku": t("SKU"), "name": t("Product"), "unit": t("Unit"), "quantity_12m": t("Sold in 12 months"),
          "trend": t("Trend, %"), "run_rate": t("Run-rate a month"), "routine_run_rate": t("Of it outside deals"),
          "pipeline_quantity": t("Open deals, weighted"),
          **{f"expected_{k}": t("Expected in {month}", month=month(d)) for k, d in enumerate(sales.ahead, 1)},
          "expected_quantity": t("Expected in three months"), "expected_amount": t("Expected, amount")}
QUANTITIES = ("quantity_12m", "run_rate", "routine_run_rate", "pipeline_quantity",
              *(f"expected_{k}" for k in range(1, len(sales.ahead) + 1)), "expected_quantity")
table = demand.sort_values("amount_12m", ascending=False).round({c: 1 for c in QUANTITIES})
# A trend without a year before (a season without sales) reads "—" (an empty number).
tables.show(table, labels, money=("expected_amount",), integer=QUANTITIES, percent=("trend",))
export.buttons(table, labels, name=t("Demand") + f" {sales.next_month:%Y-%m}", money=("expected_amount",),
               percent=("trend",), key="demand")
st.caption(RULE + " " + t("Season index: {indices}.", indices=", ".join(
    f"{month(d)} {number(i, 2)}"
    for d, i in zip(ahead["month"], ahead["seasonal_index"], strict=True))) + " "
    + t("Quantities are in each product's unit."))

st.subheader(t("Top clients in 12 months"))
top = top_clients(group_id=group_id, product_id=product_id)
if top.empty:
    st.info(t("None of your clients bought this in the last 12 months."))
else:
    shown = {"name": t("Client"), "owner": t("Manager"), "amount": t("Shipments"), "share": t("Share, %")}
    if single:  # one product: one unit, so the quantities add up
        shown = {**shown, "quantity": t("Quantity, {unit}", unit=unit)}
    tables.show(top, shown, money=("amount",), percent=("share",))
    st.caption(nt("{n} client shown.", "{n} clients shown.", len(top)))
