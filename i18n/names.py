"""People's names inside Russian sentences: the case a sentence needs and verbs that agree
with the person's gender, by the petrovich rules (the pytrovich package).

A translation asks for them with a format spec on a name's placeholder; the English message
ids never do:

    "Передано менеджеру {name:dat}"            -> "Передано менеджеру Калининой С. В."
    "Клиенты {name:gen} изменились"            -> "Клиенты Петрова И. С. изменились"
    "Эту запись {who:изменил|изменила} {who}"  -> "Эту запись изменила Калинина С. В."

Names are written surname first ("Калинина Светлана Викторовна" or "Калинина С. В."), as the
app writes them everywhere. Initials stay as they are; a name without Cyrillic (a login, "Anna
Manager") is left unchanged, and a verb for a person whose gender the name does not tell reads
"изменил(а)".
"""
from __future__ import annotations

import re
from functools import cache

CASES = ("gen", "dat", "acc", "ins", "pre")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_INITIAL = re.compile(r"^\w\.$")


@cache
def _petrovich():
    # Loaded on first use: the rules are a JSON file read at construction.
    from pytrovich.detector import PetrovichGenderDetector
    from pytrovich.maker import PetrovichDeclinationMaker

    return PetrovichGenderDetector(), PetrovichDeclinationMaker()


def _parts(name: str) -> tuple[str, str | None, str | None]:
    """(surname, first name, patronymic); an initial or a missing part is None."""
    words = name.split()
    full = [w if not _INITIAL.match(w) else None for w in words[1:3]]
    full += [None] * (2 - len(full))
    return words[0], full[0], full[1]


def gender(name: str):
    """The person's gender as pytrovich's Gender, or None when the name does not tell."""
    from pytrovich.enums import Gender

    if not name or not _CYRILLIC.search(name):
        return None
    surname, first, middle = _parts(name)
    detector, _ = _petrovich()
    for kwargs in ({"middlename": middle}, {"firstname": first}, {"lastname": surname}):
        if next(iter(kwargs.values())):
            try:
                found = detector.detect(**kwargs)
            except (KeyError, ValueError):
                continue
            if found in (Gender.MALE, Gender.FEMALE):
                return found
    return None


def inflect(name: str, case: str) -> str:
    """The name in a grammatical case ("gen", "dat", "acc", "ins", "pre")."""
    from pytrovich.enums import Case, Gender, NamePart

    if not name or not _CYRILLIC.search(name):
        return name
    cases = {"gen": Case.GENITIVE, "dat": Case.DATIVE, "acc": Case.ACCUSATIVE,
             "ins": Case.INSTRUMENTAL, "pre": Case.PREPOSITIONAL}
    who = gender(name) or Gender.ANDROGYNOUS
    _, maker = _petrovich()
    words = name.split()
    parts = (NamePart.LASTNAME, NamePart.FIRSTNAME, NamePart.MIDDLENAME)
    out = []
    for i, word in enumerate(words):
        if i < 3 and not _INITIAL.match(word) and _CYRILLIC.search(word):
            # A double surname ("Римская-Корсакова") declines part by part.
            word = "-".join(maker.make(parts[i], who, cases[case], piece) for piece in word.split("-"))
        out.append(word)
    return " ".join(out)


def agree(name: str, masculine: str, feminine: str) -> str:
    """The word that agrees with the person: "изменила" for Калинина, "изменил(а)" for "admin"."""
    from pytrovich.enums import Gender

    found = gender(name)
    if found is Gender.MALE:
        return masculine
    if found is Gender.FEMALE:
        return feminine
    if feminine.startswith(masculine):
        return f"{masculine}({feminine[len(masculine):]})"
    return f"{masculine}/{feminine}"


def format_name(value: str, spec: str) -> str | None:
    """What a placeholder's spec asks of a name; None when the spec is not about names.
    A name escaped for markdown ("Калинина С\\. В\\.") comes back escaped the same way."""
    if spec in CASES:
        if "\\" not in value:
            return inflect(value, spec)
        escaped = set(re.findall(r"\\(.)", value))  # declension adds letters only
        plain = inflect(re.sub(r"\\(.)", r"\1", value), spec)
        return "".join(f"\\{c}" if c in escaped else c for c in plain)
    if "|" in spec:
        masculine, _, feminine = spec.partition("|")
        return agree(re.sub(r"\\(.)", r"\1", value), masculine, feminine)
    return None
