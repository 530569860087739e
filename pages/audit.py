"""History of changes: the audit log in people's words, filtered by who, what record and when, with export.

Heads read what their people did and what was done to their department's records; the
director and the admin everything (db/access.py, audit_condition).
"""
import datetime as dt

import streamlit as st

from db import access
from queries import audit
from ui import audit_text, export, tables
from ui.data import current_viewer, loader
from ui.lang import language, t
from ui.pager import Pager

history = loader(audit.history)
history_count = loader(audit.history_count)
choices = loader(audit.choices)
PAGE = 200  # changes shown at once, the newest first (issue 19): the pager reaches older ones
REACH = 10_000  # the pager's reach: older changes than the newest 10,000 want narrower filters
EXPORT_ROWS = 100_000  # the file: every change the filters match (made on the click)

st.title(t("History of changes"))
viewer = current_viewer()
st.caption(t("Who changed what and when. Filter, then download the list.") if viewer.sees_everything else
           t("What your people did, and what was done to your department's clients and people."))

pairs = choices()
names = {int(r.id): r.full_name for r in audit.people_of(pairs).itertuples()}
today = access.today()
with st.form("audit_filters"):
    c1, c2, c3, c4 = st.columns([2, 2, 1, 2])
    who = c1.selectbox(t("Who"), list(names), index=None, placeholder=t("Everyone"),
                       format_func=lambda i: names.get(i, "—"), key="audit_who")
    kind = c2.selectbox(t("What"), audit.kinds_of(pairs), index=None, placeholder=t("Every kind of record"),
                        format_func=audit_text.entity_label, key="audit_kind")
    record = c3.text_input(t("Record number"), max_chars=20, key="audit_record")
    period = c4.date_input(t("When"), value=(today - dt.timedelta(days=30), today), format="DD.MM.YYYY",
                           key="audit_period")
    st.form_submit_button(t("Show"), icon=":material/filter_alt:")

since, until = (period[0], period[-1]) if isinstance(period, tuple | list) and period else (None, None)
filters = dict(who=who, entity=kind, record=(record or "").strip() or None, since=since, until=until)
total = history_count(**filters)
pager = Pager("audit_page", size=PAGE, scope=filters)  # other filters: back to the newest
reach = min(total, REACH)
rows = history(**filters, limit=PAGE, offset=pager.offset(reach))
labels = {"at": t("When"), "who": t("Who"), "action": t("Action"), "record": t("Record"), "changes": t("What changed")}
if rows.empty:
    st.info(t("No changes match the filters."))
else:
    if total <= PAGE:
        st.caption(t("Changes shown: {n}.", n=total))
    else:
        st.caption(t("Changes matching the filters: {n}, the newest first.", n=total) + " " + (
            t("The newest {n} changes are shown: narrow the filters to see older ones.", n=REACH) if total > REACH
            else t("Narrow the filters or page through them.")))
    tables.show(audit_text.readable(rows), labels)
    pager.controls(reach)
    # The file holds every change the filters match, not this page: made when a button is clicked.
    export.buttons(None, labels, name=t("History of changes"), query=audit_text.export_rows,
                   filters={**filters, "limit": EXPORT_ROWS, "lang": language()})
