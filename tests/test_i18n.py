"""Every message the code shows has a Russian translation with the same placeholders."""
import string

from i18n import translate
from i18n.extract import message_ids
from i18n.formatting import money
from i18n.ru import RU


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_id_has_a_russian_translation():
    missing = {m: where for m, where in message_ids().items() if m not in RU}
    assert not missing, "untranslated:\n" + "\n".join(f"{w}: {m!r}" for m, w in missing.items())


def test_translations_keep_the_placeholders():
    wrong = {m: r for m, r in RU.items() if _fields(m) != _fields(r)}
    assert not wrong


def test_translate_fills_placeholders_and_falls_back_to_english():
    assert translate("Hello, {name}", "ru", name="Анна") == "Здравствуйте, Анна"
    assert translate("Hello, {name}", "en", name="Anna") == "Hello, Anna"
    assert translate("Not in the catalogue", "ru") == "Not in the catalogue"


def test_money_is_formatted_by_locale():
    assert money("1234567.89", "ru") == "1\u00a0234\u00a0567,89\u00a0₽"
    assert money("1234567.89", "en") == "RUB1,234,567.89"
    assert money("1234567.89", "ru", kopecks=False) == "1\u00a0234\u00a0568\u00a0₽"


def test_no_stale_translations():
    assert not set(RU) - set(message_ids())


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
