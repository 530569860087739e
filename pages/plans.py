"""Plans: heads set their managers' monthly plans (a form, or a quarter grid); the director sets
department plans and sees whether the managers' plans add up; director and admin set commission."""
import streamlit as st

from db.access import Can, can
from ui import commission_forms, plan_forms
from ui.data import current_viewer
from ui.forms import show_flash
from ui.lang import t

viewer = current_viewer()
st.title(t("Plans and commission"))
show_flash()

sections = {}
if can(viewer, Can.SET_PLANS):
    sections[t("Managers' plans")] = (plan_forms.manager_plan_form, st.divider, plan_forms.quarter_grid)
if can(viewer, Can.SET_DEPARTMENT_PLANS):
    sections[t("Department plans")] = (plan_forms.department_plans,)
if can(viewer, Can.SET_COMMISSION):
    sections[t("Commission")] = (commission_forms.commission_tab,)

# Keyed and tracked: the chosen tab survives a form's rerun (a refusal shows where it was typed),
# and only the open tab runs its queries.
for tab, parts in zip(st.tabs(list(sections), key="plans_tab", on_change="rerun"), sections.values(), strict=True):
    if tab.open:
        with tab:
            for part in parts:
                part()
