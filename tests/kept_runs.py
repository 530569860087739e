"""Counting the runs of kept parts (queries/kept.py) in a test: which were computed, by name."""
from __future__ import annotations


def count_runs(monkeypatch, module, *names: str, ran: list | None = None) -> list[str]:
    """Replace `module.<name>` for each name by a wrapper that notes its name in the returned list
    on every run; the wrapper keeps the query's module and name, which the app's cache keys use."""
    ran = [] if ran is None else ran
    for name in names:
        real = getattr(module, name)

        def counted(session, viewer, _real=real, _name=name, **kw):
            ran.append(_name)
            return _real(session, viewer, **kw)

        counted.__module__, counted.__qualname__ = real.__module__, real.__qualname__
        monkeypatch.setattr(module, name, counted)
    return ran
