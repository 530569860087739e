"""Clients: search the list and add a client."""
import streamlit as st

from db.actions.clients import create_client
from db.models import SizeSegment
from queries import clients, users
from ui import tables
from ui.data import loader
from ui.forms import FormState, show_flash
from ui.lang import number, t

list_clients = loader(clients.list_clients)
reference_lists = loader(clients.reference_lists)
assignable_owners = loader(users.assignable_owners)

PAGE_SIZE = 50
st.title(t("Clients"))
show_flash()

search = st.text_input(t("Search"), placeholder=t("Name, INN, contact, phone or e-mail"), key="clients_search")
page_no = st.session_state.get("clients_page", 0)
result = list_clients(search=search, limit=PAGE_SIZE, offset=page_no * PAGE_SIZE)
st.caption(t("{n} clients found", n=result.total))
tables.show(result.rows, {"name": t("Client"), "inn": t("INN"), "industry": t("Industry"),
                          "territory": t("Territory"), "owner": t("Manager")})
pages = max(1, -(-result.total // PAGE_SIZE))
if pages > 1:
    left, mid, right = st.columns([1, 2, 1])
    if left.button(t("Previous"), disabled=page_no == 0):
        st.session_state["clients_page"] = page_no - 1
        st.rerun()
    mid.caption(t("Page {page} of {pages}", page=number(page_no + 1), pages=number(pages)))
    if right.button(t("Next"), disabled=page_no + 1 >= pages):
        st.session_state["clients_page"] = page_no + 1
        st.rerun()

with st.expander(t("New client"), icon=":material/add_business:"):
    refs = reference_lists()
    industries = dict(zip(refs["industries"]["id"], refs["industries"]["name"], strict=True))
    territories = dict(zip(refs["territories"]["id"], refs["territories"]["name"], strict=True))
    owners = assignable_owners()
    owner_names = dict(zip(owners["id"], owners["full_name"], strict=True))
    segments = [None, *(s.value for s in SizeSegment)]
    form = FormState("new_client")
    with st.form(form.key):
        form.top()
        name = form.text("name", t("Name"))
        legal_name = form.text("legal_name", t("Legal name"))
        c1, c2 = st.columns(2)
        with c1:
            inn = form.text("inn", t("INN"))
            industry_id = form.select("industry_id", t("Industry"), [None, *industries],
                                      format_func=lambda i: industries.get(i, "—"))
            segment = form.select("size_segment", t("Size segment"), segments,
                                  format_func=lambda s: t(s.capitalize()) if s else "—")
        with c2:
            kpp = form.text("kpp", t("KPP"))
            territory_id = form.select("territory_id", t("Territory"), [None, *territories],
                                       format_func=lambda i: territories.get(i, "—"))
            owner_id = form.select("owner_id", t("Manager"), list(owner_names),
                                   format_func=lambda i: owner_names.get(i, "—"))
        phone = form.text("phone", t("Phone"))
        email = form.text("email", t("E-mail"))
        if st.form_submit_button(t("Create"), type="primary"):
            form.submit(create_client, name=name, legal_name=legal_name, inn=inn, kpp=kpp,
                        industry_id=industry_id, territory_id=territory_id, size_segment=segment,
                        owner_id=owner_id, phone=phone, email=email,
                        success=t("Client {name} created.", name=name.strip()))
