"""History of changes: the audit log in people's words, filtered by who, what record and when, with export.

Heads read what their people did and what was done to their department's records; the
director and the admin everything (db/access.py, audit_condition).
"""
import datetime as dt

import streamlit as st

from db import access
from queries import audit
from ui import audit_text, tables
from ui.data import current_viewer, loader
from ui.lang import t

history = loader(audit.history)
people = loader(audit.people)
kinds = loader(audit.kinds)
LIMIT = 1000

st.title(t("History of changes"))
viewer = current_viewer()
st.caption(t("Who changed what and when. Filter, then download the list.") if viewer.sees_everything else
           t("What your people did, and what was done to your department's clients and people."))

names = people()
choices = {int(r.id): r.full_name for r in names.itertuples()}
today = access.today()
with st.form("audit_filters"):
    c1, c2, c3, c4 = st.columns([2, 2, 1, 2])
    who = c1.selectbox(t("Who"), list(choices), index=None, placeholder=t("Everyone"),
                       format_func=lambda i: choices.get(i, "—"), key="audit_who")
    kind = c2.selectbox(t("What"), kinds(), index=None, placeholder=t("Every kind of record"),
                        format_func=audit_text.entity_label, key="audit_kind")
    record = c3.text_input(t("Record number"), max_chars=20, key="audit_record")
    period = c4.date_input(t("When"), value=(today - dt.timedelta(days=30), today), format="DD.MM.YYYY",
                           key="audit_period")
    st.form_submit_button(t("Show"), icon=":material/filter_alt:")

since, until = (period[0], period[-1]) if isinstance(period, tuple | list) and period else (None, None)
rows = history(who=who, entity=kind, record=(record or "").strip() or None, since=since, until=until, limit=LIMIT)
if rows.empty:
    st.info(t("No changes match the filters."))
else:
    st.caption(t("Changes shown: {n}.", n=len(rows)) if len(rows) < LIMIT else
               t("The newest {n} changes are shown: narrow the filters to see older ones.", n=LIMIT))
    tables.show(audit_text.readable(rows), {"at": t("When"), "who": t("Who"), "action": t("Action"),
                                            "record": t("Record"), "changes": t("What changed")},
                export=t("History of changes"))
