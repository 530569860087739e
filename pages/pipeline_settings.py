"""Funnel settings (administrator): the stages — order, probability, won/lost, committing — discount caps and
the credit rule (after how many days overdue debt blocks committing moves)."""
import streamlit as st

from db.actions.credit_settings import save_credit_rules
from db.actions.pipeline import CAP_ROLES, save_stage, set_discount_caps
from queries import pipeline
from ui import tables
from ui.data import loader
from ui.forms import FormState, show_flash
from ui.lang import code, t

stage_settings = loader(pipeline.stage_settings)
discount_caps = loader(pipeline.discount_caps)
overdue_block_days = loader(pipeline.overdue_block_days)

st.title(t("Funnel settings"))
show_flash()
stages = stage_settings()
tables.show(stages.assign(kind=[t("Won") if w else t("Lost") if lo else t("Open")
                                for w, lo in zip(stages["is_won"], stages["is_lost"], strict=True)],
                          is_committing=stages["is_committing"].map(lambda c: t("yes") if c else ""),
                          active=stages["active"].map(lambda a: "" if a else t("switched off"))),
            {"position": "#", "name": t("Stage"), "default_probability": t("Probability, %"), "kind": t("Kind"),
             "is_committing": t("Commits (credit check)"), "active": t("Status"), "open_deals": t("Open deals")},
            integer=("position", "default_probability", "open_deals"))
st.caption(t("A new probability applies to the moves made from then on. Moving a deal into a committing stage "
             "checks the client's credit limit."))


def stage_form(row=None) -> None:
    key = "stage_new" if row is None else f"stage_{int(row['id'])}_{int(row['version'])}"
    form = FormState(key)
    with st.form(form.key):
        form.top()
        c1, c2, c3 = st.columns([3, 1, 1])
        with c1:
            name = form.text("name", t("Name"), value="" if row is None else row["name"], max_chars=200)
        with c2:
            position = form.number("position", t("Place in the order"), step=1,
                                   value=len(stages) + 1 if row is None else int(row["position"]))
        with c3:
            probability = form.number("default_probability", t("Probability, %"), step=5,
                                      value=0 if row is None else int(row["default_probability"]))
        c = st.columns(4)
        is_won = c[0].checkbox(t("Won"), value=False if row is None else bool(row["is_won"]), key=form.field("is_won"))
        is_lost = c[1].checkbox(t("Lost"), value=False if row is None else bool(row["is_lost"]),
                                key=form.field("is_lost"))
        committing = c[2].checkbox(t("Commits (credit check)"), key=form.field("is_committing"),
                                   value=False if row is None else bool(row["is_committing"]))
        active = c[3].checkbox(t("Active"), value=True if row is None else bool(row["active"]),
                               key=form.field("active"))
        for field in ("is_won", "is_lost", "is_committing", "active"):
            form.slot(field)
        if st.form_submit_button(t("Add the stage") if row is None else t("Save"), type="primary"):
            form.submit(save_stage, t("Saved."), stage_id=None if row is None else int(row["id"]),
                        expected_version=None if row is None else int(row["version"]), name=name, position=position,
                        default_probability=probability, is_won=is_won, is_lost=is_lost, is_committing=committing,
                        active=active)


by_id = stages.set_index("id", drop=False)
chosen = st.selectbox(t("Change a stage"), list(by_id.index), index=None, placeholder=t("Choose a stage"),
                      format_func=lambda i: f"{by_id.loc[i, 'position']}. {by_id.loc[i, 'name']}", key="stage_pick")
if chosen is not None:
    stage_form(by_id.loc[chosen])
with st.expander(t("Add a stage"), icon=":material/add:"):
    stage_form()

st.subheader(t("Discount caps"))
st.caption(t("The largest discount each role gives without approval; above it, a head (or the director) decides."))
caps = discount_caps().set_index("role")
form = FormState("discount_caps_" + "_".join(str(int(v)) for v in caps["version"]))
with st.form(form.key):
    form.top()
    cols = st.columns(len(CAP_ROLES))
    values = {}
    for col, role in zip(cols, CAP_ROLES, strict=True):
        with col:
            current = float(caps.loc[role.value, "max_discount_pct"]) if role.value in caps.index else 0.0
            values[role.value] = form.number(role.value, t("{role}, %", role=code("role", role)),
                                             value=current, step=0.5, format="%g")
    if st.form_submit_button(t("Save"), type="primary"):
        form.submit(set_discount_caps, t("Saved."), caps=values,
                    expected_versions={r: int(v) for r, v in caps["version"].items()})

st.subheader(t("Credit rules"))
st.caption(t("Exposure = unpaid shipments + open deals at committing stages + won deals not yet shipped; a committing "
             "move past the client's credit limit needs a head's approval. Overdue debt more days past due than "
             "this blocks committing moves outright (0: any overdue debt blocks)."))
block_days, block_saved = overdue_block_days()
form = FormState(f"credit_rules_{block_saved.timestamp() if block_saved else 0}")
with st.form(form.key):
    form.top()
    days = form.number("overdue_block_days", t("Overdue debt blocks committing after, days"), value=block_days,
                       min_value=0, max_value=3650, step=1)
    if st.form_submit_button(t("Save"), type="primary"):
        form.submit(save_credit_rules, t("Saved."), overdue_block_days=days, expected_updated_at=block_saved)
