"""The duplicates view: twins by name spelling, by phone, by e-mail, by a similar name, within the viewer's access.

Added to the world (tests/world.py), every key worked out by hand:
    Anna (mgr_a):  «ООО "АЛЬФА-СТРОЙ"»         name key "альфа строй" = a1 "Альфа Строй"
                   "Арктик Север", phone 8 (495) 111 22 33   = a2 Арктика's +7 495 111-22-33 (digits 4951112233)
                   "Бета-Торг"                  name key "бета торг" = b1 "Бета Торг" (Boris's)
    Boris (mgr_b): "Зенит", "ЗАО «Зенит»" (same key), "3eнит" (a 3 and a Latin e: read "зенит"),
                   "Зенитт" (similar: 2·5/11 = 0.91 ≥ 0.88)
    Vera (mgr_c):  "Полюс", e-mail SALES@polus.ru; "Полюс-Юг", e-mail sales@polus.ru
"""
import pytest

from db.models import Client, Contact
from db.rules.duplicates import name_key, person_key, phone_key, similar
from db.search import client_search_text
from queries.duplicates import client_groups, contact_groups


def add(db, world, name, owner, **fields):
    client = Client(name=name, owner_id=world.users.get(owner) if owner else None,
                    search_text=client_search_text(name, None, None), **fields)
    db.add(client)
    db.flush()
    return client.id


@pytest.fixture
def twins(world, db):
    a2 = db.get(Client, world.clients["a2"])
    a2.phone = "+7 495 111-22-33"
    ids = {
        "alfa": add(db, world, 'ООО "АЛЬФА-СТРОЙ"', "mgr_a"),
        "arktik": add(db, world, "Арктик Север", "mgr_a", phone="8 (495) 111 22 33"),
        "beta": add(db, world, "Бета-Торг", "mgr_a"),
        "z1": add(db, world, "Зенит", "mgr_b"),
        "z2": add(db, world, "ЗАО «Зенит»", "mgr_b"),
        "z3": add(db, world, "3eнит", "mgr_b"),
        "z4": add(db, world, "Зенитт", "mgr_b"),
        "p1": add(db, world, "Полюс", "mgr_c", email="SALES@polus.ru"),
        "p2": add(db, world, "Полюс-Юг", "mgr_c", email="sales@polus.ru"),
    }
    db.commit()
    return ids


def grouped(df) -> dict[frozenset, str]:
    """{frozenset of client ids: reasons} of each group."""
    return {frozenset(g["id"]): g["reasons"].iloc[0] for _n, g in df.groupby("group")}


def test_the_normal_forms():
    assert name_key('ООО "Альфа-Строй"') == name_key("альфа строй") == "альфа строй"
    assert name_key("Общество с ограниченной ответственностью «Зенит»") == "зенит"
    assert name_key("ПАО Ёлка") == name_key("елка") == "елка"
    assert name_key("Bosch GmbH") == name_key("BOSCH") == "bosch"
    assert name_key("ИП Иванов") == "иванов"
    assert name_key("3eнит") == "зенит"  # Latin e, digit 3 among Cyrillic letters
    assert person_key("Иванов  Иван") == person_key("иван ИВАНОВ") == "иван иванов"
    assert phone_key("+7 (495) 111-22-33") == phone_key("84951112233") == "4951112233"
    assert phone_key("12-34") == ""  # too short to tell anyone apart
    assert similar("зенит", "зенитт") and similar("альфа строй", "строй альфа")
    assert not similar("альфа строй", "арктика") and not similar("зенит", "зенит")


def test_the_director_sees_every_group_with_its_reasons(world, db, twins):
    df = client_groups(db, world.viewer("director"))
    c = world.clients
    assert grouped(df) == {
        frozenset({twins["z1"], twins["z2"], twins["z3"], twins["z4"]}): "name,similar",
        frozenset({c["a1"], twins["alfa"]}): "name",
        frozenset({c["a2"], twins["arktik"]}): "phone",
        frozenset({c["b1"], twins["beta"]}): "name",
        frozenset({twins["p1"], twins["p2"]}): "email",
    }
    assert df.attrs["groups"] == 5
    assert list(df[df["group"] == 1]["name"]) == ["Зенит", "ЗАО «Зенит»", "3eнит", "Зенитт"]  # the largest first
    a1 = df[df["id"] == c["a1"]].iloc[0]
    assert (a1["deals"], a1["open_deals"], a1["contacts"], float(a1["shipped"])) == (1, 1, 1, 100000.0)


def test_a_manager_finds_twins_among_own_clients_only(world, db, twins):
    df = client_groups(db, world.viewer("mgr_a"))
    c = world.clients
    # Бета-Торг is Anna's but its twin Бета Торг is Boris's: no group, and no Boris's name.
    assert grouped(df) == {frozenset({c["a1"], twins["alfa"]}): "name",
                           frozenset({c["a2"], twins["arktik"]}): "phone"}
    assert "Бета Торг" not in set(df["name"]) and "Зенит" not in set(df["name"])


