"""The home page's managers table keeps every column in view (issue 18, item 7): short names, and the
department only when the table spans several."""
from __future__ import annotations

from sqlalchemy.orm import Session

from db.models import User

from .conftest import signed_in


def _managers_table(at):
    return next(d for d in at.dataframe if "open_deals" in d.proto.column_order)


def test_a_heads_managers_table_has_no_department_column(seeded):
    at = signed_in("head_n")
    assert not at.exception
    assert list(_managers_table(at).proto.column_order) == [
        "manager", "clients", "open_deals", "open_amount", "actual", "plan", "plan_pct"]


def test_the_directors_table_names_the_department_and_people_by_short_name(seeded, engine):
    with Session(engine) as s:
        s.get(User, seeded.users["mgr_a"]).full_name = "Калинина Светлана Васильевна"
        s.commit()
    at = signed_in("director")
    table = _managers_table(at)
    assert list(table.proto.column_order)[:2] == ["manager", "department"]
    assert "Калинина С. В." in set(table.value["manager"])
