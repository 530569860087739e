"""Address labels on A4 label sheets (e.g. 3 × 8 labels of 70 × 37 mm), as a PDF.

The label size follows from the layout: the sheet less its margins and the
gaps, divided by columns and rows. Text that does not fit is shrunk, then cut.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from fpdf import FPDF

from i18n.formatting import blank

from ..routine_config import LabelLayout
from .fonts import font_files

A4 = (210.0, 297.0)  # mm
LINE = 0.42  # line height per point of font size, in mm


@dataclass(frozen=True)
class Label:
    lines: tuple[str, ...]  # the first is set in bold (the company)


def client_labels(rows: pd.DataFrame) -> list[Label]:
    """A label per recipient row (queries/mailing.recipients): the legal name (else the name), the
    contact and the postal address's lines; an empty field (None, NaN) leaves no line."""
    return [Label(lines=tuple(filter(None, [blank(r.legal_name, "") or blank(r.client, ""), blank(r.contact, ""),
                                            *blank(r.address, "").splitlines()])))
            for r in rows.itertuples(index=False)]


def label_size(layout: LabelLayout) -> tuple[float, float]:
    width = (A4[0] - 2 * layout.margin_left - (layout.columns - 1) * layout.gap_x) / layout.columns
    height = (A4[1] - 2 * layout.margin_top - (layout.rows - 1) * layout.gap_y) / layout.rows
    return width, height


def labels_pdf(labels: list[Label], layout: LabelLayout) -> bytes:
    regular, bold = font_files()
    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("label", "", regular)
    pdf.add_font("label", "B", bold)
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    width, height = label_size(layout)
    for i, label in enumerate(labels):
        slot = i % layout.per_page
        if slot == 0:
            pdf.add_page()
        row, column = divmod(slot, layout.columns)
        x = layout.margin_left + column * (width + layout.gap_x) + layout.padding
        y = layout.margin_top + row * (height + layout.gap_y) + layout.padding
        _draw(pdf, label, x, y, width - 2 * layout.padding, height - 2 * layout.padding, layout.font_size)
    if not labels:
        pdf.add_page()
    return bytes(pdf.output())


def _draw(pdf: FPDF, label: Label, x: float, y: float, width: float, height: float, size: float) -> None:
    lines = [line for line in label.lines if line]
    # Shrink until the wrapped lines fit the label's height (down to 6 pt), then cut what is left over.
    while True:
        wrapped: list[tuple[bool, str]] = []
        for i, line in enumerate(lines):
            pdf.set_font("label", "B" if i == 0 else "", size)
            parts = pdf.multi_cell(width, size * LINE, line, dry_run=True, output="LINES")
            assert isinstance(parts, list)  # output="LINES": the lines alone (fpdf types the union of all outputs)
            wrapped += [(i == 0, part) for part in parts]
        if len(wrapped) * size * LINE <= height or size <= 6:
            break
        size -= 0.5
    fit = int(height // (size * LINE))
    for n, (is_bold, text) in enumerate(wrapped[:fit]):
        pdf.set_font("label", "B" if is_bold else "", size)
        pdf.set_xy(x, y + n * size * LINE)
        pdf.cell(width, size * LINE, text)
