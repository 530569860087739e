"""Import (head, admin): upload, confirm the file's settings, map columns and values, check, import."""
import json

import pandas as pd
import streamlit as st

from db.actions.imports import save_import_mapping
from db.errors import DomainError
from db.io.kinds import KINDS
from db.io.mapping import Mapping, normalise
from db.io.reading import (
    ENCODINGS,
    SEPARATORS,
    DatesUnsure,
    EncodingUnsure,
    codec_name,
    date_order,
    encoding_label,
)
from db.io.report import (
    EXTRA_NAMES,
    columns_table,
    detected_text,
    reason_text,
    rejected_csv,
    rejected_table,
    resume_text,
    unused_columns,
)
from db.io.values import DATE_FORMATS
from i18n import N_
from queries import imports
from ui import import_wizard as wizard
from ui.client_forms import role_label
from ui.data import loader
from ui.forms import FormState, show_flash
from ui.lang import code, error_text, number, t
from ui.text import EMPTY, md_escape

list_import_mappings = loader(imports.list_import_mappings)
reference_values = loader(imports.reference_values)

MODES = {"good_rows": N_("Import the good rows, return the bad ones"),
         "all_or_nothing": N_("All or nothing: import only if every row is good")}
CODES = {"role": lambda v: code("role", v), "size_segment": lambda v: code("size segment", v),
         "decision_role": role_label}

st.title(t("Import"))
show_flash()
st.caption(t("Clients, contacts, deals, shipments, products and people from Excel (.xlsx) or CSV. "
             "Large files: python -m db.io import (see README)."))

kinds = wizard.kinds_for_viewer()
top = st.columns([2, 2, 3])
kind = top[0].selectbox(t("What to import"), kinds, format_func=lambda k: t(KINDS[k].label), key="imp_kind")
saved_df = list_import_mappings(kind=kind)
saved_names = list(saved_df["name"])
saved_name = top[1].selectbox(t("Saved mapping"), [None, *saved_names], placeholder=t("none"), key=f"imp_saved.{kind}",
                              format_func=lambda n: n or t("none"))
saved = None
if saved_name:
    saved = Mapping.from_dict(saved_df.set_index("name").loc[saved_name, "mapping"], kind=kind)
upload = top[2].file_uploader(t("File"), type=["xlsx", "xls", "csv", "txt", "tsv"], key="imp_file")
with st.expander(t("A mapping file (JSON), as for the command line"), icon=":material/data_object:"):
    mapping_file = st.file_uploader(t("Mapping"), type=["json"], key=f"imp_mapping_file.{kind}")
    if mapping_file is not None:
        try:
            saved = wizard.mapping_from_file(mapping_file.getvalue(), kind)
            saved_name = mapping_file.name
        except DomainError as exc:
            st.error(error_text(exc), icon=":material/error:")
if upload is None:
    st.info(t("Upload a file: the first row holds the column names. Encoding, separator, decimal mark and "
              "date format are detected; you confirm them and map the columns before anything is written."))
    st.stop()
data = upload.getvalue()
fkey = wizard.file_key(data)

# --- 1. the file ---------------------------------------------------------------
st.subheader(t("1. The file"))
auto = t("detected")
cols = st.columns(4)
given = saved.options if saved else {}  # a saved mapping may fix the file's settings


def given_setting(name: str):
    """A saved mapping's setting, in the selectbox's own terms ("latin-1" → "iso8859-1", "D/M/YYYY" →
    "dmy_slash", "tab" → a tab); one that means nothing is shown as it is and refused when the file is read."""
    value = given.get(name)
    if not value or value == "auto":
        return None
    try:
        if name == "encoding":
            return codec_name(str(value))
        if name == "dates":
            return date_order(str(value))
    except DomainError:
        return value
    return "\t" if name == "separator" and value in ("tab", "\\t") else value


def setting(i: int, name: str, label: str, choices: list, fmt):
    options = ["auto", *choices]
    chosen = given_setting(name)
    if chosen is not None and chosen not in options:  # e.g. an encoding outside the list
        options.append(chosen)
    start = options.index(chosen) if chosen is not None else 0
    return cols[i].selectbox(label, options, index=start, key=f"imp_{name}.{saved_name}",
                             format_func=lambda o: auto if o == "auto" else fmt(o))


read_options = {
    "encoding": setting(0, "encoding", t("Encoding"), list(ENCODINGS), lambda e: t(encoding_label(e))),
    "separator": setting(1, "separator", t("Separator"), list(SEPARATORS), lambda x: t(SEPARATORS.get(x, x))),
    "decimal": setting(2, "decimal", t("Decimal mark"), [".", ","], str),
    "dates": setting(3, "dates", t("Dates"), list(DATE_FORMATS), lambda d: DATE_FORMATS.get(d, d)),
}


def choose(name: str, value: str) -> None:
    st.session_state[f"imp_{name}.{saved_name}"] = value


