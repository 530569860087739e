"""Calendar: a week of one's tasks, day by day with their times; a head picks one of their people."""
import datetime as dt

import streamlit as st

from db import access
from queries import calendar as q
from ui import calendar
from ui.data import current_viewer, loader
from ui.forms import show_flash
from ui.lang import date, t

load_people = loader(q.people)
load_week = loader(q.week)

today = access.today()
viewer = current_viewer()
st.title(t("Calendar"))
show_flash()

people = load_people()
names = dict(zip(people["id"], people["full_name"], strict=True))


def shift_week(days: int) -> None:
    """The previous or next week: moves the week's date (a callback, before the date input is drawn)."""
    shown = st.session_state.get("calendar_week")
    st.session_state["calendar_week"] = (shown if isinstance(shown, dt.date) else today) + dt.timedelta(days=days)


c1, c2, c3 = st.columns([2, 2, 3], vertical_alignment="bottom")
with c1:
    if len(names) > 1:  # a head: themselves first, then their people (db/access.may_see_tasks_of)
        whose = st.selectbox(t("Whose calendar"), list(names), format_func=lambda i: names.get(i, "—"),
                             key="calendar_whose")
    else:
        whose = viewer.user_id
with c2:
    picked = st.date_input(t("Week of"), value=today, format="DD.MM.YYYY", key="calendar_week")
with c3, st.container(horizontal=True):
    st.button(t("Previous week"), icon=":material/chevron_left:", key="calendar_prev", on_click=shift_week,
              args=(-7,))
    st.button(t("Next week"), icon=":material/chevron_right:", key="calendar_next", on_click=shift_week,
              args=(7,))
start = calendar.week_start(picked if isinstance(picked, dt.date) else today)
st.caption(t("{first} – {last}. Tasks without a time are for the whole day; the times are the company's "
             "time zone.", first=date(start), last=date(start + dt.timedelta(days=6))))

tasks = load_week(user_id=int(whose), start=start)
calendar.week_grid(tasks, start, today=today)
calendar.move_task_form(tasks)
if whose == viewer.user_id:
    calendar.ics_button(key="calendar_page_ics")
