"""Mail-merge: letters from a template to chosen clients, sent through SMTP or downloaded, and address labels.

- template.py — the fields a template may use, checking and filling them;
- runs.py — making a run (its letters rendered once) and the small writes of sending;
- sender.py — sending a run's pending letters through the configured SMTP server, resumable;
- documents.py — the letters as PDF, .docx and CSV; labels.py — address labels on A4 sheets.
"""
