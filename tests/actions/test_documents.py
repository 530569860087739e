"""Proposals and invoices (issue 20): sums, VAT and the words on hand-made examples, numbering per
kind and year, new versions, access, audit, the PDF read back, and sending through a real SMTP server."""
import datetime as dt
import io
from dataclasses import replace
from decimal import Decimal

import pytest
from docx import Document as Document_
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.actions.documents import (issue_invoice, issue_proposal, mark_sent, reissue, send_document,
                                  working_days_after)
from db.company import CompanyDetails
from db.documents import text as ru
from db.documents.totals import line_amount, totals
from db.actions.deals import line_amount as deal_line_amount
from db.actions.integrity import CONCURRENT
from db.errors import AccessDenied, DomainError, NotFound, ValidationError
from db.mailing.document_mail import deliver_now
from db.models import (Activity, AuditEntry, Document, DocumentStatus, Price, PriceType, PriceTypeKind, Product,
                       Task)
from queries import documents as q
from tests.deal_fixtures import move, open_deal
from tests.smtp_server import configure_smtp, smtp_server  # noqa: F401 - the fixture


COMPANY = CompanyDetails(
    name="Стройснаб", legal_name="ООО «Стройснаб»", inn="7701234567", kpp="770101001", ogrn="1027700132195",
    address="101000, г. Москва, ул. Мясницкая, д. 1", phone="+7 (495) 123-45-67", email="info@stroysnab.example",
    bank_name="ПАО Сбербанк", bic="044525225", correspondent_account="30101810400000000225",
    settlement_account="40702810938000012345", director="Иванов И. И.", chief_accountant="Петрова А. С.",
    vat_rate="20")


@pytest.fixture
def company(monkeypatch):
    """The company's details as the admin's page would have saved them (db/company.company_details)."""
    holder = {"details": COMPANY}
    for target in ("db.documents.content.company_details", "db.actions.documents.company_details"):
        monkeypatch.setattr(target, lambda session: holder["details"])
    return holder


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


# --- sums ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("quantity", "price", "discount", "amount"), [
    ("3", "33.33", "10", "89.99"),  # 89.991
    ("1", "0.05", "50", "0.03"),  # 0.025: half up
    ("2.125", "61500.00", "0", "130687.50"),
    ("40000", "2.50", "5", "95000.00"),
    ("7", "199.99", "12.5", "1224.94"),  # 1224.93875
])
def test_a_line_is_quantity_times_price_less_discount_to_the_kopeck_as_a_deal_line(quantity, price, discount, amount):
    got = line_amount(Decimal(quantity), Decimal(price), Decimal(discount))
    assert got == Decimal(amount)
    assert got == deal_line_amount(Decimal(quantity), Decimal(price), Decimal(discount))


def test_totals_vat_included_and_words_with_kopecks():
    sums = totals([Decimal("89.99"), Decimal("33.34")], Decimal("20"))
    assert sums.total == Decimal("123.33")
    assert sums.vat_amount == Decimal("20.56")  # 123.33 × 20 / 120 = 20.555
    assert sums.words.lower().startswith("сто двадцать три рубля 33 копе")


def test_totals_over_a_million():
    sums = totals([Decimal("1000000.00"), Decimal("234567.89")], Decimal("20"))
    assert sums.total == Decimal("1234567.89")
    assert sums.vat_amount == Decimal("205761.32")  # 205 761,315
    assert sums.words.lower().startswith("один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь рублей")
    assert "89 копеек" in sums.words
    assert ru.money(sums.total) == "1\u00a0234\u00a0567,89"


def test_without_vat_there_is_no_vat_amount():
    sums = totals([Decimal("10.00")], None)
    assert (sums.vat_rate, sums.vat_amount) == (None, None)
    assert ru.vat_line({"vat_rate": None, "vat_amount": None}) == ("Без НДС", "—")


def test_follow_up_is_three_working_days_later():
    assert working_days_after(dt.date(2026, 12, 4)) == dt.date(2026, 12, 9)  # Friday -> Wednesday
    assert working_days_after(dt.date(2026, 12, 1)) == dt.date(2026, 12, 4)  # Tuesday -> Friday


# --- issuing ---------------------------------------------------------------------------------------

