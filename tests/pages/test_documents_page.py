"""The deal's page makes a proposal and lists it; an invoice waits for a committing stage; the card's
Documents tab lists every version with its files (issue 20)."""
import datetime as dt

from sqlalchemy.orm import Session

from db.actions.deals import create_deal
from db.actions.documents import issue_proposal, reissue

from .conftest import DEFERRED_FILES, signed_in, texts


def _deal(engine, world) -> int:
    with Session(engine) as s:
        return create_deal(s, world.viewer("mgr_a"), client_id=world.clients["a1"], title="Крепёж на склад",
                           expected_close_on=dt.date.today() + dt.timedelta(days=30),
                           lines=[{"product_id": world.product_id, "quantity": "100", "discount_pct": "0"}]).id


def test_the_deal_page_makes_a_proposal_and_waits_with_the_invoice(seeded, engine):
    deal_id = _deal(engine, seeded)
    at = signed_in("mgr_a", "pages/deal.py", query_params={"id": deal_id})
    assert not at.exception
    shown = texts(at)
    assert "No proposals or invoices yet." in shown
    assert "An invoice is made at a committing stage (a contract, a won deal). Move the deal on first." in shown
    [make] = [b for b in at.button if b.label == "Make the proposal"]
    make.click().run()
    assert not at.exception
    shown = texts(at)
    assert "Proposal No. 1 made." in shown
    assert "**Proposal No. 1**" in shown
    assert "Issued" in shown


def test_the_card_lists_every_version_with_its_files(seeded, engine):
    deal_id = _deal(engine, seeded)
    with Session(engine) as s:
        first = issue_proposal(s, seeded.viewer("mgr_a"), deal_id=deal_id)
        reissue(s, seeded.viewer("mgr_a"), document_id=first.id)
    at = signed_in("mgr_a", "pages/client.py", query_params={"id": seeded.clients["a1"], "card_tab": "Documents"})
    assert not at.exception
    shown = texts(at)
    assert "Replaced by a newer version" in shown and "version 2" in shown
    pdfs = [f() for f in DEFERRED_FILES.values()]
    assert pdfs and all(p[:4] in (b"%PDF", b"PK\x03\x04") for p in pdfs)
    # the replaced version has no Send / New version; the newest has both
    assert [b.label for b in at.button].count("New version") == 1


def test_what_to_offer_makes_a_proposal_of_the_offered_groups(seeded, engine):
    """Альфа Строй buys drills (Инструмент), Арктика of the same segment does not: the proposal from
    the offers lists the drill at its price."""
    from decimal import Decimal

    from sqlalchemy import select

    from db import access
    from db.models import Document, Product, ProductGroup, Shipment

    today = access.today()
    with Session(engine) as s:
        tools = ProductGroup(name="Инструмент")
        s.add(tools)
        s.flush()
        drill = Product(sku="IN-001", name="Дрель ударная", group_id=tools.id, price=Decimal("5000.00"),
                        advantages="Два года гарантии.")
        s.add(drill)
        s.flush()
        s.add(Shipment(client_id=seeded.clients["a1"], product_id=drill.id, shipped_on=today - dt.timedelta(days=40),
                       quantity=Decimal(2), amount=Decimal(10000)))
        s.add(Shipment(client_id=seeded.clients["a2"], product_id=seeded.product_id,
                       shipped_on=today - dt.timedelta(days=40), quantity=Decimal(10), amount=Decimal(25)))
        s.commit()
    at = signed_in("mgr_a", "pages/segments.py")
    at.radio(key="seg_view").set_value("offers").run()
    at.selectbox(key="offer_client").set_value(seeded.clients["a2"]).run()
    assert not at.exception
    next(b for b in at.button if b.label == "Make the proposal").click().run()
    assert not at.exception
    assert any("Proposal No. 1 made" in m.value for m in at.success)
    with Session(engine) as s:
        document = s.scalars(select(Document)).one()
    assert document.client_id == seeded.clients["a2"] and document.deal_id is None
    assert [(line["name"], line["price"]) for line in document.content["lines"]] == [("Дрель ударная", "5000.00")]
