"""A document's sums: lines, total, VAT included, the total in words."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..rules.amount_words import document_total, line_total, rubles_in_words, vat_included

KOPECK = Decimal("0.01")


def line_amount(quantity: Decimal, price: Decimal, discount_pct: Decimal) -> Decimal:
    """quantity × price × (1 − discount), rounded half up to kopecks once: the rule of DealLine.amount
    (db/actions/deals.line_amount), so a proposal's line reads the deal's sum to the kopeck."""
    return line_total(Decimal(quantity), Decimal(price), Decimal(discount_pct))


@dataclass(frozen=True)
class Totals:
    total: Decimal  # what the client pays, VAT included
    vat_rate: Decimal | None  # None: without VAT (0 is the export rate: "НДС 0 %")
    vat_amount: Decimal | None
    words: str  # the total in Russian words: "Сто двадцать три рубля 45 копеек"


def totals(amounts: list[Decimal], vat_rate: Decimal | None) -> Totals:
    total = document_total([Decimal(a) for a in amounts])
    vat = vat_included(total, Decimal(vat_rate)) if vat_rate is not None else None
    return Totals(total=total, vat_rate=Decimal(vat_rate) if vat_rate is not None else None,
                  vat_amount=None if vat is None else Decimal(vat).quantize(KOPECK), words=rubles_in_words(total))
