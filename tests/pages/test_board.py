"""The deal board (issue 18, New): whose deals it shows, and a drop moving a deal through the stage form's action.

The board component's data (columns, cards) is read from the element AppTest gets; a drop is
simulated as the browser reports one: the layouts before and after, put where the page takes
it from (ui.deal_board.DROP_KEY). The drag itself in a browser: tests/e2e/test_board.py.
"""
import json
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import config
from db.models import ApprovalRequest, AuditEntry, Client, Deal, DealStageChange
from i18n import formatting as fmt
from ui import deal_board

from .conftest import signed_in, texts


def board(at) -> dict:
    found = [e for e in at.get("bidi_component") if e.proto.component_name == "crm_deal_board"]
    assert len(found) == 1
    return json.loads(found[0].proto.json)


def cards(at) -> dict[str, list[str]]:
    """{stage name: [client · title of each card]}, the columns that hold any."""
    return {c["name"]: [f"{d['client']} · {d['title']}" for d in c["cards"]]
            for c in board(at)["columns"] if c["cards"]}


def layout(at) -> dict[str, list[int]]:
    return {str(c["id"]): [d["id"] for d in c["cards"]] for c in board(at)["columns"]}


def add_deal(engine, seeded, client: str, owner: str, stage: str, amount: str, title: str) -> int:
    with Session(engine) as s:
        d = Deal(title=title, client_id=seeded.clients[client], owner_id=seeded.users[owner],
                 stage_id=seeded.stages[stage], amount=Decimal(amount), probability=40)
        s.add(d)
        s.commit()
        return d.id


def drop(at, seeded, deal_id: int, to: str, versions: dict | None = None):
    """What the browser sends when a card is dragged to the column `to`."""
    old = layout(at)
    new = {stage: [d for d in deals if d != deal_id] for stage, deals in old.items()}
    new[str(seeded.stages[to])].insert(0, deal_id)
    at.session_state[deal_board.DROP_KEY] = {"old": old, "new": new, "versions": versions or {}}
    return at.run()


@pytest.fixture
def borisdeal(seeded, engine):
    """Boris (mgr_b, North) has a deal too: Anna must not see it, their head must."""
    return add_deal(engine, seeded, "b1", "mgr_b", "Qualification", "120000.00", "Торг для Беты")


@pytest.mark.parametrize(("login", "expected"), [
    ("mgr_a", {"Proposal": ["Альфа Строй · Поставка крепежа"]}),
    ("mgr_b", {"Qualification": ["Бета Торг · Торг для Беты"]}),
    ("mgr_c", {"Lead": ["Вега Пром · Крепёж для Веги"]}),
    ("head_n", {"Qualification": ["Бета Торг · Торг для Беты"], "Proposal": ["Альфа Строй · Поставка крепежа"]}),
    ("head_s", {"Lead": ["Вега Пром · Крепёж для Веги"]}),
    ("director", {"Lead": ["Вега Пром · Крепёж для Веги"], "Qualification": ["Бета Торг · Торг для Беты"],
                  "Proposal": ["Альфа Строй · Поставка крепежа"]}),
    ("admin", {"Lead": ["Вега Пром · Крепёж для Веги"], "Qualification": ["Бета Торг · Торг для Беты"],
               "Proposal": ["Альфа Строй · Поставка крепежа"]}),
])
def test_each_role_sees_its_own_open_deals_only(seeded, borisdeal, login, expected):
    at = signed_in(login, "pages/board.py")
    assert not at.exception and at.title[0].value == "Deal board"
    assert cards(at) == expected
    data = board(at)
    assert [c["name"] for c in data["columns"]] == ["Lead", "Qualification", "Proposal", "Negotiation", "Contract"]
    assert data["draggable"] is (login != "admin")  # the admin sees, but does not work deals
    foreign = {"mgr_a": ("Бета", "Вега", "Boris", "Vera"), "mgr_c": ("Альфа", "Бета", "Anna", "Boris"),
               "head_n": ("Вега", "Vera"), "head_s": ("Альфа", "Бета", "Anna", "Boris")}.get(login, ())
    blob = texts(at) + json.dumps(data, ensure_ascii=False)
    assert not [name for name in foreign if name in blob]


def test_a_head_filters_by_manager_and_the_card_shows_amount_days_and_owner(seeded, borisdeal):
    at = signed_in("head_n", "pages/board.py")
    owner = next(s for s in at.selectbox if s.key == "board_owner")
    assert set(owner.options) >= {"All", "Anna Manager", "Boris Manager"} and "Vera Manager" not in owner.options
    owner.select(seeded.users["mgr_b"]).run()
    assert cards(at) == {"Qualification": ["Бета Торг · Торг для Беты"]}
    column = next(c for c in board(at)["columns"] if c["name"] == "Qualification")
    money = fmt.money(Decimal("120000"), "en", config.currency(), kopecks=False)
    assert column["total"] == f"Deals: 1 · {money}"
    card = column["cards"][0]
    assert (card["amount"], card["days"], card["owner"], card["href"]) == (money, "0 d", "Boris Manager",
                                                                         f"deal?id={borisdeal}")


