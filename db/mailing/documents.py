"""A run's letters as files: one PDF or one .docx (a page per letter), and a CSV for another mail tool."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pandas as pd
from fpdf import FPDF

from i18n.formatting import blank

from ..io.formulas import inert
from .fonts import font_files


@dataclass(frozen=True)
class Letter:
    to_name: str
    to_address: str
    address: str  # postal address, for a printed letter
    subject: str
    body: str
    client: str


def letters_of(rows: pd.DataFrame) -> list[Letter]:
    """A run's letters (queries/mail_runs.run_letters: to_name, to_address, address, subject, body,
    legal_name, client) as files take them; an empty field (None, NaN) is an empty string."""
    return [Letter(to_name=blank(r.to_name, ""), to_address=blank(r.to_address, ""), address=blank(r.address, ""),
                   subject=blank(r.subject, ""), body=blank(r.body, ""),
                   client=blank(r.legal_name, "") or blank(r.client, ""))
            for r in rows.itertuples(index=False)]


def _pdf() -> FPDF:
    regular, bold = font_files()
    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("body", "", regular)
    pdf.add_font("body", "B", bold)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_margins(25, 20, 20)
    return pdf


def letters_pdf(letters: list[Letter]) -> bytes:
    pdf = _pdf()
    for letter in letters:
        pdf.add_page()
        pdf.set_font("body", size=10)
        recipient = "\n".join(filter(None, [letter.client, letter.to_name, letter.address]))
        pdf.set_x(110)
        pdf.multi_cell(75, 5, recipient, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(12)
        pdf.set_font("body", "B", 12)
        pdf.multi_cell(0, 6, letter.subject, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font("body", size=11)
        pdf.multi_cell(0, 6, letter.body, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def letters_docx(letters: list[Letter]) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    doc = Document()
    for i, letter in enumerate(letters):
        if i:
            doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        for line in filter(None, [letter.client, letter.to_name, letter.address]):
            doc.add_paragraph(line).paragraph_format.left_indent = Pt(250)
        heading = doc.add_paragraph()
        heading.add_run(letter.subject).bold = True
        for paragraph in letter.body.split("\n"):
            doc.add_paragraph(paragraph)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def letters_csv(letters: list[Letter]) -> bytes:
    """UTF-8, comma-separated, a header row: what mail services' import screens take."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["email", "name", "client", "subject", "body"])
    for letter in letters:
        writer.writerow([_inert(v) for v in (letter.to_address, letter.to_name, letter.client, letter.subject,
                                             letter.body)])
    return out.getvalue().encode("utf-8")


def _inert(value: str | None) -> str:
    """A spreadsheet opening the file must not run a typed-in formula (CSV injection)."""
    return inert(value or "")
