"""Duplicates: clients and contacts that look like twins, and their merge (heads, director, admin) or a
manager's proposal to merge them."""
import streamlit as st

from queries import duplicates
from ui import duplicates as dup_ui
from ui.data import current_viewer, loader
from ui.forms import show_flash
from ui.lang import nt, t

client_groups = loader(duplicates.client_groups)
contact_groups = loader(duplicates.contact_groups)
pending_proposals = loader(duplicates.pending_proposals)
SHOWN = 20  # groups listed at once: merging them brings up the next

viewer = current_viewer()
may_merge, may_propose = duplicates.may_merge(viewer), duplicates.may_propose(viewer)
st.title(t("Duplicates"))
show_flash()
st.caption(t("Clients linked by the same name (legal form, quotes, case and ё aside), phone, e-mail or a "
             "contact's, or by names alike; contacts of one client by the same name, phone or e-mail.")
           if may_merge else
           t("Twins among your clients. Propose a merge: your head merges them or says why not."))
dup_ui.proposals_block(pending_proposals(), may_merge=may_merge)

tab_clients, tab_contacts = st.tabs([t("Clients"), t("Contacts")])
for tab, entity, groups in ((tab_clients, "client", client_groups(limit=SHOWN)),
                            (tab_contacts, "contact", contact_groups(limit=SHOWN))):
    with tab:
        total = groups.attrs.get("groups", 0)
        if groups.empty:
            st.success(t("No twins found."), icon=":material/done_all:")
            continue
        st.caption(nt("{n} group of probable twins.", "{n} groups of probable twins.", total))
        if total > SHOWN:
            st.caption(t("The first {shown} are listed.", shown=SHOWN))
        for _n, group in groups.groupby("group", sort=True):
            dup_ui.group_block(group.reset_index(drop=True), entity=entity, may_merge=may_merge,
                               may_propose=may_propose)
