"""The deal board's pieces: the drag-and-drop component and what a drop does.

The component (deal_board.js / deal_board.css beside this file, an
`st.components.v2` component: no build step, no dependency) draws the
columns and reports a drop as two layouts — {stage id: [deal ids]} before
and after — with the versions of the cards it showed. `apply_drop` turns
that into one call of `db.actions.deal_moves.move_deal`, the very action
the deal page's stage form calls: the same credit check, overdue block,
closed-deal rule, history row and audit. A refusal comes back to be shown;
the board is then drawn again from the database, so the card goes back.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.components.v2 import component

from db.actions.deal_moves import MoveOutcome, move_deal
from db.errors import DomainError

from .data import run_action
from .lang import money, short_name, t

_HERE = Path(__file__).parent
Layout = Mapping[int, list[int]]
DROP_KEY = "crm_board_drop"  # the last drop, waiting for the next run to be applied
ROUND_KEY = "crm_board_round"  # drops applied so far: the board's data changes, so the browser redraws it

_component = component(
    "crm_deal_board", html="", css=(_HERE / "deal_board.css").read_text(encoding="utf-8"),
    js=(_HERE / "deal_board.js").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Drop:
    deal_id: int
    from_stage_id: int
    to_stage_id: int


@dataclass(frozen=True)
class DropResult:
    drop: Drop | None = None
    outcome: MoveOutcome | None = None
    refusal: DomainError | None = None


def normalise(layout: Mapping) -> dict[int, list[int]]:
    """A layout as the browser sends it (JSON: text keys) with integer stage and deal ids."""
    return {int(stage): [int(d) for d in deals] for stage, deals in (layout or {}).items()}


def moved_cards(old: Layout, new: Layout) -> list[Drop]:
    """The cards that are in another column in `new` than in `old` (order within a column is not kept)."""
    before = {deal: stage for stage, deals in normalise(old).items() for deal in deals}
    after = {deal: stage for stage, deals in normalise(new).items() for deal in deals}
    return [Drop(deal, before[deal], stage) for deal, stage in after.items()
            if deal in before and before[deal] != stage]


def apply_drop(old: Layout, new: Layout, versions: Mapping | None = None) -> DropResult:
    """Move the one card dropped into another column, through `move_deal` as the current viewer.
    `versions` ({deal id: version} as the board showed them) makes a stale board a refusal."""
    moves = moved_cards(old, new)
    if not moves:
        return DropResult()
    if len(moves) > 1:
        return DropResult(refusal=DomainError("Move one card at a time."))
    drop = moves[0]
    version = {int(k): int(v) for k, v in (versions or {}).items()}.get(drop.deal_id)
    try:
        outcome = run_action(move_deal, deal_id=drop.deal_id, expected_version=version, to_stage_id=drop.to_stage_id)
    except DomainError as exc:
        return DropResult(drop=drop, refusal=exc)
    return DropResult(drop=drop, outcome=outcome)


def take_drop() -> dict | None:
    """The drop the browser reported on the previous run (or a test put there), once."""
    return st.session_state.pop(DROP_KEY, None)


def board_data(stages: pd.DataFrame, cards: pd.DataFrame, *, draggable: bool, more_href) -> dict:
    """What the component draws: the columns with their totals and cards, in the person's language."""
    columns = []
    for s in stages.itertuples():
        mine = cards[cards["stage_id"] == s.stage_id]
        shown = [{"id": int(c.id), "version": int(c.version), "client": str(c.client), "title": str(c.title),
                  "amount": money(c.amount), "days": t("{n} d", n=int(c.days)), "owner": short_name(c.owner) or "—",
                  "href": f"deal?id={int(c.id)}"} for c in mine.itertuples()]
        more = None
        if int(s.deals) > len(shown):
            more = {"label": t("All {n} deals of the stage", n=int(s.deals)), "href": more_href(int(s.stage_id))}
        columns.append({"id": int(s.stage_id), "name": str(s.stage), "cards": shown, "more": more,
                        "total": t("Deals: {n} · {amount}", n=int(s.deals), amount=money(s.amount))})
    return {"columns": columns, "draggable": draggable, "empty": t("No deals"),
            "round": st.session_state.get(ROUND_KEY, 0)}


def draw(data: dict, *, key: str = "deal_board"):
    """Mount the board; its triggers (move, open, more) are in the result for this run only."""
    return _component(data=data, key=key, on_move_change=_noop, on_open_change=_noop, on_more_change=_noop)


def _noop() -> None:
    pass


def next_round() -> None:
    st.session_state[ROUND_KEY] = st.session_state.get(ROUND_KEY, 0) + 1
