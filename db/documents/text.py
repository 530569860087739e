"""Russian wording of the documents: sums, quantities, dates, units and titles.

The documents are always in Russian, whatever the language of the person making them,
so nothing here goes through the UI's translation.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date

NBSP = "\u00a0"
DEFAULT_POSITION = "Менеджер по продажам"  # the signer's position unless they give theirs
KIND_TITLES = {"proposal": "Коммерческое предложение", "invoice": "Счёт на оплату"}
# Short file-name prefixes: КП-12-2026.pdf, Счет-7-2026.pdf
FILE_PREFIXES = {"proposal": "КП", "invoice": "Счет"}
# The catalogue's unit codes in the abbreviations of Russian documents; anything else is printed as stored.
UNITS = {"pcs": "шт", "pc": "шт", "piece": "шт", "kg": "кг", "g": "г", "t": "т", "m": "м", "m2": "м²",
         "m3": "м³", "l": "л", "pack": "уп", "box": "кор", "set": "компл", "roll": "рул", "pair": "пар",
         "h": "ч", "service": "усл"}


def money(value) -> str:
    """1 234 567,89 — thin groups by no-break spaces, a comma before the kopecks."""
    text = f"{Decimal(value):,.2f}"
    return text.replace(",", NBSP).replace(".", ",")


def quantity(value) -> str:
    """40 000, 2,5, 0,125: no trailing zeros."""
    number = Decimal(value)
    text = f"{number:,f}" if number == number.to_integral() else f"{number.normalize():,f}"
    whole, _, fraction = text.partition(".")
    whole = whole.replace(",", NBSP)
    if number == number.to_integral():
        return whole
    return f"{whole},{fraction}"


def percent(value) -> str:
    number = Decimal(value).normalize()
    return f"{number:f}".replace(".", ",")


def lines_table(content: dict, *, discounts: bool) -> list[list[str]]:
    """The lines table as the PDF and the Word file print it: the heading row, then a row per line."""
    rows = [["№", "Товар", "Кол-во", "Ед.", "Цена", *(["Скидка, %"] if discounts else []), "Сумма"]]
    for line in content["lines"]:
        cells = [str(line["n"]), line["name"], quantity(line["quantity"]), unit(line["unit"]), money(line["price"])]
        if discounts:
            cells.append(percent(line["discount_pct"]) if float(line["discount_pct"]) else "—")
        rows.append([*cells, money(line["amount"])])
    return rows


def any_discount(content: dict) -> bool:
    return any(float(line["discount_pct"]) for line in content["lines"])


def long_date(day: dt.date | str) -> str:
    """4 декабря 2026 г."""
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return f"{format_date(day, 'd MMMM yyyy', locale='ru')} г."


def unit(code: str | None) -> str:
    code = (code or "").strip()
    return UNITS.get(code.lower(), code) or "шт"


def title(content: dict) -> str:
    """"Счёт на оплату № 7 от 4 декабря 2026 г." (with "(редакция 2)" for a later version)."""
    text = f"{KIND_TITLES[content['kind']]} № {content['number']} от {long_date(content['issued_on'])}"
    if int(content.get("revision") or 1) > 1:
        text += f" (редакция {content['revision']})"
    return text


def file_name(content: dict, extension: str) -> str:
    revision = int(content.get("revision") or 1)
    suffix = f"-р{revision}" if revision > 1 else ""
    return f"{FILE_PREFIXES[content['kind']]}-{content['number']}-{content['year']}{suffix}.{extension}"


def party_line(party: dict) -> str:
    """"ООО «Альфа Строй», ИНН 7701000010, КПП 770101001, 101000, Москва, ул. ..., тел. ...": the
    requisites an invoice gives of each side, the empty ones left out."""
    parts = [party.get("legal_name") or party.get("name")]
    # No-break spaces inside a requisite: "ИНН 7701…" and a phone number never split across lines.
    if party.get("inn"):
        parts.append(f"ИНН{NBSP}{party['inn']}")
    if party.get("kpp"):
        parts.append(f"КПП{NBSP}{party['kpp']}")
    if party.get("ogrn"):
        parts.append(f"ОГРН{NBSP}{party['ogrn']}")
    if party.get("address"):
        parts.append(party["address"])
    if party.get("phone"):
        parts.append(f"тел.{NBSP}{party['phone'].replace(' ', NBSP)}")
    return ", ".join(p for p in parts if p)


def vat_line(content: dict) -> tuple[str, str]:
    """The VAT row of the totals: ("В том числе НДС (20 %):", "1 234,56") or ("Без НДС", "—")."""
    if content.get("vat_rate") is not None and content.get("vat_amount") is not None:
        return f"В том числе НДС ({percent(content['vat_rate'])}{NBSP}%):", money(content["vat_amount"])
    return "Без НДС", "—"


def letter_body(content: dict) -> str:
    """The covering letter's default text (Russian, like the document; the manager may change it)."""
    contact = content.get("contact") or {}
    greeting = f"Уважаемый(ая) {contact['full_name']}!" if contact.get("full_name") else "Добрый день!"
    what = "коммерческое предложение" if content["kind"] == "proposal" else "счёт на оплату"
    manager = content.get("manager") or {}
    signature = "\n".join(filter(None, ["С уважением,", manager.get("full_name"), manager.get("position"),
                                        (content.get("supplier") or {}).get("legal_name"),
                                        f"Тел.: {manager['phone']}" if manager.get("phone") else None,
                                        f"E-mail: {manager['email']}" if manager.get("email") else None]))
    return (f"{greeting}\n\nНаправляем вам {what} № {content['number']} от {long_date(content['issued_on'])} "
            f"на сумму {money(content['total'])} руб. Файл во вложении.\n\n{signature}")
