"""The sections of a client's card, drawn from the cached loaders of queries.client_card."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from db.actions.clients import CLIENT_FIELDS
from db.models.fields import FieldSpec
from queries import client_card as q
from queries import completeness as completeness_q

from . import audit_text, charts, lists, tables
from .client_forms import ROLE_LABELS, role_label
from .data import loader
from .lang import code, date, datetime, money, number, t
from .text import blank, md_escape

get_client_card = loader(q.get_client_card)
holding = loader(q.holding)
contacts = loader(q.contacts)
timeline = loader(q.timeline)
open_tasks = loader(q.open_tasks)
deals = loader(q.deals)
shipments_by_group = loader(q.shipments_by_group)
credit = loader(q.credit)
change_history = loader(q.change_history)
completeness = loader(completeness_q.completeness)

ROLE_COLOURS = {"decision_maker": "#f4a261", "influencer": "#8ecae6", "gatekeeper": "#e9c46a", "user": "#d9d9d9"}


CARD_COLUMNS = ("requisites", "classification", "contact")  # the editable fields' groups, a column each


def shown_value(card: q.ClientCard, spec: FieldSpec) -> str:
    """A field's value as the card shows it: a reference by its name, a code in words."""
    value = getattr(card, spec.ref) if spec.ref else card.values[spec.name]
    if value is None or value == "":
        return "—"
    if spec.kind == "choice" and spec.codes:
        return code(spec.codes, value)
    if spec.kind == "money":
        return money(value)
    if spec.kind == "integer":
        return number(value)
    return str(value)


def requisites(card: q.ClientCard) -> None:
    """The editable fields by group: three columns, the addresses under them, the notes last."""
    def shown(spec: FieldSpec) -> str:
        if spec.name == "phone":  # tel: and mailto: links (issue 18)
            return lists.phone_md(card.values[spec.name])
        if spec.name == "email":
            return lists.email_md(card.values[spec.name])
        return md_escape(shown_value(card, spec))

    def lines(group: str) -> list[str]:
        return [f"**{t(s.label)}:** {shown(s)}" for s in CLIENT_FIELDS if s.group == group]

    for column, group in zip(st.columns(len(CARD_COLUMNS)), CARD_COLUMNS, strict=True):
        column.markdown("  \n".join(lines(group)))
    if any(card.values[s.name] for s in CLIENT_FIELDS if s.group == "address"):
        st.markdown("  \n".join(lines("address")))
    for spec in (s for s in CLIENT_FIELDS if s.group == "notes" and card.values[s.name]):
        st.info(md_escape(card.values[spec.name]), icon=":material/sticky_note_2:")


def _sum(value) -> str:
    """Money on a metric: whole roubles, kopecks only when there are any (131 999,50 stays exact)."""
    return money(value, kopecks=value != value.to_integral_value())


def credit_block(client_id: int) -> None:
    """The limit, the exposure the credit check counts — by part — and what is left; overdue debt under it."""
    c = credit(client_id=client_id)
    p = c.parts
    # Three to a row: six in one row cut the sums off ("1 810 0…") on a laptop's screen.
    cols = st.columns(3)
    cols[0].metric(t("Credit limit"), _sum(c.limit))
    cols[1].metric(t("Total exposure"), _sum(c.exposure),
                   help=t("Unpaid shipments + committed open deals + won, not shipped: what the credit check counts."))
    cols[2].metric(t("Available"), _sum(c.available))
    cols = st.columns(3)
    cols[0].metric(t("Unpaid shipments"), _sum(p.unpaid_shipments), help=t("Shipped and not yet paid."))
    cols[1].metric(t("Committed open deals"), _sum(p.committed_open),
                   help=t("Open deals at a committing stage (contract), less what was shipped against them."))
    cols[2].metric(t("Won, not shipped"), _sum(p.won_not_shipped),
                   help=t("Won deals less what was shipped against them."))
    cols = st.columns(3)
    cols[0].metric(t("Overdue"), _sum(c.overdue))
    cols[1].metric(t("Oldest overdue, days"), number(c.overdue_days))
    cols[2].metric(t("Payment deferral, days"), number(c.deferral_days))
    if c.blocked:
        st.error(t("Overdue debt {amount}, the oldest {days} days past due — more than the {limit} days allowed: "
                   "no deal can be committed (contract, won) until it is paid.", amount=_sum(c.overdue),
                   days=number(c.overdue_days), limit=number(c.block_days)), icon=":material/block:")
    if c.over_limit:
        st.error(t("Exposure {exposure} is over the credit limit {limit} by {excess}: committing to a deal "
                   "(contract, won) needs a head's approval.", exposure=_sum(c.exposure), limit=_sum(c.limit),
                   excess=_sum(-c.available)), icon=":material/warning:")
    elif c.overdue > 0 and not c.blocked:
        st.warning(t("Overdue payments: {amount}, the oldest {days} days.", amount=_sum(c.overdue),
                     days=number(c.overdue_days)), icon=":material/schedule:")


