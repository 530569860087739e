"""A document as a Word file (python-docx): the same content as the PDF, for a manager to adjust
a proposal's wording before sending it from their own mail."""
from __future__ import annotations

import base64
import io

from . import text as ru


def document_docx(content: dict) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(15)
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    s, b = content["supplier"], content["buyer"]
    invoice = content["kind"] == "invoice"

    def para(text: str = "", *, bold: bool = False, size: float | None = None, align=None):
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if align is not None:
            p.alignment = align
        p.paragraph_format.space_after = Pt(2)
        return p

    def table(rows: list[list[str]], widths: list[float], *, header: bool):
        t = doc.add_table(rows=0, cols=len(widths))
        t.style = "Table Grid"
        for i, cells in enumerate(rows):
            row = t.add_row().cells
            for j, value in enumerate(cells):
                row[j].width = Mm(widths[j])
                row[j].text = value
                if header and i == 0:
                    for run in row[j].paragraphs[0].runs:
                        run.bold = True
        return t

    if invoice:
        bank = table([[f"{s.get('bank_name') or '—'}\nБанк получателя", "", "БИК\nСч. №",
                       f"{s.get('bic') or '—'}\n{s.get('correspondent_account') or '—'}"],
                      [f"ИНН {s.get('inn') or '—'}", f"КПП {s.get('kpp') or '—'}", "Сч. №",
                       s.get("settlement_account") or "—"],
                      [f"{s.get('legal_name') or '—'}\nПолучатель", "", "", ""]], [50, 50, 18, 62], header=False)
        bank.cell(0, 0).merge(bank.cell(0, 1))
        bank.cell(2, 0).merge(bank.cell(2, 1))
        bank.cell(1, 2).merge(bank.cell(2, 2))
        bank.cell(1, 3).merge(bank.cell(2, 3))
        para()
        para(ru.title(content), bold=True, size=14)
        para(f"Поставщик (Исполнитель): {ru.party_line(s)}")
        para(f"Покупатель (Заказчик): {ru.party_line(b)}")
        if content.get("deal"):
            para(f"Основание: {content['deal']['title']}")
    else:
        if s.get("logo"):
            try:
                doc.add_picture(io.BytesIO(base64.b64decode(s["logo"])), height=Mm(18))
            except Exception:  # noqa: BLE001 - an unreadable logo: the document goes without it
                pass
        para(s.get("legal_name") or s.get("name") or "", bold=True, size=11)
        for line in filter(None, [ru.party_line({k: s.get(k) for k in ("inn", "kpp", "ogrn")}).lstrip(", "),
                                  s.get("address"),
                                  ", ".join(filter(None, [f"тел. {s['phone']}" if s.get("phone") else None,
                                                          s.get("email"), s.get("website")]))]):
            para(line, size=8.5)
        para()
        para(ru.title(content), bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
        para("Кому: " + ru.party_line({k: b.get(k) for k in ("legal_name", "name", "inn", "kpp")}))
        contact = content.get("contact")
        if contact:
            para("Вниманию: " + ", ".join(filter(None, [contact.get("full_name"), contact.get("position")])))
        para(f"Уважаемый(ая) {contact['full_name']}!" if contact and contact.get("full_name") else "Добрый день!")
        para("Предлагаем вам следующие товары на условиях, указанных ниже.")
        if content.get("note"):
            para(content["note"])

    # A discounted line shows its discount on the invoice too: price × quantity must explain the sum.
    discounts = not invoice or ru.any_discount(content)
    rows = ru.lines_table(content, discounts=discounts)
    table(rows, [8, 70, 18, 11, 23, 18, 32] if discounts else [8, 90, 18, 11, 26, 27], header=True)
    vat_label, vat_value = ru.vat_line(content)
    for label, value in (("Итого:", ru.money(content["total"])), (vat_label, vat_value),
                         ("Всего к оплате:", ru.money(content["total"]))):
        para(f"{label} {value}", bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(f"Всего наименований {len(content['lines'])}, на сумму {ru.money(content['total'])} руб.")
    para(content["words"], bold=True)
    if invoice:
        para()
        para(f"Руководитель ________________ {s.get('director') or ''}".rstrip())
        para()
        para(f"Бухгалтер ________________ {s.get('accountant') or ''}".rstrip())
    else:
        if content.get("valid_until"):
            para(f"Предложение действительно до {ru.long_date(content['valid_until'])}")
        if s.get("closing_text"):
            para(s["closing_text"])
        about = [line for line in content["lines"] if line.get("advantages")]
        if about:
            para("О предлагаемых товарах", bold=True, size=11)
            for line in about:
                para(line["name"], bold=True)
                para(line["advantages"])
        m = content["manager"]
        para()
        para("С уважением,")
        para(m.get("full_name") or "", bold=True)
        for line in (m.get("position"), s.get("legal_name") or s.get("name"),
                     f"Тел.: {m['phone']}" if m.get("phone") else None,
                     f"E-mail: {m['email']}" if m.get("email") else None):
            if line:
                para(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
