"""The duplicates page: a head merges a group and the screen and the database show it; a manager sees
only own twins and proposes; the head dismisses the proposal. No "None"/"nan" on screen."""
import datetime as dt
import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Client, Contact, MergeProposal, Shipment
from db.search import client_search_text

from .conftest import signed_in, texts

EMPTY_WORDS = re.compile(r"(?<![\w<])(?:nan|NaN|None|NaT)(?!\w)|<NA>")


@pytest.fixture
def twins(seeded, engine):
    """Anna's «ООО "АЛЬФА-СТРОЙ"» (no INN, phone or e-mail; a shipment of 2 000) twin of her Альфа Строй,
    and her "Бета-Торг", twin of Boris's Бета Торг; two contacts of Альфа Строй sharing an e-mail."""
    u = seeded.users
    with Session(engine, expire_on_commit=False) as s:
        alfa = Client(name='ООО "АЛЬФА-СТРОЙ"', owner_id=u["mgr_a"],
                      search_text=client_search_text("альфа-строй", None, None))
        beta = Client(name="Бета-Торг", owner_id=u["mgr_a"], search_text=client_search_text("Бета-Торг", None, None))
        s.add_all([alfa, beta])
        s.flush()
        s.add(Shipment(client_id=alfa.id, product_id=seeded.product_id, manager_id=u["mgr_a"],
                       shipped_on=dt.date(2026, 11, 2), quantity=Decimal("1"), amount=Decimal("2000")))
        s.add_all([Contact(client_id=seeded.clients["a1"], full_name="Иванов Иван", email="iv@alfa.ru"),
                   Contact(client_id=seeded.clients["a1"], full_name="Иван Иванов", email="IV@alfa.ru")])
        s.commit()
    return {"alfa": alfa.id, "beta": beta.id}


def button(at, label, n=0):
    return [b for b in at.button if b.label == label][n]


def test_a_head_merges_a_group_and_sees_it_gone(seeded, twins, engine):
    at = signed_in("head_n", "pages/duplicates.py")
    assert not at.exception
    shown = texts(at)
    assert "Альфа Строй" in shown and 'ООО "АЛЬФА-СТРОЙ"' in shown and "Бета-Торг" in shown
    assert "the same name" in shown and not EMPTY_WORDS.search(shown)
    button(at, "Merge").click().run()  # the first group: Альфа Строй (the smallest id) stays
    assert not at.exception
    assert any("Merged: 1 into Альфа Строй" in s.value for s in at.success)
    assert 'ООО "АЛЬФА-СТРОЙ"' not in texts(at)
    a1 = seeded.clients["a1"]
    with Session(engine) as s:
        gone = s.get(Client, twins["alfa"])
        assert (gone.status, gone.merged_into_id) == ("archived", a1)
        assert s.scalar(select(func.sum(Shipment.amount)).where(Shipment.client_id == a1)) == Decimal("102000")


def test_a_manager_sees_own_twins_and_proposes(seeded, twins, engine):
    at = signed_in("mgr_a", "pages/duplicates.py")
    assert not at.exception
    shown = texts(at)
    assert "Альфа Строй" in shown and "Бета Торг" not in shown  # Boris's: not Anna's twin to see
    assert not [b for b in at.button if b.label == "Merge"]
    assert not EMPTY_WORDS.search(shown)
    button(at, "Propose the merge").click().run()
    assert not at.exception
    assert any("Proposed" in s.value for s in at.success)
    with Session(engine) as s:
        proposal = s.scalar(select(MergeProposal))
        assert (proposal.keep_id, proposal.merge_id, proposal.status) == (seeded.clients["a1"], twins["alfa"],
                                                                          "pending")
    head = signed_in("head_n", "pages/duplicates.py")
    assert "Proposed by: Anna Manager" in texts(head)
    button(head, "Not twins: dismiss").click().run()
    assert not head.exception
    assert "The proposal is dismissed." in [s.value for s in head.success]
    with Session(engine) as s:
        assert s.scalar(select(MergeProposal.status)) == "dismissed"
        assert s.get(Client, twins["alfa"]).status == "active"


