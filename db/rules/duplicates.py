"""Which records look like twins: names, phones and e-mails brought to one form, and how alike two names are.

Pure functions on plain values (no database): the duplicates view (queries/duplicates.py)
and the import's "duplicates": "flag" option (db/io/kinds/clients.py) read the same rules.

- A company's name is compared without its legal form (ООО, АО, ПАО, ИП, LLC, GmbH, … and
  their spelt-out forms), quotes, punctuation, case, ё/е and extra spaces; a word typed with
  Latin look-alikes among Cyrillic letters ("3eнит") is read as Cyrillic.
- A phone is its digits without the Russian country prefix (+7 / 8), at least 7 of them.
- An e-mail is compared case-folded.
- A name, phone or e-mail shared by more than `SHARED_KEY_LIMIT` records is generic and links none.
- Two names are "similar" when difflib's ratio of their normal forms is at least
  `SIMILAR_RATIO` (one typo in a ten-letter name: 0.9), or their words are the same in
  another order — never when their initials or numbers differ ("ИП Белова С. П." and
  "ИП Белова О. Е.", "Звезда 2" and "Звезда 3"). Similar pairs are looked for among names
  sharing the first `BLOCK_PREFIX` letters of a word, so the view is not quadratic in the
  number of clients.
- The same name links records without limit; the weaker links (phone, e-mail, a contact's,
  a similar name) never make a group larger than `WEAK_GROUP_CAP`.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from functools import lru_cache

import numpy as np
import pandas as pd

from ..search import phone_digits

SIMILAR_RATIO = 0.88
BLOCK_PREFIX = 4
SHARED_KEY_LIMIT = 8  # a name, phone or e-mail shared by more records than this links none of them
WEAK_GROUP_CAP = 6  # phones, e-mails and similar names put at most this many records in one group (`groups`)
BLOCK_LIMIT = 300  # a word prefix shared by more names than this ("строй") pairs nobody by itself
MIN_PHONE_DIGITS = 7
KEY_CACHE = 1 << 17  # normal forms kept per function (pure: a name read again after a write is not redone)


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


@lru_cache(maxsize=KEY_CACHE)
def name_key(name: str | None) -> str:
    """A company's name in the form twins share: «ООО "Зенит-Трейд"» → "зенит трейд"."""
    text = (name or "").casefold().replace("ё", "е")
    text = re.sub(r"[^\w]+", " ", text)
    text = " ".join(_cyrillic_word(w) for w in text.split())
    text = _SHORT.sub(" ", _SPELT.sub(" ", text))
    return " ".join(text.replace("_", " ").split())


@lru_cache(maxsize=KEY_CACHE)
def person_key(full_name: str | None) -> str:
    """A person's name in one form: case, ё/е, punctuation and word order do not matter
    ("Иванов Иван" and "иван  иванов" are one key)."""
    text = re.sub(r"[^\w]+", " ", (full_name or "").casefold().replace("ё", "е"))
    return " ".join(sorted(_cyrillic_word(w) for w in text.split()))


@lru_cache(maxsize=KEY_CACHE)
def phone_key(phone: str | None) -> str:
    """Digits without the country prefix; "" when too short to tell anyone apart."""
    digits = phone_digits(phone)
    return digits if len(digits) >= MIN_PHONE_DIGITS else ""


@lru_cache(maxsize=KEY_CACHE)
def email_key(email: str | None) -> str:
    text = (email or "").strip().casefold()
    return text if "@" in text else ""


def _marks(key: str) -> list[str]:
    """The words that tell companies apart however alike the rest: initials ("ип воробьева с в") and
    numbers ("звезда 2")."""
    return sorted(w for w in key.split() if len(w) == 1 or any(c.isdigit() for c in w))


@lru_cache(maxsize=KEY_CACHE)
def _mark_tuple(key: str) -> tuple[str, ...]:
    return tuple(_marks(key))


@lru_cache(maxsize=KEY_CACHE)
def _words(key: str) -> tuple[str, ...]:
    return tuple(sorted(key.split()))


