"""Users and departments (administrator)."""
import pandas as pd
import streamlit as st

from db.actions.users import (
    create_department,
    create_user,
    deactivate_user,
    reactivate_user,
    reset_password,
    update_department,
    update_user,
)
from db import access
from i18n import LANGUAGES
from queries import users
from ui import tables
from ui.data import loader
from ui.forms import FormState, show_flash
from ui.lang import code, t
from ui.sessions_view import user_sessions_section
from ui.text import md_escape

list_users = loader(users.list_users)
list_departments = loader(users.list_departments)

ROLES = [r.value for r in access.all_roles()]
st.title(t("Users and departments"))
show_flash()
people, departments = list_users(), list_departments()
dept_names = dict(zip(departments["id"], departments["name"], strict=True))
lang_options = [None, *LANGUAGES]


def role_label(role: str) -> str:
    return code("role", role)


def lang_label(lang: str | None) -> str:
    return LANGUAGES.get(lang, t("Company default"))


def user_fields(form: FormState, row: pd.Series | None = None) -> dict:
    """The fields shared by the new-user and edit-user forms, prefilled from `row`."""
    def default(key, fallback=None):
        return fallback if row is None or pd.isna(row[key]) else row[key]
    dept_ids = [None, *dept_names]
    return {
        "full_name": form.text("full_name", t("Full name"), value=default("full_name", "")),
        "email": form.text("email", t("E-mail"), value=default("email", "")),
        "phone": form.text("phone", t("Phone"), value=default("phone", "")),
        "role": form.select("role", t("Role"), ROLES, format_func=role_label,
                            index=ROLES.index(default("role", access.default_role().value))),
        "department_id": form.select("department_id", t("Department"), dept_ids, placeholder="—",
                                     format_func=lambda d: dept_names.get(d, "—"),
                                     index=dept_ids.index(default("department_id"))),
        "language": form.select("language", t("Language"), lang_options, placeholder=lang_label(None),
                                format_func=lang_label,
                                index=lang_options.index(default("language"))),
    }


tab_users, tab_departments = st.tabs([t("Users"), t("Departments")])

with tab_users:
    shown = people.assign(
        role=people["role"].map(role_label),
        locked=people["locked_until"].notna(),
    )
    tables.show(shown, {"login": t("Login"), "full_name": t("Full name"), "role": t("Role"),
                        "department": t("Department"), "email": t("E-mail"), "active": t("Active"),
                        "last_login_at": t("Last sign-in")}, export=t("Users"))

    with st.expander(t("New user"), icon=":material/person_add:"):
        form = FormState("new_user")
        with st.form(form.key):
            form.top()
            login = form.text("login", t("Login"))
            fields = user_fields(form)
            password = form.text("password", t("Password"), type="password",
                                 help=t("At least 8 characters, not easy to guess. "
                                        "Tell it to the person; they can change it in their profile."))
            if st.form_submit_button(t("Create"), type="primary"):
                form.submit(create_user, t("User {login} created.", login=login.strip().lower()), login=login,
                            password=password, **fields)

    st.subheader(t("Edit a user"))
    by_id = people.set_index("id")
    user_id = st.selectbox(t("User"), list(by_id.index), index=None, placeholder=t("Choose a user"),
                           format_func=lambda i: f"{by_id.loc[i, 'full_name']} ({by_id.loc[i, 'login']})")
    if user_id is not None:
        row = by_id.loc[user_id]
        edit = FormState(f"edit_user_{user_id}_{row['version']}")
        with st.form(edit.key):
            edit.top()
            fields = user_fields(edit, row)
            if st.form_submit_button(t("Save"), type="primary"):
                edit.submit(update_user, t("Saved."), user_id=int(user_id), expected_version=int(row["version"]),
                            **fields)
        left, right = st.columns(2)
        with left:
            state = FormState(f"user_state_{user_id}_{row['version']}")
            state.top()
            if row["active"]:
                if st.button(t("Deactivate"), help=t("The user can no longer sign in. Their clients, "
                                                     "deals and tasks must be handed over first.")):
                    state.submit(deactivate_user, t("{name} is deactivated.", name=md_escape(row["full_name"])),
                                 user_id=int(user_id), expected_version=int(row["version"]))
            elif st.button(t("Reactivate")):
                state.submit(reactivate_user, t("{name} can sign in again.", name=md_escape(row["full_name"])),
                             user_id=int(user_id))
        with right:
            pw = FormState(f"reset_password_{user_id}")
            with st.form(pw.key):
                pw.top()
                new_password = pw.text("new_password", t("New password"), type="password")
                if st.form_submit_button(t("Set the password")):
                    pw.submit(reset_password,
                              t("The password is set. {name} is signed out everywhere.",
                                name=md_escape(row["full_name"])),
                              user_id=int(user_id), new_password=new_password)
        st.markdown(f"**{t('Open sessions')}**")
        user_sessions_section(int(user_id), str(row["full_name"]))

with tab_departments:
    tables.show(departments, {"name": t("Department"), "head": t("Head"), "people": t("People")},
                integer=("people",))
    heads = people[people["role"].map(access.role_heads_departments).astype(bool) & people["active"]]
    head_names = dict(zip(heads["id"], heads["full_name"], strict=True))
    head_ids = [None, *head_names]

    with st.expander(t("New department"), icon=":material/add:"):
        form = FormState("new_department")
        with st.form(form.key):
            form.top()
            name = form.text("name", t("Name"))
            head_id = form.select("head_id", t("Head"), head_ids, placeholder="—",
                                  format_func=lambda i: head_names.get(i, "—"))
            if st.form_submit_button(t("Create"), type="primary"):
                form.submit(create_department, t("Department created."), name=name, head_id=head_id)

    st.subheader(t("Edit a department"))
    by_dept = departments.set_index("id")
    dept_id = st.selectbox(t("Department"), list(by_dept.index), index=None, placeholder=t("Choose a department"),
                           format_func=lambda i: by_dept.loc[i, "name"])
    if dept_id is not None:
        row = by_dept.loc[dept_id]
        current_head = None if pd.isna(row["head_id"]) else int(row["head_id"])
        edit = FormState(f"edit_department_{dept_id}_{row['version']}")
        with st.form(edit.key):
            edit.top()
            name = edit.text("name", t("Name"), value=row["name"])
            options = head_ids if current_head in head_ids else [*head_ids, current_head]
            head_id = edit.select("head_id", t("Head"), options, placeholder="—", index=options.index(current_head),
                                  format_func=lambda i: head_names.get(i, "—"))
            if st.form_submit_button(t("Save"), type="primary"):
                edit.submit(update_department, t("Saved."), department_id=int(dept_id),
                            expected_version=int(row["version"]), name=name, head_id=head_id)
