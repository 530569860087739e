"""Company-wide parts of the cached queries, kept across runs by the app (issue 19).

Some queries need a part that is the same for every viewer and reads fewer data areas than they
do: the ABC classes of every client (clients, shipments), the reorders due per manager (clients,
shipments, products). A call logged makes the query run again; the part need not. `part(session,
query, **args)` returns `query(session, None, **args)` — from the app's cache when the app keeps it
(ui/data.py sets `keeper`: one entry for every viewer, keyed by the generations of the areas the
part reads, declared in ui/cache_areas.py under the part's name), computed here otherwise (scripts,
tests, and any read outside the app's cached queries).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

# (query, its arguments) -> the kept value, or None: not kept here (compute it).
keeper: Callable[[Callable[..., Any], dict[str, Any]], Any] | None = None
# Whether parts are kept for the read running now (ui/data.py: inside the app's cached reads).
keeping: Callable[[], bool] | None = None


def kept_now() -> bool:
    """Whether `part` would come from the app's cache now: a query may then split its work around a
    kept part (and compute it whole, the plain way, elsewhere)."""
    return keeper is not None and keeping is not None and keeping()


def part(session: Session, query: Callable[..., Any], **args: Any) -> Any:
    """`query(session, None, **args)`, a company-wide value (it must not depend on the viewer)."""
    if keeper is not None:
        value = keeper(query, args)
        if value is not None:
            return value
    return query(session, None, **args)
