"""A manager makes a proposal from a deal's lines, sends it to a local SMTP server (aiosmtpd) and sees
the letter arrive with the PDF, the document marked sent and the e-mail on the client's timeline (issue 20)."""
import datetime as dt
import io

from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.actions.deals import create_deal
from db.models import Activity, Document, Task
from tests.smtp_server import configure_smtp, smtp_server  # noqa: F401 - the fixture

from .helpers import sign_in, wait_idle


def test_manager_makes_a_proposal_sends_it_and_sees_it_on_the_timeline(server, page, seeded, engine, smtp_server):
    inbox, port = smtp_server
    with Session(engine, expire_on_commit=False) as session:
        configure_smtp(session, port)
        deal = create_deal(session, seeded.viewer("mgr_a"), client_id=seeded.clients["a1"], title="Крепёж на склад",
                           expected_close_on=dt.date.today() + dt.timedelta(days=30),
                           lines=[{"product_id": seeded.product_id, "quantity": "1200", "discount_pct": "0"}])
    sign_in(page, server, "mgr_a")
    page.goto(f"{server}/deal?id={deal.id}")
    expect(page.get_by_role("heading", name="Крепёж на склад")).to_be_visible()
    wait_idle(page)
    expect(page.get_by_text("No proposals or invoices yet.")).to_be_visible()
    page.get_by_text("Make a proposal", exact=True).click()
    page.get_by_role("button", name="Make the proposal").click()
    wait_idle(page)
    expect(page.get_by_test_id("stAlertContentSuccess").get_by_text("Proposal No. 1 made.")).to_be_visible()
    expect(page.get_by_text("Proposal No. 1", exact=True)).to_be_visible()

    page.get_by_role("button", name="Send").first.click()
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("textbox", name="To (e-mail)"))
    expect(form.get_by_role("textbox", name="To (e-mail)")).to_have_value("contact1@a1.example.ru")
    form.get_by_role("button", name="Send").click()
    wait_idle(page)
    expect(page.get_by_test_id("stAlertContentSuccess").get_by_text("Sent to contact1@a1.example.ru.")).to_be_visible()

    [message] = inbox.messages
    assert message["To"].addresses[0].addr_spec == "contact1@a1.example.ru"
    subject = str(message["Subject"])
    assert subject.startswith("Коммерческое предложение № 1 от")
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(attachment.get_content())).pages)
    assert "ООО «Альфа Строй»" in text and "3 000,00" in text.replace("\u00a0", " ")  # 1200 × 2,50

    with Session(engine) as session:
        document = session.scalars(select(Document)).one()
        activity = session.scalars(select(Activity).where(Activity.kind == "email")).one()
        task = session.scalars(select(Task).where(Task.deal_id == deal.id)).one()
    assert (document.status, document.sent_to) == ("sent", "contact1@a1.example.ru")
    assert (activity.deal_id, activity.subject) == (deal.id, subject)
    assert task.due_on > dt.date.today()

    page.goto(f"{server}/client?id={seeded.clients['a1']}")
    expect(page.get_by_role("heading", name="Альфа Строй")).to_be_visible()
    wait_idle(page)
    page.get_by_role("tab", name="Timeline").click()
    wait_idle(page)
    panel = page.get_by_role("tabpanel", name="Timeline")
    expect(panel.get_by_text(subject, exact=True).first).to_be_visible()
    page.get_by_role("tab", name="Documents").click()  # the tab is in the URL: the page runs again
    wait_idle(page)
    documents = page.get_by_role("tabpanel", name="Documents")
    expect(documents.get_by_text("Proposal No. 1", exact=True).first).to_be_visible()
    expect(documents.get_by_text("sent", exact=False).first).to_be_visible()
