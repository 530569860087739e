"""People's names in Russian sentences: the case a sentence needs, verbs that agree (issue 18, item 7)."""
from __future__ import annotations

import string

import pytest
from babel.messages.pofile import read_po

from i18n import po_path, translate
from i18n.names import agree, format_name, inflect
from ui.text import md_escape


@pytest.mark.parametrize(("name", "case", "expected"), [
    ("Калинина С. В.", "dat", "Калининой С. В."),
    ("Калинина Светлана Викторовна", "gen", "Калининой Светланы Викторовны"),
    ("Петров Иван Сергеевич", "dat", "Петрову Ивану Сергеевичу"),
    ("Богданов П. О.", "gen", "Богданова П. О."),
    ("Римская-Корсакова А. Б.", "dat", "Римской-Корсаковой А. Б."),
    ("Anna Manager", "dat", "Anna Manager"),  # not Cyrillic: as it is
    ("", "gen", ""),
])
def test_a_name_takes_the_case(name, case, expected):
    assert inflect(name, case) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("Калинина С. В.", "изменила"),           # by the surname
    ("Ким Ольга Петровна", "изменила"),       # the surname does not tell; the patronymic does
    ("Ким О. П.", "изменил(а)"),              # nothing tells
    ("Петров И. С.", "изменил"),
    ("admin", "изменил(а)"),
])
def test_a_verb_agrees_with_the_person(name, expected):
    assert agree(name, "изменил", "изменила") == expected


def test_a_name_escaped_for_markdown_stays_escaped():
    assert format_name(md_escape("Калинина С. В."), "dat") == md_escape("Калининой С. В.")


def test_the_handover_sentence_is_grammatical():
    text = translate("{clients} clients handed over to {name}, with {deals} open deals and {tasks} open tasks.",
                     "ru", clients=2, name="Калинина С. В.", deals=1, tasks=3)
    assert text.startswith("Передано менеджеру Калининой С. В.: клиентов — 2")


def test_a_stale_edit_names_who_in_agreement():
    text = translate("{who} changed this client at {when}, after you opened this form. What you typed is kept "
                     "below; it is not saved yet.", "ru", who="Петров И. С.", when="10:00")
    assert text.startswith("Петров И. С. изменил этого клиента в 10:00")


def test_every_name_spec_in_the_catalog_is_one_the_formatter_knows():
    """A spec the formatter does not know would make str.format fail and the page fall back to English."""
    with po_path("ru").open("rb") as f:
        catalog = read_po(f, locale="ru")
    unknown = []
    for message in catalog:
        texts = [message.string] if isinstance(message.string, str) else list(message.string)
        for text in filter(None, texts):
            for _, field, spec, _ in string.Formatter().parse(text):
                if field and spec and not spec.startswith(" ") and format_name("Калинина С. В.", spec) is None:
                    unknown.append((message.id, spec))
    assert unknown == []
