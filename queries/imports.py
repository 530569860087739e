"""What the import wizard shows: saved mappings, and our values to translate the file's values to."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import access
from db.access import Can, Viewer
from db.errors import AccessDenied
from db.models import (
    DecisionRole,
    Department,
    ImportMapping,
    Industry,
    PipelineStage,
    Product,
    ProductGroup,
    SizeSegment,
    Territory,
    User,
)

from .frame import frame


def _importer(viewer: Viewer) -> None:
    if not access.can(viewer, Can.IMPORT):
        raise AccessDenied()


def list_import_mappings(session: Session, viewer: Viewer, *, kind: str) -> pd.DataFrame:
    """Saved mappings of a kind (shared by everyone who imports: they describe files, not people)."""
    _importer(viewer)
    return frame(session, select(ImportMapping.id, ImportMapping.name, ImportMapping.mapping, ImportMapping.version)
                 .where(ImportMapping.kind == kind).order_by(ImportMapping.name))


def reference_values(session: Session, viewer: Viewer, *, kind: str) -> dict[str, list[str]]:
    """Per field the wizard translates values of: the names of ours a file's value may become.

    People are only those the viewer may give work to (a head: their department),
    so the list names nobody the viewer does not already see.
    """
    _importer(viewer)
    people = (select(User.full_name).where(access.client_owners(),
                                           access.people_condition(session, viewer, User.id))
              .order_by(User.full_name))
    names = {
        "stage": select(PipelineStage.name).where(PipelineStage.active.is_(True)).order_by(PipelineStage.position),
        "industry": select(Industry.name).where(Industry.active.is_(True)).order_by(Industry.name),
        "territory": select(Territory.name).where(Territory.active.is_(True)).order_by(Territory.name),
        "group": select(ProductGroup.name).where(ProductGroup.active.is_(True)).order_by(ProductGroup.name),
        "department": select(Department.name).where(Department.active.is_(True)).order_by(Department.name),
        "product": select(Product.name).where(Product.active.is_(True)).order_by(Product.name),
        "owner": people, "manager": people, "department_head": people, "head": people,
    }
    wanted = {"clients": ("industry", "territory", "owner", "size_segment"), "contacts": ("decision_role",),
              "deals": ("owner", "stage", "product"), "shipments": ("manager", "product"),
              "products": ("group",), "users": ("role", "department", "department_head"),
              "departments": ("head",)}.get(kind, ())
    out: dict[str, list[str]] = {}
    for field in wanted:
        if field == "size_segment":
            out[field] = [s.value for s in SizeSegment]
        elif field == "decision_role":
            out[field] = [r.value for r in DecisionRole]
        elif field == "role":
            out[field] = [r.value for r in access.all_roles()]
        else:
            out[field] = list(session.scalars(names[field].limit(2000)))
    return out
