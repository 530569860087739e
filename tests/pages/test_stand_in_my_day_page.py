"""Stand-ins for real (issue 21): Boris (mgr_b) stands in for Anna (mgr_a) today; his My day shows
Anna's tasks and clients marked "for Anna Manager", the reminders made on opening it for her
clients are his, and nothing of Vera (mgr_c), a third manager, appears."""
import datetime as dt

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db import access
from db.models import Activity, Client, StandIn, Task, utcnow

from .conftest import signed_in, texts

TODAY = access.today()


@pytest.fixture(autouse=True)
def _rules_run_again():
    import ui.my_day

    ui.my_day._RAN.clear()  # once a day per person and process: each test is a new day here
    yield


def test_the_stand_ins_my_day_shows_the_colleagues_items_marked_as_theirs(seeded, engine):
    with Session(engine) as s:
        s.execute(update(Client).values(created_at=utcnow() - dt.timedelta(days=365)))
        s.execute(update(Activity).values(occurred_at=utcnow() - dt.timedelta(days=200)))
        s.add(Task(assignee_id=seeded.users["mgr_c"], client_id=seeded.clients["c1"], title="Задача Веры",
                   due_on=TODAY))
        s.add(StandIn(absent_user_id=seeded.users["mgr_a"], stand_in_user_id=seeded.users["mgr_b"],
                      starts_on=TODAY - dt.timedelta(days=1), ends_on=TODAY + dt.timedelta(days=1)))
        s.commit()
    at = signed_in("mgr_b", "pages/my_day.py")
    assert not at.exception
    blob = texts(at)
    assert any("You stand in for Anna Manager" in i.value for i in at.info)
    assert "Перезвонить" in blob and "Отправить КП" in blob  # Anna's tasks
    rows = [m.value for m in at.markdown if "Перезвонить" in m.value]
    assert rows and all("for Anna Manager" in r for r in rows)
    assert "Альфа Строй" in blob and "Арктика" in blob and "Бета Торг" in blob
    assert "Вега Пром" not in blob and "Задача Веры" not in blob and "Vera" not in blob
    with Session(engine) as s:
        made = {(t.client_id, t.assignee_id) for t in s.scalars(select(Task).where(Task.source == "contact"))}
    boris = seeded.users["mgr_b"]
    assert made == {(seeded.clients["a1"], boris), (seeded.clients["a2"], boris), (seeded.clients["b1"], boris)}
    # Boris's own reminder is not marked; Anna's are.
    own = [m.value for m in at.markdown if "Contact Бета Торг" in m.value]
    assert own and not any("for Anna" in r for r in own)
    assert all("for Anna Manager" in m.value for m in at.markdown if "Contact Альфа Строй" in m.value)
