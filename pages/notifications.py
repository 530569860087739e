"""Notifications: what needs the signed-in person, newest first, in their language (issue 21).

Approvals to decide, their requests decided, tasks due and overdue, clients handed to them, a
stand-in starting, A-clients slipping (for a head). Each is marked read on its own or all at once;
they are kept 90 days. The menu shows how many are unread.
"""
import streamlit as st

from db.actions.notifications import mark_all_read, mark_read
from i18n import N_
from queries import notifications
from ui import navigation
from ui import notifications as notices
from ui.data import current_viewer, loader
from ui.forms import FormState, show_flash
from ui.lang import datetime, t

list_notifications = loader(notifications.list_notifications)
unread_count = loader(notifications.unread_count)

LIMIT = 200
SHOW = {"unread": N_("Unread"), "all": N_("All")}

viewer = current_viewer()
allowed = {spec.path for spec in navigation.pages_for(viewer.role)}
st.title(t("Notifications"))
show_flash()
unread = int(unread_count())
with st.container(horizontal=True, vertical_alignment="bottom"):
    show = st.segmented_control(t("Show"), list(SHOW), format_func=lambda k: t(SHOW[k]), default="unread",
                                key="notifications_show") or "unread"
    everything = FormState("notifications_all")
    everything.top()
    if st.button(t("Mark all read"), icon=":material/done_all:", disabled=unread == 0, key="notifications_all_btn"):
        everything.submit(mark_all_read, t("All notifications are marked read."))
st.caption(t("Unread: {n}. Notifications are kept 90 days.", n=unread))

rows = list_notifications(unread_only=show == "unread", limit=LIMIT)
if rows.empty:
    st.info(t("No unread notifications.") if show == "unread" else t("No notifications in the last 90 days."),
            icon=":material/notifications_off:")
else:
    total = rows.attrs.get("total", len(rows))
    if total > len(rows):
        st.caption(t("The newest {n} of {total} are shown.", n=len(rows), total=total))
    for row in rows.itertuples(index=False):
        nid = int(row.id)
        is_new = row.read_at is None or row.read_at != row.read_at
        with st.container(border=True, key=f"notice_{nid}"):
            message = notices.text(row.kind, row.params)
            st.markdown(f"{notices.ICONS.get(row.kind, ':material/notifications:')} "
                        + (f"**{message}**" if is_new else message))
            with st.container(horizontal=True, vertical_alignment="center", gap="small"):
                st.caption(datetime(row.created_at))
                for path, label, icon, params in notices.links(row, allowed):
                    st.page_link(path, label=label, icon=icon, query_params=params or None)
                if is_new:
                    one = FormState(f"notice_read_{nid}")
                    one.top()
                    if st.button(t("Mark read"), icon=":material/check:", key=f"notice_read_btn_{nid}",
                                 type="tertiary"):
                        one.submit(mark_read, None, notification_id=nid)
