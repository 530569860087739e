"""The history of changes in people's words, and its page (issue 18, item 6).

Hand-made audit rows in the test world (North: Nina heads Anna and Boris; South: Semyon heads Vera):
  1. the company's reminder run made 3 tasks (no one's)  -> "Reminders made 3 tasks"
  2. Anna gave Альфа Строй an owner and a note           -> "Owner: — → Anna Manager; Notes: — → Позвонить"
  3. Vera renamed Вега Пром (South), 3 days ago          -> a head of North must not see it
  4. the demo loader ran (no one's)                      -> "Demo data loaded (scale: small)"
  5. the admin moved Boris to South (a North person)     -> "Department: North → South"
  6. Anna emptied the close date of a deal of Альфа Строй -> "Expected close: <1 March 2026> → —"
  7. Vera changed her client's notes 60 days ago         -> outside the default 30 days
"""
import datetime as dt

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import AuditEntry, Deal, User, utcnow
from i18n import formatting as fmt

from .conftest import downloads, signed_in, texts


@pytest.fixture
def history(seeded, engine):
    w = seeded
    now = utcnow()
    with Session(engine) as s:
        deal_id = s.scalar(select(Deal.id).where(Deal.client_id == w.clients["a1"]).limit(1))
        rows = [
            AuditEntry(at=now - dt.timedelta(hours=6), user_id=None, action="run_reminders", entity="task",
                       entity_id=None, changes={"created": [None, [101, 102, 103]]}),
            AuditEntry(at=now - dt.timedelta(hours=5), user_id=w.users["mgr_a"], action="update_client",
                       entity="client", entity_id=str(w.clients["a1"]),
                       changes={"owner_id": [None, w.users["mgr_a"]], "notes": [None, "Позвонить"]}),
            AuditEntry(at=now - dt.timedelta(days=3), user_id=w.users["mgr_c"], action="update_client",
                       entity="client", entity_id=str(w.clients["c1"]), changes={"name": ["Вега", "Вега Пром"]}),
            AuditEntry(at=now - dt.timedelta(hours=4), user_id=None, action="load_demo", entity="database",
                       entity_id=None, changes={"scale": [None, "small"]}),
            AuditEntry(at=now - dt.timedelta(hours=3), user_id=w.users["admin"], action="update_user",
                       entity="user", entity_id=str(w.users["mgr_b"]),
                       changes={"department_id": [w.departments["North"], w.departments["South"]]}),
            AuditEntry(at=now - dt.timedelta(hours=2), user_id=w.users["mgr_a"], action="update_deal",
                       entity="deal", entity_id=str(deal_id),
                       changes={"expected_close_on": ["2026-03-01", None], "probability": [60, 80]}),
            AuditEntry(at=now - dt.timedelta(days=60), user_id=w.users["mgr_c"], action="update_client",
                       entity="client", entity_id=str(w.clients["c1"]), changes={"notes": ["", "Старое"]}),
        ]
        s.add_all(rows)
        s.commit()
    return w


def _shown(at) -> str:
    return "\n".join(frame.value.to_string() for frame in at.dataframe)


def test_the_director_reads_the_history_in_words(history):
    at = signed_in("director", "pages/audit.py")
    assert not at.exception
    table = at.dataframe[0].value
    changes = list(table.iloc[:, -1])
    assert "Reminders made 3 tasks" in changes
    assert "Owner: — → Anna Manager; Notes: — → Позвонить" in changes
    assert "Demo data loaded (scale: small)" in changes
    assert "Department: North → South" in changes
    march = fmt.date(dt.date(2026, 3, 1), "en")  # the app's English date
    assert f"Expected close: {march} → —; Probability, %: 60 → 80" in changes
    assert "Name: Вега → Вега Пром" in changes
    assert "Старое" not in _shown(at)  # 60 days ago: outside the default month
    actions = set(table.iloc[:, 2])
    assert {"Reminders made", "Client changed", "Demo data loaded", "User changed", "Deal changed"} <= actions
    assert "Альфа Строй" in set(table.iloc[:, 3]) and "Boris Manager" in set(table.iloc[:, 3])
    assert "Database" in set(table.iloc[:, 3])  # no name: the kind of record
    assert "System" in set(table.iloc[:, 1])
    blob = texts(at)
    for raw in ("run_reminders", "load_demo", "owner_id", "_id", "None", "nan", "update_client"):
        assert raw not in blob, raw


def test_a_head_sees_their_department_only(history):
    at = signed_in("head_n", "pages/audit.py")
    assert not at.exception
    shown = _shown(at)
    assert "Альфа Строй" in shown and "Boris Manager" in shown and "Department: North → South" in shown
    assert "Вега" not in shown and "Reminders made" not in shown and "Demo data" not in shown
    assert "Vera Manager" not in texts(at)  # not among the "who" choices either
    south = signed_in("head_s", "pages/audit.py")
    assert "Вега Пром" in _shown(south) and "Альфа Строй" not in _shown(south)