def test_contacts_tab_merges_contacts(seeded, twins, engine):
    at = signed_in("director", "pages/duplicates.py")
    assert not at.exception
    merges = [b for b in at.button if b.label == "Merge"]
    merges[-1].click().run()  # the last group on the page: the two Ивановы of the Contacts tab
    assert not at.exception
    with Session(engine) as s:
        left = s.scalars(select(Contact).where(Contact.client_id == seeded.clients["a1"],
                                               Contact.full_name.like("%Иван%"))).all()
        assert sorted((c.active, c.merged_into_id is not None) for c in left) == [(False, True), (True, False)]


def test_a_head_marks_a_group_not_twins(seeded, twins, engine):
    at = signed_in("head_n", "pages/duplicates.py")
    button(at, "Not twins").click().run()  # the first group: Альфа Строй and its spelling
    assert not at.exception
    assert "Marked as different." in [s.value for s in at.success]
    shown = texts(at)
    assert 'ООО "АЛЬФА-СТРОЙ"' not in shown and "Бета-Торг" in shown
    with Session(engine) as s:
        assert s.get(Client, twins["alfa"]).status == "active"
        assert s.scalar(select(MergeProposal.status)) == "dismissed"


def test_a_merged_twins_card_points_to_the_survivor_within_access(seeded, twins, engine):
    """The archived twin's card says where its work went; a viewer who may not see the survivor is not
    told its name."""
    from db.actions.duplicates import merge_clients

    with Session(engine) as s:
        merge_clients(s, seeded.viewer("director"), keep_id=seeded.clients["b1"], merge_ids=[twins["beta"]])
    at = signed_in("director", "pages/client.py", query_params={"id": twins["beta"]})
    assert not at.exception
    assert any("Merged into Бета Торг" in i.value for i in at.info)
    link = next(p for p in at.get("page_link") if "Бета Торг" in p.proto.label)
    assert f"id={seeded.clients['b1']}" in str(link.proto)
    # Anna (the twin was hers) may not see Boris's Бета Торг: the twin is not hers any more either.
    at = signed_in("mgr_a", "pages/client.py", query_params={"id": twins["beta"]})
    assert not at.exception
    assert "Merged into another client, not among yours." in [i.value for i in at.info]
    assert "Бета Торг" not in texts(at)



def test_groups_are_listed_a_page_at_a_time_and_the_pager_reaches_the_rest(seeded, engine):
    """Issue 19: 25 groups of twins — one table lists 20 (a row a group) with the total, one group's
    records are shown, and Next brings up groups 21–25, which merge like the first."""
    names = [f"{a}{b}" for a in "бвжз" for b in "лмнпрстф"][:25]  # two letters: never "similar" to another
    with Session(engine) as s:
        for name in names:
            s.add_all([Client(name=name, owner_id=seeded.users["mgr_a"],
                              search_text=client_search_text(name, None, None)) for _ in range(2)])
        s.commit()
    at = signed_in("director", "pages/duplicates.py")
    assert not at.exception
    listed = at.dataframe[0].value
    assert len(listed) == 20
    captions = " ".join(c.value for c in at.caption)
    assert "25 groups of probable twins." in captions and "Rows 1–20 of 25" in captions
    page_one = {name for records in listed.iloc[:, 1] for name in str(records).split(" · ")}
    assert len(at.dataframe) <= 4  # clients: the list and one group; contacts: none here
    button(at, "Next").click().run()
    assert not at.exception
    listed = at.dataframe[0].value
    assert len(listed) == 5 and "Rows 21–25 of 25" in " ".join(c.value for c in at.caption)
    page_two = {name for records in listed.iloc[:, 1] for name in str(records).split(" · ")}
    assert page_two and not page_two & page_one and page_one | page_two == set(names)
    last = at.dataframe[1].value  # the selected group: the first of page two
    assert len(last) == 2
    button(at, "Merge").click().run()
    assert not at.exception
    assert any("Merged: 1 into" in s.value for s in at.success)
    assert "Rows 21–24 of 24" in " ".join(c.value for c in at.caption)  # still on page two, one group fewer
