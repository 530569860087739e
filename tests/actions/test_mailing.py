"""Mail-merge: runs rendered once, sent through a real SMTP server on loopback, resumed without
sending twice, every letter logged on its client; files and address labels."""
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select, update

from db.errors import DomainError, NotFound, ValidationError
from db.actions import mail_runs as run_actions
from db.mailing.documents import Letter, letters_csv, letters_docx, letters_pdf
from db.mailing.labels import Label, labels_pdf
from db.actions.mail_runs import create_mail_run, retry_failed
from db.mailing.sender import send_run
from db.mailing.template import render, template_problem
from db.models import Activity, Client, Contact, MailLetter, utcnow
from db.routine_config import LabelLayout
from tests.smtp_server import configure_smtp, smtp_server  # noqa: F401 - the fixture

SUBJECT = "{client}: предложение"
BODY = "Уважаемый(ая) {greeting}!\nВаш менеджер — {manager}."


def make_run(db, world, login="mgr_a", keys=("a1", "a2"), channel="smtp", **kw):
    return create_mail_run(db, world.viewer(login), name="Весна", channel=channel, subject=SUBJECT, body=BODY,
                           client_ids=[world.clients[k] for k in keys], **kw)


def letters(db, run_id):
    return db.scalars(select(MailLetter).where(MailLetter.run_id == run_id).order_by(MailLetter.client_id)).all()


def test_a_run_renders_one_letter_per_client_with_its_fields(world, db):
    run = make_run(db, world)
    got = letters(db, run.id)
    assert [l.to_address for l in got] == ["contact1@a1.example.ru", "contact2@a2.example.ru"]
    assert got[0].subject == "Альфа Строй: предложение"
    assert got[0].body == "Уважаемый(ая) Контакт Альфа Строй!\nВаш менеджер — Anna Manager."
    assert {l.status for l in got} == {"pending"}


def test_foreign_clients_are_left_out_of_a_run(world, db):
    """A pilot list handed over with other managers' clients: only the viewer's own get letters."""
    run = make_run(db, world, keys=("a1", "b1", "c1", "u1"))
    assert [l.client_id for l in letters(db, run.id)] == [world.clients["a1"]]
    with pytest.raises(ValidationError) as refused:
        make_run(db, world, keys=("b1", "c1"))
    assert refused.value.errors["recipients"][0] == "Choose at least one recipient."


def test_a_client_without_an_address_is_skipped_for_sending_but_kept_for_download(world, db):
    db.execute(update(Contact).where(Contact.client_id == world.clients["a2"]).values(email=None))
    db.commit()
    sent = letters(db, make_run(db, world).id)
    assert [(l.status, l.error) for l in sent] == [("pending", None), ("skipped", "No e-mail address.")]
    downloaded = letters(db, make_run(db, world, channel="download").id)
    assert [l.status for l in downloaded] == ["pending", "pending"]


def test_bad_templates_are_refused_with_the_field_named(world, db):
    with pytest.raises(ValidationError) as refused:
        create_mail_run(db, world.viewer("mgr_a"), name="", channel="smtp", subject="{client.__class__}",
                        body="Hi {unknown}", client_ids=[world.clients["a1"]])
    errors = refused.value.errors
    assert set(errors) == {"name", "subject", "body"}
    assert errors["body"][0].startswith("Unknown field") and errors["body"][1]["name"] == "unknown"
    assert template_problem("{client:>10}")[0].startswith("Write the field")
    assert template_problem("{ unbalanced")[0].startswith("Unbalanced")
    assert render("{{literal}} {client}", {"client": "Х"}) == "{literal} Х"


def test_the_admin_may_not_send_mailings(world, db):
    from db.errors import AccessDenied

    with pytest.raises(AccessDenied):
        make_run(db, world, login="admin")