def completeness_block(client_id: int) -> None:
    df = completeness(client_ids=(client_id,))
    if df.empty:
        return
    row = df.iloc[0]
    st.progress(int(row["score"]) / 100, text=t("What we know about the client: {score} %", score=int(row["score"])))
    gaps = completeness_q.missing(row)
    if gaps:
        st.caption(t("Missing: ") + " · ".join(t(g) for g in gaps))


def decision_map(people: pd.DataFrame) -> None:
    """Who reports to whom, coloured by role in the decision, sized by influence."""
    if people.empty:
        st.info(t("No contacts yet."))
        return

    def esc(text) -> str:
        return blank(text, "").replace("\\", "\\\\").replace('"', '\\"')

    lines = ["digraph G {", 'rankdir=TB; node [shape=box, style="rounded,filled", fontname="sans-serif"];']
    for r in people.itertuples():
        influence = "" if pd.isna(r.influence) else f"\\n{esc(t('Influence'))}: {int(r.influence)}/5"
        label = f"{esc(r.full_name)}\\n{esc(r.position)}\\n{esc(role_label(r.decision_role))}{influence}"
        colour = ROLE_COLOURS.get(r.decision_role, "#ffffff")
        width = 1 + (0 if pd.isna(r.influence) else int(r.influence)) * 0.6
        lines.append(f'c{int(r.id)} [label="{label}", fillcolor="{colour}", penwidth={width}];')
    ids = set(people["id"])
    for r in people.itertuples():
        if not pd.isna(r.reports_to_id) and r.reports_to_id in ids:
            lines.append(f"c{int(r.reports_to_id)} -> c{int(r.id)};")
    lines.append("}")
    st.graphviz_chart("\n".join(lines), width="stretch")
    st.caption(" · ".join(f"{t(label)}" for label in ROLE_LABELS.values()) + " — " + t("colours in the map"))


def contacts_table(people: pd.DataFrame, edit_key: str | None = None) -> None:
    """The contacts; phones and e-mails are tel:/mailto: links. With `edit_key` (the key of the
    page's "Edit a contact" box), a click on a contact's row opens it for editing (issue 18)."""
    shown = people.assign(decision_role=people["decision_role"].map(role_label),
                          birthday=people["birthday"].map(lambda d: "—" if pd.isna(d) else date(d)))
    shown, links = lists.contact_links(shown)
    clicks: dict = {}
    if edit_key:
        table_key = f"{edit_key}_table"
        clicks = dict(key=table_key, selection_mode=lists.ROW_CLICK,
                      on_select=lists.pick_on_click(table_key, [int(i) for i in people["id"]], edit_key))
        st.caption(t("Click a contact to edit it; a phone or an e-mail to call or write."))
    # The phone and the e-mail next to the name: on a phone's screen they are in view without scrolling.
    tables.show(shown, links=links, labels={"full_name": t("Full name"), "phone": t("Phone"), "email": t("E-mail"),
                                            "position": t("Position"), "decision_role": t("Role in the decision"),
                                            "influence": t("Influence"), "reports_to": t("Reports to"),
                                            "birthday": t("Birthday"), "preferences": t("Preferences"),
                                            "character_notes": t("Character")}, integer=("influence",), **clicks)


KIND_ICONS = {"call": ":material/call:", "email": ":material/mail:", "meeting": ":material/groups:",
              "letter": ":material/markunread_mailbox:", "note": ":material/sticky_note_2:"}