def test_a_proposal_from_a_deal_lists_its_lines_with_the_company_s_requisites(world, db, company):
    deal = open_deal(db, world, "mgr_a", "a1", quantity="1000", discount="5")
    doc = issue_proposal(db, world.viewer("mgr_a"), deal_id=deal.id,
                         valid_until=dt.date.today() + dt.timedelta(days=14))
    assert (doc.kind, doc.number, doc.revision, doc.status) == ("proposal", 1, 1, DocumentStatus.ISSUED)
    assert doc.total == Decimal("2375.00") == deal.amount  # 1000 × 2.50 × 0.95
    assert doc.vat_amount == Decimal("395.83")  # 2375 × 20 / 120 = 395.833
    c = doc.content
    assert [(line["name"], line["quantity"], line["price"], line["discount_pct"], line["amount"])
            for line in c["lines"]] == [("Саморез 4×40", "1000.000", "2.50", "5.00", "2375.00")]
    assert c["supplier"]["inn"] == "7701234567" and c["buyer"]["legal_name"] == "ООО «Альфа Строй»"
    assert c["manager"]["full_name"] == "Anna Manager" and c["manager"]["email"] == "mgr_a@example.com"
    assert doc.deal_id == deal.id and doc.client_id == world.clients["a1"]
    assert doc.pdf[:4] == b"%PDF" and doc.docx[:2] == b"PK"


def test_the_pdf_reads_back_in_russian(world, db, company):
    deal = open_deal(db, world, "mgr_a", "a1", quantity="400000")  # 1 000 000,00
    doc = issue_proposal(db, world.viewer("mgr_a"), deal_id=deal.id)
    text = text_of(doc.pdf)
    assert f"Коммерческое предложение № {doc.number} от" in text
    assert "ООО «Альфа Строй»" in text
    assert "1 000 000,00" in text.replace("\u00a0", " ")
    assert doc.content["words"].split()[0] in text  # the total in words ("Один миллион рублей 00 копеек")
    assert "Саморез 4×40" in text


def test_the_knowledge_base_text_goes_in_only_when_asked(world, db, company):
    db.get(Product, world.product_id).advantages = "Оцинкованная сталь, не ржавеет."
    db.commit()
    deal = open_deal(db, world, "mgr_a", "a1", quantity="10")
    plain = issue_proposal(db, world.viewer("mgr_a"), deal_id=deal.id)
    with_text = issue_proposal(db, world.viewer("mgr_a"), deal_id=deal.id, advantages=[world.product_id])
    assert plain.content["lines"][0]["advantages"] is None
    assert with_text.content["lines"][0]["advantages"] == "Оцинкованная сталь, не ржавеет."
    assert "Оцинкованная сталь" in text_of(with_text.pdf) and "Оцинкованная сталь" not in text_of(plain.pdf)


def test_a_proposal_of_chosen_products_takes_the_client_s_prices(world, db, company):
    base = PriceType(name="Базовый", kind=PriceTypeKind.BASE)
    db.add(base)
    db.flush()
    db.add(Price(price_type_id=base.id, product_id=world.product_id, price=Decimal("2.20"),
                 valid_from=dt.date(2020, 1, 1)))
    db.commit()
    doc = issue_proposal(db, world.viewer("mgr_a"), client_id=world.clients["a2"],
                         items=[{"product_id": world.product_id, "quantity": "100", "discount_pct": "0"}])
    assert doc.deal_id is None
    assert doc.content["lines"][0]["price"] == "2.20" and doc.total == Decimal("220.00")
    with pytest.raises(ValidationError) as refused:
        issue_proposal(db, world.viewer("mgr_a"), client_id=world.clients["a2"],
                       items=[{"product_id": world.product_id, "quantity": "0"}])
    assert "lines" in refused.value.errors


