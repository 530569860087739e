"""The product knowledge base: find a product by anything said about it, and open it."""
import streamlit as st

from queries import products
from ui import lists
from ui.data import loader
from ui.lang import nt, t

list_products = loader(products.list_products)
product_groups = loader(products.product_groups)

st.title(t("Product knowledge base"))
st.caption(t("Description, advantages and the comparison with competitors of every product, with its documents."))
groups = product_groups()
group_names = dict(zip(groups["id"], groups["name"], strict=True))

with st.form("product_filters", border=False):
    search = st.text_input(t("Search"), placeholder=t("Name, SKU, or a word from the description"), key="kb_search")
    c1, c2 = st.columns([2, 1])
    group_id = c1.selectbox(t("Product group"), [None, *group_names], placeholder=t("All"),
                            format_func=lambda i: group_names.get(i, t("All")), key="kb_group")
    new_only = c2.checkbox(t("New products only"), key="kb_new")
    st.form_submit_button(t("Find"), icon=":material/search:")

rows = list_products(search=search, group_id=group_id, new_only=new_only)
st.caption(nt("{n} product found. Click a row to open the product.",
              "{n} products found. Click a row to open the product.", len(rows)))
shown = rows.assign(new=rows["is_new"].map(lambda new: "★ " + t("New product") if new else ""))
lists.record_list(shown, {"new": "", "name": t("Product"), "sku": t("SKU"), "group": t("Product group"),
                          "unit": t("Unit"), "price": t("Price"), "documents": t("Documents"),
                          "description": t("Description")},
                  page="product", key="kb_table", money=("price",), integer=("documents",), kopecks=True,
                  export=t("Products"))
