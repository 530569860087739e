"""Home: each role lands on its own figures — mine, my team's, the company's, the system's."""
import streamlit as st

from queries import home, plans, users
from ui import charts, tables
from ui import plans as plan_ui
from ui import audit_text, export
from ui.data import current_viewer, loader
from ui.export_alerts import alerts_block
from ui.forms import show_flash
from ui.lang import code, greeting_name, money, number, percent, short_name, t
from ui.navigation import home_view
from ui.text import md_escape

personal_summary = loader(home.personal_summary)
my_open_tasks = loader(home.my_open_tasks)
recent_activities = loader(home.recent_activities)
team_summary = loader(home.team_summary)
plan_basis = loader(plans.current_basis)
user_counts = loader(users.user_counts)
recent_audit = loader(users.recent_audit)
database_status = loader(users.database_status)

MONEY = ("open_amount", "actual", "plan")
viewer = current_viewer()
show_flash()
st.title(t("Hello, {name}", name=md_escape(greeting_name(viewer.full_name))))
alerts_block()  # unusually large exports, for heads, the director and the admin


def personal_block() -> None:
    plan_ui.plan_block()
    s = personal_summary()
    st.subheader(t("My work"))
    cols = st.columns([1, 1.6, 1, 1, 1])
    cols[0].metric(t("Open deals"), number(s.open_deals), help=t("Weighted: {amount}", amount=money(s.weighted_amount)))
    cols[1].metric(t("Open deals amount"), money(s.open_amount))
    cols[2].metric(t("My clients"), number(s.clients))
    cols[3].metric(t("Overdue tasks"), number(s.tasks_overdue))
    cols[4].metric(t("Tasks for today"), number(s.tasks_today))

    left, right = st.columns(2)
    with left:
        st.subheader(t("My tasks"))
        tasks = my_open_tasks()
        if tasks.empty:
            st.info(t("No open tasks."))
        else:
            tables.dataframe(
                tasks, column_order=["due_on", "title", "client"], width="stretch",
                column_config={"due_on": t("Due"), "title": t("Task"), "client": t("Client")},
            )
    with right:
        recent_block()


def recent_block() -> None:
    st.subheader(t("Recent activities"))
    acts = recent_activities()
    if acts.empty:
        st.info(t("No activities yet."))
        return
    tables.dataframe(
        acts.assign(kind=acts["kind"].map(lambda k: code("activity", k))),
        column_order=["occurred_at", "kind", "client", "subject", "who"], width="stretch",
        column_config={"occurred_at": t("When"), "kind": t("Type"), "client": t("Client"),
                       "subject": t("Subject"), "who": t("Who")},
    )


def team_block(by_department: bool) -> None:
    team = team_summary()
    if team.empty:
        st.info(t("No managers yet."))
        return
    basis = plan_basis()
    actual_label = plan_ui.actual_label(basis)
    actual, plan = team["actual"].sum(), team["plan"].dropna().sum()
    cols = st.columns(4)
    cols[0].metric(actual_label, money(actual), help=t(plan_ui.BASIS_NAMES[basis]))
    cols[1].metric(t("Plan done"), percent(actual / plan * 100) if plan else t("no plan set"))
    cols[2].metric(t("Open deals amount"), money(team["open_amount"].sum()))
    cols[3].metric(t("Active clients"), number(int(team["clients"].sum())))
    if by_department:
        st.subheader(t("Departments"))
        dept = (team.groupby("department", dropna=False, as_index=False)[["clients", "open_amount", "actual", "plan"]]
                .sum(min_count=1))
        dept["plan_pct"] = [float(a / p * 100) if p else None
                            for a, p in zip(dept["actual"], dept["plan"], strict=True)]
        dept["department"] = dept["department"].fillna(t("No department"))
        tables.show(dept, {"department": t("Department"), "clients": t("Clients"),
                           "open_amount": t("Open deals amount"),
             "actual": actual_label, "plan": t("Plan"), "plan_pct": t("% of plan")},
            money=MONEY, percent=("plan_pct",), integer=("clients",))
    st.subheader(t("Managers"))
    team_labels = {"manager": t("Manager"), "department": t("Department"), "clients": t("Clients"),
                   "open_deals": t("Open deals"), "open_amount": t("Open deals amount"),
                   "actual": actual_label, "plan": t("Plan"), "plan_pct": t("% of plan")}
    # Every column in view at 1440 px: "Калинина С. В.", and the department only when there are several.
    shown_labels = {k: v for k, v in team_labels.items()
                    if k != "department" or team["department"].nunique(dropna=False) > 1}
    tables.show(team.assign(manager=team["manager"].map(short_name)), shown_labels, money=MONEY,
                percent=("plan_pct",), integer=("clients", "open_deals"))
    export.buttons(team, team_labels, name=t("Managers"), money=MONEY, percent=("plan_pct",))
    charts.show(charts.plan_bars(team, label=t("% of plan"), name=t("Manager")))


def admin_block() -> None:
    status = database_status()
    cols = st.columns(3)
    counts = user_counts()
    cols[0].metric(t("Active users"), number(int(counts.loc[counts["active"], "users"].sum())))
    cols[1].metric(t("Database"), status["dialect"])
    cols[2].metric(t("Schema version"), status["revision"] or "—")
    st.subheader(t("Users by role"))
    tables.dataframe(counts.assign(role=counts["role"].map(lambda r: code("role", r))),
                     column_config={"role": t("Role"), "active": t("Active"), "users": t("Users")})
    st.subheader(t("Latest changes"))
    audit_text.show(recent_audit())
    st.page_link("pages/audit.py", label=t("The whole history of changes"), icon=":material/history:")


view = home_view(viewer.role)
if view == "personal":
    personal_block()
elif view == "department":
    st.caption(t("Your department this month"))
    team_block(by_department=False)
    recent_block()
elif view == "company":
    st.caption(t("The company this month"))
    team_block(by_department=True)
else:
    admin_block()