def test_an_invoice_needs_a_committing_stage(world, db, company):
    deal = open_deal(db, world, "mgr_a", "a1", quantity="1000")
    with pytest.raises(DomainError) as refused:
        issue_invoice(db, world.viewer("mgr_a"), deal_id=deal.id)
    assert refused.value.message.startswith("An invoice is made at a committing stage")
    assert db.scalar(select(Document.id)) is None
    move(db, world, "mgr_a", deal, "Contract")
    invoice = issue_invoice(db, world.viewer("mgr_a"), deal_id=deal.id)
    assert (invoice.kind, invoice.number, invoice.total) == ("invoice", 1, Decimal("2500.00"))
    text = text_of(invoice.pdf)
    for expected in ("Счёт на оплату № 1 от", "Банк получателя", "044525225", "40702810938000012345",
                     "Поставщик", "Покупатель", "ИНН 7701234567", "В том числе НДС (20", "Всего к оплате",
                     "Всего наименований 1, на сумму 2 500,00 руб.", "Руководитель", "Бухгалтер"):
        assert expected in text.replace("\u00a0", " "), expected


def test_an_invoice_of_discounted_lines_shows_the_discount_so_price_times_quantity_explains_the_sum(
        world, db, company):
    plain = open_deal(db, world, "mgr_a", "a1", quantity="1000")
    move(db, world, "mgr_a", plain, "Contract")
    assert "Скидка" not in text_of(issue_invoice(db, world.viewer("mgr_a"), deal_id=plain.id).pdf)
    deal = open_deal(db, world, "mgr_a", "a1", quantity="1000", discount="5")
    move(db, world, "mgr_a", deal, "Contract")
    invoice = issue_invoice(db, world.viewer("mgr_a"), deal_id=deal.id)
    text = text_of(invoice.pdf).replace("\u00a0", " ")
    assert "Скидка" in text and "2,50" in text and "2 375,00" in text  # 1000 × 2,50 less 5 %
    words = "\n".join(p.text for p in Document_(io.BytesIO(invoice.docx)).tables[-1]._cells)
    assert "Скидка, %" in words


def test_an_invoice_needs_the_company_s_requisites(world, db, company):
    deal = open_deal(db, world, "mgr_a", "a1", quantity="10")
    move(db, world, "mgr_a", deal, "Contract")
    company["details"] = replace(COMPANY, bic="")
    with pytest.raises(DomainError) as refused:
        issue_invoice(db, world.viewer("mgr_a"), deal_id=deal.id)
    assert refused.value.params["missing"] == "BIC"
    company["details"] = replace(COMPANY, vat_rate="none")
    invoice = issue_invoice(db, world.viewer("mgr_a"), deal_id=deal.id)
    assert (invoice.number, invoice.vat_rate, invoice.vat_amount) == (1, None, None)
    assert "Без НДС" in text_of(invoice.pdf)


def test_numbers_run_per_kind_and_per_year(world, db, company, monkeypatch):
    deal = open_deal(db, world, "mgr_a", "a1", quantity="10")
    move(db, world, "mgr_a", deal, "Contract")
    viewer = world.viewer("mgr_a")
    numbers = [issue_proposal(db, viewer, deal_id=deal.id).number, issue_proposal(db, viewer, deal_id=deal.id).number,
               issue_invoice(db, viewer, deal_id=deal.id).number, issue_proposal(db, viewer, deal_id=deal.id).number]
    assert numbers == [1, 2, 1, 3]
    this_year = dt.date.today().year
    monkeypatch.setattr("db.access.today", lambda: dt.date(this_year + 1, 1, 10))
    next_year = issue_proposal(db, viewer, deal_id=deal.id)
    assert (next_year.year, next_year.number) == (this_year + 1, 1)


def test_a_new_version_keeps_the_number_and_replaces_the_old(world, db, company):
    deal = open_deal(db, world, "mgr_a", "a1", quantity="10")
    viewer = world.viewer("mgr_a")
    first = issue_proposal(db, viewer, deal_id=deal.id)
    company["details"] = replace(COMPANY, bank_name="АО Альфа-Банк")
    second = reissue(db, viewer, document_id=first.id)
    db.refresh(first)
    assert (second.number, second.revision, second.replaces_id) == (first.number, 2, first.id)
    assert first.status == DocumentStatus.REPLACED and second.status == DocumentStatus.ISSUED
    assert first.content["supplier"]["bank_name"] == "ПАО Сбербанк"  # the old one never changes
    assert second.content["supplier"]["bank_name"] == "АО Альфа-Банк"
    assert "(редакция 2)" in text_of(second.pdf)
    with pytest.raises(DomainError, match="newer version"):
        reissue(db, viewer, document_id=first.id)
    listed = q.list_documents(db, viewer, client_id=world.clients["a1"])
    assert sorted(zip(listed["revision"], listed["status"])) == [(1, "replaced"), (2, "issued")]
    # the next new document takes the next number, not the reissued one's
    assert issue_proposal(db, viewer, deal_id=deal.id).number == first.number + 1


