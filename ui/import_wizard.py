"""The import wizard's pieces: the file as a table (kept across reruns), the file's distinct
values, the mapping built from the widgets, and the run with a progress bar.

The uploaded file is read once per choice of settings and kept in the
session; a check (a dry run) or an import runs as the signed-in person,
inside their access, through db/io — the same code as the command line.
"""
from __future__ import annotations

import hashlib
from collections import Counter

import streamlit as st

from db.access import Can, can
from db.io.importer import Summary, import_table
from db.io.kinds import KINDS
from db.io.mapping import Mapping, auto_columns, column_reader
from db.io.reading import ReadOptions, Table, read_table
from db.session import write_session

from .boot import engine
from .data import current_viewer, refresh_generation

AS_IS = "\u0000as-is"  # a value left as the file has it (an unknown reference is then added, or refused)
TEMPLATE = "\u0000template"
_TABLES = "imp.tables"
MAX_VALUES = 40  # distinct values offered for translation, the most frequent first


def kinds_for_viewer() -> list[str]:
    viewer = current_viewer()
    return [name for name, kind in KINDS.items() if can(viewer, kind.capability) and can(viewer, Can.IMPORT)]


def file_key(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:16]


def open_table(data: bytes, name: str, options: dict) -> Table:
    """The file as a table, read once per file and settings (FileProblem for a file that cannot be used)."""
    key = (file_key(data), tuple(sorted(options.items())))
    tables = st.session_state.setdefault(_TABLES, {})
    if key not in tables:
        tables.clear()  # one file at a time: a new upload frees the last one
        tables[key] = read_table(data, name, ReadOptions.from_dict(options))
    return tables[key]


def mapping_from_file(data: bytes, kind: str) -> Mapping:
    """A mapping JSON uploaded next to the file (FileProblem when it is not one, or for another kind)."""
    import json

    from db.io.reading import FileProblem

    try:
        mapping = Mapping.from_dict(json.loads(data.decode("utf-8-sig")), kind=kind)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FileProblem("The mapping file cannot be read: {problem}", problem=str(exc)) from None
    if mapping.kind != kind:
        raise FileProblem("The mapping is for {kind}, not for {wanted}.", kind=mapping.kind, wanted=kind)
    return mapping


def default_columns(kind: str, table: Table, saved: Mapping | None) -> dict[str, str | dict]:
    """Columns from the saved mapping where the file has them, else matched by header."""
    fields = KINDS[kind].fields
    given = saved.columns if saved else {}
    named = {f: s for f, s in given.items() if isinstance(s, dict) or s in table.columns}
    cleared = {f for f, s in given.items() if s in (None, "")}  # "not from the file", said in the mapping
    # A column the saved mapping uses feeds no second field by its header (issue 16, item 2).
    return {**auto_columns([f for f in fields if f.name not in named and f.name not in cleared], table.columns,
                           list(named.values())),
            **named}


def distinct_values(table: Table, source) -> list[tuple[str, int]]:
    """The most frequent values of a column (or template) in the whole file."""
    key = ("imp.values", id(table), str(source))
    if key not in st.session_state:
        read = column_reader(source, {h: i for i, h in enumerate(table.columns)})
        counts = Counter(str(v).strip() for _, cells in table.rows() if cells and (v := read(cells)) is not None)
        st.session_state[key] = counts.most_common(MAX_VALUES)
    return st.session_state[key]


def build_mapping(kind: str, columns: dict, values: dict, key: str | None, options: dict,
                  saved: Mapping | None, cleared: set[str] | frozenset[str] = frozenset()) -> Mapping:
    """The mapping the widgets describe; of a saved mapping, the defaults, options and translations
    the widgets do not show (values past the most frequent, fields without a values step) carry over.
    `cleared`: fields the person set to no column although a header matched them; the mapping says so
    (`"field": null`), or the import would match the header again."""
    translations = {f: dict(m) for f, m in (saved.values if saved else {}).items()}
    for f, shown in values.items():
        for value, ours in shown.items():
            translations.setdefault(f, {}).pop(value, None)
            if ours != AS_IS:
                translations[f][value] = ours
    return Mapping(kind=kind, columns={f: c or None for f, c in columns.items() if c or f in cleared},
                   values={f: m for f, m in translations.items() if m},
                   defaults=dict(saved.defaults) if saved else {}, key=key,
                   options={**(saved.options if saved else {}), **options})


def run(data: bytes, name: str, read_options: dict, mapping: Mapping, *, dry_run: bool, mode: str,
        progress=None) -> Summary:
    """Check or import as the signed-in person; the caches see the result at once."""
    table = open_table(data, name, read_options)
    with write_session(engine()) as session:
        summary = import_table(session, current_viewer(), table=table, mapping=mapping, dry_run=dry_run,
                               mode=mode, progress=progress)
    if not dry_run:
        refresh_generation()
    return summary
