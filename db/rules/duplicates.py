"""Which records look like twins: names, phones and e-mails brought to one form, and how alike two names are.

Pure functions on plain values (no database): the duplicates view (queries/duplicates.py)
and the merge (db/actions/duplicates.py) read the same rules, and so may the import.

- A company's name is compared without its legal form (ООО, АО, ПАО, ИП, LLC, GmbH, … and
  their spelt-out forms), quotes, punctuation, case, ё/е and extra spaces; a word typed with
  Latin look-alikes among Cyrillic letters ("3eнит") is read as Cyrillic.
- A phone is its digits without the Russian country prefix (+7 / 8), at least 7 of them.
- An e-mail is compared case-folded.
- Two names are "similar" when difflib's ratio of their normal forms is at least
  `SIMILAR_RATIO` (one typo in a ten-letter name: 0.9), or their words are the same in
  another order. Similar pairs are looked for among names sharing the first
  `BLOCK_PREFIX` letters of a word, so the view is not quadratic in the number of clients.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from ..search import phone_digits

SIMILAR_RATIO = 0.88
BLOCK_PREFIX = 4
BLOCK_LIMIT = 300  # a word prefix shared by more names than this ("строй") pairs nobody by itself
MIN_PHONE_DIGITS = 7


class Reason(StrEnum):
    """Why records are put in one group (the view names them)."""

    INN = "inn"
    NAME = "name"
    PHONE = "phone"
    EMAIL = "email"
    CONTACT = "contact"  # a contact's phone or e-mail shared by two clients
    SIMILAR = "similar"


_SPELT_FORMS = (
    "общество с ограниченной ответственностью", "публичное акционерное общество",
    "закрытое акционерное общество", "открытое акционерное общество", "непубличное акционерное общество",
    "акционерное общество", "индивидуальный предприниматель", "торговый дом", "группа компаний",
    "limited liability company", "public limited company", "private limited company",
    "gesellschaft mit beschränkter haftung",
)
_SHORT_FORMS = (
    "ооо", "оао", "зао", "пао", "нао", "ао", "ип", "пбоюл", "чп", "тоо", "нко", "ано", "гк", "тд", "пк",
    "llc", "ltd", "inc", "corp", "co", "plc", "gmbh", "ag", "kg", "sa", "sas", "sarl", "srl", "spa", "bv",
    "nv", "oy", "ab", "as",
)
_SPELT = re.compile("|".join(re.escape(f) for f in _SPELT_FORMS))
_SHORT = re.compile(r"\b(" + "|".join(_SHORT_FORMS) + r")\b")
_LATIN_LOOKALIKES = str.maketrans("aceopxykmhtb3", "асеорхукмнтвз")
_CYRILLIC = re.compile(r"[а-я]")
_LATIN = re.compile(r"[a-z]")


def _cyrillic_word(word: str) -> str:
    """A word mixing Cyrillic with Latin look-alikes (or a 3 for З) is read as Cyrillic."""
    if _CYRILLIC.search(word) and (_LATIN.search(word) or "3" in word):
        return word.translate(_LATIN_LOOKALIKES)
    return word


def name_key(name: str | None) -> str:
    """A company's name in the form twins share: «ООО "Зенит-Трейд"» → "зенит трейд"."""
    text = (name or "").casefold().replace("ё", "е")
    text = re.sub(r"[^\w]+", " ", text)
    text = " ".join(_cyrillic_word(w) for w in text.split())
    text = _SHORT.sub(" ", _SPELT.sub(" ", text))
    return " ".join(text.replace("_", " ").split())


def person_key(full_name: str | None) -> str:
    """A person's name in one form: case, ё/е, punctuation and word order do not matter
    ("Иванов Иван" and "иван  иванов" are one key)."""
    text = re.sub(r"[^\w]+", " ", (full_name or "").casefold().replace("ё", "е"))
    return " ".join(sorted(_cyrillic_word(w) for w in text.split()))


def phone_key(phone: str | None) -> str:
    """Digits without the country prefix; "" when too short to tell anyone apart."""
    digits = phone_digits(phone)
    return digits if len(digits) >= MIN_PHONE_DIGITS else ""


