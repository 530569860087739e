"""Issue 20: the total in Russian words and the VAT inside it (db/rules/amount_words.py), on hand-made examples."""
from __future__ import annotations

from decimal import Decimal

import pytest

from db.rules.amount_words import document_total, line_total, plural, rubles_in_words, vat_included

D = Decimal


@pytest.mark.parametrize("amount, words", [
    ("0.01", "Ноль рублей 01 копейка"),
    ("0", "Ноль рублей 00 копеек"),
    ("1", "Один рубль 00 копеек"),
    ("2", "Два рубля 00 копеек"),
    ("4.04", "Четыре рубля 04 копейки"),
    ("5", "Пять рублей 00 копеек"),
    ("11", "Одиннадцать рублей 00 копеек"),
    ("12.12", "Двенадцать рублей 12 копеек"),
    ("14", "Четырнадцать рублей 00 копеек"),
    ("21", "Двадцать один рубль 00 копеек"),
    ("22", "Двадцать два рубля 00 копеек"),
    ("101", "Сто один рубль 00 копеек"),
    ("111", "Сто одиннадцать рублей 00 копеек"),
    ("1000", "Одна тысяча рублей 00 копеек"),  # тысяча is feminine: одна, две
    ("2000", "Две тысячи рублей 00 копеек"),
    ("1 000 000", "Один миллион рублей 00 копеек"),
    ("1234567.89", "Один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь рублей 89 копеек"),
    ("2000000000.05", "Два миллиарда рублей 05 копеек"),
    ("999999999999.99", "Девятьсот девяносто девять миллиардов девятьсот девяносто девять миллионов девятьсот "
                        "девяносто девять тысяч девятьсот девяносто девять рублей 99 копеек"),
    # The kopecks' own forms: 01 копейка, 11 копеек, 21 копейка, 22 копейки, 25 копеек.
    ("3.01", "Три рубля 01 копейка"),
    ("3.11", "Три рубля 11 копеек"),
    ("3.21", "Три рубля 21 копейка"),
    ("3.22", "Три рубля 22 копейки"),
    ("3.25", "Три рубля 25 копеек"),
    ("1.005", "Один рубль 01 копейка"),  # half up to the kopeck, not to even
])
def test_rubles_in_words(amount, words):
    assert rubles_in_words(D(amount.replace(" ", ""))) == words


def test_amounts_that_have_no_words_are_refused():
    for bad in (D("-1"), D("1000000000000"), D("NaN"), D("Infinity")):
        with pytest.raises(ValueError):
            rubles_in_words(bad)


def test_plural_forms():
    forms = ("рубль", "рубля", "рублей")
    assert [plural(n, forms) for n in (1, 2, 4, 5, 11, 12, 14, 20, 21, 22, 25, 101, 111, 112, 1001)] == [
        "рубль", "рубля", "рубля", "рублей", "рублей", "рублей", "рублей", "рублей", "рубль", "рубля", "рублей",
        "рубль", "рублей", "рублей", "рубль"]


def test_vat_included_in_the_total():
    # 1 200 × 20 / 120 = 200 exactly; 1 234.99 × 20 / 120 = 205.8316… → 205.83;
    # 100 × 10 / 110 = 9.0909… → 9.09; 0.05 × 20 / 120 = 0.00833… → 0.01 (half up from 0.008).
    assert vat_included(D("1200"), D("20")) == D("200.00")
    assert vat_included(D("1234.99"), D("20")) == D("205.83")
    assert vat_included(D("100"), D("10")) == D("9.09")
    assert vat_included(D("0.05"), D("20")) == D("0.01")
    assert vat_included(D("0.02"), D("20")) == D("0.00")  # 0.00333…
    # 22 % (from 2026): 1 220 × 22 / 122 = 220; 0.61 × 22 / 122 = 0.11.
    assert vat_included(D("1220"), D("22")) == D("220.00")
    assert vat_included(D("0.61"), D("22")) == D("0.11")
    # 21 × 5 / 105 = 1.00; 0 % is nothing.
    assert vat_included(D("21"), D("5")) == D("1.00") and vat_included(D("999.99"), D("0")) == D("0.00")
    # Over a million: 2 000 000 000.05 × 20 / 120 = 333 333 333.341666… → 333 333 333.34.
    assert vat_included(D("2000000000.05"), D("20")) == D("333333333.34")
    for bad in (D("-1"), D("100"), D("NaN")):
        with pytest.raises(ValueError):
            vat_included(D("100"), bad)


def test_half_a_kopeck_of_vat_rounds_up():
    # 0.03 × 20 / 120 = 0.005 exactly: half up gives 0.01 (banker's rounding would give 0.00).
    assert vat_included(D("0.03"), D("20")) == D("0.01")


def test_line_totals_round_once_at_the_end_and_the_total_adds_the_lines():
    # 3 × 33.33 at 10 %: 89.991 → 89.99 (a discounted price rounded first, 30.00, would give 90.00).
    assert line_total(D("3"), D("33.33"), D("10")) == D("89.99")
    # 1.5 kg × 99.99: 149.985 → 149.99 (half up).
    assert line_total(D("1.5"), D("99.99")) == D("149.99")
    lines = [line_total(D("3"), D("33.33"), D("10")), line_total(D("1.5"), D("99.99")), D("1000")]
    total = document_total(lines)
    assert total == D("1239.98")
    # The invoice: "Итого: 1 239,98; В том числе НДС 20 %: 206,66" (1239.98 / 6 = 206.6633…).
    assert vat_included(total, D("20")) == D("206.66")
    assert rubles_in_words(total) == "Одна тысяча двести тридцать девять рублей 98 копеек"
