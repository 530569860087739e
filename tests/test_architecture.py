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