try:
    table = wizard.open_table(data, upload.name, read_options)
except EncodingUnsure as exc:
    # Detection cannot tell: the person picks the reading that shows the names right.
    st.warning(t("The encoding is uncertain: the file reads in more than one way. Choose the one in which "
                 "the names look right."), icon=":material/help:")
    for encoding, lines in exc.candidates:
        st.markdown(f"**{md_escape(t(encoding_label(encoding)))}**")
        st.code("\n".join(lines), language=None)
        st.button(t("Read as {encoding}", encoding=t(encoding_label(encoding))), key=f"imp_pick_enc.{encoding}",
                  on_click=choose, args=("encoding", encoding))
    st.stop()
except DatesUnsure as exc:
    st.warning(t("Every date in the file reads both as day/month and as month/day ({examples}). Which is it?",
                 examples=", ".join(exc.examples)), icon=":material/help:")
    pick = st.columns(4)
    for i, order in enumerate(("dmy_slash", "mdy")):
        pick[i].button(DATE_FORMATS[order], key=f"imp_pick_dates.{order}", on_click=choose, args=("dates", order))
    st.stop()
except DomainError as exc:
    st.error(error_text(exc), icon=":material/error:")
    st.stop()
st.caption(t("Read as: {how}. About {n} rows.", how=detected_text(
    {"format": table.format, "encoding": table.encoding, "separator": table.separator, "decimal": table.decimal,
     "dates": table.dates}, t), n=number(table.approx_rows)))
sample = pd.DataFrame([(cells + [""] * len(table.columns))[:len(table.columns)] for cells in table.sample(5)],
                      columns=table.columns).astype(str)
st.dataframe(sample, hide_index=True, width="stretch", placeholder=EMPTY)

# --- 2. columns ----------------------------------------------------------------
st.subheader(t("2. Columns"))
spec = KINDS[kind]
defaults = wizard.default_columns(kind, table, saved)
columns: dict = {}
with st.form(f"imp_columns.{kind}.{fkey}", border=False):
    grid = st.columns(3)
    for i, f in enumerate(spec.fields):
        source = defaults.get(f.name)
        options = [None, *table.columns] + ([wizard.TEMPLATE] if isinstance(source, dict) else [])
        current = wizard.TEMPLATE if isinstance(source, dict) else source
        index = options.index(current) if current in options else 0
        label = t(f.label) + (" *" if f.required else "")
        chosen = grid[i % 3].selectbox(label, options, placeholder="—", index=index,
                                       key=f"imp_col.{kind}.{fkey}.{f.name}",
                                       format_func=lambda c, s=source: "—" if c is None else (
                                           t("template: {template}", template=s["template"])
                                           if c == wizard.TEMPLATE else c))
        columns[f.name] = source if chosen == wizard.TEMPLATE else chosen
    keys = list(spec.keys)
    key_default = saved.key if saved and saved.key in keys else next((k for k in keys if columns.get(k)), keys[0])
    key = st.selectbox(t("Match existing records by"), keys, index=keys.index(key_default),
                       format_func=lambda k: t(next(f.label for f in spec.fields if f.name == k)),
                       key=f"imp_key.{kind}.{fkey}")
    st.form_submit_button(t("Apply the columns"), icon=":material/view_column:")

# --- 3. values -----------------------------------------------------------------
values: dict[str, dict[str, str]] = {}
step = 3  # the values step is there only when a column needs its values translated
ours_all = reference_values(kind=kind)
value_fields = [f for f in spec.fields if f.values and columns.get(f.name) and f.name in ours_all]
if value_fields:
    st.subheader(t("3. Values"))
    step = 4
    st.caption(t("How the file's values become ours. Left as in the file, an unknown industry, territory, "
                 "group or department is added; an unknown stage, product or person is refused."))
    with st.form(f"imp_values.{kind}.{fkey}", border=False):
        for f in value_fields:
            ours = ours_all[f.name]
            fmt = CODES.get(f.name, lambda v: v)
            source = columns[f.name]
            st.markdown(f"**{t(f.label)}** · {md_escape(source if isinstance(source, str) else source['template'])}")
            grid = st.columns(4)
            folded = {normalise(o): o for o in ours}
            for i, (value, count) in enumerate(wizard.distinct_values(table, source)):
                if not value:
                    continue
                before = (saved.values.get(f.name, {}) if saved else {}).get(value)
                # A saved translation to a name we do not have yet (it will be added) stays on offer.
                extra = [before] if before and before not in ours else []
                default = before if before else folded.get(normalise(value), wizard.AS_IS)
                options = [wizard.AS_IS, *extra, *ours]
                values.setdefault(f.name, {})[value] = grid[i % 4].selectbox(
                    f"{md_escape(value)} ({number(count)})", options, index=options.index(default),
                    key=f"imp_val.{kind}.{fkey}.{f.name}.{value}",
                    format_func=lambda o, fmt=fmt, new=set(extra): t("as in the file") if o == wizard.AS_IS
                    else t("{name} (new)", name=o) if o in new else fmt(o))
        st.form_submit_button(t("Apply the values"), icon=":material/translate:")

