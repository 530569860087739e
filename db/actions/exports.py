"""Every export and download leaves an audit row: who took what, how many rows, in which format.

The page's download buttons (ui/export.py, the mailing's files) and the command
line's `python -m db.io export` call `record_export`. It writes only the audit
row and does not bump the data generation: an export changes no business data,
so it must not empty everyone's caches. queries/export_alerts.py reads these
rows to warn heads about unusually large exports.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..access import Viewer
from ..errors import ValidationError
from ..rules.exports import EXPORT_ACTION
from ..rules.exports import EXPORT_FORMATS as FORMATS
from .base import audit, business_action


@business_action(bumps_generation=False)
def record_export(session: Session, viewer: Viewer | None, *, what: str, rows: int, file_format: str,
                  source: str = "page") -> None:
    """`what`: the list or report (its file name); `rows`: how many records the file holds;
    `source`: "page" (a download button) or "command line"."""
    if file_format not in FORMATS:
        raise ValidationError({"file_format": "Unknown file format."})
    if rows < 0:
        raise ValidationError({"rows": "Enter a number of 0 or more."})
    audit(session, viewer, action=EXPORT_ACTION, entity="export", entity_id=None,
          changes={"what": (None, str(what)[:200]), "rows": (None, int(rows)), "format": (None, file_format),
                   "source": (None, source)})
