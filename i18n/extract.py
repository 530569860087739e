"""Babel extraction method for this project's message ids (`babel.cfg` names it `crm`).

    .venv/bin/pybabel extract -F babel.cfg -o i18n/messages.pot .

Message ids are the English text. A string is a message id when it is a
literal passed to:

* `t(msgid)`, `translate(msgid, ...)`, `N_(msgid)` -- plain messages;
* `pt(context, msgid)`, `NP_(context, msgid)` -- a message in a context (the
  same English word that Russian says differently, e.g. a client's status
  "Active" and a user's "Active");
* `nt(singular, plural, n)`, `NN_(singular, plural)` -- a count in a sentence
  (Russian has three plural forms), `npt(context, singular, plural, n)`;
* the db layer's errors and refusals (`DomainError`, `AccessDenied`,
  `NotFound`, `ValidationError` with a message or a {field: message} dict, `FileProblem`, `Reject`, `BadValue`,
  `reject`, a `message=` default), a field check's `fail(field, msgid)`, an
  import field's `Field(name, label)`, a page's `PageSpec(path, title, icon,
  slug, roles, section)`, and the tuples db/passwords.py returns.

Babel's extraction API reads them from the files that `babel.cfg` maps;
`python -m i18n.extract` lists the ids Russian lacks.
"""
from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAPPING = ROOT / "babel.cfg"
PLAIN = {"t", "translate", "N_", "DomainError", "AccessDenied", "NotFound", "ValidationError", "__init__",
         # the import's refusals (db/io): a whole file, a row, a cell
         "FileProblem", "Reject", "BadValue", "reject"}
CONTEXT = {"pt", "NP_"}
PLURAL = {"nt", "NN_"}
CONTEXT_PLURAL = {"npt"}


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _text(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip():
        return node.value
    return None


def _texts(args: list[ast.expr], count: int) -> tuple[str, ...] | None:
    texts = tuple(_text(a) for a in args[:count])
    return texts if len(texts) == count and all(texts) else None


def messages_in(tree: ast.AST, path: str = "") -> Iterator[tuple[int, str, str | tuple[str, ...]]]:
    """(line, gettext function, message or messages) for each message id in a parsed module."""
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Call):
            name, args = _name(node.func), node.args
            if name in PLAIN and args:
                if text := _text(args[0]):
                    yield line, "gettext", text
                elif name == "ValidationError" and isinstance(args[0], ast.Dict):
                    # ValidationError({field: msgid}) or {field: (msgid, params)}
                    for value in args[0].values:
                        value = value.elts[0] if isinstance(value, ast.Tuple) and value.elts else value
                        if text := _text(value):
                            yield line, "gettext", text
            elif name in CONTEXT and (texts := _texts(args, 2)):
                yield line, "pgettext", texts
            elif name in PLURAL and (texts := _texts(args, 2)):
                yield line, "ngettext", texts
            elif name in CONTEXT_PLURAL and (texts := _texts(args, 3)):
                yield line, "npgettext", texts
            elif name in ("fail", "Field") and len(args) >= 2:  # fail(field, msgid), Field(name, label)
                if text := _text(args[1]):
                    yield line, "gettext", text
            elif name == "PageSpec" and len(args) >= 6:
                for arg in (args[1], args[5]):
                    if text := _text(arg):
                        yield line, "gettext", text
        elif isinstance(node, ast.FunctionDef):
            # Default messages: def __init__(self, message: str = "...")
            positional = [*node.args.posonlyargs, *node.args.args]
            defaults = list(zip(positional[len(positional) - len(node.args.defaults):], node.args.defaults))
            defaults += [(a, d) for a, d in zip(node.args.kwonlyargs, node.args.kw_defaults) if d is not None]
            for arg, default in defaults:
                if arg.arg == "message" and (text := _text(default)):
                    yield line, "gettext", text
        elif isinstance(node, ast.Return) and path.endswith("db/passwords.py"):
            if isinstance(node.value, ast.Tuple) and (text := _text(node.value.elts[0])):
                yield line, "gettext", text


def extract_crm(fileobj, keywords, comment_tags, options):
    """Babel's extractor interface: (lineno, funcname, messages, comments) for each message."""
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    path = getattr(fileobj, "name", "")
    for line, func, messages in sorted(messages_in(ast.parse(source), str(path)), key=lambda m: m[0]):
        yield line, func, messages, []


def extract_catalog():
    """The messages the code uses, as a Babel catalog (what `pybabel extract` writes to the .pot)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with MAPPING.open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f, str(MAPPING))
    catalog = Catalog(project="Sales CRM", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT), method_map, options_map):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


if __name__ == "__main__":
    from . import catalog_for

    russian = catalog_for("ru")
    source = extract_catalog()
    missing = [m for m in source if m.id and not (russian.get(m.id, m.context) or m).string]
    for m in missing:
        where = ", ".join(f"{f}:{n}" for f, n in m.locations[:2])
        print(f"{where}\t{m.context + ' | ' if m.context else ''}{m.id!r}")
    print(f"# {len(source)} ids, {len(missing)} missing in Russian")
