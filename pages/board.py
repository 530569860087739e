"""The deal board: open deals as cards in stage columns; drag a card to another stage to move the deal.

Whose deals as in the funnel (queries/board.py): a manager their own, a head
the department's (with a manager filter), the director all. A drop runs the
stage form's own action (ui/deal_board.py): refused moves say why and the card
goes back; a move past the client's credit limit can be sent for approval, as
the form's "Ask for approval" does. ?stage=N lists every deal of a stage.
"""
import streamlit as st

from db import access
from db.access import Can
from db.actions.deal_moves import move_deal
from db.errors import DomainError
from queries import board as q
from queries import deals, funnel
from ui import deal_board, tables
from ui.data import current_viewer, loader, run_action
from ui.deal_forms import deciders_text
from ui.forms import flash, show_flash
from ui.lang import error_text, refusal_text, t
from ui.params import record_id
from ui.text import md_escape

PER_STAGE = 20
ASK_KEY = "crm_board_ask"  # a refused committing move the person may send for approval

load_board = loader(q.board)
stage_deals = loader(q.stage_deals)
filter_choices = loader(funnel.filter_choices)
stages = loader(deals.stages)
get_deal = loader(deals.get_deal)

viewer = current_viewer()
may_move = access.can(viewer, Can.WORK_DEALS)
st.title(t("Deal board"))

names = dict(zip(stages()["id"], stages()["name"], strict=True))
drop = deal_board.take_drop()
if drop:
    result = deal_board.apply_drop(drop.get("old") or {}, drop.get("new") or {}, drop.get("versions"))
    deal_board.next_round()
    if result.refusal is not None:
        st.error(refusal_text(result.refusal), icon=":material/block:")
        st.session_state.pop(ASK_KEY, None)
        if result.drop is not None:
            committing = dict(zip(stages()["id"], stages()["is_committing"], strict=True))
            try:
                card = get_deal(deal_id=result.drop.deal_id)
            except DomainError:
                card = None
            if (card is not None and card.credit is not None and card.overdue_block is None
                    and committing.get(result.drop.to_stage_id) and not card.stage_is_committing):
                st.session_state[ASK_KEY] = {"deal_id": card.id, "version": card.version, "title": card.title,
                                             "to_stage_id": result.drop.to_stage_id}
    elif result.outcome is not None and result.drop is not None:
        st.session_state.pop(ASK_KEY, None)
        flash(t("Moved to {stage}.", stage=names.get(result.drop.to_stage_id, "")))
show_flash()

ask = st.session_state.get(ASK_KEY)
if ask and may_move:
    with st.container(border=True):
        st.markdown(t("Send the move of “{deal}” to a head for approval?", deal=md_escape(ask["title"])))
        row = st.container(horizontal=True)
        if row.button(t("Ask for approval"), type="primary", icon=":material/approval:", key="board_ask"):
            st.session_state.pop(ASK_KEY, None)
            try:
                outcome = run_action(move_deal, deal_id=ask["deal_id"], expected_version=ask["version"],
                                     to_stage_id=ask["to_stage_id"], ask_approval=True)
            except DomainError as exc:
                st.error(error_text(exc), icon=":material/error:")
            else:
                moved = t("Moved to {stage}.", stage=names.get(ask["to_stage_id"], ""))
                flash(t("The move waits for the decision of {who}.", who=deciders_text(outcome.request.id))
                      if outcome.request is not None else moved)
                st.rerun()
        if row.button(t("Cancel"), key="board_ask_cancel"):
            st.session_state.pop(ASK_KEY, None)
            st.rerun()

people = filter_choices()["people"]
owner_id = None
if len(people) > 1:
    names_by_id = {int(r.id): r.full_name + ("" if r.active else f" ({t('left')})") for r in people.itertuples()}
    owner_id = st.columns([1, 2])[0].selectbox(t("Manager"), [None, *names_by_id], placeholder=t("All"),
                                               key="board_owner", format_func=lambda i: names_by_id.get(i, t("All")))

stage_id = record_id("stage")
data = load_board(owner_id=owner_id, per_stage=PER_STAGE)
if stage_id is not None and stage_id in set(data.stages["stage_id"]):
    name = data.stages.set_index("stage_id").loc[stage_id, "stage"]
    if st.button(t("Back to the board"), icon=":material/arrow_back:", key="board_back"):
        del st.query_params["stage"]
        st.rerun()
    st.subheader(md_escape(str(name)))
    rows = stage_deals(stage_id=stage_id, owner_id=owner_id)
    st.caption(t("Click a row to open the deal."))
    event = tables.show(rows, {"client": t("Client"), "title": t("Deal"), "amount": t("Amount"),
                               "days": t("Days at the stage"), "owner": t("Manager")},
                        money=("amount",), integer=("days",), on_select="rerun", selection_mode="single-row",
                        key=f"board_stage_{stage_id}")
    if event is not None and event.selection.rows:
        st.switch_page("pages/deal.py", query_params={"id": int(rows.iloc[event.selection.rows[0]]["id"])})
    st.stop()

total = int(data.stages["deals"].sum())
if total == 0:
    st.info(t("No open deals on the board."), icon=":material/info:")
st.caption(t("Drag a card to another stage to move the deal; the client's name opens it.") if may_move
           else t("The client's name opens the deal."))
shown = deal_board.draw(deal_board.board_data(data.stages, data.cards, draggable=may_move,
                                              more_href=lambda s: f"board?stage={s}"))
if shown.move:
    st.session_state[deal_board.DROP_KEY] = shown.move
    st.rerun()
if shown.open:
    st.switch_page("pages/deal.py", query_params={"id": int(shown.open)})
if shown.more:
    st.query_params["stage"] = str(int(shown.more))
    st.rerun()
