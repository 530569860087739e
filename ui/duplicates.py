"""The duplicates page's pieces: the groups of twins as one compact list (a row a group), the
selected group with its merge (or proposal) form, and the proposals list (issue 19: a page of
groups at a time, one group's records and form, not every group's)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from db.actions.duplicates import merge_clients, merge_contacts
from db.actions.merge_proposals import dismiss_merge, mark_not_twins, propose_merge
from i18n import N_

from . import tables
from .data import generation
from .forms import FormState
from .lang import datetime, t
from .pager import Pager
from .text import blank, md_escape, missing

REASONS = {"inn": N_("the same INN"), "name": N_("the same name"), "phone": N_("the same phone"),
           "email": N_("the same e-mail"), "contact": N_("a contact's phone or e-mail"),
           "similar": N_("similar names")}
# Fields whose value the merge form lets one pick from any record of the group (others: the kept
# record's, or a twin's where it has none).
CLIENT_PICKS = {"name": N_("Name"), "legal_name": N_("Legal name"), "inn": N_("INN"), "phone": N_("Phone"),
                "email": N_("E-mail")}
CONTACT_PICKS = {"full_name": N_("Full name"), "position": N_("Position"), "phone": N_("Phone"),
                 "email": N_("E-mail")}


def reasons_text(codes) -> str:
    return ", ".join(t(REASONS[c]) for c in str(codes).split(",") if c in REASONS)


def _label(row) -> str:
    name = row.get("name") if "name" in row else row.get("full_name")
    return f"{blank(name)} (#{int(row['id'])})"


def group_list(groups: pd.DataFrame, *, entity: str, key: str) -> pd.DataFrame:
    """The groups as one table, a row a group (who, linked by what); a click selects a group.
    Returns the selected group's records (the first group's until one is clicked)."""
    contacts = entity == "contact"
    name = "full_name" if contacts else "name"
    summary = groups.groupby("group", sort=True).agg(
        records=(name, lambda names: " · ".join(blank(n) for n in names)), size=("id", "size"),
        reasons=("reasons", "first"),
        **({"client": ("client", "first")} if contacts else
           {"owner": ("owner", lambda o: ", ".join(dict.fromkeys(blank(x) for x in o))),
            "shipped": ("shipped", "sum")}),
    ).reset_index()
    summary["reasons"] = summary["reasons"].map(reasons_text)
    labels = {"group": "#", "records": t("Records"), "size": t("How many"), "reasons": t("Linked by")}
    labels.update({"client": t("Client")} if contacts else {"owner": t("Manager"), "shipped": t("Shipped")})
    # The key changes with every write: after a merge the selection never lands on another group.
    event = tables.show(summary, labels, integer=("size",), money=() if contacts else ("shipped",),
                        on_select="rerun", selection_mode="single-row", key=f"{key}_{generation()}",
                        selection_default={"selection": {"rows": [0]}})  # the group shown below, ticked
    rows = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    chosen = int(summary["group"].iloc[rows[0]]) if rows and 0 <= rows[0] < len(summary) \
        else int(summary["group"].iloc[0])
    return groups[groups["group"] == chosen].reset_index(drop=True)


def group_block(group: pd.DataFrame, *, entity: str, may_merge: bool, may_propose: bool) -> None:
    """One group: its records in a table, then the form that merges them (or proposes the merge)."""
    contacts = entity == "contact"
    with st.container(border=True):
        st.markdown(f"**#{int(group['group'].iloc[0])} · {t('Linked by')}: {reasons_text(group['reasons'].iloc[0])}**")
        if contacts:
            st.caption(md_escape(blank(group["client"].iloc[0])))
            labels = {"full_name": t("Full name"), "position": t("Position"), "phone": t("Phone"),
                      "email": t("E-mail"), "activities": t("Activities"), "id": "#"}
            tables.show(group[list(labels)], labels, integer=("activities",))
        else:
            labels = {"name": t("Name"), "inn": t("INN"), "phone": t("Phone"), "email": t("E-mail"),
                      "owner": t("Manager"), "deals": t("Deals"), "contacts": t("Contacts"), "shipped": t("Shipped"),
                      "id": "#"}
            tables.show(group[list(labels)], labels, money=("shipped",), integer=("deals", "contacts"))
        if may_merge:
            _merge_form(group, entity)
        elif may_propose:
            _propose_form(group, entity)


def _merge_form(group: pd.DataFrame, entity: str) -> None:
    rows = {int(r["id"]): r for _i, r in group.iterrows()}
    ids = list(rows)
    picks = CONTACT_PICKS if entity == "contact" else CLIENT_PICKS
    form = FormState(f"merge_{entity}_{ids[0]}")
    with st.form(form.key):
        form.top()
        cols = st.columns(2)
        with cols[0]:
            keep_id = form.select("keep_id", t("The record that stays"), ids, format_func=lambda i: _label(rows[i]))
        with cols[1]:
            merge_ids = form.widget("merge_ids", st.multiselect, t("Merge into it"), ids, default=ids[1:],
                                    format_func=lambda i: _label(rows[i]))
        take = {}
        differing = {f: label for f, label in picks.items()
                     if len({str(v) for v in group[f] if not missing(v) and str(v) != ""}) > 1}
        if differing:
            st.caption(t("Where the records differ, pick the value to keep; every other field keeps the staying "
                         "record's value, or a twin's where it has none."))
            pick_cols = st.columns(min(len(differing), 3))
            for n, (field, label) in enumerate(differing.items()):
                options = [None, *[i for i in ids if not missing(rows[i][field]) and str(rows[i][field]) != ""]]
                with pick_cols[n % len(pick_cols)]:
                    chosen = form.select(
                        f"take_{field}", t(label), options,
                        format_func=lambda i, f=field: t("As in the record that stays") if i is None
                        else f"{blank(rows[i][f])} (#{i})")
                if chosen is not None:
                    take[field] = chosen
        st.caption(t("Deals, shipments, contacts, activities, tasks and holding links move to the record that "
                     "stays; the others are archived with a link to it."))
        cols = st.columns(2)
        merge = cols[0].form_submit_button(t("Merge"), icon=":material/merge:", type="primary")
        if cols[1].form_submit_button(t("Not twins"), icon=":material/close:",
                                      help=t("These records are different: the list stops linking them.")):
            form.submit(mark_not_twins, t("Marked as different."), entity=entity, ids=ids)
        if merge:
            versions = {i: int(rows[i]["version"]) for i in ids}
            twins = [i for i in merge_ids if i != keep_id]
            done = t("Merged: {n} into {name}.", n=len(twins), name=_label(rows[keep_id]))
            if entity == "contact":
                form.submit(merge_contacts, done, keep_id=keep_id, merge_ids=twins, take=take,
                            expected_versions=versions)
            else:
                form.submit(merge_clients, done, keep_id=keep_id, merge_ids=twins, take=take,
                            expected_versions=versions)


def _propose_form(group: pd.DataFrame, entity: str) -> None:
    rows = {int(r["id"]): r for _i, r in group.iterrows()}
    ids = list(rows)
    form = FormState(f"propose_{entity}_{ids[0]}")
    with st.form(form.key):
        form.top()
        cols = st.columns(2)
        with cols[0]:
            keep_id = form.select("keep_id", t("The record that stays"), ids, format_func=lambda i: _label(rows[i]))
        with cols[1]:
            merge_id = form.select("merge_id", t("Its twin"), ids, index=1, format_func=lambda i: _label(rows[i]))
        note = form.text("note", t("Note for your head"))
        if st.form_submit_button(t("Propose the merge"), icon=":material/call_merge:"):
            form.submit(propose_merge, t("Proposed: your head will merge them or say why not."),
                        entity=entity, keep_id=keep_id, merge_id=merge_id, note=note)


PROPOSALS_SHOWN = 10  # proposals listed at once (issue 19): the pager reaches the others


def proposals_block(proposals: pd.DataFrame, *, may_merge: bool) -> None:
    """Waiting proposals: for those who merge, each with Merge and Dismiss; for a manager, their own.
    Ten at a time, the oldest first."""
    st.subheader(t("Proposed merges"))
    if proposals.empty:
        st.caption(t("No proposed merges wait.") if may_merge else t("You have no proposals waiting."))
        return
    pager = Pager("dup_proposals_page", size=PROPOSALS_SHOWN)
    for r in proposals.iloc[pager.slice(len(proposals))].itertuples():
        with st.container(border=True):
            kind = t("Contacts") if r.entity == "contact" else t("Clients")
            st.markdown(f"**{kind}: {md_escape(blank(r.merge))} (#{r.merge_id}) → {md_escape(blank(r.keep))} "
                        f"(#{r.keep_id})**")
            parts = [f"{t('Proposed by')}: {md_escape(blank(r.proposed_by))}", datetime(r.created_at)]
            if r.entity == "contact":
                parts.insert(0, md_escape(blank(r.client)))
            if not missing(r.note) and r.note:
                parts.append(md_escape(r.note))
            st.caption(" · ".join(parts))
            if may_merge:
                _decide_form(r)
    pager.controls(len(proposals))


def _decide_form(r) -> None:
    form = FormState(f"decide_merge_{r.id}")
    with st.form(form.key):
        form.top()
        comment = form.text("comment", t("Comment"))
        cols = st.columns(2)
        merge = cols[0].form_submit_button(t("Merge"), icon=":material/merge:", type="primary")
        dismiss = cols[1].form_submit_button(t("Not twins: dismiss"), icon=":material/close:")
        done = t("Merged: {n} into {name}.", n=1, name=f"{blank(r.keep)} (#{r.keep_id})")
        if merge and r.entity == "contact":
            form.submit(merge_contacts, done, keep_id=int(r.keep_id), merge_ids=[int(r.merge_id)])
        elif merge:
            form.submit(merge_clients, done, keep_id=int(r.keep_id), merge_ids=[int(r.merge_id)])
        elif dismiss:
            form.submit(dismiss_merge, t("The proposal is dismissed."), proposal_id=int(r.id),
                        expected_version=int(r.version), comment=comment)