def email_key(email: str | None) -> str:
    text = (email or "").strip().casefold()
    return text if "@" in text else ""


def similar(a: str, b: str) -> bool:
    """Whether two name keys look like one name spelt twice (equal keys are `Reason.NAME`, not this)."""
    if not a or not b or a == b:
        return False
    if sorted(a.split()) == sorted(b.split()):
        return True
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= SIMILAR_RATIO and matcher.quick_ratio() >= SIMILAR_RATIO \
        and matcher.ratio() >= SIMILAR_RATIO


@dataclass(frozen=True)
class Edge:
    a: int
    b: int
    reason: Reason


def equal_key_edges(keys: Iterable[tuple[int, str]], reason: Reason) -> list[Edge]:
    """Records sharing a non-empty key, linked in a chain (enough to put them in one group)."""
    first: dict[str, int] = {}
    edges = []
    for record_id, key in keys:
        if not key:
            continue
        if key in first:
            if first[key] != record_id:
                edges.append(Edge(first[key], record_id, reason))
        else:
            first[key] = record_id
    return edges


def similar_name_edges(names: dict[int, str]) -> list[Edge]:
    """Pairs of records whose name keys are `similar`, looked for among names sharing a word's start."""
    blocks: dict[str, list[int]] = {}
    for record_id, key in names.items():
        for word in set(key.split()):
            if len(word) >= 3:
                blocks.setdefault(word[:BLOCK_PREFIX], []).append(record_id)
    seen: set[tuple[int, int]] = set()
    edges = []
    for members in blocks.values():
        if len(members) < 2 or len(members) > BLOCK_LIMIT:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pair = (min(a, b), max(a, b))
                if pair in seen:
                    continue
                seen.add(pair)
                if similar(names[a], names[b]):
                    edges.append(Edge(pair[0], pair[1], Reason.SIMILAR))
    return edges


def groups(edges: Iterable[Edge]) -> list[tuple[list[int], set[Reason]]]:
    """Connected records (union-find): [(ids in ascending order, the reasons that link them)],
    the largest group first, then by the smallest id."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    edge_list = list(edges)
    for e in edge_list:
        ra, rb = root(e.a), root(e.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[int]] = {}
    for x in parent:
        members.setdefault(root(x), []).append(x)
    reasons: dict[int, set[Reason]] = {}
    for e in edge_list:
        reasons.setdefault(root(e.a), set()).add(e.reason)
    found = [(sorted(ids), reasons.get(r, set())) for r, ids in members.items() if len(ids) > 1]
    found.sort(key=lambda g: (-len(g[0]), g[0][0]))
    return found


class TwinIndex:
    """Existing records by their normal forms, to ask "does this new one look like one of them?"
    (the import's "duplicates": "flag" option): the same name or legal name, phone or e-mail.
    Built from plain rows (id, name, legal_name, phone, email)."""

    def __init__(self, rows: Iterable) -> None:
        self.keys: dict[tuple[Reason, str], int] = {}
        for r in rows:
            for reason, key in self._keys(r.name, r.legal_name, r.phone, r.email):
                self.keys.setdefault((reason, key), r.id)

    @staticmethod
    def _keys(name, legal_name, phone, email) -> list[tuple[Reason, str]]:
        found = [(Reason.NAME, name_key(name)), (Reason.NAME, name_key(legal_name)),
                 (Reason.PHONE, phone_key(phone)), (Reason.EMAIL, email_key(email))]
        return [(reason, key) for reason, key in found if key]

    def find(self, *, name=None, legal_name=None, phone=None, email=None) -> tuple[int, Reason] | None:
        """The first record sharing a key with these values, and why; None when none does."""
        for reason, key in self._keys(name, legal_name, phone, email):
            found = self.keys.get((reason, key))
            if found is not None:
                return found, reason
        return None

    def add(self, record_id: int, *, name=None, legal_name=None, phone=None, email=None) -> None:
        for reason, key in self._keys(name, legal_name, phone, email):
            self.keys.setdefault((reason, key), record_id)