def test_another_manager_s_client_is_refused_and_unseen(world, db, company):
    deal = open_deal(db, world, "mgr_a", "a1", quantity="10")
    doc = issue_proposal(db, world.viewer("mgr_a"), deal_id=deal.id)
    for login in ("mgr_b", "head_s"):
        with pytest.raises(NotFound):
            issue_proposal(db, world.viewer(login), deal_id=deal.id)
        with pytest.raises(NotFound):
            issue_proposal(db, world.viewer(login), client_id=world.clients["a1"],
                           items=[{"product_id": world.product_id, "quantity": 1}])
        with pytest.raises(NotFound):
            reissue(db, world.viewer(login), document_id=doc.id)
        with pytest.raises(NotFound):
            q.document_file(db, world.viewer(login), document_id=doc.id, fmt="pdf")
        with pytest.raises(NotFound):
            q.list_documents(db, world.viewer(login), client_id=world.clients["a1"])
        with pytest.raises(NotFound):
            mark_sent(db, world.viewer(login), document_id=doc.id)
    with pytest.raises(AccessDenied):
        issue_proposal(db, world.viewer("admin"), deal_id=deal.id)  # the admin does not work deals
    # the head of the manager's department and the director may
    assert issue_proposal(db, world.viewer("head_n"), deal_id=deal.id).number == 2
    assert q.document_file(db, world.viewer("director"), document_id=doc.id, fmt="docx").name == "КП-1-" + str(
        doc.year) + ".docx"


def test_every_document_is_audited(world, db, company):
    deal = open_deal(db, world, "mgr_a", "a1", quantity="10")
    viewer = world.viewer("mgr_a")
    doc = issue_proposal(db, viewer, deal_id=deal.id)
    new = reissue(db, viewer, document_id=doc.id)
    mark_sent(db, viewer, document_id=new.id, to_address="buyer@alfa.example")
    rows = db.execute(select(AuditEntry.action, AuditEntry.entity_id, AuditEntry.user_id, AuditEntry.changes)
                      .where(AuditEntry.entity == "document").order_by(AuditEntry.id)).all()
    assert [(r.action, r.entity_id, r.user_id) for r in rows] == [
        ("issue_proposal", str(doc.id), world.users["mgr_a"]), ("replace_document", str(doc.id), world.users["mgr_a"]),
        ("reissue_document", str(new.id), world.users["mgr_a"]), ("send_document", str(new.id), world.users["mgr_a"])]
    assert rows[0].changes["number"] == [None, f"1/{doc.year}"] and rows[0].changes["total"] == [None, "25"]


def test_a_refused_issue_gives_its_number_back(world, db, company):
    deal = open_deal(db, world, "mgr_a", "a1", quantity="10")
    with pytest.raises(ValidationError):
        issue_proposal(db, world.viewer("mgr_a"), deal_id=deal.id, valid_until=dt.date(2000, 1, 1))
    assert issue_proposal(db, world.viewer("mgr_a"), deal_id=deal.id).number == 1


# --- sending -------------------------------------------------------------------------------------

def test_sending_delivers_the_pdf_logs_the_email_on_the_deal_and_sets_a_follow_up(world, db, company, smtp_server):
    inbox, port = smtp_server
    configure_smtp(db, port)
    deal = open_deal(db, world, "mgr_a", "a1", quantity="10")
    viewer = world.viewer("mgr_a")
    doc = issue_proposal(db, viewer, deal_id=deal.id)
    due = working_days_after(dt.date.today())
    sent = send_document(db, viewer, document_id=doc.id, to_address="buyer@alfa.example",
                         subject=ru.title(doc.content), body=ru.letter_body(doc.content), follow_up_on=due,
                         follow_up_title="Созвониться по КП")
    assert deliver_now(db, mail_id=sent["mail_id"]).sent
    [message] = inbox.messages
    assert message["To"].addresses[0].addr_spec == "buyer@alfa.example"
    assert message["Subject"].startswith("Коммерческое предложение № 1 от")
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == f"КП-1-{doc.year}.pdf"
    assert "ООО «Альфа Строй»" in text_of(attachment.get_content())
    db.refresh(doc)
    assert (doc.status, doc.sent_to) == (DocumentStatus.SENT, "buyer@alfa.example") and doc.sent_at is not None
    activity = db.get(Activity, sent["activity"].id)
    assert (activity.kind, activity.deal_id, activity.client_id) == ("email", deal.id, world.clients["a1"])
    task = db.get(Task, sent["task"].id)
    assert (task.title, task.due_on, task.deal_id, task.assignee_id) == (
        "Созвониться по КП", due, deal.id, world.users["mgr_a"])


