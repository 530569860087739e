"""A document's PDF (fpdf2, a TrueType font with Cyrillic letters): the proposal and the invoice
in the common Russian forms, from the snapshot alone."""
from __future__ import annotations

import base64
import io

from fpdf import FPDF
from fpdf.enums import TableBordersLayout

from ..mailing.fonts import font_files
from . import text as ru

WIDTH = 180  # A4 210 mm less 15 mm margins each side


def _pdf(content: dict) -> FPDF:
    regular, bold = font_files()
    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("body", "", regular)
    pdf.add_font("body", "B", bold)
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(ru.title(content))
    pdf.set_author(content["supplier"].get("legal_name") or "")
    pdf.add_page()
    return pdf


def _lines_table(pdf: FPDF, content: dict, *, discounts: bool) -> None:
    widths = (8, 70, 18, 11, 23, 18, 32) if discounts else (8, 90, 18, 11, 26, 27)
    align = ("CENTER", "LEFT", "RIGHT", "CENTER", "RIGHT", *(("RIGHT",) if discounts else ()), "RIGHT")
    pdf.set_font("body", size=8.5)
    with pdf.table(col_widths=widths, text_align=align, line_height=4.6, padding=1,
                   headings_style=_bold_style(), first_row_as_headings=True, width=WIDTH) as table:
        for cells in ru.lines_table(content, discounts=discounts):
            table.row(cells)


def _bold_style():
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD", fill_color=(235, 235, 235))


def _totals(pdf: FPDF, content: dict) -> None:
    pdf.ln(2)
    vat_label, vat_value = ru.vat_line(content)
    rows = [("Итого:", ru.money(content["total"])), (vat_label, vat_value),
            ("Всего к оплате:", ru.money(content["total"]))]
    for label, value in rows:
        pdf.set_font("body", "B", 9.5)
        pdf.cell(WIDTH - 35, 5.5, label, align="R")
        pdf.cell(35, 5.5, value, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("body", size=9.5)
    pdf.multi_cell(WIDTH, 5, f"Всего наименований {len(content['lines'])}, на сумму {ru.money(content['total'])} руб.",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "B", 9.5)
    pdf.multi_cell(WIDTH, 5, content["words"], align="L", new_x="LMARGIN", new_y="NEXT")


def _rule(pdf: FPDF, thick: float = 0.6) -> None:
    pdf.set_line_width(thick)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + WIDTH, pdf.get_y())
    pdf.set_line_width(0.2)


