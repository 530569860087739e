"""Sums on Russian commercial documents: the total in words and the VAT included in it (issue 20).

The rules the proposal and the invoice follow (db/documents/totals.py):

- A line's sum is quantity × price × (1 − discount %), rounded half up to the kopeck once, at the
  end (`line_total`; the same rule as a deal line's amount, so a document reads the deal to the kopeck).
- Prices include VAT, as Russian wholesale price lists and invoices usually do: the total is the sum
  of the line sums, and the invoice states the VAT inside it once, on the total — "В том числе НДС
  20 %: 205,83" — `vat_included(total, rate)` = total × rate / (100 + rate), rounded half up to the
  kopeck. (Per-line VAT, which a UPD / счёт-фактура needs, is not on a payment invoice.) Without VAT
  the invoice says "Без НДС"; at 0 % it says "НДС 0 %: 0,00".
- The total in words: the roubles in words, capitalised, then the kopecks as two digits
  (`rubles_in_words`): "Одна тысяча двести тридцать четыре рубля 05 копеек", the form accountants
  write and banks expect. The words come from num2words (its Russian module, with the feminine
  "одна/две" of "тысяча"); the plural of рубль/копейка follows the Russian rule for 1, 2–4, 5–20
  (11–14 included), 21, 22…
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from num2words import num2words
from num2words.lang_RU import Num2Word_RU

KOPECK = Decimal("0.01")
RUBLE_FORMS = ("рубль", "рубля", "рублей")
KOPECK_FORMS = ("копейка", "копейки", "копеек")
MAX_AMOUNT = Decimal("999999999999.99")  # what Numeric(14, 2) holds
_RU = Num2Word_RU()


def plural(n: int, forms: tuple[str, str, str]) -> str:
    """The Russian plural form for a count: 1, 21, 101 → forms[0]; 2–4, 22–24 → forms[1];
    0, 5–20 (11–14 among them), 25–30 … → forms[2]."""
    return _RU.pluralize(abs(n), forms)


def _kopecks(amount: Decimal) -> Decimal:
    value = Decimal(amount)
    if not value.is_finite():
        raise ValueError(f"not an amount: {amount!r}")
    return value.quantize(KOPECK, rounding=ROUND_HALF_UP)


def rubles_in_words(amount: Decimal) -> str:
    """'Один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь рублей 89 копеек' for
    1234567.89: rounded half up to the kopeck; negative amounts and amounts over Numeric(14, 2) refused."""
    value = _kopecks(amount)
    if value < 0 or value > MAX_AMOUNT:
        raise ValueError(f"an amount in words is between 0 and {MAX_AMOUNT}: {amount!r}")
    rubles = int(value)
    kopecks = int((value - rubles) * 100)
    words = num2words(rubles, lang="ru")
    return f"{words[:1].upper()}{words[1:]} {plural(rubles, RUBLE_FORMS)} {kopecks:02d} {plural(kopecks, KOPECK_FORMS)}"


def vat_included(total: Decimal, rate: Decimal) -> Decimal:
    """The VAT inside a sum that includes it: total × rate / (100 + rate), rounded half up to the kopeck.
    20 % of 1 234,99 → 205,83 (1234.99 × 20 / 120 = 205.831…); 0 % → 0.00."""
    rate = Decimal(rate)
    if not rate.is_finite() or rate < 0 or rate >= 100:
        raise ValueError(f"a VAT rate is a per cent from 0 to below 100: {rate!r}")
    return (_kopecks(total) * rate / (100 + rate)).quantize(KOPECK, rounding=ROUND_HALF_UP)


def line_total(quantity: Decimal, price: Decimal, discount_pct: Decimal = Decimal("0")) -> Decimal:
    """A line's sum: quantity × price × (100 − discount) / 100, rounded half up to the kopeck once, at the end
    (not the discounted price first): 3 × 33.33 at 10 % → 89.99 (89.991), where a rounded price 30.00 would
    give 90.00."""
    return (Decimal(quantity) * Decimal(price) * (100 - Decimal(discount_pct)) / 100).quantize(
        KOPECK, rounding=ROUND_HALF_UP)


def document_total(line_totals: list[Decimal]) -> Decimal:
    """The document's total: the sum of its (already rounded) line sums — what the lines printed add up to."""
    return sum((_kopecks(a) for a in line_totals), Decimal("0.00"))
