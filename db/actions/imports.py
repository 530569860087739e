"""Saved import mappings: a file's layout, named, to reuse next month."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..access import Can, Viewer, require
from ..models import ImportMapping
from .base import apply_changes, audit, business_action, check_version, created, touch
from .validate import Checks


@business_action
def save_import_mapping(session: Session, viewer: Viewer, *, kind: str, name: str, mapping: dict,
                        expected_version: int | None = None) -> ImportMapping:
    """Save under a name (per kind); the same name again replaces it."""
    require(viewer, Can.IMPORT)
    from ..io.kinds import KINDS

    v = Checks()
    name = v.text("name", name, max_len=200, required=True)
    kind = v.choice("kind", kind, list(KINDS), required=True)
    if not isinstance(mapping, dict):
        v.fail("mapping", "The mapping is not a JSON object.")
    v.raise_if_any()
    values = {"mapping": {**mapping, "kind": kind}}
    saved = session.scalar(select(ImportMapping).where(ImportMapping.kind == kind, ImportMapping.name == name))
    if saved is None:
        saved = ImportMapping(kind=kind, name=name, created_by_id=viewer.user_id, **values)
        session.add(saved)
        session.flush()
        audit(session, viewer, action="save_import_mapping", entity="import_mapping", entity_id=saved.id,
              changes=created({"kind": kind, "name": name}))
        return saved
    check_version(session, saved, expected_version)
    changes = apply_changes(saved, values)
    if changes:
        touch(saved, viewer)
        audit(session, viewer, action="save_import_mapping", entity="import_mapping", entity_id=saved.id,
              changes=changes)
    return saved
