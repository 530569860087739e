"""Price lists on screen (issue 20): the lists, their prices on a date, the forms that change them,
and a client's price type and contract prices on its card. Forms show to those who manage prices
(`Can.MANAGE_PRICES`); everyone else reads."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from db import access
from db.access import Can
from db.actions.prices import create_price_type, set_price, update_price_type
from i18n import N_
from queries import prices as q
from queries.deals import products as catalogue_query

from . import tables
from .data import current_viewer, loader
from .forms import FormState
from .lang import money, t
from .text import md_escape

list_price_types = loader(q.list_price_types)
prices_on = loader(q.prices_on)
client_price_type = loader(q.client_price_type)
get_price_type = loader(q.get_price_type)
price_type_choices = loader(q.price_type_choices)
catalogue = loader(catalogue_query)

KIND_LABELS = {"base": N_("Base price list"), "wholesale": N_("Wholesale price list"),
               "large_wholesale": N_("Large wholesale price list"), "contract": N_("Contract price list")}
COMMON_KINDS = ("base", "wholesale", "large_wholesale")  # a contract list is set up on the client's card


def may_manage() -> bool:
    return access.can(current_viewer(), Can.MANAGE_PRICES)


def kind_label(kind) -> str:
    return t(KIND_LABELS.get(str(kind), str(kind)))


def types_table(types: pd.DataFrame) -> None:
    shown = types.assign(kind=types["kind"].map(kind_label),
                         active=types["active"].map(lambda a: t("yes") if a else t("no")))
    tables.show(shown, {"name": t("Price list"), "kind": t("Kind"), "client": t("Client"), "active": t("Active")},
                key="price_types_table")


def prices_table(price_type_id: int, on: dt.date, name: str) -> pd.DataFrame:
    rows = prices_on(price_type_id=price_type_id, on=on)
    if rows.empty:
        st.info(t("No prices in this list on {date}: its clients buy at the base list, else at the catalogue "
                  "price.", date=on))
        return rows
    tables.show(rows, {"sku": t("SKU"), "name": t("Product"), "price": t("Price"),
                       "catalogue_price": t("Catalogue price"), "vs_catalogue_pct": t("Against the catalogue, %"),
                       "valid_from": t("Valid from"), "valid_to": t("Valid to")},
                money=("price", "catalogue_price"), percent=("vs_catalogue_pct",), kopecks=True,
                export=f"{name} {on.isoformat()}", key=f"prices_{price_type_id}")
    return rows


def new_list_form() -> None:
    form = FormState("new_price_type")
    with st.form(form.key):
        form.top()
        name = form.text("name", t("Name"), max_chars=200)
        kind = form.select("kind", t("Kind"), list(COMMON_KINDS), format_func=kind_label)
        st.caption(t("A client's own contract prices are set up on the client's card."))
        if st.form_submit_button(t("Create the list"), type="primary", icon=":material/add:"):
            form.submit(create_price_type, t("Price list created."), name=name, kind=kind)


def edit_list_form(info: q.PriceTypeInfo) -> None:
    form = FormState(f"edit_price_type_{info.id}_{info.version}")
    with st.form(form.key):
        form.top()
        name = form.text("name", t("Name"), value=info.name, max_chars=200)
        active = st.checkbox(t("Active"), value=info.active, key=form.field("active"),
                             help=t("An inactive list gives no prices: its clients buy at the base list."))
        if st.form_submit_button(t("Save"), icon=":material/save:"):
            form.submit(update_price_type, t("Saved."), price_type_id=info.id, expected_version=info.version,
                        name=name, active=active)


def set_price_form(info: q.PriceTypeInfo) -> None:
    """A product's price from a date: a new price closes the open one the day before; the same start edits it."""
    products = catalogue()
    names = {int(r.id): f"{r.sku} · {r.name} · {money(r.price, kopecks=True)}" for r in products.itertuples()}
    form = FormState(f"set_price_{info.id}_{info.version}")
    with st.form(form.key):
        form.top()
        product_id = form.select("product_id", t("Product"), list(names), index=None,
                                 placeholder=t("Choose a product"), format_func=lambda i: names.get(i, "—"))
        c1, c2, c3 = st.columns(3)
        with c1:
            price = form.number("price", t("Price"), value=None, min_value=0.0, step=0.01, format="%.2f")
        with c2:
            start = form.date("valid_from", t("Valid from"), value=access.today(), format="DD.MM.YYYY")
        with c3:
            end = form.date("valid_to", t("Valid to"), value=None, format="DD.MM.YYYY",
                            help=t("Empty: until a new price."))
        st.caption(t("A new price ends the current one the day before it starts; a price from the same day "
                     "corrects it."))
        if st.form_submit_button(t("Set the price"), type="primary", icon=":material/sell:"):
            form.submit(set_price, t("Price set."), price_type_id=info.id, product_id=product_id,
                        price=None if price is None else str(price), valid_from=start, valid_to=end,
                        expected_version=info.version)


def client_prices_block(client_id: int, client_name: str) -> None:
    """On the client's card: the list it buys at and, for those who manage prices, its contract prices."""
    info = client_price_type(client_id=client_id)
    st.subheader(t("Prices"))
    st.markdown(f"**{t('Price type')}:** " + (md_escape(info.price_type_name) if info.price_type_name
                                              else t("base list")))
    if info.contract_id is not None:
        st.markdown(f"**{t('Contract prices')}:** {md_escape(info.contract_name)}"
                    + ("" if info.contract_active else f" · {t('inactive')}"))
    if not may_manage():
        st.caption(t("Deal lines take the client's prices on the deal's date."))
        return
    if info.contract_id is not None:
        prices_table(info.contract_id, access.today(), info.contract_name or "")
        with st.expander(t("Set a contract price"), icon=":material/sell:"):
            set_price_form(get_price_type(price_type_id=info.contract_id))
    else:
        form = FormState(f"new_contract_{client_id}")
        form.top()
        if st.button(t("Set up contract prices"), icon=":material/handshake:",
                     help=t("The client's own prices: they come before its price type.")):
            form.submit(create_price_type, t("Contract prices set up: add their prices below."),
                        name=t("Contract: {client}", client=client_name)[:200], kind="contract", client_id=client_id)
    st.page_link("pages/prices.py", label=t("Price lists"), icon=":material/sell:")
