"""Duplicates: clients and contacts that look like twins, and their merge (heads, director, admin) or a
manager's proposal to merge them."""
import streamlit as st

from queries import duplicates
from ui import duplicates as dup_ui
from ui.data import current_viewer, loader
from ui.forms import show_flash
from ui.lang import nt, t
from ui.pager import Pager

# The groups are found from clients and contacts alone (cached while deals, shipments and calls are written);
# only the shown page's rows read their figures (issue 19).
client_twins = loader(duplicates.client_twins)
contact_twins = loader(duplicates.contact_twins)
client_rows = loader(duplicates.client_rows)
contact_rows = loader(duplicates.contact_rows)
pending_proposals = loader(duplicates.pending_proposals)
SHOWN = 20  # groups listed at once (issue 19): the pager reaches the others, one group's detail is shown

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
for tab, entity, twins, rows in ((tab_clients, "client", client_twins, client_rows),
                                 (tab_contacts, "contact", contact_twins, contact_rows)):
    with tab:
        found = twins()
        total = len(found)
        pager = Pager(f"dup_{entity}_page", size=SHOWN)
        shown = pager.slice(total)  # within the list's pages, however much shorter it got
        groups = rows(listed=found[shown], first=shown.start + 1, total=total)
        if groups.empty:
            st.success(t("No twins found."), icon=":material/done_all:")
            continue
        st.caption(nt("{n} group of probable twins.", "{n} groups of probable twins.", total) + " "
                   + t("Click a group to see its records and merge them."))
        group = dup_ui.group_list(groups, entity=entity, key=f"dup_{entity}_list_{pager.page(total)}")
        pager.controls(total)
        dup_ui.group_block(group, entity=entity, may_merge=may_merge, may_propose=may_propose)