def invoice_pdf(content: dict) -> bytes:
    pdf = _pdf(content)
    s, b = content["supplier"], content["buyer"]
    # The bank block of the common form: the recipient's bank, BIC, accounts, INN/KPP, the recipient.
    pdf.set_font("body", size=9)
    with pdf.table(col_widths=(50, 50, 18, 62), line_height=4.8, padding=1, first_row_as_headings=False,
                   width=WIDTH, borders_layout=TableBordersLayout.ALL) as table:
        row = table.row()
        row.cell(f"{s.get('bank_name') or '—'}\nБанк получателя", colspan=2)
        row.cell("БИК\nСч. №")
        row.cell(f"{s.get('bic') or '—'}\n{s.get('correspondent_account') or '—'}")
        row = table.row()
        row.cell(f"ИНН {s.get('inn') or '—'}")
        row.cell(f"КПП {s.get('kpp') or '—'}")
        row.cell("Сч. №", rowspan=2)
        row.cell(s.get("settlement_account") or "—", rowspan=2)
        row = table.row()
        row.cell(f"{s.get('legal_name') or '—'}\nПолучатель", colspan=2)
    pdf.ln(5)
    pdf.set_font("body", "B", 14)
    pdf.multi_cell(WIDTH, 7, ru.title(content), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    _rule(pdf)
    pdf.ln(3)
    for label, party in (("Поставщик\n(Исполнитель):", s), ("Покупатель\n(Заказчик):", b)):
        y = pdf.get_y()
        pdf.set_font("body", size=9)
        pdf.multi_cell(30, 4.5, label)
        pdf.set_xy(pdf.l_margin + 30, y)
        pdf.set_font("body", "B", 9)
        pdf.multi_cell(WIDTH - 30, 4.5, ru.party_line(party), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(pdf.get_y(), y + 9) + 2)
    if content.get("deal"):
        pdf.set_font("body", size=9)
        pdf.cell(30, 4.5, "Основание:")
        pdf.set_font("body", "B", 9)
        pdf.multi_cell(WIDTH - 30, 4.5, content["deal"]["title"], new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    # A discounted line shows its discount on the invoice too: price × quantity must explain the sum.
    _lines_table(pdf, content, discounts=ru.any_discount(content))
    _totals(pdf, content)
    pdf.ln(2)
    _rule(pdf)
    pdf.ln(8)
    # One signature a line, the name after it: a long full name never runs into the other one.
    for label, name in (("Руководитель", s.get("director")), ("Бухгалтер", s.get("accountant"))):
        pdf.set_font("body", "B", 9.5)
        pdf.cell(30, 5, label)
        pdf.set_font("body", size=9.5)
        pdf.cell(45, 5, "_" * 22)
        pdf.multi_cell(WIDTH - 75, 5, f" {name}" if name else "", align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
    return bytes(pdf.output())


def proposal_pdf(content: dict) -> bytes:
    pdf = _pdf(content)
    s, b = content["supplier"], content["buyer"]
    top = pdf.get_y()
    text_x = pdf.l_margin
    if s.get("logo"):
        try:
            pdf.image(io.BytesIO(base64.b64decode(s["logo"])), x=pdf.l_margin, y=top, w=50, h=18,
                      keep_aspect_ratio=True)  # fitted into a 50 × 18 mm box
            text_x = pdf.l_margin + 55
        except Exception:  # noqa: BLE001 - an unreadable logo leaves the document without it, never unmade
            text_x = pdf.l_margin
    pdf.set_xy(text_x, top)
    pdf.set_font("body", "B", 11)
    pdf.multi_cell(WIDTH - (text_x - pdf.l_margin), 5.5, s.get("legal_name") or s.get("name") or "",
                   new_x="LEFT", new_y="NEXT")
    pdf.set_font("body", size=8.5)
    details = [ru.party_line({k: v for k, v in s.items() if k in ("inn", "kpp", "ogrn")}).lstrip(", "),
               s.get("address"), ", ".join(filter(None, [f"тел. {s['phone']}" if s.get("phone") else None,
                                                         s.get("email"), s.get("website")]))]
    for line in filter(None, details):
        pdf.multi_cell(WIDTH - (text_x - pdf.l_margin), 4.2, line, new_x="LEFT", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), top + 20) + 2)
    pdf.set_x(pdf.l_margin)
    _rule(pdf, 0.4)
    pdf.ln(6)
    pdf.set_font("body", "B", 14)
    pdf.multi_cell(WIDTH, 7, ru.title(content), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("body", size=10)
    whom = ru.party_line({k: b.get(k) for k in ("legal_name", "name", "inn", "kpp")})
    pdf.multi_cell(WIDTH, 5, f"Кому: {whom}", align="L", new_x="LMARGIN", new_y="NEXT")
    contact = content.get("contact")
    if contact:
        pdf.multi_cell(WIDTH, 5, "Вниманию: " + ", ".join(filter(None, [contact.get("full_name"),
                                                                         contact.get("position")])),
                       new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    salutation = f"Уважаемый(ая) {contact['full_name']}!" if contact and contact.get("full_name") else "Добрый день!"
    pdf.multi_cell(WIDTH, 5, salutation, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(WIDTH, 5, "Предлагаем вам следующие товары на условиях, указанных ниже.",
                   new_x="LMARGIN", new_y="NEXT")
    if content.get("note"):
        pdf.ln(1)
        pdf.multi_cell(WIDTH, 5, content["note"], align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _lines_table(pdf, content, discounts=True)
    _totals(pdf, content)
    if content.get("valid_until"):
        pdf.ln(2)
        pdf.set_font("body", size=10)
        pdf.multi_cell(WIDTH, 5, f"Предложение действительно до {ru.long_date(content['valid_until'])}",
                       new_x="LMARGIN", new_y="NEXT")
    if s.get("closing_text"):
        pdf.ln(2)
        pdf.set_font("body", size=10)
        pdf.multi_cell(WIDTH, 5, s["closing_text"], align="L", new_x="LMARGIN", new_y="NEXT")
    about = [line for line in content["lines"] if line.get("advantages")]
    if about:
        pdf.ln(4)
        pdf.set_font("body", "B", 11)
        pdf.cell(WIDTH, 6, "О предлагаемых товарах", new_x="LMARGIN", new_y="NEXT")
        for line in about:
            pdf.ln(1)
            pdf.set_font("body", "B", 9.5)
            pdf.multi_cell(WIDTH, 5, line["name"], new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("body", size=9.5)
            pdf.multi_cell(WIDTH, 4.8, line["advantages"], align="L", new_x="LMARGIN", new_y="NEXT")
    m = content["manager"]
    pdf.ln(8)
    pdf.set_font("body", size=10)
    pdf.multi_cell(WIDTH, 5, "С уважением,", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "B", 10)
    pdf.multi_cell(WIDTH, 5, m.get("full_name") or "", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", size=10)
    for line in (m.get("position"), s.get("legal_name") or s.get("name"),
                 f"Тел.: {m['phone']}" if m.get("phone") else None,
                 f"E-mail: {m['email']}" if m.get("email") else None):
        if line:
            pdf.multi_cell(WIDTH, 5, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def document_pdf(content: dict) -> bytes:
    return invoice_pdf(content) if content["kind"] == "invoice" else proposal_pdf(content)
