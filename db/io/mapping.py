"""Which column feeds which field, how the file's values translate to ours, and defaults.

The mapping is plain JSON, saved in `import_mappings` by the wizard or kept in a
file for the command line (the format is documented in README.md):

    {
      "kind": "deals",
      "key": "external_id",
      "columns": {"external_id": "opportunity_id", "client": "account",
                  "title": {"template": "{product} {opportunity_id}"}},
      "values": {"stage": {"Prospecting": "Lead", "Engaging": "Qualification"}},
      "defaults": {"quantity": "1"},
      "options": {"mode": "good_rows", "decimal": "auto", "dates": "auto"}
    }

A column is named as in the file's header; a template joins several. A cell
is read in this order: a null marker (options "null_values", NULL_VALUES by
default) becomes empty; a template joins its columns, leaving out an empty part
with the separator before it; value translations apply to the text (exactly,
then ignoring case), a translation to "" empties it; a default fills what is
empty. Defaults also fill fields no column feeds. Columns the mapping does not
use are matched to the fields it does not name by header (the field's name,
English label or a known alias), so an export of ours imports back without any
mapping; a column the mapping uses never feeds a second field that way.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .reading import FileProblem

MODES = ("good_rows", "all_or_nothing")
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
# Cells that mean "no value" unless the mapping says otherwise (options "null_values", a list; [] for none).
# Compared with the cell's text stripped, case and all. "—" (an em dash: "none" in Russian reports) is; "-" is
# not: in a yes/no column it means no.
NULL_VALUES = ("NULL", "null", "Null", "N/A", "n/a", "#N/A", "None", "NaN", "—")
# What is left at either end of a template's text when the part there is empty ("; Fax: 12" → "Fax: 12").
_LEADING = re.compile(r"^[\s,;:/|\-–—)\]]+")
_TRAILING = re.compile(r"[\s,;:/|\-–—(\[]+$")


@dataclass
class Mapping:
    kind: str
    columns: dict[str, str | dict] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    key: str | None = None
    options: dict = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict, *, kind: str | None = None) -> Mapping:
        if not isinstance(data, dict):
            raise FileProblem("The mapping is not a JSON object.")
        kind = data.get("kind") or kind
        if not kind:
            raise FileProblem("The mapping does not say which kind of records it is for (\"kind\").")
        for part in ("columns", "values", "defaults", "options"):
            if not isinstance(data.get(part, {}), dict):
                raise FileProblem("The mapping's \"{part}\" must be a JSON object.", part=part)
        return cls(kind=kind, columns=dict(data.get("columns", {})),
                   values={f: {str(k): "" if v is None else str(v) for k, v in m.items()}
                           for f, m in data.get("values", {}).items() if isinstance(m, dict)},
                   defaults={f: "" if v is None else str(v) for f, v in data.get("defaults", {}).items()},
                   key=data.get("key") or None, options=dict(data.get("options", {})))

    @classmethod
    def load(cls, path: str | Path, *, kind: str | None = None) -> Mapping:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as exc:
            raise FileProblem("The mapping file cannot be read: {problem}", problem=str(exc)) from None
        return cls.from_dict(data, kind=kind)

    def to_dict(self) -> dict:
        out = {"kind": self.kind, "key": self.key, "columns": self.columns, "values": self.values,
               "defaults": self.defaults, "options": self.options}
        return {k: v for k, v in out.items() if v not in (None, {}, "")}

    @property
    def mode(self) -> str:
        mode = self.options.get("mode", "good_rows")
        return mode if mode in MODES else "good_rows"

    @property
    def null_values(self) -> frozenset[str]:
        """The cells read as empty: options "null_values" (a list, or one string), else NULL_VALUES."""
        given = self.options.get("null_values")
        if given is None:
            return frozenset(NULL_VALUES)
        if isinstance(given, str):
            given = [given]
        if not isinstance(given, list):
            raise FileProblem("The mapping's \"null_values\" must be a list of texts, such as [\"NULL\", \"N/A\"].")
        return frozenset(str(v).strip() for v in given if v is not None and str(v).strip())


def normalise(text) -> str:
    """A header or a value as compared: case-folded, ё as е, spaces, dashes and underscores alike."""
    return re.sub(r"[\s_\-]+", " ", str(text).casefold().replace("ё", "е")).strip()


def auto_columns(fields: Sequence, header: Sequence[str], used: Sequence = ()) -> dict[str, str]:
    """Columns whose header is a field's name, label (in English or Russian) or alias, in any case.

    `used`: the sources the mapping names (columns, templates); a column they use is matched to no field."""
    from i18n import translate

    taken = columns_used(used)
    by_name = {normalise(h): h for h in header if h not in taken}
    found: dict[str, str] = {}
    for f in fields:
        for candidate in (f.name, f.label, translate(f.label, "ru"), *f.aliases):
            column = by_name.get(normalise(candidate))
            if column is not None and column not in found.values():
                found[f.name] = column
                break
    return found


def columns_used(sources: Sequence) -> set[str]:
    """The columns mapping sources read: a column's name, or the columns a template joins."""
    used: set[str] = set()
    for source in sources:
        if isinstance(source, dict) and "template" in source:
            used.update(_PLACEHOLDER.findall(str(source["template"])))
        elif isinstance(source, str) and source:
            used.add(source)
    return used