def test_managers_have_no_history_page(history):
    at = signed_in("mgr_a")
    assert "History of changes" not in [link.proto.label for link in at.get("page_link")]
    assert "History of changes" in [link.proto.label for link in signed_in("head_n").get("page_link")]


def test_filters_who_what_and_when(history):
    w = history
    at = signed_in("director", "pages/audit.py")
    at.selectbox(key="audit_who").set_value(w.users["mgr_c"])
    next(b for b in at.button if b.label == "Show").click().run()
    assert not at.exception
    assert list(at.dataframe[0].value.iloc[:, -1]) == ["Name: Вега → Вега Пром"]
    today = dt.date.today()
    at.date_input(key="audit_period").set_value((today - dt.timedelta(days=90), today))
    next(b for b in at.button if b.label == "Show").click().run()
    assert list(at.dataframe[0].value.iloc[:, -1]) == ["Name: Вега → Вега Пром", "Notes: — → Старое"]
    at.selectbox(key="audit_who").set_value(None)
    at.selectbox(key="audit_kind").set_value("user")
    next(b for b in at.button if b.label == "Show").click().run()
    assert list(at.dataframe[0].value.iloc[:, -1]) == ["Department: North → South"]
    assert "User" in at.selectbox(key="audit_kind").options


def test_the_export_is_in_words_and_recorded(history, engine):
    at = signed_in("head_n", "pages/audit.py")
    files = downloads(at, ".csv")
    assert len(files) == 1
    assert "Owner: — → Anna Manager" in files[0] and "Вега" not in files[0] and "owner_id" not in files[0]
    with Session(engine) as s:
        recorded = s.scalars(select(AuditEntry).where(AuditEntry.action == "export")).all()
    assert [e.changes["what"][1] for e in recorded] == ["History of changes"]


def test_russian_words(history, engine):
    with Session(engine) as s:
        s.execute(update(User).where(User.login == "director").values(language="ru"))
        s.commit()
    at = signed_in("director", "pages/audit.py")
    assert not at.exception
    changes = list(at.dataframe[0].value.iloc[:, -1])
    assert "Напоминания: создано 3 задачи" in changes
    assert any(c.startswith("Владелец: — → Anna Manager") for c in changes), changes
    blob = texts(at)
    assert "None" not in blob and "nan" not in blob and "_id" not in blob


def test_the_card_and_the_admin_home_speak_the_same_words(history):
    w = history
    at = signed_in("head_n", "pages/client.py", query_params={"id": w.clients["a1"]})
    assert not at.exception
    shown = _shown(at)
    assert "Owner: — → Anna Manager; Notes: — → Позвонить" in shown and "owner_id" not in shown
    home = signed_in("admin")
    assert not home.exception
    shown = _shown(home)
    assert "Reminders made 3 tasks" in shown and "Demo data loaded (scale: small)" in shown
    assert "run_reminders" not in shown and "load_demo" not in shown and "None" not in texts(home)


def test_a_long_history_is_shown_a_page_at_a_time_and_exported_whole(history, engine):
    """Issue 19: 250 changes more in the month — the table shows the newest 200 with the total, Next
    shows the 50 older ones (the oldest among them), and the file has every change the filters match,
    in the reader's language although it is made outside the page's run."""
    w = history
    now = utcnow()
    with Session(engine) as s:
        s.add_all([AuditEntry(at=now - dt.timedelta(days=1, minutes=n), user_id=w.users["mgr_a"],
                              action="update_client", entity="client", entity_id=str(w.clients["a1"]),
                              changes={"notes": [None, f"Заметка {n:03d}"]}) for n in range(250)])
        s.execute(update(User).where(User.login == "director").values(language="ru"))
        s.commit()
    at = signed_in("director", "pages/audit.py")
    assert not at.exception
    assert len(at.dataframe[0].value) == 200
    captions = " ".join(c.value for c in at.caption)
    assert "Изменений по фильтрам: 256" in captions and "Строки 1–200 из 256" in captions, captions
    assert "Заметка 000" in _shown(at) and "Заметка 249" not in _shown(at)
    next(b for b in at.button if b.label == "Далее").click().run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 56 and "Заметка 249" in _shown(at) and "Заметка 000" not in _shown(at)
    files = downloads(at, ".csv")
    assert len(files) == 1
    assert "Заметка 000" in files[0] and "Заметка 249" in files[0] and "Владелец: — → Anna Manager" in files[0]
    assert sum("Заметка" in line for line in files[0].splitlines()) == 250
    # Other filters: back to the first page.
    at.selectbox(key="audit_who").set_value(w.users["mgr_c"])
    next(b for b in at.button if b.label == "Показать").click().run()
    assert list(at.dataframe[0].value.iloc[:, -1]) == ["Название: Вега → Вега Пром"]
