"""Setting plans: one manager's month (a form), a quarter at once (a grid), a department's month.

All writes go through db/actions/plans.py: a refusal shows next to the
field (or, in the grid, names the manager and month of each bad cell) and
what was typed stays.
"""
from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pandas as pd
import streamlit as st

from db import access
from db.actions.plans import cell_key, set_department_plan, set_plan, set_plans_for_quarter
from db.errors import DomainError, ValidationError
from queries import team
from queries.plan_actuals import month_start, quarter_start

from . import tables
from .data import loader, run_action
from .forms import FormState, flash
from .lang import error_text, money, month, t
from .text import md_escape

plannable_managers = loader(team.plannable_managers)
plan_of = loader(team.plan_of)
plan_grid = loader(team.plan_grid)
list_departments = loader(team.list_departments)
department_plan_of = loader(team.department_plan_of)
department_plan_check = loader(team.department_plan_check)

MONTHS_AHEAD = 12
QUARTERS_AHEAD = 4


def coming_months() -> list[dt.date]:
    this = month_start(access.today())
    return [month_start(this, k) for k in range(MONTHS_AHEAD + 1)]


def coming_quarters() -> list[dt.date]:
    this = quarter_start(access.today())
    return [month_start(this, 3 * k) for k in range(QUARTERS_AHEAD)]


