"""Calendar: one's tasks by week or by day at their times; drag a task to another day or time (or
move it with the form); a head picks one of their people, a stand-in the absent colleague."""
import datetime as dt

import streamlit as st

from db import access
from queries import calendar as q
from ui import calendar, calendar_grid
from ui.data import current_viewer, loader
from ui.forms import flash, show_flash
from ui.lang import date, refusal_text, t

load_people = loader(q.people)
load_days = loader(q.days)
VIEWS = {"week": t("Week"), "day": t("Day")}

today = access.today()
viewer = current_viewer()
st.title(t("Calendar"))

drop = calendar_grid.take_drop()
if drop:
    result = calendar_grid.apply_drop(drop)
    calendar_grid.next_round()
    if result.refusal is not None:
        st.error(refusal_text(result.refusal), icon=":material/block:")
    elif result.move is not None:
        flash(calendar.moved_text(result.move.due_on, result.move.due_time))
show_flash()

people = load_people()
names = dict(zip(people["id"], people["full_name"], strict=True))


def shift(sign: int) -> None:
    """The previous or next week (or day): moves the shown date (a callback, before the date input is drawn)."""
    shown = st.session_state.get("calendar_week")
    step = 1 if st.session_state.get("calendar_view") == "day" else 7
    st.session_state["calendar_week"] = (shown if isinstance(shown, dt.date) else today) + dt.timedelta(
        days=sign * step)


def to_today() -> None:
    st.session_state["calendar_week"] = today


many = len(names) > 1  # a head: themselves first, then their people; a stand-in: the absent colleague
columns = st.columns([3, 2, 2] if many else [2, 3, 2], vertical_alignment="bottom")
if many:
    with columns[0]:
        whose = st.selectbox(t("Whose calendar"), list(names), format_func=lambda i: names.get(i, "—"),
                             key="calendar_whose")
else:
    whose = viewer.user_id
with columns[1 if many else 0]:
    view = st.segmented_control(t("View"), list(VIEWS), format_func=VIEWS.get, default="week",
                                key="calendar_view", required=True) or "week"
with columns[2 if many else 1]:
    picked = st.date_input(t("Date") if view == "day" else t("Week of"), value=today, format="DD.MM.YYYY",
                           key="calendar_week")
day_view = view == "day"
with st.container(horizontal=True):
    st.button(t("Previous day") if day_view else t("Previous week"), icon=":material/chevron_left:",
              key="calendar_prev", on_click=shift, args=(-1,))
    st.button(t("Today"), key="calendar_today", on_click=to_today)
    st.button(t("Next day") if day_view else t("Next week"), icon=":material/chevron_right:",
              key="calendar_next", on_click=shift, args=(1,))
shown_day = picked if isinstance(picked, dt.date) else today
start = shown_day if day_view else calendar.week_start(shown_day)
days = [start + dt.timedelta(days=i) for i in range(1 if day_view else 7)]
if day_view:
    st.caption(t("{day}. Tasks without a time are for the whole day; the times are the company's time zone.",
                 day=calendar.long_day(start)))
else:
    st.caption(t("{first} – {last}. Tasks without a time are for the whole day; the times are the company's "
                 "time zone.", first=date(start), last=date(days[-1])))

tasks = load_days(user_id=int(whose), start=start, count=len(days))
st.caption(t("Drag a task to another day or time; a click opens it below. Without a mouse: choose it in "
             "“Task” below."))
shown = calendar_grid.draw(calendar_grid.grid_data(tasks, days, today=today, movable=True,
                                                   day_label=calendar.day_head, time_label=calendar.time_text))
if shown.move:
    st.session_state[calendar_grid.DROP_KEY] = shown.move
    st.rerun()
if shown.open:
    calendar.open_task(tasks, int(shown.open))

calendar.task_panel(tasks)
if whose == viewer.user_id:
    calendar.ics_button(key="calendar_page_ics")
