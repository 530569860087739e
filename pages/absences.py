"""Absences: who stands in for whom, and when (heads, director, admin).

A stand-in sees and works the absent manager's clients on those days; ownership does
not change, and the rights end by themselves after the last day.
"""
import datetime as dt

import streamlit as st

from db import access
from db.actions.stand_ins import cancel_stand_in, create_stand_in
from i18n import N_
from queries import stand_ins
from ui import tables
from ui.data import loader
from ui.forms import FormState, show_flash
from ui.lang import t

list_stand_ins = loader(stand_ins.list_stand_ins)
people_to_cover = loader(stand_ins.people_to_cover)

STATES = {"now": N_("Now"), "planned": N_("Planned"), "over": N_("Over"), "cancelled": N_("Cancelled")}

st.title(t("Absences"))
show_flash()
st.caption(t("A stand-in sees and works the absent colleague's clients on the days given, first and last "
             "included. The clients stay with their owner; the rights end by themselves after the last day."))
people = people_to_cover()
names = dict(zip(people["id"], people["full_name"], strict=True))
show_all = st.toggle(t("Show past and cancelled"), key="absences_all")
rows = list_stand_ins(include_past=show_all)
if rows.empty:
    st.info(t("Nobody is away or planned to be."))
else:
    shown = rows.assign(state=rows["state"].map(lambda s: t(STATES[s])))
    tables.show(shown, {"absent": t("Absent"), "stand_in": t("Stands in"), "starts_on": t("First day"),
                        "ends_on": t("Last day"), "state": t("State"), "note": t("Note"),
                        "created_by": t("Planned by")})

left, right = st.columns(2, gap="large")
with left:
    st.subheader(t("New absence"))
    form = FormState("new_stand_in")
    today = access.today()
    with st.form(form.key):
        form.top()
        keys = [None, *names]
        absent = form.select("absent_user_id", t("Absent"), keys, placeholder="—",
                             format_func=lambda k: names.get(k, "—"))
        cover = form.select("stand_in_user_id", t("Stands in"), keys, placeholder="—",
                            format_func=lambda k: names.get(k, "—"))
        c1, c2 = st.columns(2)
        with c1:
            starts_on = form.date("starts_on", t("First day"), value=today, min_value=today, format="DD.MM.YYYY")
        with c2:
            ends_on = form.date("ends_on", t("Last day"), value=today + dt.timedelta(days=6), min_value=today,
                                format="DD.MM.YYYY")
        note = form.text("note", t("Note"), placeholder=t("Vacation, sick leave, business trip"), max_chars=500)
        if st.form_submit_button(t("Save"), type="primary"):
            form.submit(create_stand_in,
                        t("{stand_in} stands in for {absent}.", stand_in=names.get(cover, ""),
                          absent=names.get(absent, "")),
                        absent_user_id=absent, stand_in_user_id=cover, starts_on=starts_on, ends_on=ends_on, note=note)

with right:
    cancellable = rows[rows["may_cancel"]] if not rows.empty else rows
    if not cancellable.empty:
        st.subheader(t("Cancel a stand-in"))
        labels = {int(r.id): t("{stand_in} for {absent}, {start} – {end}", stand_in=r.stand_in, absent=r.absent,
                               start=r.starts_on, end=r.ends_on) for r in cancellable.itertuples(index=False)}
        form = FormState("cancel_stand_in")
        with st.form(form.key):
            form.top()
            chosen = form.select("stand_in_id", t("Stand-in"), list(labels), format_func=labels.get)
            st.caption(t("The stand-in loses access to the clients at once."))
            if st.form_submit_button(t("Cancel the stand-in")):
                form.submit(cancel_stand_in, t("The stand-in is cancelled."), stand_in_id=chosen)