@dataclass(frozen=True)
class Resolved:
    """A mapping checked against a file: per field, how to get its raw value from a row."""

    getters: dict[str, Callable[[list], object]]
    columns: dict[str, str]  # field -> what to call its source in messages (column or template)
    key: str | None
    mapping: Mapping

    def row(self, cells: list) -> dict:
        return {name: get(cells) for name, get in self.getters.items()}


def resolve(mapping: Mapping, fields: Sequence, header: Sequence[str], *, keys: Sequence[str] = ()) -> Resolved:
    """Check the mapping against the file; a problem here stops the import before anything is read."""
    known = {f.name: f for f in fields}
    for name in [*mapping.columns, *mapping.values, *mapping.defaults]:
        if name not in known:
            raise FileProblem("The mapping names a field {field} that this kind of record does not have.",
                              field=name)
    named = {k: v for k, v in mapping.columns.items() if v not in (None, "")}
    columns = {**auto_columns([f for f in fields if f.name not in mapping.columns], header, list(named.values())),
               **named}
    index = {h: i for i, h in enumerate(header)}
    nulls = mapping.null_values
    getters: dict[str, Callable[[list], object]] = {}
    sources: dict[str, str] = {}
    for name, source in columns.items():
        cell = column_reader(source, index, nulls)
        getters[name] = _translated(cell, mapping.values.get(name, {}), mapping.defaults.get(name, ""))
        sources[name] = source if isinstance(source, str) else source.get("template", "")
    for name, default in mapping.defaults.items():
        if name not in getters and default != "":
            getters[name] = _constant(default)
            sources[name] = "=" + default
    for f in fields:
        if f.required and f.name not in getters:
            raise FileProblem("The file has no column for the required field {field}. Map a column to it, "
                              "or add a column named {field} to the file.", field=f.label)
    key = mapping.key
    if key and key not in keys:
        raise FileProblem("Records cannot be matched by {field}: choose one of {keys}.", field=key,
                          keys=", ".join(keys))
    if key and key not in getters:
        raise FileProblem("The key {field} has no column in the file: map one to it.",
                          field=known[key].label)
    if key is None:
        key = next((k for k in keys if k in getters), None)
    if key is None and keys:
        raise FileProblem("Nothing in the file identifies a record: map a column to one of {keys}, so that "
                          "importing the file again updates instead of duplicating.",
                          keys=", ".join(known[k].label for k in keys))
    return Resolved(getters=getters, columns=sources, key=key, mapping=mapping)


def column_reader(source, index: dict[str, int], nulls: frozenset[str] = frozenset(NULL_VALUES)) \
        -> Callable[[list], object]:
    """A row's raw value for a source: a column's cell, or a template's text; a null marker reads as ""."""
    if isinstance(source, dict) and "template" in source:
        template = str(source["template"])
        parts = _PLACEHOLDER.split(template)  # literal, name, literal, name, ...
        names = parts[1::2]
        missing = [n for n in names if n not in index]
        if missing:
            raise FileProblem("The mapping uses the column {column}, which the file lacks. Check the header "
                              "row, or change the mapping.", column=missing[0])
        positions = [index[n] for n in names]
        literals = parts[0::2]  # before the first column, between them, after the last

        def join(cells: list) -> str:
            values = [_text(cells[p]) if p < len(cells) else "" for p in positions]
            values = ["" if v in nulls else v for v in values]
            if not any(values):
                return ""
            # An empty part goes with the text before it ("{city} {region}, {country}" without a region:
            # "Madrid, Spain", not "Madrid , Spain"); what is left dangling at either end goes too.
            out = []
            for value, before in zip(values, literals, strict=False):
                if value:
                    out.append(before)
                    out.append(value)
            if values[-1]:
                out.append(literals[-1])
            text = " ".join("".join(out).split())
            return _TRAILING.sub("", _LEADING.sub("", text))

        return join
    if not isinstance(source, str):
        raise FileProblem("A column in the mapping must be a column name or {\"template\": \"...\"}.")
    if source not in index:
        raise FileProblem("The mapping uses the column {column}, which the file lacks. Check the header "
                          "row, or change the mapping.", column=source)
    position = index[source]
    if not nulls:
        return lambda cells: cells[position] if position < len(cells) else ""
    # One set lookup per cell (a million lines go through here): the markers as they are and with a
    # space or a tab on either side, as a "; "-separated file writes them. Any cell is hashable.
    padded = frozenset(f"{a}{m}{b}" for m in nulls for a in ("", " ", "\t") for b in ("", " ", "\t"))

    def cell(cells: list):
        value = cells[position] if position < len(cells) else ""
        return "" if value in padded else value

    return cell


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _constant(value: str) -> Callable[[list], object]:
    return lambda _cells: value


def _translated(cell: Callable, values: dict[str, str], default: str) -> Callable[[list], object]:
    if not values and default == "":
        return cell
    exact = dict(values)
    folded = {normalise(k): v for k, v in values.items()}

    def get(cells: list):
        value = cell(cells)
        text = _text(value)
        if text in exact:
            value = exact[text]
        elif values and normalise(text) in folded:
            value = folded[normalise(text)]
        if _text(value) == "":
            return default
        return value

    return get
