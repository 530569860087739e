"""Territories and assignment: the matrix territory × industry → manager, the workload next
to it, and the territory tree and industries (heads, director, admin)."""
import pandas as pd
import streamlit as st

from db import access
from db.actions.territories import (
    KINDS,
    create_industry,
    create_territory,
    remove_rule,
    set_rule,
    update_industry,
    update_territory,
)
from i18n import N_
from queries import stand_ins, territories, workload
from ui import assignment_chart, charts, tables
from ui.data import loader
from ui.forms import FormState, show_flash
from ui.lang import t
from ui.text import md_escape

territory_tree = loader(territories.territory_tree)
industry_list = loader(territories.industry_list)
assignment_rules = loader(territories.assignment_rules)
who_gets = loader(territories.who_gets)
load_workload = loader(workload.workload)
people = loader(stand_ins.people_to_cover)

KIND_LABELS = {"country": N_("Country"), "region": N_("Region"), "city": N_("City"), "district": N_("District")}

st.title(t("Territories and assignment"))
show_flash()
tree, industries, rules = territory_tree(), industry_list(), assignment_rules()
paths = dict(zip(tree["id"], tree["path"], strict=True))
# Pickers offer what is in use; the tables show everything.
active_paths = {k: v for k, v, a in zip(tree["id"], tree["path"], tree["active"], strict=True) if a}
industry_names = {k: v for k, v, a in zip(industries["id"], industries["name"], industries["active"], strict=True) if a}
led = people()
led_names = dict(zip(led["id"], led["full_name"], strict=True))


def pick(form: FormState, field: str, label: str, options: dict, current=None, none_label: str | None = None):
    keys = ([None] if none_label else []) + list(options)
    if current is not None and current not in keys:
        keys.append(current)
    return form.select(field, label, keys, placeholder="—", index=keys.index(current) if current in keys else 0,
                       format_func=lambda k: options.get(k, "—") if k is not None else none_label)


def rule_label(r) -> str:
    where = paths.get(int(r.territory_id), "?") if pd.notna(r.territory_id) else t("Any territory")
    what = r.industry if pd.notna(r.industry_id) else t("Any industry")
    return f"{where} × {what} → {r.manager}"


tab_matrix, tab_tree, tab_industries = st.tabs([t("Assignment matrix"), t("Territories"), t("Industries")])

with tab_matrix:
    st.caption(t("Who gets a new client without an owner: the most specific rule wins — territory and industry "
                 "over territory only over industry only, and a city's rule over its region's. A client no rule "
                 "places waits in the unassigned queue. The shade is the manager's experience."))
    data = assignment_chart.matrix_frame(rules, tree, industries, access.today())
    if data.empty:
        st.info(t("No assignment rules yet: every new client without an owner waits in the unassigned queue."))
    else:
        charts.show(assignment_chart.heatmap(data))
    st.subheader(t("Workload"))
    tables.show(load_workload(), {"full_name": t("Manager"), "department": t("Department"),
                                  "experience_years": t("Experience, years"),
                                  "clients": t("Clients"), "a_clients": t("A-clients"),
                                  "value": t("Shipped in 12 months"), "open_deals": t("Open deals"),
                                  "open_amount": t("Open deals amount"), "overdue_tasks": t("Overdue tasks")},
                money=("value", "open_amount"), integer=("clients", "a_clients", "open_deals", "overdue_tasks"),
                export=t("Workload"))
    st.caption(t("A-clients: the top 20 % of clients by shipments in the last 12 months."))
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader(t("Set a rule"))
        form = FormState("set_rule")
        with st.form(form.key):
            form.top()
            territory_id = pick(form, "territory_id", t("Territory"), active_paths, none_label=t("Any territory"))
            industry_id = pick(form, "industry_id", t("Industry"), industry_names, none_label=t("Any industry"))
            manager_id = pick(form, "manager_id", t("Manager"), led_names)
            if st.form_submit_button(t("Save the rule"), type="primary"):
                existing = rules[(rules["territory_id"].fillna(0) == (territory_id or 0))
                                 & (rules["industry_id"].fillna(0) == (industry_id or 0))]
                form.submit(set_rule, t("The rule is saved."), territory_id=territory_id, industry_id=industry_id,
                            manager_id=manager_id,
                            expected_version=int(existing["version"].iloc[0]) if not existing.empty else None)
        editable = rules[rules["editable"]] if not rules.empty else rules
        if not editable.empty:
            labels = {int(r.id): rule_label(r) for r in editable.itertuples(index=False)}
            remove = FormState("remove_rule")
            with st.form(remove.key):
                remove.top()
                rule_id = remove.select("rule_id", t("Remove a rule"), list(labels), format_func=labels.get)
                if st.form_submit_button(t("Remove")):
                    version = int(editable.set_index("id").loc[rule_id, "version"])
                    remove.submit(remove_rule, t("The rule is removed."), rule_id=rule_id, expected_version=version)
    with right:
        st.subheader(t("Who gets a new client?"))
        with st.form("who_gets"):
            check_t = st.selectbox(t("Territory"), [None, *active_paths], placeholder=t("Any territory"),
                                   format_func=lambda k: active_paths.get(k, t("Any territory")))
            check_i = st.selectbox(t("Industry"), [None, *industry_names], placeholder=t("Any industry"),
                                   format_func=lambda k: industry_names.get(k, t("Any industry")))
            asked = st.form_submit_button(t("Check"))
        if asked:
            found = who_gets(territory_id=check_t, industry_id=check_i)
            if found.manager_id is None:
                st.warning(t("No rule matches: the client would wait in the unassigned queue."))
            else:
                st.success(t("{manager}, by the rule {territory} × {industry}.", manager=md_escape(found.manager),
                             territory=md_escape(found.rule_territory or t("Any territory")),
                             industry=md_escape(found.rule_industry or t("Any industry"))))