def test_a_full_column_shows_its_largest_deals_a_count_and_a_link_to_all(seeded, engine):
    # 21 more deals at Lead for Anna, 1 000 … 21 000: the board shows 20, the largest first; the total counts all 21.
    for i in range(1, 22):
        add_deal(engine, seeded, "a2", "mgr_a", "Lead", f"{i * 1000}.00", f"Сделка {i:02d}")
    at = signed_in("mgr_a", "pages/board.py")
    lead = next(c for c in board(at)["columns"] if c["name"] == "Lead")
    assert [d["title"] for d in lead["cards"]] == [f"Сделка {i:02d}" for i in range(21, 1, -1)]
    # 1 000 + 2 000 + … + 21 000 = 21 · 22 / 2 · 1 000 = 231 000
    assert lead["total"] == f"Deals: 21 · {fmt.money(Decimal('231000'), 'en', config.currency(), kopecks=False)}"
    assert lead["more"] == {"label": "All 21 deals of the stage", "href": f"board?stage={seeded.stages['Lead']}"}
    at.query_params["stage"] = str(seeded.stages["Lead"])
    at.run()
    assert not at.exception and at.subheader[0].value == "Lead"
    assert len(at.dataframe[0].value) == 21


def test_a_drop_moves_the_deal_through_the_stage_action_with_history_and_audit(seeded, engine):
    at = signed_in("mgr_a", "pages/board.py")
    deal_id = board(at)["columns"][2]["cards"][0]["id"]
    version = board(at)["columns"][2]["cards"][0]["version"]
    drop(at, seeded, deal_id, "Negotiation", {str(deal_id): version})
    assert not at.exception
    assert [s.value for s in at.success] == ["Moved to Negotiation."]
    assert cards(at) == {"Negotiation": ["Альфа Строй · Поставка крепежа"]}
    with Session(engine) as s:
        deal = s.get(Deal, deal_id)
        assert (deal.stage_id, deal.probability) == (seeded.stages["Negotiation"], 60)
        history = s.scalars(select(DealStageChange).where(DealStageChange.deal_id == deal_id)).all()
        assert [(h.from_stage_id, h.to_stage_id, h.user_id) for h in history] == [
            (seeded.stages["Proposal"], seeded.stages["Negotiation"], seeded.users["mgr_a"])]
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "move_deal")).all()
        assert [(a.entity, a.entity_id, a.user_id) for a in audit] == [("deal", str(deal_id), seeded.users["mgr_a"])]
        assert audit[0].changes["stage_id"] == [seeded.stages["Proposal"], seeded.stages["Negotiation"]]


def test_a_stale_board_is_refused_and_nothing_moves(seeded, engine):
    at = signed_in("mgr_a", "pages/board.py")
    deal_id = board(at)["columns"][2]["cards"][0]["id"]
    drop(at, seeded, deal_id, "Negotiation", {str(deal_id): 999})
    assert at.error and "changed" in at.error[0].value
    with Session(engine) as s:
        assert s.get(Deal, deal_id).stage_id == seeded.stages["Proposal"]


@pytest.fixture
def tight_limit(seeded, engine):
    """Альфа Строй's limit down to 350 000: the unpaid shipment of 100 000 + the deal's 300 000 = 400 000
    passes it by 50 000."""
    with Session(engine) as s:
        client = s.get(Client, seeded.clients["a1"])
        client.credit_limit, client.payment_deferral_days = Decimal("350000"), 30
        s.commit()


def test_a_move_past_the_credit_limit_is_refused_the_card_goes_back_and_can_be_sent_for_approval(
        seeded, engine, tight_limit):
    at = signed_in("mgr_a", "pages/board.py")
    deal_id = board(at)["columns"][2]["cards"][0]["id"]
    drop(at, seeded, deal_id, "Contract")
    assert not at.exception and not at.success
    message = at.error[0].value
    assert "passes the credit limit" in message
    assert f"by {fmt.money(Decimal('50000'), 'en', config.currency(), kopecks=False)}" in message
    assert cards(at) == {"Proposal": ["Альфа Строй · Поставка крепежа"]}  # the card is back
    with Session(engine) as s:
        assert s.get(Deal, deal_id).stage_id == seeded.stages["Proposal"]
        assert not s.scalars(select(DealStageChange)).all()
        assert not s.scalars(select(AuditEntry).where(AuditEntry.action == "move_deal")).all()
        assert not s.scalars(select(ApprovalRequest)).all()
    # As the form's "Ask for approval": a pending credit request, the deal stays where it was.
    next(b for b in at.button if b.key == "board_ask").click().run()
    assert not at.exception
    assert at.success and at.success[0].value.startswith("The move waits for the decision of")
    with Session(engine) as s:
        request = s.scalars(select(ApprovalRequest)).one()
        assert (request.kind, request.status, request.deal_id, request.payload["to_stage_id"]) == (
            "credit", "pending", deal_id, seeded.stages["Contract"])
        assert s.get(Deal, deal_id).stage_id == seeded.stages["Proposal"]


def test_moved_cards_finds_the_card_in_another_column():
    old = {"1": [10, 11], "2": [], "3": [12]}
    assert deal_board.moved_cards(old, {"1": [11], "2": [10], "3": [12]}) == [deal_board.Drop(10, 1, 2)]
    assert deal_board.moved_cards(old, {"1": [11, 10], "2": [], "3": [12]}) == []  # reordered, not moved
    assert len(deal_board.moved_cards(old, {"1": [], "2": [10, 11], "3": [12]})) == 2
