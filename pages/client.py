"""A client's card: everything known about the client, and the quick forms to add to it."""
import streamlit as st

from db import access
from db.access import Can
from db.actions.clients import archive_client, restore_client
from db.actions.contacts import archive_contact
from db.errors import NotFound
from queries import clients, users
from ui import client_card as card_ui
from ui import analysis, client_forms, deal_forms, lists
from ui import documents as documents_ui
from ui.data import current_viewer, loader
from ui.forms import FormState, show_flash
from ui.lang import t
from ui.params import record_id
from ui.prices import client_prices_block, price_type_choices
from ui.products import client_products_block
from ui.text import md_escape

reference_lists = loader(clients.reference_lists)
list_clients = loader(clients.list_clients)
assignable_owners = loader(users.assignable_owners)

viewer = current_viewer()
st.page_link("pages/clients.py", label=t("All clients"), icon=":material/arrow_back:")
client_id = record_id()
try:
    if client_id is None:
        raise NotFound("Client not found, or it is not among your clients.")
    card = card_ui.get_client_card(client_id=client_id)
except NotFound as exc:
    st.title(t("Client card"))
    st.warning(t(exc.message), icon=":material/search_off:")
    st.stop()

st.title(md_escape(card.name) + (f" · {t('Archived')}" if card.status == "archived" else ""))
analysis.class_badge(analysis.visible_classes().get(client_id))
if card.merged:  # a twin archived by a merge: its work lives on the survivor's card
    if card.merged_into_id is not None:
        st.info(t("Merged into {name}: its deals, shipments, contacts and history are there now.",
                  name=md_escape(card.merged_into)), icon=":material/join_inner:")
        st.page_link("pages/client.py", label=t("Open {name}", name=card.merged_into),
                     query_params={"id": card.merged_into_id}, icon=":material/arrow_forward:")
    else:
        st.info(t("Merged into another client, not among yours."), icon=":material/join_inner:")
st.caption(" · ".join(filter(None, [
    md_escape(card.legal_name), f"{t('INN')} {md_escape(card.inn)}" if card.inn else None,
    f"{t('Manager')}: {md_escape(card.owner) if card.owner else t('not assigned')}",
    f"{t('Parent company')}: {md_escape(card.parent)}" if card.parent else None,
])))

refs = reference_lists()
industries = dict(zip(refs["industries"]["id"], refs["industries"]["name"], strict=True))
territories = dict(zip(refs["territories"]["id"], refs["territories"]["name"], strict=True))
people = card_ui.contacts(client_id=client_id)
deal_rows = card_ui.deals(client_id=client_id)

tab_names = [t("Overview"), t("Contacts"), t("Timeline"), t("Tasks and deals"), t("Shipments"), t("Holding"),
             t("Documents")]
if access.can(viewer, Can.VIEW_AUDIT):
    tab_names.append(t("History of changes"))
# Keyed, tracked and in the URL (?card_tab=...): a form's save, which reruns the page, leaves the
# person on the tab they were on, and the message of what was saved shows at its top (issue 18, item 4).
# The key is the page's own: session state is shared by the pages of a session.
if st.session_state.get("crm_card_tab_of") != client_id:  # another client's card opens on its first tab
    st.session_state.pop("card_tab", None)  # (a link with ?card_tab=... still opens that tab)
    st.session_state["crm_card_tab_of"] = client_id
tabs = st.tabs(tab_names, key="card_tab", on_change="rerun", bind="query-params")
for tab in tabs:
    # A fixed slot in every tab, open or not: a message does not shift the tab's open expanders, and the
    # tab a person clicks has the same elements before and after its rerun (a slot added only to the open
    # tab moved its form one place down, and the browser drew it anew, emptying what was being typed).
    with tab:
        slot = st.container()
    if tab.open:
        with slot:
            show_flash(toast=True)  # the toast: seen from a form further down the tab