def test_a_head_sees_the_department(world, db, twins):
    north = grouped(client_groups(db, world.viewer("head_n")))
    assert frozenset({world.clients["b1"], twins["beta"]}) in north
    assert frozenset({twins["p1"], twins["p2"]}) not in north  # Vera is in the South
    south = grouped(client_groups(db, world.viewer("head_s")))
    assert south == {frozenset({twins["p1"], twins["p2"]}): "email"}


def test_a_shared_contact_phone_links_two_clients(world, db, twins):
    c = world.clients
    db.add(Contact(client_id=twins["z1"], full_name="Пётр", phone="+7 (495) 000-00-03"))  # b1's contact's phone
    db.commit()
    df = client_groups(db, world.viewer("head_n"))
    group = grouped(df)
    big = next(ids for ids in group if c["b1"] in ids)
    assert big == {c["b1"], twins["beta"], twins["z1"], twins["z2"], twins["z3"], twins["z4"]}
    assert group[big] == "name,contact,similar"


def test_archived_and_merged_clients_are_not_twins(world, db, twins):
    db.get(Client, twins["alfa"]).status = "archived"
    db.commit()
    assert frozenset({world.clients["a1"], twins["alfa"]}) not in grouped(client_groups(db, world.viewer("mgr_a")))


def test_contacts_of_one_client_by_email_phone_and_name(world, db):
    a1, b1 = world.clients["a1"], world.clients["b1"]
    ids = []
    for client_id, name, phone, email in [
        (a1, "Иванов Иван", None, "ivanov@alfa.ru"),
        (a1, "иван иванов", None, None),  # same name, another order and case
        (a1, "И. Иванов", "+7 999 123-45-67", "IVANOV@alfa.ru"),  # same e-mail
        (a1, "Сидоров", "8 999 1234567", None),  # same phone as the one above
        (b1, "Иванов Иван", None, "ivanov@alfa.ru"),  # another client: not a twin of a1's
    ]:
        contact = Contact(client_id=client_id, full_name=name, phone=phone, email=email)
        db.add(contact)
        db.flush()
        ids.append(contact.id)
    db.commit()
    df = contact_groups(db, world.viewer("head_n"))
    assert grouped(df) == {frozenset(ids[:4]): "name,phone,email"}
    assert set(df["client"]) == {"Альфа Строй"}
    assert contact_groups(db, world.viewer("mgr_b")).empty  # Anna's client
    assert set(contact_groups(db, world.viewer("mgr_a"), client_id=a1)["id"]) == set(ids[:4])


def test_initials_and_numbers_tell_names_apart_and_weak_chains_stop():
    from db.rules.duplicates import SHARED_KEY_LIMIT, WEAK_GROUP_CAP, Edge, Reason, equal_key_edges, groups, \
        similar_name_edges

    assert not similar(name_key("ИП Белова С. П."), name_key("ИП Белова О. Е."))
    assert not similar(name_key("Звезда 2"), name_key("Звезда 3"))
    assert name_key("ИП Белова С. П.") == name_key("ИП Белова С.П")  # the same name, spelt otherwise
    # One e-mail on 9 clients is an accountant's, not a twin's: it links nobody; on 8 it links them.
    assert equal_key_edges(((i, "buh@x.ru") for i in range(SHARED_KEY_LIMIT + 1)), Reason.EMAIL) == []
    assert len(equal_key_edges(((i, "buh@x.ru") for i in range(SHARED_KEY_LIMIT)), Reason.EMAIL)) == 7
    # A chain of phones 1-2, 2-3, ... 9-10 stops at WEAK_GROUP_CAP; the same name links all 10.
    chain = [Edge(i, i + 1, Reason.PHONE) for i in range(1, 10)]
    assert [len(ids) for ids, _r in groups(chain)] == [WEAK_GROUP_CAP, 4]
    assert [len(ids) for ids, _r in groups([Edge(i, i + 1, Reason.NAME) for i in range(1, 10)])] == [10]
    # A subsidiary and its parent are relatives, not twins.
    names = {1: "зенит", 2: "зенитт"}
    assert len(similar_name_edges(names)) == 1 and similar_name_edges(names, {1: 1, 2: 1}) == []


def test_a_subsidiary_named_like_its_parent_is_no_twin(world, db):
    parent = add(db, world, "Зенит", "mgr_b")
    add(db, world, "Зенитт", "mgr_b", parent_id=parent)
    db.commit()
    assert client_groups(db, world.viewer("mgr_b")).empty


