"""The heads' warning about unusually large exports (queries/export_alerts.py says what is "large").

Read fresh on every run, not through the generation-keyed cache: recording an
export does not bump the generation (it changes no business data).
"""
from __future__ import annotations

import streamlit as st

from db import access
from db.access import Can
from db.session import read_session
from queries.export_alerts import alert_rule, large_exports

from .boot import engine
from .data import current_viewer
from .lang import datetime, number, t
from .text import md_escape


def alerts_block() -> None:
    viewer = current_viewer()
    if not access.can(viewer, Can.VIEW_AUDIT):
        return
    with read_session(engine()) as session:
        found = large_exports(session, viewer)
        rule = alert_rule(session) if not found.empty else None
    for row in found.itertuples(index=False):
        who = row.person if isinstance(row.person, str) else t("The command line (no login)")
        st.warning(t("Unusually large exports: {who} took {rows} rows in {n} files in the last 24 hours "
                     "(the largest: «{what}», {largest} rows; last at {at}). The alert starts at {threshold} rows "
                     "a day.", who=md_escape(who), rows=number(row.rows), n=number(row.exports),
                     what=md_escape(row.what), largest=number(row.largest), at=datetime(row.last_at),
                     threshold=number(rule.threshold)),
                   icon=":material/policy:")
