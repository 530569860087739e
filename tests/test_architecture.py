"""The structure, checked: where the policy lives, which way imports run, where writes happen.

These tests read the project's source (ast, no imports), so they are fast and
name the offending file and line.

**One policy.** Outside `db/access.py`, the `Role` enum's module, the page
registry (`ui/navigation.py`) and seeding data (defaults, migrations, demo),
no code names a role (`Role.MANAGER` ...): it asks a capability of
`db/access.py` (`can`, `may_own_clients`, `client_owners`, `sees_cost`,
`leads_anyone`, `department_condition`, ...). The users import keeps its table
of the words a file may use for a role (`ROLE_NAMES`: parsing data, no
decision). A new role, say "key account manager", then touches:

1. `db/models/org.py`: a member of `Role` (and the users.role check constraint);
2. `db/access.py`: its place in the role sets (`_OWNER_ROLES`, `_LEADER_ROLES`,
   `CAPABILITIES`, ...) — what it may see and do;
3. `ui/navigation.py`: the pages it opens and what Home shows it;
4. a migration widening `ck_users_role` (and `db/defaults.py` if it gives
   discounts: its default cap);
plus, optionally, its words in `ROLE_NAMES` and its label in the translations.

**Layers.** pages -> ui -> queries | actions -> rules -> access -> models,
with the small shared modules (config, errors, session, generation, i18n, ...)
below access. No import runs back up, queries and actions never import each
other, and nothing in db/ imports queries/. Imports inside functions count.

**Writes have one home.** Only `db/actions/` (and the importer `db/io/`, the
demo loader and migrations) bumps the data generation or makes audit rows.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ROLE_MEMBERS = {"MANAGER", "HEAD", "DIRECTOR", "ADMIN"}


def _project_files() -> list[Path]:
    skip = {".venv", "tests", ".git", "node_modules", "__pycache__", "data"}
    return sorted(p for p in ROOT.rglob("*.py") if not skip & set(p.relative_to(ROOT).parts))


def _rel(path: Path, root: Path = ROOT) -> str:
    return path.relative_to(root).as_posix()


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


# --- 1. The policy in one place --------------------------------------------------------------------

ROLE_ALLOWED_FILES = ("db/access.py", "db/models/org.py", "ui/navigation.py", "db/defaults.py")
ROLE_ALLOWED_DIRS = ("db/migrations/", "db/demo/", "bench/")
# file -> top-level names whose value may spell roles: data parsing, not policy
ROLE_ALLOWED_NAMES = {"db/io/kinds/people.py": {"ROLE_NAMES"}}


def _role_literals(tree: ast.Module, allowed_names: set[str]) -> list[int]:
    spared: set[int] = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AnnAssign) else []
        if any(isinstance(t, ast.Name) and t.id in allowed_names for t in targets):
            spared.update(id(n) for n in ast.walk(node))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in ROLE_MEMBERS
            and isinstance(node.value, ast.Name) and node.value.id == "Role" and id(node) not in spared]


def role_literal_offences(files: list[Path]) -> list[str]:
    found = []
    for path in files:
        rel = _rel(path)
        if rel in ROLE_ALLOWED_FILES or rel.startswith(ROLE_ALLOWED_DIRS):
            continue
        for line in _role_literals(_tree(path), ROLE_ALLOWED_NAMES.get(rel, set())):
            found.append(f"{rel}:{line}")
    return found


def test_no_role_named_outside_the_policy():
    offences = role_literal_offences(_project_files())
    assert not offences, ("Ask a capability of db/access.py instead of naming a role: " + ", ".join(offences))


def test_the_role_scan_finds_a_role_literal(tmp_path):
    """The scan itself works: a module comparing with a role is caught, the parsing table is not."""
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("from db.models import Role\n\ndef f(viewer):\n    return viewer.role == Role.HEAD\n")
    assert _role_literals(_tree(sneaky), set()) == [4]
    table = tmp_path / "table.py"
    table.write_text("from db.models import Role\nROLE_NAMES = {'head': Role.HEAD}\nX = Role.ADMIN\n")
    assert _role_literals(_tree(table), {"ROLE_NAMES"}) == [3]


# --- 2. Layers: no import runs back up --------------------------------------------------------------

# (layer, rank, module prefixes); the longest matching prefix decides. Same rank: only the same layer.
LAYERS: list[tuple[str, int, tuple[str, ...]]] = [
    ("language", 0, ("i18n",)),  # message ids and formatting: no database
    ("models", 1, ("db.models",)),
    ("base", 2, ("db", "db.config", "db.errors", "db.session", "db.generation", "db.passwords", "db.migrate",
                 "db.routine_config", "db.assignment", "db.search", "db.defaults", "db.secret_key")),
    ("access", 3, ("db.access",)),
    # Read-only rules, and the pure helpers both sides use: letter templates and labels, inert
    # spreadsheet cells, and the field checks (`Checks`, db/rules/validate.py).
    # db.documents: the proposals' and invoices' contents and files, read-only (issue 20).
    ("rules", 4, ("db.rules", "db.mailing.template", "db.mailing.labels", "db.mailing.documents",
                  "db.mailing.fonts", "db.io.formulas", "db.documents")),
    ("queries", 5, ("queries",)),
    ("actions", 5, ("db.actions", "db.io", "db.mailing.outbox")),  # db/io: the importer writes like an action
    # Entry points and services on top of both sides: the sender, the command lines, demo data, backups.
    ("services", 6, ("db.mailing", "db.mailing.sender", "db.reminders", "db.io.__main__", "db.demo", "db.backup",
                     "db.mail")),
    ("ui", 7, ("ui",)),
    ("pages", 8, ("pages", "app")),
]
# The one read API db/ may use from queries/: the command line's export runs the same
# access-filtered statements as the pages' exports (queries/exports.py).
READ_APIS = {"db.io.__main__": {"queries.exports"},
             # the morning digest is My day by e-mail: the same lists, the same access filter (issue 21)
             "db.mailing.digest": {"queries.my_day", "queries.approvals"}}
LAYERED_ROOTS = ("db", "queries", "ui", "pages", "app", "i18n")


def layer_of(module: str) -> tuple[str, int] | None:
    best: tuple[int, str, int] | None = None
    for name, rank, prefixes in LAYERS:
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), name, rank)
    return None if best is None else (best[1], best[2])


def _is_module(root: Path, dotted: str) -> bool:
    path = root / Path(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def imports_of(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """(line, module) of every import in the file, at any depth (inside functions too), resolved."""
    module = _module_name(path, root)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            out.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            out.append((node.lineno, target))
            # `from db import access` imports the module db.access
            out.extend((node.lineno, f"{target}.{alias.name}") for alias in node.names
                       if _is_module(root, f"{target}.{alias.name}"))
    return out


def layer_offences(files: list[Path], root: Path = ROOT) -> list[str]:
    found = []
    for path in files:
        module = _module_name(path, root)
        if module.split(".")[0] not in LAYERED_ROOTS:
            continue
        mine = layer_of(module)
        assert mine is not None, f"{_rel(path, root)} belongs to no layer: add it to LAYERS"
        for line, target in imports_of(path, root):
            if target.split(".")[0] not in LAYERED_ROOTS:
                continue
            theirs = layer_of(target)
            if theirs is None or theirs[0] == "base" and target == "db":
                continue  # `from db import x`: x is checked on its own
            where = f"{_rel(path, root)}:{line} ({mine[0]}) imports {target} ({theirs[0]})"
            if module.startswith("db") and target.startswith("queries"):
                if target in READ_APIS.get(module, ()):
                    continue
                found.append(where + ": nothing in db/ imports queries/")
            elif theirs[1] > mine[1] or (theirs[1] == mine[1] and theirs[0] != mine[0]):
                found.append(where)
    return found


def test_imports_run_down_the_layers():
    offences = layer_offences(_project_files())
    assert not offences, "Imports running back up:\n" + "\n".join(offences)


def test_every_rule_module_stays_below_queries_and_actions():
    for path in sorted((ROOT / "db" / "rules").glob("*.py")):
        for line, target in imports_of(path):
            assert not target.startswith(("queries", "db.actions", "db.io", "ui", "pages")), \
                f"{_rel(path)}:{line} imports {target}"


def test_the_layer_check_catches_imports_running_up(tmp_path):
    """An import inside a function counts; relative imports resolve; queries and actions stay apart."""
    (tmp_path / "db" / "rules").mkdir(parents=True)
    (tmp_path / "queries").mkdir()
    rule = tmp_path / "db" / "rules" / "probe.py"
    rule.write_text("from ..models import Client\n\ndef f():\n    from queries.deals import deal_card\n"
                    "    from ..actions import deals\n    return deal_card, deals\n")
    query = tmp_path / "queries" / "probe.py"
    query.write_text("from db.rules import credit\nfrom db.actions.deals import create_deal\n")
    assert layer_offences([rule, query], tmp_path) == [
        "db/rules/probe.py:4 (rules) imports queries.deals (queries): nothing in db/ imports queries/",
        "db/rules/probe.py:5 (rules) imports db.actions (actions)",
        "queries/probe.py:2 (queries) imports db.actions.deals (actions)",
    ]


# --- 3. Writes have one home ------------------------------------------------------------------------

# bench/ seeds its data like the demo; a restore replaces the whole database and moves the cache counters past it
WRITERS = ("db/actions/", "db/io/", "db/demo/", "db/migrations/", "bench/", "db/backup.py")


def write_offences(files: list[Path], root: Path = ROOT) -> list[str]:
    found = []
    for path in files:
        rel = _rel(path, root)
        if rel.startswith(WRITERS) or rel == "db/generation.py":
            continue
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else \
                    node.func.attr if isinstance(node.func, ast.Attribute) else None
                if name in ("bump_generation", "AuditEntry"):
                    found.append(f"{rel}:{node.lineno} calls {name}")
    return found


def test_only_actions_bump_the_generation_or_audit():
    offences = write_offences(_project_files())
    assert not offences, "Writes belong in db/actions/: " + ", ".join(offences)


@pytest.mark.parametrize("source", ["from db.generation import bump_generation\nbump_generation(s)\n",
                                    "from db import models\nmodels.AuditEntry(action='x')\n"])
def test_the_write_check_catches_a_stray_write(tmp_path, source):
    (tmp_path / "queries").mkdir()
    stray = tmp_path / "queries" / "probe.py"
    stray.write_text(source)
    assert write_offences([stray], tmp_path) == [
        "queries/probe.py:2 calls " + ("bump_generation" if "bump" in source else "AuditEntry")]
