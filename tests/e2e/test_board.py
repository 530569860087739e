"""The deal board in a browser (issue 18, New): a manager drags a card from one stage column to the next,
and the deal's stage changes in the database, with its history row — through the stage form's action."""
from decimal import Decimal

from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Client, Deal, DealStageChange

from .helpers import sign_in, wait_idle


def drag(page: Page, source, target) -> None:
    """A person's drag: press on the card, move in steps over to the column, release."""
    a, b = source.bounding_box(), target.bounding_box()
    page.mouse.move(a["x"] + a["width"] / 2, a["y"] + a["height"] / 2)
    page.mouse.down()
    page.mouse.move(a["x"] + a["width"] / 2 + 20, a["y"] + a["height"] / 2 + 5, steps=5)
    page.mouse.move(b["x"] + b["width"] / 2, b["y"] + 60, steps=15)
    page.mouse.up()


def test_a_manager_drags_a_deal_to_the_next_stage(server, page, seeded, engine):
    sign_in(page, server, "mgr_a")
    page.goto(f"{server}/board")
    expect(page.get_by_role("heading", name="Deal board")).to_be_visible()
    wait_idle(page)
    card = page.locator(".card", has_text="Альфа Строй")
    expect(card).to_be_visible()
    expect(page.locator(".card", has_text="Вега")).to_have_count(0)  # Vera's deal is not Anna's
    proposal = page.locator(f".col[data-stage='{seeded.stages['Proposal']}']")
    negotiation = page.locator(f".col[data-stage='{seeded.stages['Negotiation']}']")
    expect(proposal.locator(".card")).to_have_count(1)
    drag(page, card, negotiation)
    expect(page.get_by_text("Moved to Negotiation.")).to_be_visible()
    wait_idle(page)
    expect(negotiation.locator(".card", has_text="Альфа Строй")).to_be_visible()
    expect(proposal.locator(".card")).to_have_count(0)
    with Session(engine) as s:
        deal = s.scalars(select(Deal).where(Deal.title == "Поставка крепежа")).one()
        assert deal.stage_id == seeded.stages["Negotiation"]
        row = s.scalars(select(DealStageChange)).one()
    assert (row.deal_id, row.from_stage_id, row.to_stage_id, row.user_id) == (
        deal.id, seeded.stages["Proposal"], seeded.stages["Negotiation"], seeded.users["mgr_a"])
    # The client's name opens the deal's page.
    negotiation.get_by_role("link", name="Альфа Строй").click()
    expect(page.get_by_role("heading", name="Поставка крепежа")).to_be_visible()


def test_on_a_390_px_phone_the_columns_scroll_inside_the_board_not_the_page(server, browser, seeded):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    try:
        sign_in(page, server, "head_n")
        page.goto(f"{server}/board")
        expect(page.get_by_role("heading", name="Deal board")).to_be_visible()
        expect(page.locator(".card", has_text="Альфа Строй")).to_be_visible()
        wait_idle(page)
        scroll, width = page.locator(".deal-board").evaluate("b => [b.scrollWidth, b.clientWidth]")
        assert scroll > width + 300  # five columns of 78 % of the screen each
        for container in ("document.documentElement", "document.querySelector(\"[data-testid='stMain']\")"):
            assert page.evaluate(f"(() => {{ const e = {container}; return e.scrollWidth <= e.clientWidth; }})()"), (
                container)
        # The last column is reached by scrolling the board.
        page.locator(".deal-board").evaluate("b => { b.scrollLeft = b.scrollWidth; }")
        expect(page.locator(".col").last).to_be_in_viewport()
    finally:
        context.close()


def test_a_move_past_the_credit_limit_is_refused_in_the_browser_and_the_card_goes_back(server, page, seeded, engine):
    with Session(engine) as s:  # 100 000 unpaid + the deal's 300 000 = 400 000 > 350 000
        client = s.get(Client, seeded.clients["a1"])
        client.credit_limit, client.payment_deferral_days = Decimal("350000"), 30
        s.commit()
    sign_in(page, server, "mgr_a")
    page.goto(f"{server}/board")
    expect(page.get_by_role("heading", name="Deal board")).to_be_visible()
    wait_idle(page)
    proposal = page.locator(f".col[data-stage='{seeded.stages['Proposal']}']")
    contract = page.locator(f".col[data-stage='{seeded.stages['Contract']}']")
    drag(page, proposal.locator(".card", has_text="Альфа Строй"), contract)
    expect(page.get_by_text("passes the credit limit", exact=False)).to_be_visible()
    wait_idle(page)
    expect(proposal.locator(".card", has_text="Альфа Строй")).to_be_visible()
    expect(contract.locator(".card")).to_have_count(0)
    expect(page.get_by_role("button", name="Ask for approval")).to_be_visible()
    with Session(engine) as s:
        assert s.scalars(select(Deal.stage_id).where(Deal.title == "Поставка крепежа")).one() == seeded.stages[
            "Proposal"]
        assert not s.scalars(select(DealStageChange)).all()


def test_on_a_phone_a_finger_drags_a_card_by_its_grip(server, browser, seeded, engine):
    """Touch: the grip drags (the rest of the card lets the board scroll under the finger)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                  locale="en-US")
    page = context.new_page()
    try:
        sign_in(page, server, "mgr_c")
        page.goto(f"{server}/board")
        grip = page.locator(".card", has_text="Вега Пром").locator(".grip")
        expect(grip).to_be_visible()
        wait_idle(page)
        box = grip.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        touch = context.new_cdp_session(page)
        touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
        for i in range(1, 21):  # to the next column, whose edge shows at the screen's right
            touch.send("Input.dispatchTouchEvent",
                       {"type": "touchMove", "touchPoints": [{"x": x + (370 - x) * i / 20, "y": y + 10}]})
        touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        expect(page.get_by_text("Moved to Qualification.")).to_be_visible()
        with Session(engine) as s:
            assert s.scalars(select(Deal.stage_id).where(Deal.title == "Крепёж для Веги")).one() == seeded.stages[
                "Qualification"]
    finally:
        context.close()
