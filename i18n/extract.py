"""Find every message id in the code: `python -m i18n.extract` lists those Russian lacks.

Message ids are string literals passed to `t(...)`/`translate(...)`, to the
db layer's errors and field checks, page titles and sections in
ui/navigation.py, and the messages of db/passwords.py. Ids built at run
time (role names, activity kinds...) are listed in DYNAMIC.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["app.py", "pages", "ui", "db", "queries"]
CALLS = {"t", "translate", "DomainError", "AccessDenied", "NotFound", "ValidationError", "__init__", "N_",
         # the import's refusals (db/io): a whole file, a row, a cell
         "FileProblem", "Reject", "BadValue", "reject"}
DYNAMIC = [
    # Roles, as t(role.value.capitalize())
    "Manager", "Head", "Director", "Admin",
    # Activity kinds, as t(kind.capitalize())
    "Call", "Email", "Meeting", "Letter", "Note",
    # Size segments, as t(segment.capitalize())
    "Key", "Large", "Medium", "Small",
    # Client statuses and deal states, as t(status.capitalize())
    "Active", "Archived", "Open", "Won", "Lost",
]


def _files():
    for source in SOURCES:
        path = ROOT / source
        yield from ([path] if path.is_file() else sorted(path.rglob("*.py")))


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def message_ids() -> dict[str, str]:
    """{message id: where it was first seen}"""
    found: dict[str, str] = {}

    def add(node, where):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip():
            found.setdefault(node.value, where)

    for path in _files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = path.relative_to(ROOT)
        for node in ast.walk(tree):
            where = f"{rel}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call):
                name = _name(node.func)
                if name in CALLS and node.args:
                    add(node.args[0], where)
                elif name == "fail" and len(node.args) >= 2:
                    add(node.args[1], where)
                elif name == "Field" and len(node.args) >= 2:  # db/io/kinds: Field(name, label)
                    add(node.args[1], where)
                elif name == "PageSpec":
                    add(node.args[1], where)
                    add(node.args[5], where)
            elif isinstance(node, ast.FunctionDef):
                # Default messages: def __init__(self, message: str = "...")
                named = node.args.args[-len(node.args.defaults):] if node.args.defaults else []
                for arg, default in zip(named, node.args.defaults, strict=True):
                    if arg.arg == "message":
                        add(default, where)
            elif isinstance(node, ast.Return) and rel.as_posix() == "db/passwords.py":
                if isinstance(node.value, ast.Tuple):
                    add(node.value.elts[0], where)
    for msgid in DYNAMIC:
        found.setdefault(msgid, "i18n/extract.py (DYNAMIC)")
    return found


if __name__ == "__main__":
    from .ru import RU

    ids = message_ids()
    missing = {m: w for m, w in ids.items() if m not in RU}
    for msgid, where in sorted(missing.items(), key=lambda kv: kv[1]):
        print(f"{where}\t{msgid!r}")
    unused = set(RU) - set(ids)
    print(f"# {len(ids)} ids, {len(missing)} missing in Russian, {len(unused)} unused translations")
