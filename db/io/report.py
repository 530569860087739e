"""An import's outcome in words: the summary lines and the file of rejected rows.

`translate(message_id, **params)` puts messages in the reader's language
(the wizard passes ui.lang.t, the command line i18n.translate).
"""
from __future__ import annotations

import io
from collections.abc import Callable

from i18n import N_

from .export import write_csv
from .importer import Rejected, Summary
from .kinds import KINDS
from .mapping import columns_used, normalise
from .reading import SEPARATORS, encoding_label
from .values import DATE_FORMATS

Translate = Callable[..., str]


def field_label(kind: str, field: str | None, translate: Translate) -> str:
    for f in KINDS[kind].fields:
        if f.name == field:
            return translate(f.label)
    return field or ""


def reason_text(summary: Summary, reason: tuple, translate: Translate) -> str:
    """"Stage (deal_stage): No stage Pending in the funnel…" — the field, its column, what is wrong."""
    field, message, params = reason
    text = translate(message, **params)
    if not field:
        return text
    label = field_label(summary.kind, field, translate)
    column = summary.sources.get(field)
    same = column and normalise(column).replace(" ", "") == normalise(label).replace(" ", "")
    where = f"{label} ({column})" if column and not same else label
    return f"{where}: {text}"


def reasons_text(summary: Summary, rejected: Rejected, translate: Translate) -> str:
    return "; ".join(reason_text(summary, r, translate) for r in rejected.reasons)


def rejected_table(summary: Summary, translate: Translate) -> tuple[list[str], list[list]]:
    """The rejected rows as they were in the file, every cell of them, with the row number and the reasons
    in front. A row wider than the header keeps its extra cells, under "column N" (and shorter rows are
    padded), so a fixed file imports again with nothing lost."""
    width = max([len(summary.columns), *(len(r.cells) for r in summary.rejected)])
    extra = [translate("column {n}", n=n) for n in range(len(summary.columns) + 1, width + 1)]
    header = [translate("Row"), translate("Why rejected"), *summary.columns, *extra]
    rows = [[r.number, reasons_text(summary, r, translate), *r.cells, *[""] * (width - len(r.cells))]
            for r in summary.rejected]
    return header, rows


def columns_table(summary: Summary, translate: Translate) -> list[tuple[str, str]]:
    """(field, what feeds it) for every field the import fills: a column, a template, or "= default"."""
    return [(field_label(summary.kind, f, translate), source) for f, source in summary.sources.items()]


def unused_columns(summary: Summary) -> list[str]:
    """The file's columns no field reads (a header that matched nothing is not imported: said, not silent)."""
    used = set()
    for source in summary.sources.values():
        if source in summary.columns:
            used.add(source)
        elif not source.startswith("="):  # a template's columns; "=…" is a default
            used.update(columns_used([{"template": source}]))
    return [c for c in summary.columns if c not in used]


def columns_lines(summary: Summary, translate: Translate) -> list[str]:
    """The columns table as text: "  Name ← Company" per field, then the columns not used (what a dry run
    prints)."""
    rows = columns_table(summary, translate)
    width = max((len(label) for label, _ in rows), default=0)
    lines = [translate("Fields and the columns they come from:"),
             *(f"  {label:<{width}} ← {source}" for label, source in rows)]
    unused = unused_columns(summary)
    if unused:
        lines.append(translate("Columns not imported: {columns}", columns=", ".join(unused)))
    return lines


def rejected_csv(summary: Summary, translate: Translate, *, separator: str | None = None) -> bytes:
    """The rejected rows as a CSV to fix and import again (the extra columns are ignored then)."""
    header, rows = rejected_table(summary, translate)
    out = io.StringIO(newline="")
    write_csv(out, header, rows, [""] * len(header), separator=separator or summary.detected.get("separator") or ",")
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def detected_text(summary_or_table, translate: Translate) -> str:
    d = summary_or_table if isinstance(summary_or_table, dict) else summary_or_table.detected
    if d.get("format") == "xlsx":
        return translate("Excel workbook; dates {dates}, decimal mark «{mark}»",
                         dates=DATE_FORMATS.get(d["dates"], d["dates"]), mark=d["decimal"])
    return translate("CSV, {encoding}, separator «{separator}», decimal mark «{mark}», dates {dates}",
                     encoding=translate(encoding_label(d["encoding"])),
                     separator=translate(SEPARATORS.get(d["separator"], d["separator"])),
                     mark=d["decimal"], dates=DATE_FORMATS.get(d["dates"], d["dates"]))


def summary_lines(summary: Summary, translate: Translate) -> list[str]:
    kind = translate(KINDS[summary.kind].label)
    lines = [translate("{kind} from {file}: {rows} rows", kind=kind, file=summary.file, rows=summary.rows),
             "  " + detected_text(summary, translate),
             translate("  created {n}", n=summary.created),
             translate("  updated {n}", n=summary.updated),
             translate("  unchanged {n}", n=summary.unchanged),
             translate("  rejected {n}", n=len(summary.rejected))]
    if summary.merged:
        lines.append(translate("  lines added to a deal of an earlier row {n}", n=summary.merged))
    if summary.repeated:
        lines.append(translate("  rows repeating an earlier row (not written again) {n}", n=summary.repeated))
    if summary.held_back:
        lines.append(translate("  not imported (all or nothing: some rows were rejected) {n}", n=summary.held_back))
    if summary.blank:
        lines.append(translate("  empty lines skipped {n}", n=summary.blank))
    for name, n in {**summary.new_refs, **summary.extra}.items():
        if n:
            lines.append(translate("  also: {what} {n}", what=translate(EXTRA_NAMES.get(name, name)), n=n))
    if summary.dry_run:
        lines.append(translate("  a dry run: nothing was written"))
        lines.extend(columns_lines(summary, translate))
    if summary.resumed:
        lines.append("  " + resume_text(summary, translate))
    return lines


def resume_text(summary: Summary, translate: Translate) -> str:
    """Said when the run took over an unfinished run of the same file (killed, or stopped by an error)."""
    r = summary.resumed or {}
    return translate("This run resumed the unfinished import of the same file started at {at} ({batches} batches, "
                     "{rows} rows committed then): those rows were matched by their key, not duplicated.",
                     at=str(r.get("at", "")).replace("T", " ")[:16], batches=r.get("batches", 0),
                     rows=r.get("rows", 0))


EXTRA_NAMES = {"industries": N_("new industries"), "territories": N_("new territories"),
               "product_groups": N_("new product groups"), "departments": N_("new departments"),
               "heads_added": N_("new heads of departments"),
               "clients_assigned": N_("clients given to the manager with most of their deals")}
