"""My day: what to do today — tasks, clients due for a contact or a reorder, birthdays, stalled deals."""
import pandas as pd
import streamlit as st

from db import access
from queries import my_day, notifications
from ui import calendar, lists, tables
from ui.data import current_viewer, loader
from ui.forms import show_flash
from ui.lang import date, number, short_name, t
from ui.my_day import SOURCE_LABELS, close_task_form, reminders_made_today, run_my_reminders

load_tasks = loader(my_day.tasks)
contacts_due = loader(my_day.contacts_due)
reorders_due = loader(my_day.reorders_due)
stalled_deals = loader(my_day.stalled_deals)
birthdays = loader(my_day.birthdays)
team_routine = loader(my_day.team_routine)
standing_in_for = loader(my_day.standing_in_for)
unread_notifications = loader(notifications.unread_count)

LIST_LIMIT = 100  # the longest lists are cut here; the count above them is the whole
TASK_PAGE = 25  # task rows drawn at first, and added by "Show more"
today = access.today()
viewer = current_viewer()
st.title(t("My day"))
st.caption(date(today))
unread = int(unread_notifications())
if unread:  # issue 21: what needs the person, a click away
    st.page_link("pages/notifications.py", label=t("Unread notifications: {n}", n=unread),
                 icon=":material/notifications:")
run_my_reminders()
with st.container():  # always there, so the tabs below keep their place (and the open tab) on reruns
    show_flash()
    made = reminders_made_today()
    if made:
        st.info(t("{n} new reminders from the routine rules are among your tasks.", n=made),
                icon=":material/alarm:")
    for cover in standing_in_for().itertuples(index=False):
        st.info(t("You stand in for {name} until {day}: their tasks, clients and deals are here too, marked "
                  "\u201cfor {short}\u201d, and the new reminders on their clients come to you.",
                  name=cover.full_name, day=date(cover.ends_on), short=short_name(cover.full_name)),
                icon=":material/group:")

tasks = load_tasks()
due, reorders, stalled, people = contacts_due(), reorders_due(), stalled_deals(), birthdays()
cols = st.columns(6)
cols[0].metric(t("Overdue tasks"), number(int((tasks["bucket"] == "overdue").sum())))
cols[1].metric(t("Tasks for today"), number(int((tasks["bucket"] == "today").sum())))
cols[2].metric(t("Due for a contact"), number(len(due)))
cols[3].metric(t("Due to reorder"), number(len(reorders)))
cols[4].metric(t("Birthdays this week"), number(len(people)))
cols[5].metric(t("Stalled deals"), number(len(stalled)))


def team_block(team: pd.DataFrame) -> None:
    st.caption(t("How your people keep up with the routine: overdue tasks, clients waiting for a contact or a "
                 "reorder, deals standing still. The reminders land in each one's own \u201cMy day\u201d."))
    if team.empty:
        st.info(t("No managers yet."))
        return
    tables.show(team,
                {"manager": t("Manager"), "overdue_tasks": t("Overdue tasks"), "today_tasks": t("Tasks for today"),
                 "contacts_due": t("Due for a contact"), "reorders_due": t("Due to reorder"),
                 "stalled_deals": t("Stalled deals"), "last_activity": t("Last activity")},
                integer=("overdue_tasks", "today_tasks", "contacts_due", "reorders_due", "stalled_deals"),
                export=t("Team"))


def for_whom(name) -> str | None:
    """"for Калинина С. В.": marks a row of the colleague the viewer stands in for."""
    return None if name is None or pd.isna(name) else t("for {name}", name=short_name(str(name)))


def theirs(rows: pd.DataFrame, labels: dict) -> tuple[pd.DataFrame, dict]:
    """The rows with a "For" column in front when some are a covered colleague's."""
    if "for_name" not in rows or rows["for_name"].isna().all():
        return rows, labels
    return rows.assign(for_label=rows["for_name"].map(for_whom)), {"for_label": t("Whose"), **labels}


def show_clients(rows: pd.DataFrame, labels: dict, key: str, *, page: str = "client",
                 id_column: str = "client_id", **kw) -> None:
    """The list (cut at LIST_LIMIT); a click on a row opens its client's card (or `page`)."""
    shown = rows.head(LIST_LIMIT)
    if len(rows) > LIST_LIMIT:
        st.caption(t("The {n} most overdue of {total}.", n=LIST_LIMIT, total=len(rows)))
    lists.record_list(shown, labels, page=page, key=key, id_column=id_column, **kw)


names = [t("Tasks"), t("Clients due for a contact"), t("Due to reorder"), t("Birthdays"), t("Stalled deals")]
leader = access.can(viewer, access.Can.FOLLOW_TEAM_ROUTINE)
# Keyed and in the URL: a task closed or done (a rerun) leaves the person on the tab they were on.
tabs = st.tabs([t("My team"), *names] if leader else names, key="my_day_tab", on_change="rerun",
               bind="query-params")
