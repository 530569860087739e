"""The assignment matrix as a heatmap: territory × industry → manager, shaded by experience,
so a leader sees at a glance whether the most experienced cover the most important markets."""
from __future__ import annotations

import altair as alt
import pandas as pd

from .lang import short_name, t


def matrix_frame(rules: pd.DataFrame, tree: pd.DataFrame, industries: pd.DataFrame, today) -> pd.DataFrame:
    """One row per rule, with the labels and order the chart uses."""
    if rules.empty:
        return pd.DataFrame(columns=["territory", "industry", "manager", "short", "experience", "row", "col"])
    paths = dict(zip(tree["id"], tree["path"], strict=True))
    roots = tree[tree["depth"] == 0]
    if len(roots) == 1:  # one country: "Москва › ЦАО" reads better than "Россия › Москва › ЦАО"
        prefix = f"{roots['path'].iloc[0]} › "
        paths = {k: v.removeprefix(prefix) for k, v in paths.items()}
    tree_order = {tid: i for i, tid in enumerate(tree["id"])}
    industry_order = {iid: i for i, iid in enumerate(industries.sort_values("name")["id"])}
    any_territory, any_industry = t("Any territory"), t("Any industry")

    def years(hired_on):
        return None if hired_on is None or pd.isna(hired_on) else round((today - hired_on).days / 365.25, 1)

    out = []
    for r in rules.itertuples(index=False):
        tid = None if pd.isna(r.territory_id) else int(r.territory_id)
        iid = None if pd.isna(r.industry_id) else int(r.industry_id)
        left = not bool(r.manager_active)
        out.append({
            "territory": paths.get(tid, any_territory) if tid is not None else any_territory,
            "industry": r.industry if iid is not None else any_industry,
            "manager": t("{name} (left)", name=r.manager) if left else r.manager,
            "short": short_name(r.manager) + (" †" if left else ""),
            "experience": None if left else years(r.hired_on),
            "row": tree_order.get(tid, -1), "col": industry_order.get(iid, -1),
        })
    return pd.DataFrame(out)


def heatmap(data: pd.DataFrame) -> alt.LayerChart:
    rows = list(dict.fromkeys(data.sort_values("row")["territory"]))
    cols = list(dict.fromkeys(data.sort_values("col")["industry"]))
    exp_title = t("Experience, years")
    base = alt.Chart(data).encode(
        x=alt.X("industry:N", sort=cols, title=None, axis=alt.Axis(orient="top", labelAngle=-35, labelLimit=160)),
        y=alt.Y("territory:N", sort=rows, title=None, axis=alt.Axis(labelLimit=320)),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("experience:Q", title=exp_title, scale=alt.Scale(scheme="blues", domainMin=0)),
        tooltip=[alt.Tooltip("territory:N", title=t("Territory")), alt.Tooltip("industry:N", title=t("Industry")),
                 alt.Tooltip("manager:N", title=t("Manager")), alt.Tooltip("experience:Q", title=exp_title)],
    )
    top = float(data["experience"].max()) if data["experience"].notna().any() else 0.0
    labels = base.mark_text(fontSize=11).encode(
        text="short:N",
        color=alt.condition(alt.datum.experience > top * 0.6, alt.value("white"), alt.value("#1f2328")),
    )
    return (cells + labels).properties(height=max(160, 30 * len(rows)))
