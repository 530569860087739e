"""Text cells that a spreadsheet would run as a formula (CSV / formula injection), made inert.

Every CSV and .xlsx the app or the command line writes passes its text cells
through `inert` (db/io/export.py for lists, reports, the CLI's export and the
rejected rows; db/mailing/documents.py for letters as CSV). The rule is
OWASP's: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return gets a `'` in front, so Excel, LibreOffice and Google Sheets show it as
text. Numbers stay numbers (a negative amount is a number cell in .xlsx and an
unquoted number in CSV): only text is touched.

The round trip is lossless: importing our own file (db/io/reading.py) gives
back the original text, because `restore` removes exactly the `'` that
`inert` added. To keep that exact, a text that already starts with `'`s
followed by one of those characters (`'=x`) gets one more `'` too — so a
leading `'` is removed on import only in front of (more `'`s and) a formula
character; `'Ромашка'` and every other text arrive unchanged.
"""
from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _starts_a_formula(text: str) -> bool:
    return text.lstrip("'")[:1] in FORMULA_STARTS and text.lstrip("'") != ""


def inert(text: str) -> str:
    """`text` as a spreadsheet shows it but never runs it."""
    if text[:1] in FORMULA_STARTS or (text[:1] == "'" and _starts_a_formula(text)):
        return "'" + text
    return text


def restore(value):
    """What `inert` made of a text, back to the text (anything else unchanged): for imports."""
    if isinstance(value, str) and value[:1] == "'" and _starts_a_formula(value):
        return value[1:]
    return value