@lru_cache(maxsize=BLOCK_LIMIT + 1)
def _upper_pairs(size: int) -> tuple[np.ndarray, np.ndarray]:
    """The positions (i, j), i < j, of every pair among `size` members."""
    return np.triu_indices(size, 1)


@lru_cache(maxsize=KEY_CACHE)
def _ratio(a: str, b: str) -> float:
    """difflib's ratio of two name keys (`a` taken as its first sequence, no autojunk), kept once computed."""
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def similarity(a: str, b: str) -> float:
    """How alike two name keys are, 0..1: 1 for the same words in another order, 0 when their initials
    or numbers differ, else difflib's ratio."""
    if not a or not b:
        return 0.0
    if a == b or sorted(a.split()) == sorted(b.split()):
        return 1.0
    if _marks(a) != _marks(b):
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def similar(a: str, b: str) -> bool:
    """Whether two name keys look like one name spelt twice (equal keys are `Reason.NAME`, not this)."""
    return bool(a) and a != b and similarity(a, b) >= SIMILAR_RATIO


STRONG = frozenset({Reason.INN, Reason.NAME})
WEAK_ORDER = [Reason.PHONE, Reason.EMAIL, Reason.CONTACT, Reason.SIMILAR]  # the surer first, at equal scores


@dataclass(frozen=True)
class Edge:
    a: int
    b: int
    reason: Reason
    score: float = 1.0  # how alike (similar names); 1 for a shared key


def equal_key_edges(keys: Iterable[tuple[int, Hashable]], reason: Reason) -> list[Edge]:
    """Records sharing a non-empty key, linked in a chain (enough to put them in one group).
    A key more than `SHARED_KEY_LIMIT` records share (an outsourced accountant's e-mail, a call
    centre's phone) tells nothing about twins: it links nobody."""
    items = [item for item in keys if item[1]]
    if len(items) > 1000:  # most keys are held once: find the shared ones in C first (pandas' hashing)
        record_ids, found = zip(*items)
        shared = pd.Series(found, dtype=object).duplicated(keep=False).to_numpy()
        items = [(i, k) for i, k, s in zip(record_ids, found, shared.tolist()) if s]
    holders: defaultdict[Hashable, list[int]] = defaultdict(list)
    for record_id, key in items:
        holders[key].append(record_id)
    edges = []
    for held in holders.values():
        if len(held) > 1:
            ids = list(dict.fromkeys(held))  # each record once, in the order met
            if 1 < len(ids) <= SHARED_KEY_LIMIT:
                edges += [Edge(ids[0], other, reason) for other in ids[1:]]
    return edges


