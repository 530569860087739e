"""The departure wizard: who leaves, what is at risk, how to distribute, preview, apply.

What is applied is exactly the plan the person saw on the previous screen (kept in the
session), and the action refuses it if the manager's clients changed meanwhile.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from db.actions.departure import complete_departure
from db.errors import DomainError
from i18n import N_
from queries import departure_plan, handover

from . import tables
from .data import loader, run_action
from .forms import FormState
from .lang import error_text, number, t
from .pager import Pager
from .text import md_escape

leaving_candidates = loader(handover.leaving_candidates)
leaver_summary = loader(handover.leaver_summary)
leaver_clients = loader(handover.leaver_clients)
plan_departure = loader(departure_plan.plan_departure)

MODES = {"one": N_("All to one colleague"), "rules": N_("By the assignment rules"),
         "balanced": N_("Balanced across chosen colleagues")}
REASONS = {"one": N_("Chosen colleague"), "rules": N_("Rule"), "rule": N_("Rule"),
           "no_rule": N_("No rule: the successor"), "balanced": N_("Balanced by load and value")}
AT_RISK_SCORE = 50
PAGE = 50  # clients listed at once (issue 19)
_PARAMS, _SHOWN, _RESULT = "departure_params", "departure_shown", "departure_result"


def show(owner_names: dict[int, str]) -> None:
    result = st.session_state.get(_RESULT)
    if result:
        _show_result(result)
        if st.button(t("See out another manager")):
            st.session_state.pop(_RESULT, None)
            st.rerun()
        return
    leavers = leaving_candidates()
    names = dict(zip(leavers["id"], leavers["full_name"], strict=True))
    versions = dict(zip(leavers["id"], leavers["version"], strict=True))
    st.subheader(t("1. Who leaves"))
    leaving_id = st.selectbox(t("Leaving manager"), list(names), index=None, key="departure_leaving",
                              placeholder=t("Choose a manager"), format_func=names.get)
    if leaving_id is None:
        st.caption(t("Their clients, open deals and tasks will get new owners; then the account is closed."))
        return
    leaving_id = int(leaving_id)
    _at_risk(leaving_id)
    previewed = _distribute_form(leaving_id, {k: v for k, v in owner_names.items() if k != leaving_id})
    if previewed is None:
        return
    _preview_and_apply(leaving_id, names[leaving_id], int(versions[leaving_id]), *previewed)


def _at_risk(leaving_id: int) -> None:
    st.subheader(t("2. What is at risk"))
    s = leaver_summary(leaving_id=leaving_id)
    rows = leaver_clients(leaving_id=leaving_id)
    risky = rows[(rows["score"] < AT_RISK_SCORE) & (rows["value"].astype(float) > 0)]
    cols = st.columns(5)
    cols[0].metric(t("Clients"), number(s.clients))
    cols[1].metric(t("Open deals"), number(s.deals))
    cols[2].metric(t("Open tasks"), number(s.tasks))
    cols[3].metric(t("Valuable clients little known"), number(len(risky)),
                   help=t("Shipped in the last 12 months, completeness below {score} %.", score=AT_RISK_SCORE))
    cols[4].metric(t("Assignment rules"), number(s.rules))
    if s.deals_elsewhere or s.tasks_elsewhere or s.stand_ins:
        st.caption(t("Also: {deals} open deals and {tasks} tasks outside their own clients go to those clients' "
                     "owners or the successor; {stand_ins} current or coming stand-ins are cancelled.",
                     deals=s.deals_elsewhere, tasks=s.tasks_elsewhere, stand_ins=s.stand_ins))
    st.caption(t("Most valuable first. A low completeness score means what is known lives only in the manager's "
                 "head: ask them to fill in the card before the last day."))
    pager = Pager("departure_risk_page", size=PAGE, scope=leaving_id)  # issue 19: a page of a long list
    page = rows.iloc[pager.slice(len(rows))]
    tables.show(page, {"name": t("Client"), "value": t("Shipped in 12 months"), "score": t("Completeness, %"),
                       "open_deals": t("Open deals"), "open_amount": t("Open deals amount"),
                       "open_tasks": t("Open tasks"), "territory": t("Territory"), "industry": t("Industry")},
                money=("value", "open_amount"), integer=("score", "open_deals", "open_tasks"), **_tall(page))
    pager.controls(len(rows))


def _tall(rows: pd.DataFrame) -> dict:
    """A fixed height for long lists only (a short one would show empty rows)."""
    return {"height": 320} if len(rows) > 8 else {}


def _distribute_form(leaving_id: int, colleagues: dict[int, str]) -> tuple[dict, departure_plan.DeparturePlan] | None:
    st.subheader(t("3. Distribute"))
    form = FormState(f"departure_{leaving_id}")
    with st.form(form.key):
        form.top()
        mode = form.widget("mode", st.radio, t("How"), list(MODES), format_func=lambda m: t(MODES[m]),
                           horizontal=True)
        successor_id = form.select(
            "successor_id", t("Successor"), [None, *colleagues], placeholder="—",
            format_func=lambda k: colleagues.get(k, "—"),
            help=t("Takes all the clients in the first way; in the others, the clients no rule places. Always: "
                   "the deals and tasks no one else takes, and the leaving manager's assignment rules."))
        chosen = form.widget("colleague_ids", st.multiselect, t("Colleagues to balance across"), list(colleagues),
                             format_func=lambda k: colleagues.get(k, "—"),
                             help=t("Only for the balanced way: client counts come out as even as possible, "
                                    "and the biggest clients are dealt out in turn, so that each colleague gets a "
                                    "fair share of the shipments."))
        if st.form_submit_button(t("Preview"), icon=":material/preview:"):
            st.session_state[_PARAMS] = {"leaving_id": leaving_id, "mode": mode, "successor_id": successor_id,
                                         "colleague_ids": tuple(int(c) for c in chosen)}
            st.session_state.pop(_SHOWN, None)
    params = st.session_state.get(_PARAMS)
    if not params or params["leaving_id"] != leaving_id:
        return None
    try:
        return params, plan_departure(**params)
    except DomainError as exc:
        form.show(exc)
        return None


def _preview_and_apply(leaving_id: int, name: str, version: int, params: dict,
                       plan: departure_plan.DeparturePlan) -> None:
    st.subheader(t("4. Preview and apply"))
    rows = plan.rows
    owner_of = dict(zip(plan.recipients["user_id"], plan.recipients["full_name"], strict=True))
    tables.show(plan.recipients, {"full_name": t("Colleague"), "clients_before": t("Clients now"),
                                  "clients_received": t("Receives"), "clients_after": t("Clients after"),
                                  "value_before": t("Shipped in 12 months, now"),
                                  "value_received": t("Shipped in 12 months, received"),
                                  "value_after": t("Shipped in 12 months, after")},
                money=("value_before", "value_received", "value_after"),
                integer=("clients_before", "clients_received", "clients_after"))
    shown = rows.assign(new_owner=rows["new_owner_id"].map(owner_of),
                        reason=[t(REASONS.get(r, r)) + (f": {rule}" if rule else "")
                                for r, rule in zip(rows["reason"], rows["rule"], strict=True)])
    # Every client of the plan is applied; the screen shows them a page at a time (issue 19).
    pager = Pager("departure_preview_page", size=PAGE, scope=params)
    shown = shown.iloc[pager.slice(len(shown))]
    tables.show(shown, {"name": t("Client"), "new_owner": t("New owner"), "reason": t("Why"),
                        "value": t("Shipped in 12 months"), "score": t("Completeness, %")},
                money=("value",), integer=("score",), **_tall(shown))
    pager.controls(len(rows))
    # What the person saw on the previous run is what gets applied.
    previous = st.session_state.get(_SHOWN)
    st.session_state[_SHOWN] = {"params": params, "version": version,
                                "plan": {int(c): int(o) for c, o in zip(rows["client_id"], rows["new_owner_id"],
                                                                       strict=True)},
                                "successor_id": plan.successor_id}
    form = FormState(f"apply_departure_{leaving_id}")
    with st.form(form.key):
        form.top()
        sure = st.checkbox(t("I have checked the preview: hand everything over and close {name}'s account.",
                             name=name), key=form.field("sure"))
        if st.form_submit_button(t("Apply and close the account"), type="primary", icon=":material/logout:"):
            if not sure:
                form.general.error(t("Tick the box to confirm."), icon=":material/error:")
            elif previous is None or previous["params"] != params:
                form.general.error(t("The preview changed: check it and apply again."), icon=":material/error:")
            else:
                _apply(form, leaving_id, name, previous)


def _apply(form: FormState, leaving_id: int, name: str, shown: dict) -> None:
    try:
        result = run_action(complete_departure, leaving_id=leaving_id, plan=shown["plan"],
                            successor_id=shown["successor_id"], expected_version=shown["version"])
    except DomainError as exc:
        form.general.error(error_text(exc), icon=":material/error:")
        return
    st.session_state[_RESULT] = {
        "name": name, "before": vars(result.before), "after": vars(result.after),
        "totals_before": vars(result.totals_before), "totals_after": vars(result.totals_after),
        "recipients": [{"name": result.names.get(uid, str(uid)), **vars(moved)} for uid, moved in
                       sorted(result.by_recipient.items())],
        "rules": result.rules, "stand_ins": result.stand_ins,
    }
    for key in (_PARAMS, _SHOWN, "departure_leaving"):
        st.session_state.pop(key, None)
    st.rerun()


def _show_result(r: dict) -> None:
    handed = {k: sum(p[k] for p in r["recipients"]) for k in ("clients", "deals", "tasks")}
    reconciles = (all(v == 0 for v in r["after"].values()) and r["totals_before"] == r["totals_after"]
                  and all(handed[k] == r["before"][k] for k in handed))
    if reconciles:
        st.success(t("{name} has left. The counts reconcile: {clients} clients, {deals} open deals and {tasks} open "
                     "tasks all have new owners; nothing is lost.", name=md_escape(r["name"]), **r["before"]),
                   icon=":material/task_alt:")
    else:  # the action refuses this; shown only if the figures were ever off
        st.error(t("The counts do not reconcile. Tell the administrator."))
    labels = {"clients": t("Clients"), "deals": t("Open deals"), "tasks": t("Open tasks")}
    table = pd.DataFrame({
        "what": [labels[k] for k in labels],
        "before": [r["before"][k] for k in labels], "handed": [handed[k] for k in labels],
        "after": [r["after"][k] for k in labels],
        "total_before": [r["totals_before"][k] for k in labels], "total_after": [r["totals_after"][k] for k in labels],
    })
    tables.show(table, {"what": "", "before": t("{name} before", name=r["name"]), "handed": t("Handed over"),
                        "after": t("{name} after", name=r["name"]), "total_before": t("Company before"),
                        "total_after": t("Company after")},
                integer=("before", "handed", "after", "total_before", "total_after"))
    tables.show(pd.DataFrame(r["recipients"]), {"name": t("Colleague"), "clients": t("Clients"),
                                                "deals": t("Open deals"), "tasks": t("Open tasks")},
                integer=("clients", "deals", "tasks"))
    st.caption(t("Assignment rules moved to the successor: {rules}. Stand-ins cancelled: {stand_ins}. "
                 "The account is closed.", rules=r["rules"], stand_ins=r["stand_ins"]))
