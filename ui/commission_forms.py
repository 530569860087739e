"""Commission schemes and the plan basis (director, admin): the list, the form, the rules."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from db import access
from db.actions.commission import save_commission_scheme, withdraw_commission_scheme
from db.actions.plans import set_plan_basis
from i18n import N_
from queries import commission, plans
from queries.commission import Scheme
from queries.plan_actuals import month_start

from .data import loader
from .forms import FormState
from .lang import date, month, t
from .text import EMPTY, blank, md_escape
from .plan_forms import coming_months
from .plans import BASIS_NAMES, how_commission_is_computed, scheme_lines

list_schemes = loader(commission.list_schemes)
scheme_targets = loader(commission.scheme_targets)
current_basis = loader(plans.current_basis)

KINDS = {"tiered": N_("Tiered by % of plan"), "flat": N_("Flat rate")}
BASES = {"actual": N_("of everything counted"), "excess": N_("of the part above the plan")}
ROLE_TARGETS = {"manager": N_("Every manager"), "head": N_("Every head of sales")}
DEFAULT_TIERS = [{"from_pct": 0.0, "rate_pct": 0.0, "base": "actual"},
                 {"from_pct": 80.0, "rate_pct": 3.0, "base": "actual"},
                 {"from_pct": 100.0, "rate_pct": 5.0, "base": "excess"}]


def basis_form() -> None:
    st.subheader(t("What counts against plans"))
    basis = current_basis()
    form = FormState(f"plan_basis_{basis}")
    with st.form(form.key):
        form.top()
        options = list(BASIS_NAMES)
        chosen = form.widget("basis", st.radio, t("Plan basis"), options, index=options.index(basis),
                             format_func=lambda b: t(BASIS_NAMES[b]), horizontal=True)
        st.caption(t("Shipments: what left the warehouse, credited to the manager of the shipment on its date. "
                     "Won deals: deals won, credited to their owner on the day they closed. "
                     "A change recomputes every month, past ones included."))
        if st.form_submit_button(t("Save"), type="primary"):
            form.submit(set_plan_basis, t("The plan basis is saved."), basis=chosen)


def _target_label(row) -> str:
    if blank(row["role"], ""):
        return t(ROLE_TARGETS.get(row["role"], row["role"]))
    return blank(row["person"])


def _as_scheme(row) -> Scheme:
    return Scheme(id=int(row["id"]), name=row["name"], kind=row["kind"], role=row["role"], user_id=row["user_id"],
                  effective_from=row["effective_from"], flat_rate_pct=row["flat_rate_pct"], tiers=tuple(row["tiers"]))


def schemes_list(schemes: pd.DataFrame) -> None:
    """Each scheme with its rules in words (they do not fit a table cell)."""
    st.subheader(t("Commission schemes"))
    if schemes.empty:
        st.info(t("No commission schemes yet: nobody earns commission until one is saved."))
        return
    this = month_start(access.today())
    for _, row in schemes.iterrows():
        status = (t("Withdrawn") if not row["active"] else t("Planned") if row["effective_from"] > this
                  else t("Applies"))
        with st.container(border=True):
            st.markdown(f"**{md_escape(row['name'])}** · {md_escape(_target_label(row))} · "
                        f"{t('from {date}', date=date(row['effective_from']))} · {t(KINDS[row['kind']])} · *{status}*")
            st.markdown("\n".join(f"- {line}" for line in scheme_lines(_as_scheme(row))))
    st.caption(t("A newer scheme for the same role or person takes over from its month; a personal scheme comes "
                 "before the role's. Schemes that have applied to a past month cannot change."))


def _targets() -> tuple[list[str], dict[str, str]]:
    people = scheme_targets()
    labels = {f"role:{role}": t(label) for role, label in ROLE_TARGETS.items()}
    for row in people.itertuples():
        labels[f"user:{row.id}"] = t("{name} (personal)", name=row.full_name)
    return list(labels), labels


def scheme_form(schemes: pd.DataFrame) -> None:
    st.subheader(t("New or planned scheme"))
    this = month_start(access.today())
    editable = schemes[schemes["active"] & (schemes["effective_from"] >= this)] if not schemes.empty else schemes
    choices = [0, *(int(i) for i in editable["id"])]  # 0: a new scheme (None would read as "nothing chosen")
    by_id = editable.set_index("id") if not editable.empty else editable
    picked = st.selectbox(t("Scheme"), choices, key="scheme_pick",
                          format_func=lambda i: t("A new scheme") if not i else
                          f"{by_id.loc[i, 'name']} · {date(by_id.loc[i, 'effective_from'])}")
    row = by_id.loc[picked] if picked else None
    target_keys, target_labels = _targets()
    current_target = None if row is None else (f"role:{row['role']}" if row["role"] else f"user:{row['user_id']}")
    months = coming_months()
    start = None if row is None else row["effective_from"]
    if start is not None and start not in months:
        months = [start, *months]
    tiers = DEFAULT_TIERS if row is None or not row["tiers"] else [
        {"from_pct": float(x.from_pct), "rate_pct": float(x.rate_pct), "base": x.base} for x in row["tiers"]]
    form = FormState(f"scheme_{picked}_{None if row is None else row['version']}")
    with st.form(form.key):
        form.top()
        name = form.text("name", t("Name"), value="" if row is None else row["name"])
        left, right = st.columns(2)
        with left:
            target = form.select("target", t("For"), target_keys, format_func=lambda k: target_labels[k],
                                 index=target_keys.index(current_target) if current_target in target_keys else 0)
            kind = form.select("kind", t("Kind"), list(KINDS), format_func=lambda k: t(KINDS[k]),
                               index=list(KINDS).index(row["kind"]) if row is not None else 0)
        with right:
            effective_from = form.select("effective_from", t("Applies from"), months, format_func=month,
                                         index=months.index(start) if start in months else 0)
            flat = form.number("flat_rate_pct", t("Flat rate, % of everything counted"), min_value=0.0,
                               max_value=100.0, step=0.5, help=t("Only for a flat scheme."),
                               value=None if row is None or row["flat_rate_pct"] is None
                               else float(row["flat_rate_pct"]))
        st.caption(t("Tiers (only for a tiered scheme): from which % of plan, what rate, and of what."))
        edited = st.data_editor(pd.DataFrame(tiers), num_rows="dynamic", hide_index=True, key=form.field("tiers"),
                                placeholder=EMPTY,
                                column_config={
                                    "from_pct": st.column_config.NumberColumn(t("From % of plan"), min_value=0,
                                                                              max_value=1000, format="localized"),
                                    "rate_pct": st.column_config.NumberColumn(t("Rate, %"), min_value=0,
                                                                              max_value=100, format="localized"),
                                    "base": st.column_config.SelectboxColumn(
                                        t("Of"), options=list(BASES), format_func=lambda b: t(BASES[b]),
                                        default="actual")})
        form.slot("tiers")
        if st.form_submit_button(t("Save the scheme"), type="primary"):
            kind_of, _, value = target.partition(":")
            form.submit(save_commission_scheme, t("The scheme is saved."), scheme_id=picked or None,
                        expected_version=None if row is None else int(row["version"]), name=name, kind=kind,
                        role=value if kind_of == "role" else None, user_id=int(value) if kind_of == "user" else None,
                        effective_from=effective_from, flat_rate_pct=flat, tiers=edited.to_dict("records"))
    if row is not None:
        withdraw = FormState(f"scheme_withdraw_{picked}_{row['version']}")
        withdraw.top()
        if st.button(t("Withdraw this scheme"), icon=":material/block:"):
            withdraw.submit(withdraw_commission_scheme, t("The scheme is withdrawn."), scheme_id=int(picked),
                            expected_version=int(row["version"]))


def commission_tab() -> None:
    basis_form()
    schemes = list_schemes()
    schemes_list(schemes)
    scheme_form(schemes)
    with st.expander(t("How commission is computed"), icon=":material/help:"):
        how_commission_is_computed(None if schemes.empty else _standard(schemes), mine=False)


def _standard(schemes: pd.DataFrame) -> Scheme | None:
    """The role scheme of the departments' rank and file (managers) in force this month, for the worked example."""
    this = month_start(access.today())
    members = schemes["role"].map(access.role_is_team_member).astype(bool)
    found = schemes[schemes["active"] & members & (schemes["effective_from"] <= this)]
    return _as_scheme(found.iloc[0]) if not found.empty else None