with tab_tree:
    shown = tree.assign(name=["\u2003" * d + n for d, n in zip(tree["depth"], tree["name"], strict=True)],
                        kind=[t(KIND_LABELS.get(k, k)) for k in tree["kind"]])
    tables.show(shown, {"name": t("Territory"), "kind": t("Kind"), "clients": t("Clients"), "active": t("Active")},
                integer=("clients",))
    kinds = {k: t(KIND_LABELS[k]) for k in KINDS}
    with st.expander(t("New territory"), icon=":material/add_location:"):
        form = FormState("new_territory")
        with st.form(form.key):
            form.top()
            name = form.text("name", t("Name"), max_chars=200)
            kind = form.select("kind", t("Kind"), list(kinds), index=2, format_func=kinds.get)
            parent_id = pick(form, "parent_id", t("Part of"), active_paths, none_label="—")
            if st.form_submit_button(t("Create"), type="primary"):
                form.submit(create_territory, t("Territory {name} created.", name=md_escape((name or "").strip())),
                            name=name, kind=kind, parent_id=parent_id)
    by_id = tree.set_index("id")
    chosen = st.selectbox(t("Edit a territory"), list(by_id.index), index=None, placeholder=t("Choose a territory"),
                          format_func=lambda i: paths[i])
    if chosen is not None:
        row = by_id.loc[chosen]
        edit = FormState(f"edit_territory_{chosen}_{row['version']}")
        with st.form(edit.key):
            edit.top()
            name = edit.text("name", t("Name"), value=row["name"], max_chars=200)
            kind = edit.select("kind", t("Kind"), list(kinds), index=list(kinds).index(row["kind"])
                               if row["kind"] in kinds else 0, format_func=kinds.get)
            parent = None if pd.isna(row["parent_id"]) else int(row["parent_id"])
            parent_id = pick(edit, "parent_id", t("Part of"), {k: v for k, v in paths.items() if k != chosen},
                             current=parent, none_label="—")
            active = st.checkbox(t("In use (unticked: retired, kept for existing clients)"), value=bool(row["active"]),
                                 key=edit.field("active"))
            if st.form_submit_button(t("Save"), type="primary"):
                edit.submit(update_territory, t("Saved."), territory_id=int(chosen),
                            expected_version=int(row["version"]), name=name, kind=kind, parent_id=parent_id,
                            active=active)

with tab_industries:
    tables.show(industries, {"name": t("Industry"), "clients": t("Clients"), "active": t("Active")},
                integer=("clients",))
    with st.expander(t("New industry"), icon=":material/add:"):
        form = FormState("new_industry")
        with st.form(form.key):
            form.top()
            name = form.text("name", t("Name"), max_chars=200)
            if st.form_submit_button(t("Create"), type="primary"):
                form.submit(create_industry, t("Industry {name} created.", name=md_escape((name or "").strip())),
                            name=name)
    by_industry = industries.set_index("id")
    chosen = st.selectbox(t("Edit an industry"), list(by_industry.index), index=None,
                          placeholder=t("Choose an industry"), format_func=lambda i: by_industry.loc[i, "name"])
    if chosen is not None:
        row = by_industry.loc[chosen]
        edit = FormState(f"edit_industry_{chosen}_{row['version']}")
        with st.form(edit.key):
            edit.top()
            name = edit.text("name", t("Name"), value=row["name"], max_chars=200)
            active = st.checkbox(t("In use (unticked: retired, kept for existing clients)"), value=bool(row["active"]),
                                 key=edit.field("active"))
            if st.form_submit_button(t("Save"), type="primary"):
                edit.submit(update_industry, t("Saved."), industry_id=int(chosen), expected_version=int(row["version"]),
                            name=name, active=active)
