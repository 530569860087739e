"""The activity report page (issue 21, "What the team did"): a head sees their people and the
activities behind a row, never another department's; the lists export, and the export is audited."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db import access
from db.models import Activity, AuditEntry, User
from db.rules.regulations import day_start_utc

from .conftest import DEFERRED_FILES, signed_in, texts

MINE = "Встреча на объекте сегодня"
SOUTH = "Звонок южному клиенту сегодня"


@pytest.fixture
def today_logged(seeded, engine):
    """Two activities of today 00:30 (company time): Anna's meeting on a1, Vera's (South) call on c1."""
    moment = day_start_utc(access.today()) + dt.timedelta(minutes=30)
    with Session(engine) as s:
        s.add_all([Activity(kind="meeting", user_id=seeded.users["mgr_a"], client_id=seeded.clients["a1"],
                            subject=MINE, occurred_at=moment),
                   Activity(kind="call", user_id=seeded.users["mgr_c"], client_id=seeded.clients["c1"],
                            subject=SOUTH, occurred_at=moment)])
        s.commit()
    return seeded


def _row(at, manager: str):
    table = at.dataframe[0].value
    return table[table["manager"] == manager].iloc[0]


def test_a_head_sees_their_people_and_drills_down(today_logged, engine):
    at = signed_in("head_n", "pages/activity.py")
    assert not at.exception and at.title[0].value == "Activity report"
    anna = _row(at, "Anna Manager")
    # This month: the meeting above and the world's calls of the last days that fall in it.
    assert int(anna["meeting"]) == 1
    blob = texts(at)
    assert "Vera Manager" not in blob and SOUTH not in blob and "Вега Пром" not in blob
    assert "Nina Head" in blob  # the head's own row
    at.selectbox(key="activity_person").set_value(today_logged.users["mgr_a"]).run()
    assert not at.exception
    listed = at.dataframe[1].value
    assert MINE in set(listed["subject"]) and "Альфа Строй" in set(listed["client"])
    assert "Meeting" in set(listed["kind"])  # the kind in words, not its code
    # Each row opens its client's card (ui/lists.record_list): a link, and a click on any cell.
    frame = next(f for f in at.dataframe if f.key == "activity_list")
    assert f"client?id={today_logged.clients['a1']}" in set(frame.value["_open"])
    assert {frame.proto.SelectionMode.Name(m) for m in frame.proto.selection_mode} == {"SINGLE_ROW", "SINGLE_CELL"}
    # The drill-down's rows are the row's figures: one per activity.
    assert len(listed) == int(anna[["call", "email", "meeting", "letter", "note"]].sum())
    # Its export holds the same rows and is recorded.
    before = len(_exports(engine))
    button = next(b for b in at.get("download_button") if b.proto.id.endswith("activity_list_export_csv"))
    csv = DEFERRED_FILES[button.proto.deferred_file_id]().decode("utf-8-sig")
    assert MINE in csv and SOUTH not in csv
    assert [(e.user_id, e.changes["what"][1], e.changes["rows"][1]) for e in _exports(engine)[before:]] == [
        (today_logged.users["head_n"], "Activities", len(listed))]


def _exports(engine) -> list[AuditEntry]:
    with Session(engine) as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == "export").order_by(AuditEntry.id)))


def test_weeks_and_the_director_sees_every_department(today_logged):
    at = signed_in("director", "pages/activity.py")
    at.selectbox(key="activity_unit").set_value("week")
    at.button[0].click().run()
    assert not at.exception
    assert int(_row(at, "Vera Manager")["call"]) >= 1  # today's call, this week
    assert at.selectbox(key="activity_period").options[0].startswith("week of")
    assert len(at.get("arrow_vega_lite_chart")) + len(at.get("vega_lite_chart")) == 2


def test_russian(today_logged, engine):
    with Session(engine) as s:
        s.execute(update(User).where(User.login == "head_n").values(language="ru"))
        s.commit()
    at = signed_in("head_n", "pages/activity.py")
    assert not at.exception and at.title[0].value == "Отчёт об активности"
    assert "раз в" in texts(at) and "неделя с" not in texts(at)  # months by default
    assert at.selectbox(key="activity_unit").options == ["По неделям", "По месяцам"]