def test_a_run_is_sent_through_smtp_and_each_letter_logged(world, db, smtp_server):
    inbox, port = smtp_server
    configure_smtp(db, port)
    run = make_run(db, world)
    seen = []
    report = send_run(db, world.viewer("mgr_a"), run_id=run.id, progress=lambda done, total: seen.append(done))
    assert (report.sent, report.failed, report.left) == (2, 0, 0)
    assert seen == [1, 2]
    assert sorted(inbox.to()) == ["contact1@a1.example.ru", "contact2@a2.example.ru"]
    message = next(m for m in inbox.messages if "Альфа" in m["Subject"])
    assert message["Subject"] == "Альфа Строй: предложение"
    assert message["From"].addresses[0].addr_spec == "sales@crm.example"
    assert message["Reply-To"].addresses[0].addr_spec == "mgr_a@example.com"
    assert "Контакт Альфа Строй" in message.get_content()
    logged = db.scalars(select(Activity).where(Activity.subject == "Альфа Строй: предложение")).all()
    assert [(a.kind, a.client_id, a.user_id) for a in logged] == [("email", world.clients["a1"], world.users["mgr_a"])]
    assert all(l.status == "sent" and l.activity_id for l in letters(db, run.id))
    assert db.get(type(run), run.id).finished_at is not None


def test_an_interrupted_run_resumes_without_sending_twice(world, db, smtp_server):
    inbox, port = smtp_server
    configure_smtp(db, port)
    for i in range(3):  # five clients of Anna's in all
        db.add(Client(name=f"Клиент {i}", owner_id=world.users["mgr_a"], email=f"c{i}@x.example.ru",
                      search_text=f"клиент {i}"))
    db.commit()
    mine = db.scalars(select(Client.id).where(Client.owner_id == world.users["mgr_a"])).all()
    run = create_mail_run(db, world.viewer("mgr_a"), name="Много", channel="smtp", subject=SUBJECT, body=BODY,
                          client_ids=mine)

    class BrowserClosed(Exception):
        pass

    def close_after_two(done, total):
        if done == 2:
            raise BrowserClosed  # Streamlit stops the script between two letters like this

    with pytest.raises(BrowserClosed):
        send_run(db, world.viewer("mgr_a"), run_id=run.id, progress=close_after_two)
    assert len(inbox.messages) == 2
    report = send_run(db, world.viewer("mgr_a"), run_id=run.id)
    assert report.sent == 3 and len(inbox.messages) == 5
    assert len(set(inbox.to())) == 5  # nobody got it twice
    assert send_run(db, world.viewer("mgr_a"), run_id=run.id).sent == 0
    assert len(inbox.messages) == 5
    assert db.scalar(select(func.count()).select_from(Activity).where(Activity.kind == "email")) == 5


def test_a_letter_caught_mid_send_is_not_resent_by_itself(world, db, smtp_server, monkeypatch):
    """The server took the letter, then the app died before noting it: on resume the letter is
    marked failed ("check whether it arrived"), not sent again; a person may retry it."""
    inbox, port = smtp_server
    configure_smtp(db, port)
    run = make_run(db, world)
    real = run_actions.mark_sent

    def dies_once(*args, **kwargs):
        monkeypatch.setattr(run_actions, "mark_sent", real)
        raise SystemExit("killed")

    monkeypatch.setattr(run_actions, "mark_sent", dies_once)
    with pytest.raises(SystemExit):
        send_run(db, world.viewer("mgr_a"), run_id=run.id)
    assert len(inbox.messages) == 1
    db.execute(update(MailLetter).where(MailLetter.status == "sending")
               .values(claimed_at=utcnow() - run_actions.STALE_CLAIM * 2))
    db.commit()
    report = send_run(db, world.viewer("mgr_a"), run_id=run.id)
    assert (report.sent, len(inbox.messages)) == (1, 2)
    stuck = [l for l in letters(db, run.id) if l.status == "failed"]
    assert len(stuck) == 1 and stuck[0].error.startswith("Interrupted while sending")
    assert retry_failed(db, world.viewer("mgr_a"), run_id=run.id) == 1
    assert send_run(db, world.viewer("mgr_a"), run_id=run.id).sent == 1 and len(inbox.messages) == 3


