"""The deal forms: a new deal (client card, funnel), its lines and details, stage moves, a head's decision.

Each goes through db/actions: a refusal shows under its field and keeps what
was typed; a stale form names who changed the deal and when.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from db import access
from db.access import Can
from db.errors import DomainError
from db.rules.prices import price_date
from db.actions.approvals import decide_approval
from db.actions.deal_moves import move_deal
from db.actions.deals import create_deal, set_deal_lines, update_deal
from queries import approvals as q_approvals
from queries import prices as q_prices
from queries.deals import DealCard

from . import lists, tables
from .data import current_viewer, loader
from .forms import FormState, flash
from .lang import code, money, t

client_catalogue = loader(q_prices.client_catalogue)
who_decides = loader(q_approvals.who_decides)


def deciders_text(request_id: int) -> str:
    """Who decides a request, by name and role: "Nina Head (Head)"; the role alone if nobody may yet."""
    found = who_decides(request_id=request_id)
    if not found:
        return t("nobody yet: the discount is above every cap")
    return ", ".join(f"{d.full_name} ({code('role', d.role)})" for d in found)


def _product_label(catalogue: pd.DataFrame):
    names = {int(r.id): f"{r.name} · {r.sku} · {money(r.price, kopecks='auto')}/{r.unit}"
             for r in catalogue.itertuples()}
    return lambda i: names.get(i, "—")


def _line_fields(form: FormState, catalogue: pd.DataFrame) -> dict:
    """One line from the catalogue at the client's list prices: product, quantity, discount and, when
    another is agreed, the price (empty: the list price; below it, a discount for the cap)."""
    ids = [int(i) for i in catalogue["id"]]
    c1, c2, c3, c4 = st.columns([3, 1, 1, 1.3])
    with c1:
        product_id = form.select("product_id", t("Product"), ids, index=None, placeholder=t("Choose a product"),
                                 format_func=_product_label(catalogue))
    with c2:
        # "%g": as typed ("1", "2.5", "40000"), not "1.000"
        quantity = form.number("quantity", t("Quantity"), value=1.0, step=1.0, format="%g")
    with c3:
        discount = form.number("discount_pct", t("Discount, %"), value=0.0, step=0.5, format="%g")
    with c4:
        price = form.number("price", t("Price"), value=None, min_value=0.0, step=0.01, format="%.2f",
                            placeholder=t("List price"), help=t("Empty: the client's list price. A price below "
                                                                 "it counts as a discount."))
    return {"product_id": product_id, "quantity": quantity, "discount_pct": discount, "price": price}


def new_deal_form(client_id: int, *, key: str = "new_deal") -> None:
    """Title, expected close and a first line; more lines are added on the deal's page."""
    form = FormState(f"{key}_{client_id}")
    catalogue = client_catalogue(client_id=client_id, on=access.today())
    with st.form(form.key):
        form.top()
        title = form.text("title", t("What the deal is about"), max_chars=300)
        expected = form.date("expected_close_on", t("Expected close"), value=access.today() + dt.timedelta(days=30),
                             format="DD.MM.YYYY")
        st.caption(t("The first line; add more on the deal's page. Prices come from the client's price list."))
        line = _line_fields(form, catalogue)
        if st.form_submit_button(t("Open the deal"), type="primary", icon=":material/add_circle:"):
            deal = form.attempt(create_deal, client_id=client_id, title=title, expected_close_on=expected, lines=[line])
            if deal is not None:
                flash(t("Deal opened."))
                st.switch_page("pages/deal.py", query_params={"id": deal.id})


def client_deals(client_id: int, rows: pd.DataFrame) -> None:
    """The client card's deals: click a row to open the deal; a new deal below."""
    if rows.empty:
        st.info(t("No deals yet."))
    else:
        shown = rows.assign(state=rows["state"].map(lambda s: code("deal state", s)),
                            expected_close_on=tables.days(rows["expected_close_on"]),
                            closed_at=rows["closed_at"])
        st.caption(t("Click a row to open the deal."))
        lists.record_list(shown, {"title": t("Deal"), "stage": t("Stage"), "state": t("Status"),
                                  "amount": t("Amount"), "probability": t("Probability, %"),
                                  "expected_close_on": t("Expected close"), "closed_at": t("Closed"),
                                  "owner": t("Manager"), "lost_reason": t("Lost reason")},
                          page="deal", key=f"client_deals_{client_id}", money=("amount",), integer=("probability",))
    if access.can(current_viewer(), Can.WORK_DEALS):
        with st.expander(t("New deal"), icon=":material/add_circle:"):
            new_deal_form(client_id)


