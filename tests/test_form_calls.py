"""Every write a page or a form makes names keywords its action takes (issue 14, point 4).

`FormState.submit(action, success, **kwargs)`, `FormState.attempt(action, **kwargs)` and
`run_action(action, **kwargs)` are typed with the action's ParamSpec, and check the
keywords at run time. This walks pages/, ui/ and app.py without running them, finds
each such call and binds its keywords to the action's real signature, so a mistyped
keyword fails here, not when someone first submits that form.
"""
from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

from db.actions.users import create_department

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted({*ROOT.joinpath("pages").glob("*.py"), *ROOT.joinpath("ui").glob("*.py"), ROOT / "app.py"}
                 - {ROOT / "ui" / "forms.py", ROOT / "ui" / "data.py"})  # where the three are defined


def _imports(tree: ast.Module) -> dict[str, tuple[str, str | None]]:
    """Local name -> (module, attribute) for the module's imports."""
    names: dict[str, tuple[str, str | None]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                names[alias.asname or alias.name] = (node.module, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = (alias.name if alias.asname else
                                                                   alias.name.split(".")[0], None)
    return names


def _local_signature(tree: ast.Module, name: str) -> inspect.Signature | None:
    """The signature of a function defined in the file (a page's small wrapper action)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == name:
            args = node.args
            for a in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
                if a is not None:
                    a.annotation = None
            args.defaults = [ast.Constant(None) for _ in args.defaults]
            args.kw_defaults = [None if d is None else ast.Constant(None) for d in args.kw_defaults]
            stub = ast.Module([ast.FunctionDef(name="stub", args=args, body=[ast.Pass()], decorator_list=[],
                                               returns=None, type_params=[])], type_ignores=[])
            space: dict = {}
            exec(compile(ast.fix_missing_locations(stub), "<stub>", "exec"), space)  # noqa: S102 - our own source
            return inspect.signature(space["stub"])
    return None


def _resolve(tree: ast.Module, imports: dict, node: ast.expr) -> inspect.Signature | None:
    if isinstance(node, ast.Name):
        if node.id in imports:
            module, attr = imports[node.id]
            target = importlib.import_module(module)
            return inspect.signature(getattr(target, attr) if attr else target)
        return _local_signature(tree, node.id)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in imports:
        module, attr = imports[node.value.id]
        owner = importlib.import_module(f"{module}.{attr}" if attr else module)
        return inspect.signature(getattr(owner, node.attr))
    return None


def _calls():
    """(where, call kind, signature or None, positional count, keyword names, has **kwargs)."""
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports = _imports(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            kind = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if kind not in ("submit", "attempt", "run_action"):
                continue
            if kind in ("submit", "attempt") and not (isinstance(func, ast.Attribute)):
                continue
            skip = 2 if kind == "submit" else 1  # submit's second positional is the success message
            positional = node.args[skip:]
            keywords = [k.arg for k in node.keywords if k.arg is not None]
            has_star = any(k.arg is None for k in node.keywords) or any(isinstance(a, ast.Starred)
                                                                        for a in positional)
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            yield where, kind, _resolve(tree, imports, node.args[0]), len(positional), keywords, has_star


CALLS = list(_calls())


def test_the_walk_finds_the_pages_writes():
    assert len(CALLS) >= 50
    assert {kind for _, kind, *_ in CALLS} == {"submit", "attempt", "run_action"}


def test_every_form_and_page_write_fits_its_actions_signature():
    unresolved = [where for where, _, sig, *_ in CALLS if sig is None]
    assert not unresolved, f"calls whose action the walk cannot find: {unresolved}"
    wrong = []
    for where, kind, sig, npos, keywords, has_star in CALLS:
        bind = sig.bind_partial if has_star else sig.bind  # with **fields the keys are known at run time only
        try:
            bind(None, None, *[None] * npos, **dict.fromkeys(keywords))
        except TypeError as exc:
            wrong.append(f"{where} ({kind}): {exc}")
    assert not wrong, "\n".join(wrong)


def test_a_mistyped_keyword_fails_at_the_call_before_anything_opens(monkeypatch):
    import ui.data
    from ui.data import check_arguments, run_action
    from ui.forms import FormState

    def no_session(*args, **kwargs):
        raise AssertionError("a session was opened for a call that cannot fit")

    monkeypatch.setattr(ui.data, "write_session", no_session)
    with pytest.raises(TypeError, match=r"db\.actions\.users\.create_department\(\).*'haed_id'"):
        check_arguments(create_department, name="Север-2", haed_id=3)
    with pytest.raises(TypeError, match="create_department"):
        run_action(create_department, name="Север-2", haed_id=3)
    with pytest.raises(TypeError, match="create_department"):
        FormState("t").attempt(create_department, name="Север-2", haed_id=3)  # not shown as a refusal: a bug, raised
    with pytest.raises(TypeError, match="second argument"):  # the old call shape says what changed
        FormState("t").submit(create_department, name="Север-2", success="ok")  # type: ignore[call-arg]
    check_arguments(create_department, name="Север-2", head_id=None)  # a fitting call passes
