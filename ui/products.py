"""The knowledge base as seen from elsewhere: a client's products on its card, and document downloads."""
from __future__ import annotations

import streamlit as st

from queries import products as q

from . import lists
from .boot import engine
from .data import current_viewer, loader
from .lang import t

client_products = loader(q.client_products)


def document(document_id: int) -> q.Document:
    """A document's content, read when asked for and not cached (files may be large)."""
    from db.session import read_session

    with read_session(engine()) as session:
        return q.document_content(session, current_viewer(), document_id=document_id)


def client_products_block(client_id: int) -> None:
    """What the client bought in the last 12 months, each product a click away from its knowledge."""
    st.subheader(t("Products the client buys"))
    rows = client_products(client_id=client_id)
    if rows.empty:
        st.caption(t("Nothing shipped in the last 12 months."))
    else:
        shown = rows.assign(new=rows["is_new"].map(lambda new: "★ " + t("New product") if new else ""))
        lists.record_list(shown, {"name": t("Product"), "group": t("Product group"), "new": "",
                                  "amount": t("Shipped in 12 months")},
                          page="product", id_column="product_id", key=f"client_products_{client_id}",
                          money=("amount",))
        st.caption(t("Click a product to read its description, advantages and documents."))
    st.page_link("pages/products.py", label=t("Product knowledge base"), icon=":material/menu_book:")