def details_form(deal: DealCard) -> None:
    form = FormState(f"deal_details_{deal.id}_{deal.version}")
    with st.form(form.key):
        form.top()
        title = form.text("title", t("What the deal is about"), value=deal.title, max_chars=300)
        c1, c2 = st.columns(2)
        with c1:
            expected = form.date("expected_close_on", t("Expected close"), value=deal.expected_close_on,
                                 format="DD.MM.YYYY")
        with c2:
            probability = form.number("probability", t("Probability, %"), value=int(deal.probability), step=5)
        if st.form_submit_button(t("Save"), type="primary"):
            form.submit(update_deal, t("Saved."), deal_id=deal.id, expected_version=deal.version, title=title,
                        expected_close_on=expected, probability=probability)


def _current_lines(lines: pd.DataFrame) -> list[dict]:
    return [{"id": int(r.id), "product_id": int(r.product_id), "quantity": r.quantity, "discount_pct": r.discount_pct,
             "price": r.price} for r in lines.itertuples()]


def _saved_lines(result) -> None:
    if result is None:
        return
    _deal, request = result
    flash(t("Saved. A discount above your cap waits for the decision of {who}.", who=deciders_text(request.id))
          if request is not None else t("Saved."))
    st.rerun()


def add_line_form(deal: DealCard, lines: pd.DataFrame) -> None:
    form = FormState(f"deal_add_line_{deal.id}_{deal.version}")
    with st.form(form.key):
        form.top()
        on = price_date(deal.created_at, access.today())
        line = _line_fields(form, client_catalogue(client_id=deal.client_id, on=on))
        if st.form_submit_button(t("Add the line"), icon=":material/playlist_add:"):
            _saved_lines(form.attempt(set_deal_lines, deal_id=deal.id, expected_version=deal.version,
                                      lines=[*_current_lines(lines), line]))


def edit_lines_form(deal: DealCard, lines: pd.DataFrame) -> None:
    """Quantities and discounts of the lines in a grid; a removed row removes the line."""
    form = FormState(f"deal_lines_{deal.id}_{deal.version}")
    grid = lines.set_index("id")[["product", "sku", "unit", "price", "quantity", "discount_pct", "amount"]]
    grid = grid.astype({"price": "float64", "quantity": "float64", "discount_pct": "float64", "amount": "float64"})
    with st.form(form.key):
        form.top()
        edited = form.widget("lines", st.data_editor, grid, hide_index=True, num_rows="delete",
                             placeholder=tables.EMPTY, disabled=["product", "sku", "unit", "amount"],
                             column_config={"product": t("Product"), "sku": t("SKU"), "unit": t("Unit"),
                                            "price": st.column_config.NumberColumn(t("Price"), format="localized"),
                                            "quantity": st.column_config.NumberColumn(t("Quantity"),
                                                                                      format="localized"),
                                            "discount_pct": st.column_config.NumberColumn(t("Discount, %"),
                                                                                          format="localized"),
                                            "amount": st.column_config.NumberColumn(t("Amount"), format="localized")})
        if st.form_submit_button(t("Save the lines"), icon=":material/save:"):
            by_id = lines.set_index("id")
            rows = [{"id": int(i), "product_id": int(by_id.loc[i, "product_id"]), "quantity": r.quantity,
                     "discount_pct": r.discount_pct, "price": _sent_price(r.price, by_id.loc[i, "price"])}
                    for i, r in zip(edited.index, edited.itertuples(), strict=True)]
            _saved_lines(form.attempt(set_deal_lines, deal_id=deal.id, expected_version=deal.version, lines=rows))


