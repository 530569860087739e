"""A deal is visible exactly when its client is: every deal query, by every role, by id."""
import pytest
from sqlalchemy import select

from db.errors import NotFound
from db.models import Deal
from queries import approvals, deals
from tests.deal_fixtures import open_deal

VISIBLE = {
    "mgr_a": {"a1", "a2"}, "mgr_b": {"b1"}, "mgr_c": {"c1"}, "head_n": {"a1", "a2", "b1", "u1"},
    "head_s": {"c1", "u1"}, "director": {"a1", "a2", "b1", "c1", "u1"}, "admin": {"a1", "a2", "b1", "c1", "u1"},
}
QUERIES = [deals.get_deal, deals.deal_lines, deals.deal_history, deals.deal_approvals]


@pytest.fixture
def every_client_has_a_deal(world, db):
    for login, client in (("mgr_a", "a1"), ("mgr_a", "a2"), ("mgr_b", "b1"), ("mgr_c", "c1"), ("head_n", "u1")):
        open_deal(db, world, login, client, quantity="40000", discount="8", title=f"Сделка {client}")
    return {client: db.scalar(select(Deal.id).where(Deal.title == f"Сделка {client}"))
            for client in ("a1", "a2", "b1", "c1", "u1")}


@pytest.mark.parametrize("login", list(VISIBLE))
def test_every_deal_query_refuses_a_deal_of_a_client_one_may_not_see(world, db, every_client_has_a_deal, login):
    viewer = world.viewer(login)
    for client, deal_id in every_client_has_a_deal.items():
        for query in QUERIES:
            if client in VISIBLE[login]:
                query(db, viewer, deal_id=deal_id)
            else:
                with pytest.raises(NotFound):
                    query(db, viewer, deal_id=deal_id)


@pytest.mark.parametrize("login", list(VISIBLE))
def test_the_approval_queue_holds_only_visible_deals(world, db, every_client_has_a_deal, login):
    queue = approvals.approval_queue(db, world.viewer(login))
    # The managers' 8 % is above their 5 %; head_n's own 8 % on u1 is within a head's 10 %: no request.
    expected = {"head_n": {"a1", "a2", "b1"}, "head_s": {"c1"}, "director": {"a1", "a2", "b1", "c1"}}.get(login, set())
    assert set(queue["client"]) == {world.client_names[c] for c in expected}
    assert approvals.recent_decisions(db, world.viewer(login)).empty


def test_the_deal_card_shows_the_viewers_cap_and_the_credit_figures(world, db, every_client_has_a_deal):
    card = deals.get_deal(db, world.viewer("mgr_a"), deal_id=every_client_has_a_deal["a1"])
    assert card.my_cap == 5 and card.amount == 95000 and card.stage == "Lead"
    assert card.credit is None  # 100 000 owed + 95 000 is within the 500 000 limit


def test_the_queue_shows_the_oldest_and_counts_them_all(world, db, every_client_has_a_deal):
    queue = approvals.approval_queue(db, world.viewer("director"), limit=2)
    assert len(queue) == 2 and queue.attrs["total"] == 4
    assert list(queue["client"]) == [world.client_names["a1"], world.client_names["a2"]]  # oldest first
    assert approvals.approval_queue(db, world.viewer("mgr_a")).attrs["total"] == 0
