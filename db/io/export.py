"""Lists to .xlsx and CSV: the page's download buttons and `python -m db.io export` both write here.

What goes into a file is decided elsewhere, always by an access-filtered query
(queries/exports.py, or the frame a page shows); this module only writes.
CSV is UTF-8 with a BOM (Excel then reads Cyrillic right), with the separator
and decimal mark given — `;` and `,` suit a Russian Excel. Timestamps are
written in the company's time zone; a timestamp column named `*_on` becomes a
date (a deal opened "on" a day). A text cell that would start a formula gets a
`'` in front (db/io/formulas.py), in CSV and .xlsx alike.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

import pandas as pd

from .. import config
from .formulas import inert

MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0"


def _local(value: dt.datetime) -> dt.datetime:
    return value.astimezone(config.timezone()).replace(tzinfo=None) if value.tzinfo else value


def _missing(value) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and value != value)


def excel_cell(value, column: str = ""):
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        value = _local(value)
        return value.date() if column.endswith("_on") else value
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()  # numpy scalars
    return value


def csv_cell(value, column: str = "", *, decimal: str = ".") -> str:
    if isinstance(value, Decimal) and value.is_finite():
        # As stored, with its scale: money "0.00", not "0" — a file whose only fractions read
        # "69.893" would leave the decimal mark to a guess when it is imported back.
        return format(value, "f").replace(".", decimal)
    value = excel_cell(value, column)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat(sep=" ", timespec="minutes") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, float):
        text = format(Decimal(repr(value)).normalize(), "f") if value == value else ""
        return text.replace(".", decimal)
    if isinstance(value, int):
        return str(value)
    return inert(str(value))


def write_csv(out, header: Sequence[str], rows: Iterable[Sequence], columns: Sequence[str] | None = None, *,
              separator: str = ",", decimal: str = ".") -> int:
    """Rows to an open text stream; `columns` are the data's own names (for the `*_on` rule)."""
    columns = columns or header
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow([inert(str(h)) for h in header])
    count = 0
    for row in rows:
        writer.writerow([csv_cell(v, c, decimal=decimal) for v, c in zip(row, columns, strict=True)])
        count += 1
    return count


def write_xlsx(target, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence], Sequence[str]]], *,
               money: Sequence[str] = (), percent: Sequence[str] = ()) -> int:
    """(title, header, rows, columns) per sheet to a path or binary stream, streamed (write-only workbook)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    count = 0
    for title, header, rows, columns in sheets:
        sheet = book.create_sheet(title[:31] or "Sheet")  # Excel's limit on sheet names
        widths = [min(48, len(str(h)) + 2) for h in header]
        for i, width in enumerate(widths):
            sheet.column_dimensions[_letter(i)].width = max(width, 12)
        sheet.freeze_panes = "A2"
        bold = []
        for h in header:
            cell = WriteOnlyCell(sheet, value=inert(str(h)))
            cell.font = Font(bold=True)
            bold.append(cell)
        sheet.append(bold)
        formats = [MONEY_FORMAT if c in money else PERCENT_FORMAT if c in percent else None for c in columns]
        for row in rows:
            cells = []
            for value, column, fmt in zip(row, columns, formats, strict=True):
                value = excel_cell(value, column)
                if isinstance(value, str):
                    value = inert(value)  # never a formula (db/io/formulas.py)
                if fmt or isinstance(value, (dt.date, dt.datetime)):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = fmt or ("DD.MM.YYYY" if not isinstance(value, dt.datetime)
                                                 else "DD.MM.YYYY HH:MM")
                    cells.append(cell)
                else:
                    cells.append(value)
            sheet.append(cells)
            count += 1
    book.save(target)
    return count


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def frame_rows(df: pd.DataFrame, columns: Sequence[str]) -> Iterable[tuple]:
    return df[list(columns)].itertuples(index=False, name=None)


def csv_bytes(df: pd.DataFrame, labels: dict[str, str] | None = None, *, separator: str = ",",
              decimal: str = ".") -> bytes:
    """A frame's labelled columns (all, if no labels) as CSV: UTF-8 with a BOM."""
    columns = [c for c in (labels or {c: c for c in df.columns}) if c in df.columns]
    header = [(labels or {}).get(c, c) for c in columns]
    out = io.StringIO(newline="")
    write_csv(out, header, frame_rows(df, columns), columns, separator=separator, decimal=decimal)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(df: pd.DataFrame, labels: dict[str, str] | None = None, *, title: str = "Sheet",
               money: Sequence[str] = (), percent: Sequence[str] = ()) -> bytes:
    columns = [c for c in (labels or {c: c for c in df.columns}) if c in df.columns]
    header = [(labels or {}).get(c, c) for c in columns]
    out = io.BytesIO()
    write_xlsx(out, [(title, header, frame_rows(df, columns), columns)], money=money, percent=percent)
    return out.getvalue()


def export_to_file(path: Path, header: Sequence[str], rows: Iterable[Sequence], *, title: str,
                   separator: str = ",", decimal: str = ".") -> int:
    """The command line's export: .xlsx by the file's suffix, else CSV. Returns the rows written."""
    if path.suffix.lower() == ".xlsx":
        return write_xlsx(path, [(title, header, rows, header)])
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        return write_csv(out, header, rows, header, separator=separator, decimal=decimal)