def _sent_price(edited, saved):
    """The grid's price as the action needs it: the saved price itself when the float in the grid is it."""
    if edited is None or edited != edited:
        return saved
    return saved if round(float(edited), 2) == round(float(saved), 2) else edited


def move_form(deal: DealCard, stages: pd.DataFrame) -> None:
    """To another stage (not a lost one: losing a deal has its own form); the next stage is offered first."""
    form = FormState(f"deal_move_{deal.id}_{deal.version}")
    names = {int(r.id): r.name for r in stages.itertuples()}
    positions = {int(r.id): int(r.position) for r in stages.itertuples()}
    options = [int(r.id) for r in stages.itertuples() if not r.is_lost and int(r.id) != deal.stage_id]
    ahead = [i for i in options if positions[i] > positions.get(deal.stage_id, 0)]
    with st.form(form.key):
        form.top()
        target = form.select("to_stage_id", t("Move to the stage"), options, placeholder="—",
                             index=options.index(ahead[0]) if ahead else 0, format_func=lambda i: names.get(i, "—"))
        ask = st.checkbox(t("Ask for approval"), key=form.field("ask_approval"),
                          help=t("Needed when committing to the deal passes the client's credit limit."))
        if st.form_submit_button(t("Move"), type="primary", icon=":material/arrow_forward:"):
            outcome = form.attempt(move_deal, deal_id=deal.id, expected_version=deal.version, to_stage_id=target,
                                   ask_approval=ask)
            if outcome is not None:
                flash(t("The move waits for the decision of {who}.", who=deciders_text(outcome.request.id))
                      if outcome.request is not None
                      else t("Moved to {stage}.", stage=names.get(target, "")))
                st.rerun()


def lost_form(deal: DealCard, stages: pd.DataFrame, reasons: list[str]) -> None:
    form = FormState(f"deal_lost_{deal.id}_{deal.version}")
    lost = {int(r.id): r.name for r in stages.itertuples() if r.is_lost}
    with st.form(form.key):
        form.top()
        c1, c2 = st.columns(2)
        with c1:
            reason = form.select("reason", t("Why"), reasons, index=None, placeholder=t("Choose a reason"))
        with c2:
            details = form.text("lost_reason", t("Details"), max_chars=1000)
        target = next(iter(lost), None)
        if len(lost) > 1:
            target = form.select("to_stage_id", t("Stage"), list(lost), format_func=lambda i: lost[i])
        if st.form_submit_button(t("Mark as lost"), icon=":material/block:"):
            text = ": ".join(p for p in (reason, (details or "").strip()) if p)
            if target is None:
                form.show(DomainError("The funnel has no lost stage: ask the administrator."))
            elif form.attempt(move_deal, deal_id=deal.id, expected_version=deal.version, to_stage_id=target,
                              lost_reason=text) is not None:
                flash(t("The deal is marked as lost."))
                st.rerun()


def approve_button(request: pd.Series, *, disabled_reason: str | None = None) -> None:
    """Approve one request in its row; disabled, with the reason, when the viewer may not approve it."""
    form = FormState(f"approve_{int(request['id'])}_{int(request['version'])}")
    form.top()
    if st.button(t("Approve"), type="primary", icon=":material/check:", key=form.field("approve"),
                 disabled=disabled_reason is not None, help=disabled_reason, width="stretch"):
        form.submit(decide_approval, t("Approved."), request_id=int(request["id"]),
                    expected_version=int(request["version"]), approve=True)


def reject_popover(request: pd.Series) -> None:
    """Reject one request: a word of why (the manager reads it) in a small pop-over."""
    form = FormState(f"reject_{int(request['id'])}_{int(request['version'])}")
    with st.popover(t("Reject"), icon=":material/close:", width="stretch"), st.form(form.key):
        form.top()
        comment = form.area("comment", t("Why (the manager reads it)"), height=68)
        if st.form_submit_button(t("Reject"), icon=":material/close:"):
            form.submit(decide_approval, t("Rejected."), request_id=int(request["id"]),
                        expected_version=int(request["version"]), approve=False, comment=comment)
