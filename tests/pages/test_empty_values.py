"""Empty values on screen (issue 17): on a database full of empty optional fields — clients with
no legal name, INN, industry, territory, segment, phone, e-mail or address; contacts with only a
name; activities with no contact, deal, body, outcome or author; deals with no expected close,
lines or lost reason; tasks with no client, deal or description; shipments with no manager,
deal, cost or payment terms; a product with no group, cost or description; managers without a
plan, an e-mail or a phone — every page, as every role, shows no "nan", "None", "NaT" or "<NA>"
(text elements, widgets and every table cell: a missing cell with no placeholder reads "None"),
and raises nothing. The labels and the letters of clients lacking a legal name or a contact
come out too, with no such word in them."""
from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db import access
from db.models import Activity, Client, Contact, Deal, Product, Role, Shipment, Task, User, utcnow
from db.search import client_search_text, contact_search_text
from ui.navigation import pages_for

from .conftest import downloads, signed_in

# Whole words only: "Nancy", "nano", "Nature" pass.
EMPTY_WORDS = re.compile(r"(?<![\w<])(?:nan|NaN|None|NaT)(?!\w)|<NA>")
LOGIN_OF = {Role.MANAGER: "mgr_a", Role.HEAD: "head_n", Role.DIRECTOR: "director", Role.ADMIN: "admin"}


@pytest.fixture
def empty_world(seeded, engine):
    """The test world with its optional fields emptied, plus records that have nothing but their
    required fields. Entity pages open mgr_a's empty client, its deal and the bare product."""
    today = access.today()
    now = utcnow()
    mgr_a = seeded.users["mgr_a"]
    with Session(engine) as s:
        s.execute(update(Client).values(legal_name=None, inn=None, kpp=None, industry_id=None, territory_id=None,
                                        size_segment=None, phone=None, email=None, website=None,
                                        legal_address=None, postal_address=None, notes=None))
        s.execute(update(Contact).values(position=None, decision_role=None, influence=None, phone=None, email=None,
                                         preferences=None, character_notes=None, birthday=None))
        s.execute(update(User).where(User.login.in_(["mgr_b", "mgr_c"])).values(email=None, phone=None))
        s.execute(update(Deal).values(expected_close_on=None))
        bare = Client(name="Пустой", owner_id=mgr_a, search_text=client_search_text("Пустой", None, None))
        lonely = Client(name="Без контакта", owner_id=mgr_a,
                        search_text=client_search_text("Без контакта", None, None))
        s.add_all([bare, lonely])
        s.flush()
        contact = Contact(client_id=bare.id, full_name="Имя Только", search_text=contact_search_text(
            "Имя Только", None, None))
        product = Product(sku="EMPTY-1", name="Товар без группы")
        s.add_all([contact, product])
        s.flush()
        stages = seeded.stages
        deal = Deal(title="Сделка без даты", client_id=bare.id, owner_id=mgr_a, stage_id=stages["Lead"],
                    probability=10)
        won = Deal(title="Выиграна без даты", client_id=bare.id, owner_id=mgr_a, stage_id=stages["Won"],
                   probability=100, state="won", amount=Decimal("1000"), closed_at=now - dt.timedelta(days=3))
        lost = Deal(title="Проиграна без причины", client_id=lonely.id, owner_id=mgr_a, stage_id=stages["Lost"],
                    probability=0, state="lost", closed_at=now - dt.timedelta(days=2))
        s.add_all([deal, won, lost])
        s.flush()
        s.add_all([
            Activity(kind="call", client_id=bare.id, subject="Звонок без контакта", occurred_at=now),
            Activity(kind="meeting", client_id=bare.id, user_id=mgr_a, contact_id=contact.id, deal_id=deal.id,
                     subject="Встреча без итога", occurred_at=now - dt.timedelta(hours=5)),
            Activity(kind="note", client_id=lonely.id, user_id=mgr_a, subject="Заметка",
                     occurred_at=now - dt.timedelta(days=1)),
            Task(assignee_id=mgr_a, title="Задача ни о ком", due_on=today),
            Task(assignee_id=mgr_a, client_id=bare.id, title="Задача без описания",
                 due_on=today - dt.timedelta(days=1)),
            Task(assignee_id=mgr_a, deal_id=deal.id, client_id=bare.id, title="Сделанная", due_on=today,
                 done=True, done_at=now),
            Shipment(client_id=bare.id, product_id=product.id, shipped_on=today.replace(day=1),
                     quantity=Decimal("1"), amount=Decimal("10.00")),
            Shipment(client_id=lonely.id, product_id=seeded.product_id, manager_id=mgr_a,
                     shipped_on=today - dt.timedelta(days=400), quantity=Decimal("3"), amount=Decimal("7.50")),
        ])
        s.commit()
        ids = {"client": bare.id, "lonely": lonely.id, "deal": deal.id, "product": product.id}
    return ids