def test_a_mail_server_that_does_not_answer_leaves_the_letter_queued(world, db, company):
    configure_smtp(db, 9)  # the discard port: nothing listens
    deal = open_deal(db, world, "mgr_a", "a1", quantity="10")
    doc = issue_proposal(db, world.viewer("mgr_a"), deal_id=deal.id)
    sent = send_document(db, world.viewer("mgr_a"), document_id=doc.id, to_address="buyer@alfa.example",
                         subject="КП", body="Во вложении.")
    delivery = deliver_now(db, mail_id=sent["mail_id"])
    assert not delivery.sent and delivery.error
    from db.models import OutgoingMail

    assert db.get(OutgoingMail, sent["mail_id"]).status == "pending"


def test_without_a_mail_server_sending_is_refused_and_nothing_is_marked(world, db, company):
    deal = open_deal(db, world, "mgr_a", "a1", quantity="10")
    doc = issue_proposal(db, world.viewer("mgr_a"), deal_id=deal.id)
    with pytest.raises(DomainError, match="The mail server is not set up"):
        send_document(db, world.viewer("mgr_a"), document_id=doc.id, to_address="buyer@alfa.example",
                      subject="КП", body="Во вложении.")
    db.refresh(doc)
    assert doc.status == DocumentStatus.ISSUED and doc.sent_at is None


def test_a_bad_address_is_refused_and_nothing_is_written(world, db, company):
    configure_smtp(db, 2525)
    deal = open_deal(db, world, "mgr_a", "a1", quantity="10")
    doc = issue_proposal(db, world.viewer("mgr_a"), deal_id=deal.id)
    before = db.scalar(select(Activity.id).order_by(Activity.id.desc()).limit(1))
    with pytest.raises(ValidationError) as refused:
        send_document(db, world.viewer("mgr_a"), document_id=doc.id, to_address="not an address", subject="КП",
                      body="x")
    assert "to_address" in refused.value.errors
    db.refresh(doc)
    assert doc.status == DocumentStatus.ISSUED
    assert db.scalar(select(Activity.id).order_by(Activity.id.desc()).limit(1)) == before


# --- numbers under concurrent use ----------------------------------------------------------------

def test_concurrent_issues_take_distinct_gap_free_numbers(seeded, engine, company):
    """Eight people issuing at the same moment (real connections and commits): the numbers are 1..8,
    none twice, none skipped — on PostgreSQL the counter's row lock orders them, on SQLite one writer
    at a time."""
    from concurrent.futures import ThreadPoolExecutor
    import threading

    from db.actions.deals import create_deal
    from db.session import write_session

    with write_session(engine) as session:
        deal_id = create_deal(session, seeded.viewer("mgr_a"), client_id=seeded.clients["a1"], title="Гонка",
                              expected_close_on=dt.date.today() + dt.timedelta(days=30),
                              lines=[{"product_id": seeded.product_id, "quantity": "10"}]).id
    threads = 8
    barrier = threading.Barrier(threads)

    def issue(n: int):
        with write_session(engine) as session:
            barrier.wait(timeout=30)
            for _attempt in range(20):  # SQLite's "database is locked" comes back as a refusal: try again
                try:
                    return issue_proposal(session, seeded.viewer("mgr_a"), deal_id=deal_id).number
                except DomainError as exc:
                    if exc.message != CONCURRENT:
                        raise
            raise AssertionError("never issued")

    with ThreadPoolExecutor(threads) as pool:
        numbers = sorted(pool.map(issue, range(threads)))
    assert numbers == list(range(1, threads + 1))
    with Session(engine) as session:
        stored = sorted(session.scalars(select(Document.number)))
    assert stored == numbers