tab_tasks, tab_contacts, tab_reorders, tab_birthdays, tab_deals = tabs[-5:]

if leader:
    with tabs[0]:
        team_block(team_routine())

with tab_tasks:
    if tasks.empty:
        st.success(t("No tasks for today and nothing overdue."), icon=":material/task_alt:")
    else:
        bucket_names = {"overdue": t("Overdue"), "today": t("Today"), "soon": t("This week")}
        # Each task a row with its actions in it: done in one click, or closed with a note (the form below).
        # The TASK_PAGE most overdue, more on request (a row is five widgets: 100 rows were half of the page's
        # run, issue 19); every open task is in the close-a-task box below and in the calendar.
        limit = int(st.session_state.get("my_day_task_limit", TASK_PAGE))
        if len(tasks) > limit:
            st.caption(t("The {n} most overdue of {total}.", n=limit, total=len(tasks)))
        shown = tasks.head(limit)
        lists.task_rows(shown.assign(why=shown["source"].map(lambda s: t(SOURCE_LABELS.get(s, "Set by hand"))),
                                     for_label=shown["for_name"].map(for_whom)),
                        key="my_day_tasks", when=bucket_names, close_key="my_day_close")
        if len(tasks) > limit:
            more = min(TASK_PAGE, len(tasks) - limit)
            st.button(t("Show {n} more", n=more), icon=":material/expand_more:", key="my_day_more_tasks",
                      on_click=st.session_state.__setitem__, args=("my_day_task_limit", limit + more))
        by_id = tasks.set_index("id", drop=False)
        # Each option's text made once (not three frame lookups a task on every run: 390 tasks, issue 19).
        task_names = {task.id: " · ".join(filter(None, [date(task.due_on), str(task.title),
                                                       None if pd.isna(task.client) else str(task.client)]))
                      for task in tasks[["id", "due_on", "title", "client"]].itertuples(index=False)}
        chosen = st.selectbox(t("Close a task"), list(task_names), index=None, placeholder=t("Choose a task"),
                              format_func=task_names.get, key="my_day_close")
        if chosen is not None:
            close_task_form(by_id.loc[chosen])
    calendar.ics_button()  # all one's open tasks, also those further ahead than this list (issue 21)

with tab_contacts:
    st.caption(t("Clients of yours not contacted for longer than their class allows (contact regulations). "
                 "Click a row to open the card."))
    if due.empty:
        st.success(t("Every client of yours has been contacted in time."), icon=":material/task_alt:")
    else:
        show_clients(*theirs(due.assign(last_contact=tables.days(due["last_contact"]),
                                        due_on=tables.days(due["due_on"])),
                             {"client": t("Client"), "abc": t("Class"), "interval_days": t("Every, days"),
                              "last_contact": t("Last contact"), "due_on": t("Due since"),
                              "days_over": t("Days overdue")}),
                     "my_day_contacts", integer=("interval_days", "days_over"))

with tab_reorders:
    st.caption(t("Regular buyers of a product group whose usual interval between orders has passed."))
    if reorders.empty:
        st.success(t("No regular client is late with a reorder."), icon=":material/task_alt:")
    else:
        show_clients(*theirs(reorders.assign(last_on=tables.days(reorders["last_on"]),
                                             due_on=tables.days(reorders["due_on"])),
                             {"client": t("Client"), "group": t("Product group"),
                              "interval_days": t("Usually every, days"), "orders": t("Orders placed"),
                              "last_on": t("Last order"), "due_on": t("Due since"),
                              "days_over": t("Days overdue")}),
                     "my_day_reorders", integer=("interval_days", "orders", "days_over"))

with tab_birthdays:
    st.caption(t("Birthdays of decision makers and influential contacts in the next 7 days."))
    if people.empty:
        st.info(t("No birthdays of key contacts this week."))
    else:
        people, contact_links = lists.contact_links(people)  # tel: and mailto: links
        show_clients(*theirs(people.assign(day=tables.days(people["day"])),
                             {"day": t("Birthday"), "full_name": t("Full name"), "position": t("Position"),
                              "client": t("Client"), "age": t("Turns"), "phone": t("Phone"),
                              "email": t("E-mail")}),
                     "my_day_birthdays", integer=("age",), links=contact_links)

with tab_deals:
    st.caption(t("Your open deals without a stage move or an activity for a long time. "
                 "Click a row to open the deal."))
    if stalled.empty:
        st.success(t("No stalled deals."), icon=":material/task_alt:")
    else:
        show_clients(*theirs(stalled.assign(last_move=tables.days(stalled["last_move"])),
                             {"title": t("Deal"), "client": t("Client"), "stage": t("Stage"), "amount": t("Amount"),
                              "last_move": t("Last movement"), "days_still": t("Days without movement")}),
                     "my_day_deals", page="deal", id_column="deal_id", money=("amount",),
                     integer=("days_still",))