def test_a_refused_recipient_fails_alone(world, db, smtp_server):
    inbox, port = smtp_server
    inbox.refuse.add("contact1@a1.example.ru")
    configure_smtp(db, port)
    run = make_run(db, world)
    report = send_run(db, world.viewer("mgr_a"), run_id=run.id)
    assert (report.sent, report.failed) == (1, 1)
    failed = next(l for l in letters(db, run.id) if l.status == "failed")
    assert "550" in failed.error and inbox.to() == ["contact2@a2.example.ru"]


def test_an_unreachable_server_changes_nothing(world, db):
    configure_smtp(db, 1)  # nothing listens on port 1
    run = make_run(db, world)
    with pytest.raises(DomainError) as refused:
        send_run(db, world.viewer("mgr_a"), run_id=run.id)
    assert refused.value.message.startswith("Could not connect")
    assert {l.status for l in letters(db, run.id)} == {"pending"}


def test_only_the_author_sends_a_run(world, db):
    run = make_run(db, world)
    with pytest.raises(NotFound):
        send_run(db, world.viewer("head_n"), run_id=run.id)


def test_labels_pdf_has_the_expected_pages_and_labels():
    """50 labels on 3 × 8 sheets: 24 + 24 + 2 — three pages, every label's text on its page."""
    labels = [Label(lines=(f"ООО «Клиент {i:02d}»", "Иванов Иван Петрович", f"101000, Москва, ул. Мира, д. {i}"))
              for i in range(50)]
    reader = PdfReader(io.BytesIO(labels_pdf(labels, LabelLayout())))
    assert len(reader.pages) == 3
    per_page = [page.extract_text().count("ООО «Клиент") for page in reader.pages]
    assert per_page == [24, 24, 2]
    assert "Клиент 49" in reader.pages[2].extract_text() and "д. 49" in reader.pages[2].extract_text()
    two_by_five = PdfReader(io.BytesIO(labels_pdf(labels[:11], LabelLayout(columns=2, rows=5))))
    assert [p.extract_text().count("ООО «Клиент") for p in two_by_five.pages] == [10, 1]


def test_letters_as_pdf_docx_and_csv():
    from docx import Document

    rows = [Letter(to_name=f"Имя {i}", to_address=f"m{i}@x.ru", address="Москва", subject=f"Тема {i}",
                   body="Строка 1\nСтрока 2", client=f"ООО {i}") for i in range(3)]
    reader = PdfReader(io.BytesIO(letters_pdf(rows)))
    assert len(reader.pages) == 3 and "Тема 2" in reader.pages[2].extract_text()
    doc = Document(io.BytesIO(letters_docx(rows)))
    assert sum(p.text == "Строка 2" for p in doc.paragraphs) == 3
    csv_text = letters_csv(rows + [Letter("=HYPERLINK()", "a@b.ru", "", "s", "b", "c")]).decode()
    assert csv_text.splitlines()[0] == "email,name,client,subject,body"
    assert "'=HYPERLINK()" in csv_text  # a formula typed into a name stays text in a spreadsheet


def test_downloaded_letters_are_logged_once_as_letters(world, db):
    from db.mailing.sender import log_downloaded

    run = make_run(db, world, channel="download")
    with pytest.raises(DomainError):
        send_run(db, world.viewer("mgr_a"), run_id=run.id)  # a download run is not sent from here
    assert log_downloaded(db, world.viewer("mgr_a"), run_id=run.id) == 2
    assert log_downloaded(db, world.viewer("mgr_a"), run_id=run.id) == 0
    logged = db.scalars(select(Activity).where(Activity.subject.like("%: предложение"))).all()
    assert sorted((a.kind, a.client_id) for a in logged) == sorted(
        [("letter", world.clients["a1"]), ("letter", world.clients["a2"])])
