"""The Russian catalogue covers every message the code shows: no missing, fuzzy, stale or duplicate entries.

The messages are read from the source with Babel's extraction API and the
project's babel.cfg (what `pybabel extract` does); Russian is the .po plus any
feature dict (i18n/ru_<feature>.py) not yet folded into it.
"""
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from i18n import NN_, NP_, catalog_for, dict_catalogs, ntranslate, po_path, ptranslate, translate
from i18n.extract import ROOT, extract_catalog
from i18n.formatting import money


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _where(message) -> str:
    place = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
    return f"{place}: {message.context + ' | ' if message.context else ''}{message.id!r}"


@pytest.fixture(scope="module")
def source():
    return extract_catalog()


@pytest.fixture(scope="module")
def po():
    with po_path("ru").open("rb") as f:
        return read_po(f, locale="ru")


def test_every_message_id_has_a_russian_translation(source):
    russian = catalog_for("ru")
    missing = []
    for message in source:
        if not message.id:
            continue
        found = russian.get(message.id, message.context)
        strings = found.string if found is not None and isinstance(found.string, tuple) else (
            (found.string,) if found is not None else ())
        if found is None or found.fuzzy or not all(strings) or found.pluralizable != message.pluralizable:
            missing.append(_where(message))
    assert not missing, "untranslated:\n" + "\n".join(missing)


def test_the_catalogue_has_no_fuzzy_obsolete_or_duplicate_entries(po):
    assert not po.fuzzy, "the header is marked fuzzy"
    assert not [m.id for m in po if m.id and m.fuzzy], "fuzzy entries: translate them and drop the flag"
    assert not po.obsolete, "obsolete (#~) entries: run pybabel update with --ignore-obsolete"
    # read_po keeps the last of two entries with one id and context; count them in the text.
    text = po_path("ru").read_text(encoding="utf-8")
    entries = sum(1 for line in text.splitlines() if line.startswith("msgid "))
    assert entries == len(po) + 1, "the same msgid (and msgctxt) twice in the .po"


def test_russian_has_three_plural_forms(po):
    assert po.num_plurals == 3
    assert "nplurals=3" in po.plural_forms


def test_no_stale_translations(source, po):
    used = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in source if m.id}
    stale = [(m.context, m.id) for m in po if m.id and ((m.id if isinstance(m.id, str) else m.id[0]), m.context)
             not in used]
    assert not stale, "translations the code no longer uses (pybabel update drops them)"
    unused = [(name, key) for name, entries in dict_catalogs("ru").items() for key in entries
              if ((key[1], key[0]) if isinstance(key, tuple) else (key, None)) not in used]
    assert not unused


def test_feature_dicts_agree_with_the_po(po):
    clashes = []
    for name, entries in dict_catalogs("ru").items():
        for key, text in entries.items():
            context, msgid = key if isinstance(key, tuple) else (None, key)
            known = po.get(msgid, context)
            if known is not None and known.string and not known.fuzzy and known.string != text:
                clashes.append(f"{name}: {msgid!r}: {text!r} but the .po has {known.string!r}")
    assert not clashes


def test_translations_keep_the_placeholders():
    wrong = []
    for m in catalog_for("ru"):
        if not m.id:
            continue
        if isinstance(m.id, tuple):
            # Every plural form shows the count: Russian's "one" form is also 21, 31...
            wrong += [(m.id, s) for s in m.string if _fields(s) != _fields(m.id[1])]
        elif m.string and _fields(m.id) != _fields(m.string):
            wrong.append((m.id, m.string))
    assert not wrong


def test_translate_fills_placeholders_and_falls_back_to_english():
    assert translate("Hello, {name}", "ru", name="Анна") == "Здравствуйте, Анна"
    assert translate("Hello, {name}", "en", name="Anna") == "Hello, Anna"
    assert translate("Not in the catalogue", "ru") == "Not in the catalogue"


def test_one_english_word_two_russian_ones_by_context():
    # A client is "Активный", a user (or a stage, a territory) "Активен": once one dict key, the second won.
    assert ptranslate(*NP_("client status", "Active"), "ru") == "Активный"
    assert translate("Active", "ru") == "Активен"
    assert ptranslate("deal state", "Won", "ru") == "Выиграна"
    assert ptranslate("client status", "Active", "en") == "Active"


def test_counts_take_the_russian_plural_form():
    forms = NN_("{n} client shown.", "{n} clients shown.")
    ru = {n: ntranslate(*forms, n, "ru", n=n) for n in (1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111)}
    assert ru == {1: "Показан 1 клиент.", 2: "Показано 2 клиента.", 4: "Показано 4 клиента.",
                  5: "Показано 5 клиентов.", 11: "Показано 11 клиентов.", 12: "Показано 12 клиентов.",
                  14: "Показано 14 клиентов.", 21: "Показан 21 клиент.", 22: "Показано 22 клиента.",
                  25: "Показано 25 клиентов.", 101: "Показан 101 клиент.", 111: "Показано 111 клиентов."}
    assert ntranslate(*forms, 1, "en", n=1) == "1 client shown."
    assert ntranslate(*forms, 3, "en", n=3) == "3 clients shown."
    assert ntranslate("{n} apple", "{n} apples", 5, "ru", n=5) == "5 apples"  # not in the catalogue


def test_every_stored_code_has_a_written_out_message_id():
    """Roles, activity kinds, segments, statuses and deal states: no id is built at run time."""
    from db.models import ActivityKind, ClientStatus, DealState, Role, SizeSegment
    from ui.lang import CODES

    for kind, enum in {"role": Role, "activity": ActivityKind, "size segment": SizeSegment,
                       "client status": ClientStatus, "deal state": DealState}.items():
        assert set(CODES[kind]) == {e.value for e in enum}, kind
    russian = catalog_for("ru")
    for labels in CODES.values():
        for msgid in labels.values():
            context, text = msgid if isinstance(msgid, tuple) else (None, msgid)
            assert russian.get(text, context).string, msgid


def test_pybabel_extract_with_the_projects_config(tmp_path):
    """The README's extract command: the contexts and plurals land in the template."""
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-o", str(pot),
                    "--no-location", "."], cwd=ROOT, check=True, capture_output=True)
    text = pot.read_text(encoding="utf-8")
    assert 'msgctxt "client status"\nmsgid "Active"' in text
    assert 'msgid "{n} client shown."\nmsgid_plural "{n} clients shown."' in text
    assert 'msgid "Sign in"' in text
    assert "site-packages" not in text and "tests/" not in text
    assert Path(ROOT / "i18n/messages.pot").exists()


def test_money_is_formatted_by_locale():
    assert money("1234567.89", "ru") == "1\u00a0234\u00a0567,89\u00a0₽"
    assert money("1234567.89", "en") == "RUB\u00a01,234,567.89"
    assert money("1234567.89", "ru", kopecks=False) == "1\u00a0234\u00a0568\u00a0₽"


def test_missing_values_show_as_a_dash():
    import pandas as pd

    from i18n import formatting as f

    for value in (None, float("nan"), pd.NaT):
        assert f.date(value, "ru") == f.datetime(value, "ru", None) == f.money(value, "en") == "—"
        assert f.number(value, "ru") == f.percent(value, "en") == f.month(value, "ru") == "—"


def test_greeting_uses_name_and_patronymic_for_russian_full_names():
    from ui.lang import greeting_name

    assert greeting_name("Калинина Светлана Васильевна") == "Светлана Васильевна"
    assert greeting_name("Авдеев Артём Михайлович") == "Артём Михайлович"
    assert greeting_name("Anna Manager") == "Anna"
    assert greeting_name("") == ""