with tabs[0]:
    card_ui.requisites(card)
    card_ui.credit_block(client_id)
    card_ui.completeness_block(client_id)
    with st.expander(t("Edit the client"), icon=":material/edit:"):
        parents = list_clients(limit=500, sort="name").rows
        parent_names = {int(i): n for i, n in zip(parents["id"], parents["name"], strict=True) if int(i) != client_id}
        client_forms.edit_client(card, industries, territories, parent_names,
                                 price_type_choices() if access.can(viewer, Can.MANAGE_PRICES) else None)
    if access.can(viewer, Can.ARCHIVE_CLIENT):
        state = FormState(f"archive_{client_id}_{card.version}")
        state.top()
        if card.status == "active":
            if st.button(t("Archive the client"), icon=":material/archive:",
                         help=t("The client leaves the active lists; everything about it is kept.")):
                state.submit(archive_client, t("The client is archived."), client_id=client_id,
                             expected_version=card.version)
        elif st.button(t("Restore the client"), icon=":material/unarchive:"):
            state.submit(restore_client, t("The client is active again."), client_id=client_id,
                         expected_version=card.version)

with tabs[1]:
    card_ui.decision_map(people)
    if not people.empty:
        card_ui.contacts_table(people, edit_key=f"edit_contact_{client_id}")  # a click on a row: edit it
    with st.expander(t("Add a contact"), icon=":material/person_add:"):
        client_forms.contact_form(client_id, people)
    if not people.empty:
        by_id = people.set_index("id", drop=False)
        chosen = st.selectbox(t("Edit a contact"), list(by_id.index), index=None, placeholder=t("Choose a contact"),
                              format_func=lambda i: by_id.loc[i, "full_name"], key=f"edit_contact_{client_id}")
        if chosen is not None:
            row = by_id.loc[chosen]
            client_forms.contact_form(client_id, people, row)
            gone = FormState(f"archive_contact_{chosen}_{row['version']}")
            gone.top()
            if st.button(t("The person no longer works there"), icon=":material/person_remove:"):
                gone.submit(archive_contact, t("Contact moved to the archive."), contact_id=int(chosen),
                            expected_version=int(row["version"]))

with tabs[2]:
    # Folded right after a save: the message, then the new entry on top of the feed (issue 18, item 4).
    with st.expander(t("Log a call, letter or meeting"), icon=":material/add_call:",
                     expanded=not st.session_state.pop(client_forms.LOG_SAVED, False)):
        client_forms.log_activity_form(client_id, people, deal_rows)
    f1, f2 = st.columns(2)
    kinds = f1.multiselect(t("Types"), list(client_forms.KIND_LABELS),
                           format_func=lambda k: t(client_forms.KIND_LABELS[k]), key=f"tl_kinds_{client_id}",
                           placeholder=t("All types"))
    names = {int(i): n for i, n in zip(people["id"], people["full_name"], strict=True)}
    contact_filter = f2.selectbox(t("Contact"), [None, *names], placeholder=t("All"),
                                  format_func=lambda i: names.get(i, t("All")), key=f"tl_contact_{client_id}")
    card_ui.timeline_feed(card_ui.timeline(client_id=client_id, kinds=tuple(kinds), contact_id=contact_filter,
                                           limit=100), just_logged=st.session_state.get(client_forms.JUST_LOGGED))

with tabs[3]:
    st.subheader(t("Open tasks"))
    tasks = card_ui.open_tasks(client_id=client_id)
    if tasks.empty:
        st.info(t("No open tasks."))
    else:
        # Each task a row with "Done" in it: one click (issue 18, item 3).
        lists.task_rows(tasks.assign(why=tasks["assignee"]), key=f"card_tasks_{client_id}")
    with st.expander(t("Schedule a task"), icon=":material/add_task:"):
        owners = assignable_owners()
        client_forms.schedule_task_form(client_id, dict(zip(owners["id"], owners["full_name"], strict=True)))
    st.subheader(t("Deals"))
    deal_forms.client_deals(client_id, deal_rows)  # click a row: the deal's page; a new deal below

with tabs[4]:
    card_ui.shipments_chart(client_id)
    client_products_block(client_id)
    client_prices_block(client_id, card.name)

with tabs[5]:
    card_ui.holding_block(client_id)

with tabs[6]:
    documents_ui.client_documents(client_id, people)

if len(tabs) > 7:
    with tabs[7]:
        card_ui.history_table(client_id)

