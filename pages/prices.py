"""Price lists (issue 20): the lists, the prices of one valid on a date, and the forms that change them."""
import streamlit as st

from db import access
from queries.exports import export_frame
from ui import export, prices
from ui.forms import show_flash
from ui.lang import date, t

st.title(t("Price lists"))
show_flash()
st.caption(t("A client buys at its contract prices, else at its price type, else at the base list, else at the "
             "catalogue price — each valid on the deal's date."))

types = prices.list_price_types()
if types.empty:
    st.info(t("No price lists yet: every client buys at the catalogue price."))
else:
    prices.types_table(types)
    st.caption(t("Every price of every list, each period a row (the import's columns):"))
    export.buttons(None, {"price_type": t("Price list"), "sku": t("SKU"), "product": t("Product"),
                          "price": t("Price"), "valid_from": t("Valid from"), "valid_to": t("Valid to")},
                   name=t("Price lists"), query=export_frame, filters={"kind": "prices"}, key="export_prices")
    names = {int(r.id): r.name for r in types.itertuples()}
    c1, c2 = st.columns([2, 1])
    chosen = c1.selectbox(t("Price list"), list(names), format_func=lambda i: names.get(i, "—"), key="pl_type")
    on = c2.date_input(t("Prices on"), value=access.today(), format="DD.MM.YYYY", key="pl_on")
    if chosen is not None and on is not None:
        info = prices.get_price_type(price_type_id=chosen)
        st.subheader(t("{name} on {date}", name=info.name, date=date(on)))
        prices.prices_table(info.id, on, info.name)
        if prices.may_manage():
            with st.expander(t("Set a price"), icon=":material/sell:"):
                prices.set_price_form(info)
            with st.expander(t("Edit the list"), icon=":material/edit:"):
                prices.edit_list_form(info)

if prices.may_manage():
    with st.expander(t("New price list"), icon=":material/add:"):
        prices.new_list_form()
    st.caption(t("Whole price lists come in on the Import page (kind \"Prices\") and go out with its export."))
