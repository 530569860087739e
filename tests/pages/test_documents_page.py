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
