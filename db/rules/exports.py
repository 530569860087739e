"""What an export leaves in the audit log: written by db/actions/exports.record_export,
read by queries/export_alerts.py to warn heads about unusually large exports."""
from __future__ import annotations

EXPORT_ACTION = "export"  # AuditEntry.action of an export or download
EXPORT_FORMATS = ("xlsx", "csv", "pdf", "docx", "ics")  # ics: the calendar of one's tasks (issue 21)