def _pairwise_similar_edges(names, family=None):
    """The pairwise loop the view ran before issue 19's numpy weighing: the reference it must equal."""
    from difflib import SequenceMatcher

    from db.rules.duplicates import BLOCK_LIMIT, BLOCK_PREFIX, SIMILAR_RATIO, Edge, Reason, _marks

    blocks: dict[str, list[int]] = {}
    for record_id, key in names.items():
        for word in set(key.split()):
            if len(word) >= 3:
                blocks.setdefault(word[:BLOCK_PREFIX], []).append(record_id)
    seen, edges = set(), []
    for members in blocks.values():
        if len(members) < 2 or len(members) > BLOCK_LIMIT:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pair = (min(a, b), max(a, b))
                if pair in seen:
                    continue
                seen.add(pair)
                ka, kb = names[a], names[b]
                if ka == kb or (family and family.get(a, a) == family.get(b, b)):
                    continue
                if sorted(ka.split()) == sorted(kb.split()):
                    edges.append(Edge(pair[0], pair[1], Reason.SIMILAR, 1.0))
                    continue
                if _marks(ka) != _marks(kb):
                    continue
                score = SequenceMatcher(None, kb, ka, autojunk=False).ratio()
                if score >= SIMILAR_RATIO:
                    edges.append(Edge(pair[0], pair[1], Reason.SIMILAR, score))
    return edges


def test_similar_names_equal_the_pairwise_loop():
    """Hand-made look-alikes (typos, swapped words, initials, numbers, a word twice in one block, a block
    too large to pair, relatives) plus random near-names: the same links with the same scores."""
    import random

    from db.rules.duplicates import BLOCK_LIMIT, groups, similar_name_edges

    made = ["зенит", "зенитт", "зенит трейд", "трейд зенит", "зенит 2", "зенит 3", "белова с п", "белова о е",
            "белова с п", "строй строитель", "строитель строй", "альфа строй", "альфа стрoй", "полюс юг",
            "полюс", "арктика север", "арктик север", "север арктика"]
    rng = random.Random(19)
    letters = "абвгдежзиклмнопрстуфхцчшэюя"
    stems = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(60)]
    for _ in range(900):
        words = [rng.choice(stems) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.3:  # a typo
            w = rng.randrange(len(words))
            at = rng.randrange(len(words[w]))
            words[w] = words[w][:at] + rng.choice(letters) + words[w][at + 1:]
        if rng.random() < 0.1:
            words.append(rng.choice(["1", "2", "с", "о", "м"]))
        made.append(" ".join(words))
    made += ["мегаполис " + rng.choice(stems) for _ in range(BLOCK_LIMIT + 5)]  # a block too large by itself
    ids = rng.sample(range(1, 10 * len(made)), len(made))
    names = dict(zip(ids, made))
    family = {ids[0]: ids[0], ids[1]: ids[0], ids[20]: ids[21], ids[21]: ids[21]}
    for fam in (None, family):
        expected = _pairwise_similar_edges(names, fam)
        found = similar_name_edges(names, fam)
        assert len(expected) > 20
        assert sorted(found, key=lambda e: (e.a, e.b)) == sorted(expected, key=lambda e: (e.a, e.b))
        assert groups(found) == groups(expected)


def test_shared_keys_of_many_records_equal_the_plain_count():
    """Past 1,000 records the keys held once are dropped in C first: the links are the plain loop's."""
    import random

    from db.rules.duplicates import SHARED_KEY_LIMIT, Edge, Reason, equal_key_edges

    rng = random.Random(19)
    items = [(rng.randrange(3000), rng.choice(["", f"k{rng.randrange(1500)}", (rng.randrange(9), "x")]))
             for _ in range(5000)]
    holders: dict = {}
    for record_id, key in items:
        if key and record_id not in holders.setdefault(key, []):
            holders[key].append(record_id)
    expected = [Edge(ids[0], other, Reason.PHONE) for ids in holders.values() if len(ids) <= SHARED_KEY_LIMIT
                for other in ids[1:]]
    assert len(expected) > 100
    assert sorted(equal_key_edges(items, Reason.PHONE), key=lambda e: (e.a, e.b)) == \
        sorted(expected, key=lambda e: (e.a, e.b))


def test_the_page_of_found_groups_equals_the_list(world, db, twins):
    """The page finds the groups once (client_twins, contact_twins) and reads one page's rows: the same
    rows, numbers and total as client_groups / contact_groups at that offset."""
    import pandas as pd

    from queries.duplicates import client_rows, client_twins, contact_rows, contact_twins

    viewer = world.viewer("director")
    found = client_twins(db, viewer)
    assert len(found) >= 3
    for offset in (0, 1, 2, len(found)):
        page = client_rows(db, viewer, listed=found[offset:offset + 2], first=offset + 1, total=len(found))
        listed = client_groups(db, viewer, limit=2, offset=offset)
        pd.testing.assert_frame_equal(page, listed, check_dtype=False)
        assert page.attrs == listed.attrs == {"groups": len(found)}
    people = contact_twins(db, viewer)
    pd.testing.assert_frame_equal(contact_rows(db, viewer, listed=people, total=len(people)),
                                  contact_groups(db, viewer), check_dtype=False)