def similar_name_edges(names: dict[int, str], family: dict[int, int] | None = None) -> list[Edge]:
    """Pairs of records whose name keys are `similar`, looked for among names sharing a word's start.
    Records of one `family` (a holding: record id -> its root) are relatives, not twins: never paired.

    The pairs of every block are weighed at once (numpy) by the cheap bounds first: the same words in
    another order (a link of score 1), then difflib's upper bounds — its ratio is at most
    2·min(len)/(len a + len b), and at most its quick_ratio (letters in common, from each name's
    letter counts); difflib's ratio itself is computed only for the few pairs left, as before (the
    later name of the pair first, `autojunk` off), so the links and scores are those of the pairwise
    loop (tests/queries/test_duplicates.py compares them)."""
    ids = list(names)
    keys = [names[i] for i in ids]
    blocks: dict[str, list[int]] = {}
    for n, key in enumerate(keys):
        for word in set(key.split()):
            if len(word) >= 3:
                blocks.setdefault(word[:BLOCK_PREFIX], []).append(n)
    firsts, seconds = [], []
    for members in blocks.values():
        if len(members) < 2 or len(members) > BLOCK_LIMIT:
            continue
        block = np.asarray(members, dtype=np.int64)  # ascending: names are enumerated in order
        i, j = _upper_pairs(len(members))
        firsts.append(block[i])
        seconds.append(block[j])
    if not firsts:
        return []
    size = len(ids)
    a, b = np.concatenate(firsts), np.concatenate(seconds)

    def codes(values: list) -> np.ndarray:
        index: dict = {}
        return np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int64, count=len(values))

    key_code = codes(keys)
    root = codes([family.get(i, i) for i in ids] if family else ids)
    word_code = codes([_words(k) for k in keys])
    mark_code = codes([_mark_tuple(k) for k in keys])
    lengths = np.fromiter((len(k) for k in keys), dtype=np.int64, count=size)
    # a record twice in one block (two words of one start) is no pair; nor are equal keys and relatives
    keep = (a < b) & (key_code[a] != key_code[b]) & (root[a] != root[b])
    a, b = a[keep], b[keep]
    same_words = word_code[a] == word_code[b]
    la, lb = lengths[a], lengths[b]
    keep = same_words | (~(2 * np.minimum(la, lb) < SIMILAR_RATIO * (la + lb)) & (mark_code[a] == mark_code[b]))
    pairs = np.unique(a[keep] * size + b[keep])  # a pair met in several blocks is weighed once
    a, b = pairs // size, pairs % size
    same_words = word_code[a] == word_code[b]
    edges = [Edge(min(ids[x], ids[y]), max(ids[x], ids[y]), Reason.SIMILAR, 1.0)
             for x, y in zip(a[same_words].tolist(), b[same_words].tolist())]
    a, b = a[~same_words], b[~same_words]
    needed = np.unique(np.concatenate([a, b])).tolist()  # the letter counts of the names still paired
    letters: dict[str, int] = {}
    for n in needed:
        for c in keys[n]:
            letters.setdefault(c, len(letters))
    counts = np.zeros((size, max(len(letters), 1)), dtype=np.int32)
    for n in needed:
        for c in keys[n]:
            counts[n, letters[c]] += 1
    close = np.zeros(len(a), dtype=bool)
    for lo in range(0, len(a), 50_000):
        x, y = a[lo:lo + 50_000], b[lo:lo + 50_000]
        matches = np.minimum(counts[x], counts[y]).sum(axis=1)
        close[lo:lo + 50_000] = ~(2.0 * matches / (lengths[x] + lengths[y]) < SIMILAR_RATIO)
    for x, y in zip(a[close].tolist(), b[close].tolist()):
        score = _ratio(keys[y], keys[x])
        if score >= SIMILAR_RATIO:
            edges.append(Edge(min(ids[x], ids[y]), max(ids[x], ids[y]), Reason.SIMILAR, score))
    return edges


def groups(edges: Iterable[Edge], *, weak_cap: int = WEAK_GROUP_CAP) -> list[tuple[list[int], set[Reason]]]:
    """Connected records (union-find): [(ids in ascending order, the reasons that link them)],
    the largest group first, then by the smallest id.

    The same name (or INN) links without limit: those records are one by their name. Weaker
    links — a phone, an e-mail, a contact's, a similar name — join the surest pairs first and
    only while the group stays at most `weak_cap` records: chains of them ("Звезда" ~ "Звезда М"
    ~ "Звезда Плюс", one e-mail here and another there) would make one group of a hundred.
    A pair left out shows up again once its group is merged or dismissed."""
    parent: dict[int, int] = {}
    size: dict[int, int] = {}

    def root(x: int) -> int:
        if x not in parent:
            parent[x], size[x] = x, 1
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a: int, b: int) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            keep, gone = min(ra, rb), max(ra, rb)
            parent[gone] = keep
            size[keep] += size[gone]

    edge_list = list(edges)
    used = [e for e in edge_list if e.reason in STRONG]
    for e in used:
        join(e.a, e.b)
    weak = sorted((e for e in edge_list if e.reason not in STRONG),
                  key=lambda e: (-e.score, WEAK_ORDER.index(e.reason), e.a, e.b))
    for e in weak:
        ra, rb = root(e.a), root(e.b)
        if ra == rb or size[ra] + size[rb] <= weak_cap:
            join(e.a, e.b)
            used.append(e)
    members: dict[int, list[int]] = {}
    for x in parent:
        members.setdefault(root(x), []).append(x)
    reasons: dict[int, set[Reason]] = {}
    for e in used:
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