def timeline_feed(events: pd.DataFrame, just_logged: int | None = None) -> None:
    """The history as a feed, newest first: what happened, when, who, with whom. The entry
    `just_logged` (the one this person has just logged) is marked, so it is seen at once."""
    if events.empty:
        st.info(t("No activities yet."))
        return
    for e in events.itertuples():
        new = just_logged is not None and int(e.id) == just_logged
        with st.container(border=True, key="just_logged" if new else None):
            head = [f"**{code('activity', e.kind)}**", datetime(e.occurred_at)]
            if new:
                head.insert(0, ":green-badge[:material/check: " + t("Just logged") + "]")
            # blank(): an empty cell is None, NaN or NaT by the way the frame was made, never "nan".
            if blank(e.who, ""):
                head.append(md_escape(e.who))
            if blank(e.contact, ""):
                head.append(t("with {name}", name=md_escape(e.contact)))
            st.markdown(f"{KIND_ICONS.get(e.kind, '')} " + " · ".join(head))
            st.markdown(f"**{md_escape(e.subject)}**")
            if blank(e.body, ""):
                st.markdown(md_escape(e.body))
            if blank(e.outcome, ""):
                st.caption(t("Outcome") + ": " + md_escape(e.outcome))


def deals_table(rows: pd.DataFrame) -> None:
    if rows.empty:
        st.info(t("No deals yet."))
        return
    shown = rows.assign(state=rows["state"].map(lambda s: code("deal state", s)),
                        expected_close_on=rows["expected_close_on"].map(lambda d: date(d) if not pd.isna(d) else "—"),
                        closed_at=rows["closed_at"].map(lambda d: datetime(d) if not pd.isna(d) else "—"))
    tables.show(shown, {"title": t("Deal"), "stage": t("Stage"), "state": t("Status"), "amount": t("Amount"),
                        "probability": t("Probability, %"), "expected_close_on": t("Expected close"),
                        "closed_at": t("Closed"), "owner": t("Manager"), "lost_reason": t("Lost reason")},
                money=("amount",), integer=("probability",))


def shipments_chart(client_id: int) -> None:
    data = shipments_by_group(client_id=client_id)
    if data.empty:
        st.info(t("No shipments in the last two years."))
        return
    data = data.assign(amount=data["amount"].astype(float), month=pd.to_datetime(data["month"]))
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("yearmonth(month):T", title=t("Month")),
        y=alt.Y("sum(amount):Q", title=t("Shipped")),
        color=alt.Color("group:N", title=t("Product group")),
        tooltip=[alt.Tooltip("yearmonth(month):T", title=t("Month")), alt.Tooltip("group:N", title=t("Product group")),
                 alt.Tooltip("sum(amount):Q", title=t("Shipped"), format=",.0f")],
    ).properties(height=320)
    charts.show(chart)
    by_group = data.groupby("group", as_index=False)["amount"].sum().sort_values("amount", ascending=False)
    tables.show(by_group, {"group": t("Product group"), "amount": t("Shipped in two years")}, money=("amount",))


def holding_block(client_id: int) -> None:
    members = holding(client_id=client_id)
    if len(members) <= 1:
        st.info(t("The client is not part of a holding."))
        return
    if members.attrs.get("partial"):  # what the viewer may see only: the rest would be a hidden member's figure
        st.metric(t("Holding shipments this year, members you see"), money(members.attrs.get("total", 0)),
                  help=t("Only the members whose figures you see count here; other managers' members are left out."))
    else:
        st.metric(t("Holding shipments this year"), money(members.attrs.get("total", 0)),
                  help=t("All members count here, including those of other managers."))
    shown = members.assign(
        name=[("　" * int(d)) + ("▸ " if d else "") + n + (" ★" if cur else "")
              for n, d, cur in zip(members["name"], members["depth"], members["is_current"], strict=True)],
        # Text, not numbers: another manager's figure is "—", not an empty number.
        shipped_year=[money(s) if v else "—" for s, v in zip(members["shipped_year"], members["visible"], strict=True)],
    )
    shown.attrs = {}  # the total (a Decimal) is not table metadata Arrow can carry
    tables.show(shown, {"name": t("Company"), "owner": t("Manager"), "shipped_year": t("Shipped this year")})
    st.caption(t("★ this client. Members of other managers show their name and manager only."))


def history_table(client_id: int) -> None:
    rows = change_history(client_id=client_id)
    if rows.empty:
        st.info(t("No changes recorded."))
        return
    audit_text.show(rows)