def _found(text) -> list[str]:
    return EMPTY_WORDS.findall(str(text))


def _shown_columns(table) -> list:
    """The columns a table shows: those of its column_order (if given), less the hidden ones."""
    value = table.value
    order = list(getattr(table.proto, "column_order", []))
    config = json.loads(getattr(table.proto, "columns", "") or "{}")
    hidden = {name for name, cfg in config.items() if isinstance(cfg, dict) and cfg.get("hidden")}
    columns = [c for c in value.columns if not order or str(c) in order]
    return [c for c in columns if str(c) not in hidden and f"col:{c}" not in hidden]


def empty_words_shown(at) -> list[str]:
    """Where the page shows an empty value as a word: element kind, and the text around it."""
    shown: list[tuple[str, str]] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "success", "info",
                 "warning", "error", "metric", "code", "json", "latex", "toast"):
        for element in getattr(at, kind, []):
            shown.append((kind, str(getattr(element, "value", ""))))
            shown.append((kind, str(getattr(element, "label", ""))))
    for kind in ("selectbox", "multiselect", "radio", "select_slider"):
        for box in getattr(at, kind):
            shown.extend((f"{kind} option", str(o)) for o in box.options)
            shown.append((kind, str(box.label)))
            if kind != "multiselect":
                shown.append((kind, str(box.format_func(box.value)) if box.value is not None else ""))
    for kind in ("text_input", "text_area", "number_input", "date_input", "checkbox", "toggle", "button"):
        for widget in getattr(at, kind):
            shown.append((kind, str(widget.label)))
            if kind in ("text_input", "text_area"):
                shown.append((kind, str(widget.value or "")))
    for kind in ("tabs", "expander"):
        for element in getattr(at, kind):
            shown.append((kind, str(element.label)))
    for link in at.get("page_link"):
        shown.append(("page_link", link.proto.label))
    for i, table in enumerate((*at.dataframe, *at.table)):
        value = table.value
        placeholder = getattr(table.proto, "placeholder", "")
        for column in _shown_columns(table):
            shown.append((f"table {i} header", str(column)))
            cells = value[column]
            for cell in cells:
                if isinstance(cell, str):
                    shown.append((f"table {i} column {column!r}", cell))
            if not placeholder and cells.isna().any():
                shown.append((f"table {i} column {column!r}", "None  (a missing cell, shown as None)"))
    for file in downloads(at, ".csv"):
        shown.append(("csv", file))
    return [f"{kind}: {text!r}" for kind, text in shown if _found(text)]


CASES = [(role, spec.path, spec.entity, "en") for role in Role for spec in pages_for(role)]
CASES += [(Role.MANAGER, path, entity, "ru") for path, entity in (
    ("pages/client.py", "client"), ("pages/deal.py", "deal"), ("pages/product.py", "product"),
    ("pages/my_day.py", None), ("pages/home.py", None), ("pages/clients.py", None), ("pages/funnel.py", None))]
CASES += [(Role.HEAD, path, None, "ru") for path in ("pages/home.py", "pages/team.py", "pages/plans.py")]


@pytest.mark.parametrize(("role", "path", "entity", "lang"), CASES,
                         ids=[f"{r.value}-{p}-{lang}" for r, p, _, lang in CASES])
def test_no_empty_value_is_shown_as_a_word(empty_world, engine, role, path, entity, lang):
    login = LOGIN_OF[role]
    if lang != "en":
        with Session(engine) as s:
            s.execute(update(User).where(User.login == login).values(language=lang))
            s.commit()
    at = signed_in(login, path, query_params={"id": empty_world[entity]} if entity else None)
    assert not at.exception, at.exception[0].message if at.exception else ""
    shown = empty_words_shown(at)
    assert not shown, f"{path} as {role.value} ({lang}) shows an empty value as a word:\n" + "\n".join(shown)