mapping = wizard.build_mapping(kind, columns, values, key, {}, saved,
                              cleared={f for f, c in columns.items() if not c and defaults.get(f)})

# --- check and import --------------------------------------------------------------
st.subheader(t("{step}. Check and import", step=step))
mode = st.radio(t("Rows with errors"), list(MODES), format_func=lambda m: t(MODES[m]), key="imp_mode",
                horizontal=True)
fingerprint = (fkey, kind, mode, json.dumps(mapping.to_dict(), sort_keys=True, default=str),
               json.dumps(read_options, sort_keys=True))
left, right, _ = st.columns([1, 1, 4])
check = left.button(t("Check the file"), icon=":material/fact_check:")
go = right.button(t("Import"), type="primary", icon=":material/upload:")
if check or go:
    bar = st.progress(0.0, text=t("Reading and checking…") if check else t("Importing…"))
    try:
        result = wizard.run(data, upload.name, read_options, mapping, dry_run=check, mode=mode,
                            progress=lambda done, total: bar.progress(min(1.0, done / total),
                                                                      text=t("{done} of about {total} rows",
                                                                             done=number(done), total=number(total))))
    except DomainError as exc:
        bar.empty()
        st.error(error_text(exc), icon=":material/error:")
        st.stop()
    bar.empty()
    st.session_state["imp.result"] = (fingerprint, result)

shown = st.session_state.get("imp.result")
if shown and (shown[0] == fingerprint or not shown[1].dry_run):
    summary = shown[1]
    if summary.dry_run:
        st.info(t("A check: nothing was written. This is what an import would do."), icon=":material/fact_check:")
    elif summary.held_back:
        st.warning(t("Nothing was imported: {n} rows have errors and you chose all or nothing.",
                     n=number(len(summary.rejected))), icon=":material/block:")
    else:
        st.success(t("Imported from {file}.", file=md_escape(summary.file)), icon=":material/check_circle:")
        if summary.resumed:
            st.info(resume_text(summary, t), icon=":material/history:")
    m = st.columns(5)
    m[0].metric(t("Rows"), number(summary.rows))
    m[1].metric(t("Created"), number(summary.created))
    m[2].metric(t("Updated"), number(summary.updated))
    m[3].metric(t("Unchanged"), number(summary.unchanged))
    m[4].metric(t("Rejected"), number(len(summary.rejected)))
    extras = [t("{what}: {n}", what=t(EXTRA_NAMES.get(k, k)), n=number(n))
              for k, n in {**summary.new_refs, **summary.extra}.items() if n]
    if summary.merged:
        extras.append(t("lines added to a deal of an earlier row: {n}", n=number(summary.merged)))
    if summary.repeated:
        extras.append(t("rows repeating an earlier row (not written again): {n}", n=number(summary.repeated)))
    if summary.held_back:
        extras.append(t("good rows not imported: {n}", n=number(summary.held_back)))
    if extras:
        st.caption(" · ".join(extras))
    if summary.dry_run:  # the final field ← column table: what feeds what, auto-matched columns included
        with st.expander(t("Fields and the columns they come from"), icon=":material/view_column:"):
            st.dataframe(pd.DataFrame(columns_table(summary, t), columns=[t("Field"), t("Column")]),
                         hide_index=True, width="stretch", placeholder=EMPTY)
            if unused := unused_columns(summary):
                st.caption(t("Columns not imported: {columns}", columns=", ".join(unused)))
    if summary.rejected:
        header, rows = rejected_table(summary, t)
        st.dataframe(pd.DataFrame(rows[:500], columns=header).astype(str), hide_index=True, width="stretch",
                     placeholder=EMPTY,
                     column_config={header[1]: st.column_config.TextColumn(width="large")})
        st.download_button(t("Download the rejected rows"), rejected_csv(summary, t),
                           file_name=f"{upload.name.rsplit('.', 1)[0]}.rejected.csv", mime="text/csv",
                           icon=":material/download:", on_click="ignore", key="imp_rejected")
        first = summary.rejected[0]
        st.caption(t("First problem, row {row}: {reason}", row=first.number,
                     reason=reason_text(summary, first.reasons[0], t)))

# --- saving the mapping --------------------------------------------------------------
with st.expander(t("Save this mapping for next time"), icon=":material/bookmark_add:"):
    form = FormState(f"imp_save.{kind}")
    with st.form(form.key):
        form.top()
        name = form.text("name", t("Name"), value=saved_name or "")
        if st.form_submit_button(t("Save the mapping")):
            form.submit(save_import_mapping, t("The mapping is saved."), kind=kind, name=name,
                        mapping=mapping.to_dict())