def quarter_label(start: dt.date) -> str:
    return t("Q{q} {year}", q=(start.month - 1) // 3 + 1, year=str(start.year))


def _amount_field(form: FormState, current: Decimal | None) -> float:
    return form.number("amount", t("Plan amount"), min_value=0.0, step=10000.0,
                       value=float(current) if current is not None else None, placeholder=t("no plan set"))


def manager_plan_form() -> None:
    st.subheader(t("A manager's plan for a month"))
    managers = plannable_managers()
    if managers.empty:
        st.info(t("There are no managers you can set plans for."))
        return
    names = dict(zip(managers["id"], managers["full_name"], strict=True))
    left, right = st.columns(2)
    user_id = left.selectbox(t("Manager"), list(names), format_func=lambda i: names[i], key="plan_form_user")
    chosen = right.selectbox(t("Month"), coming_months(), format_func=month, key="plan_form_month")
    cell = plan_of(user_id=int(user_id), month=chosen)
    form = FormState(f"plan_{user_id}_{chosen.isoformat()}_{cell.version}")
    with st.form(form.key):
        form.top()
        amount = _amount_field(form, cell.amount)
        st.caption(t("Now: {plan}", plan=money(cell.amount) if cell.amount is not None else t("no plan set")))
        if st.form_submit_button(t("Save the plan"), type="primary"):
            form.submit(set_plan, t("Plan saved: {name}, {month}.", name=names[user_id], month=month(chosen)),
                        user_id=int(user_id), month=chosen, amount=amount, expected_version=cell.version)


def _cell_changes(shown: pd.DataFrame, edited: pd.DataFrame, months: list[dt.date], versions: dict) -> list[dict]:
    """The cells whose value the person changed, as set_plans_for_quarter takes them."""
    cells = []
    for i, row in edited.iterrows():
        for m in months:
            before, after = shown.at[i, m.isoformat()], row[m.isoformat()]
            if (pd.isna(before) and pd.isna(after)) or (not pd.isna(before) and not pd.isna(after)
                                                        and math.isclose(float(before), float(after))):
                continue
            user_id = int(shown.at[i, "user_id"])
            cells.append({"user_id": user_id, "month": m, "expected_version": versions.get((user_id, m), 0),
                          "amount": None if pd.isna(after) else Decimal(str(after))})
    return cells


def _cell_errors(exc: ValidationError, names: dict, months: list[dt.date]) -> list[str]:
    where = {cell_key(uid, m): (name, m) for uid, name in names.items() for m in months}
    lines = []
    for key, (message, params) in exc.errors.items():
        name, m = where.get(key, (key, None))
        lines.append(f"{name}, {month(m) if m else '—'}: {t(message, **params)}")
    return lines


def quarter_grid() -> None:
    st.subheader(t("Plans for a quarter"))
    quarter = st.selectbox(t("Quarter"), coming_quarters(), format_func=quarter_label, key="plan_grid_quarter")
    grid = plan_grid(quarter=quarter)
    if grid.rows.empty:
        st.info(t("There are no managers you can set plans for."))
        return
    first_open = month_start(access.today())
    shown = grid.rows.copy()
    for m in grid.months:
        shown[m.isoformat()] = pd.to_numeric(shown[m.isoformat()], errors="coerce").astype("float64")
    config = {"manager": st.column_config.TextColumn(t("Manager"), disabled=True),
              "department": st.column_config.TextColumn(t("Department"), disabled=True)}
    for m in grid.months:
        config[m.isoformat()] = st.column_config.NumberColumn(
            month(m), min_value=0, step=1000, format="localized", disabled=m < first_open,
            help=t("A past month: closed.") if m < first_open else None)
    form = FormState(f"plan_grid_{quarter.isoformat()}")
    with st.form(form.key):
        form.top()
        edited = st.data_editor(shown, hide_index=True, width="stretch", key=form.field("grid"), placeholder="—",
                                column_order=["manager", "department", *(m.isoformat() for m in grid.months)],
                                column_config=config, disabled=["user_id", "manager", "department"])
        st.caption(t("Type the amounts; an empty cell means no plan. Nothing is saved until you press the button, "
                     "and nothing at all if any cell is wrong."))
        if st.form_submit_button(t("Save the quarter"), type="primary"):
            cells = _cell_changes(shown, edited, grid.months, grid.versions)
            names = dict(zip(shown["user_id"].astype(int), shown["manager"], strict=True))
            if not cells:
                st.warning(t("Nothing changed."))
                return
            try:
                changed = run_action(set_plans_for_quarter, cells=cells)
            except ValidationError as exc:
                st.error(t("Nothing was saved. Correct these cells:") + "\n\n" + "\n".join(
                    f"- {line}" for line in _cell_errors(exc, names, grid.months)), icon=":material/error:")
                return
            except DomainError as exc:
                st.error(error_text(exc), icon=":material/error:")
                return
            flash(t("Plans saved: {n} changed.", n=changed))
            # As FormState.submit does on success: a new form key, so the grid reloads from the database.
            st.session_state[form._round_key] = st.session_state.get(form._round_key, 0) + 1
            st.rerun()


def department_plans() -> None:
    """The director: a department's plan for a month, and how the managers' plans add up to it."""
    st.subheader(t("A department's plan for a month"))
    depts = list_departments()
    if depts.empty:
        st.info(t("No departments yet."))
        return
    names = dict(zip(depts["id"], depts["name"], strict=True))
    left, right = st.columns(2)
    dept_id = left.selectbox(t("Department"), list(names), format_func=lambda i: names[i], key="dept_plan_dept")
    chosen = right.selectbox(t("Month"), coming_months(), format_func=month, key="dept_plan_month")
    cell = department_plan_of(department_id=int(dept_id), month=chosen)
    form = FormState(f"dept_plan_{dept_id}_{chosen.isoformat()}_{cell.version}")
    with st.form(form.key):
        form.top()
        amount = _amount_field(form, cell.amount)
        if st.form_submit_button(t("Save the plan"), type="primary"):
            form.submit(set_department_plan,
                        t("Plan saved: {name}, {month}.", name=names[dept_id], month=month(chosen)),
                        department_id=int(dept_id), month=chosen, amount=amount, expected_version=cell.version)

    st.subheader(t("Do the managers' plans add up?"))
    quarter = st.selectbox(t("Quarter"), coming_quarters(), format_func=quarter_label, key="dept_check_quarter")
    check = department_plan_check(quarter=quarter)
    shown = check.assign(month=check["month"].map(month))
    tables.show(shown, {"department": t("Department"), "month": t("Month"), "department_plan": t("Department plan"),
                        "managers_plan": t("Managers' plans"), "difference": t("Difference")},
                money=("department_plan", "managers_plan", "difference"))
    short = check[check["difference"].map(lambda d: d is not None and d == d and d != 0)]
    if short.empty:
        st.success(t("Where a department plan is set, the managers' plans add up to it exactly."))
    for row in short.itertuples():
        params = {"dept": md_escape(row.department), "month": month(row.month), "amount": money(abs(row.difference))}
        if row.difference < 0:
            st.warning(t("Managers' plans of {dept} for {month} fall short of the department plan by {amount}.",
                         **params))
        else:
            st.warning(t("Managers' plans of {dept} for {month} exceed the department plan by {amount}.", **params))
