"""A manager opens a deal from the client card, moves it to the next stage and sees the move in its history."""
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import DealStageChange

from .helpers import sign_in, wait_idle


def test_manager_moves_a_deal_to_the_next_stage_and_sees_the_history(server, page, seeded, engine):
    sign_in(page, server, "mgr_a")
    page.goto(f"{server}/client?id={seeded.clients['a1']}")
    expect(page.get_by_role("heading", name="Альфа Строй")).to_be_visible()
    wait_idle(page)
    page.get_by_role("tab", name="Tasks and deals").click()
    panel = page.get_by_role("tabpanel", name="Tasks and deals")
    expect(panel.get_by_text("Click a row to open the deal.")).to_be_visible()
    # The deals table is the last grid on the tab; click the selection cell of its first row.
    grid = panel.get_by_test_id("stDataFrame").last
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)
    expect(page.get_by_role("heading", name="Поставка крепежа")).to_be_visible()
    wait_idle(page)
    expect(page.get_by_text("No stage moves recorded.")).to_be_visible()
    page.get_by_role("button", name="Move", exact=True).click()
    wait_idle(page)
    # The page's own message (a toast in the corner repeats it).
    expect(page.get_by_test_id("stAlertContentSuccess").get_by_text("Moved to Negotiation.")).to_be_visible()
    expect(page.get_by_text("No stage moves recorded.")).to_have_count(0)
    history = page.get_by_test_id("stDataFrame").last
    expect(history).to_be_visible()
    # The stage metric now reads the new stage; the history grid (a canvas) is checked through its data.
    expect(page.get_by_test_id("stMetric").first).to_contain_text("Negotiation")
    with Session(engine) as s:
        row = s.scalars(select(DealStageChange)).one()
    assert (row.from_stage_id, row.to_stage_id, row.user_id) == (
        seeded.stages["Proposal"], seeded.stages["Negotiation"], seeded.users["mgr_a"])
