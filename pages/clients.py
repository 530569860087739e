"""Clients: find one (search, filters, sorting, pages) and open its card, or add a new one."""
import streamlit as st

from db.models import ClientStatus, SizeSegment
from i18n import N_
from queries import clients, users
from ui import analysis, client_forms, lists
from ui import export
from ui.data import loader
from ui.forms import show_flash
from ui.lang import code, nt, number, t

list_clients = loader(clients.list_clients)
reference_lists = loader(clients.reference_lists)
assignable_owners = loader(users.assignable_owners)

PAGE_SIZE = 50
EXPORT_ROWS = 100_000
SORT_LABELS = {"name": N_("Name"), "last_contact": N_("Last contact"), "open_amount": N_("Open deals amount"),
               "shipped_ytd": N_("Shipped this year"), "overdue": N_("Overdue debt")}

st.title(t("Clients"))
show_flash()
refs = reference_lists()
industries = dict(zip(refs["industries"]["id"], refs["industries"]["name"], strict=True))
territories = dict(zip(refs["territories"]["id"], refs["territories"]["name"], strict=True))
owners = assignable_owners()
owner_names = dict(zip(owners["id"], owners["full_name"], strict=True))

with st.form("client_filters", border=False):
    search = st.text_input(t("Search"), placeholder=t("Name, INN, contact, phone or e-mail"), key="f_search")
    cols = st.columns(6)
    industry_id = cols[0].selectbox(t("Industry"), [None, *industries], placeholder=t("All"),
                                    format_func=lambda i: industries.get(i, t("All")), key="f_industry")
    territory_id = cols[1].selectbox(t("Territory"), [None, *territories], placeholder=t("All"),
                                     format_func=lambda i: territories.get(i, t("All")), key="f_territory")
    owner_id = cols[2].selectbox(t("Manager"), [None, *owner_names], placeholder=t("All"),
                                 format_func=lambda i: owner_names.get(i, t("All")), key="f_owner")
    segment = cols[3].selectbox(t("Size segment"), [None, *(s.value for s in SizeSegment)], placeholder=t("All"),
                                format_func=lambda s: code("size segment", s, t("All")), key="f_segment")
    status = cols[4].selectbox(t("Status"), [ClientStatus.ACTIVE.value, ClientStatus.ARCHIVED.value, None],
                               format_func=lambda s: code("client status", s, t("All")), key="f_status")
    sort = cols[5].selectbox(t("Sort by"), list(SORT_LABELS), format_func=lambda s: t(SORT_LABELS[s]), key="f_sort")
    if st.form_submit_button(t("Find"), icon=":material/search:"):
        st.session_state["clients_page"] = 0

filters = dict(search=search, industry_id=industry_id, territory_id=territory_id, owner_id=owner_id,
               segment=segment, status=status, sort=sort, descending=sort != "name")
page_no = st.session_state.get("clients_page", 0)
result = list_clients(**filters, limit=PAGE_SIZE, offset=page_no * PAGE_SIZE)
st.caption(nt("{n} client found. Click a row to open the card.", "{n} clients found. Click a row to open the card.",
              result.total))

rows = result.rows.assign(abc=result.rows["id"].map(analysis.visible_classes()).fillna("—"))
lists.record_list(
    rows,
    {"name": t("Client"), "abc": t("ABC"), "industry": t("Industry"), "territory": t("Territory"),
     "owner": t("Manager"),
     "last_contact": t("Last contact"), "open_deals": t("Open deals"), "open_amount": t("Open deals amount"),
     "shipped_ytd": t("Shipped this year"), "overdue": t("Overdue debt")},
    money=("open_amount", "shipped_ytd", "overdue"), integer=("open_deals",),
    page="client", key=f"clients_table_{page_no}",
)

pages = max(1, -(-result.total // PAGE_SIZE))
if pages > 1:
    left, mid, right = st.columns([1, 3, 1])
    if left.button(t("Previous"), disabled=page_no == 0, icon=":material/chevron_left:"):
        st.session_state["clients_page"] = page_no - 1
        st.rerun()
    mid.caption(t("Page {page} of {pages}", page=number(page_no + 1), pages=number(pages)))
    if right.button(t("Next"), disabled=page_no + 1 >= pages, icon=":material/chevron_right:"):
        st.session_state["clients_page"] = page_no + 1
        st.rerun()

# The whole filtered list, not this page of it: the same query, run when a button is clicked.
export.buttons(None, {"name": t("Client"), "inn": t("INN"), "industry": t("Industry"), "territory": t("Territory"),
                      "owner": t("Manager"), "last_contact": t("Last contact"), "open_deals": t("Open deals"),
                      "open_amount": t("Open deals amount"), "shipped_ytd": t("Shipped this year"),
                      "overdue": t("Overdue debt")},
               name=t("Clients"), query=clients.list_clients, filters={**filters, "limit": EXPORT_ROWS},
               money=("open_amount", "shipped_ytd", "overdue"))

with st.expander(t("New client"), icon=":material/add_business:"):
    client_forms.new_client(industries, territories, owner_names)