def test_the_timeline_of_an_empty_client_reads_well(empty_world, engine):
    with Session(engine) as s:
        s.execute(update(User).where(User.login == "mgr_a").values(language="ru"))
        s.commit()
    at = signed_in("mgr_a", "pages/client.py", query_params={"id": empty_world["client"]})
    assert not at.exception
    shown = "\n".join(str(m.value) for m in (*at.markdown, *at.caption))
    assert "Звонок без контакта" in shown and "Встреча без итога" in shown
    assert not _found(shown), shown


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_labels_and_letters_of_clients_lacking_a_legal_name_or_a_contact(empty_world, engine):
    from db.mailing.documents import letters_csv, letters_docx, letters_of, letters_pdf
    from db.mailing.labels import client_labels, labels_pdf
    from db.mailing.template import FIELDS, render
    from db.routine_config import LabelLayout
    from db.rules.mailing import merge_values
    from queries.mailing import recipients

    template = " ".join("{" + f + "}" for f in FIELDS)
    with Session(engine) as s:
        viewer = access.Viewer(user_id=s.scalar(select(User.id).where(User.login == "mgr_a")), role=Role.MANAGER,
                               full_name="Anna Manager")
        chosen = recipients(s, viewer)
        assert {empty_world["client"], empty_world["lonely"]} <= set(chosen["client_id"])
        labels = client_labels(chosen)
        pdf = labels_pdf(labels, LabelLayout())
        text = _pdf_text(pdf)
        assert "Пустой" in text and "Без контакта" in text
        assert not _found(text), text
        assert not [line for label in labels for line in label.lines if _found(line)]

        merged = merge_values(s, viewer, client_ids=chosen["client_id"])
        filled = {cid: render(template, values) for cid, values in merged.items()}
        assert not [f for f in filled.values() if _found(f)], filled
        rows = chosen.assign(to_name=chosen["contact"], to_address=chosen["email"],
                             subject=[filled[int(c)] for c in chosen["client_id"]],
                             body=[filled[int(c)] for c in chosen["client_id"]])
        letters = letters_of(rows)
        assert len(letters) == len(chosen)
        assert not [letter for letter in letters if _found(" ".join(vars(letter).values()))]
        assert not _found(_pdf_text(letters_pdf(letters)))
        assert not _found(letters_csv(letters).decode("utf-8"))
        from docx import Document

        docx_text = "\n".join(p.text for p in Document(io.BytesIO(letters_docx(letters))).paragraphs)
        assert "Пустой" in docx_text and not _found(docx_text)


def test_the_labels_page_makes_the_pdf_for_clients_lacking_a_legal_name(empty_world):
    at = signed_in("mgr_a", "pages/mailing.py")
    assert not at.exception
    at.checkbox(key="mail_with_email").uncheck()
    next(b for b in at.button if str(b.label) == "Find").click().run()
    assert not at.exception, at.exception[0].message if at.exception else ""
    assert not empty_words_shown(at), empty_words_shown(at)  # the recipients' table, with its empty cells
    next(b for b in at.button if str(b.label) == "Make the labels").click().run()
    assert not at.exception, at.exception[0].message if at.exception else ""
    assert not [e.value for e in at.error]
    assert at.get("download_button"), "no labels to download"
    assert not empty_words_shown(at)


def test_every_table_on_screen_has_a_placeholder_for_empty_cells():
    """Streamlit shows an empty cell as "None" unless given a placeholder: every st.dataframe and
    st.data_editor call in ui/ and pages/ passes one (ui/tables.show passes ui.text.EMPTY)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    missing = []
    for path in sorted([*(root / "ui").glob("*.py"), *(root / "pages").glob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            named = [node.func, *node.args]  # st.dataframe(...), or form.widget("x", st.data_editor, ...)
            if not any(isinstance(n, ast.Attribute) and n.attr in ("dataframe", "data_editor")
                       and isinstance(n.value, ast.Name) and n.value.id == "st" for n in named):
                continue
            if not any(k.arg in ("placeholder", None) for k in node.keywords):  # None: **kwargs passed on
                missing.append(f"{path.relative_to(root)}:{node.lineno}")
    assert not missing, "st.dataframe / st.data_editor without placeholder=EMPTY: " + ", ".join(missing)
