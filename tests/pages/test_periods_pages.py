"""Issue 17, items 2, 5 and 7 on the pages: the exact dates of the analysis period and of the leaders'
comparison, and the overdue pipeline on the forecast — in the person's language."""
import datetime as dt
from decimal import Decimal

from sqlalchemy import update
from sqlalchemy.orm import Session

from db import access
from db.models import Deal, User

from .conftest import signed_in


def shift(day: dt.date, months: int) -> dt.date:
    """The first of `day`'s month moved by `months`."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def russian(engine, login: str) -> None:
    with Session(engine) as s:
        s.execute(update(User).where(User.login == login).values(language="ru"))
        s.commit()


def captions(at) -> str:
    return "\n".join(str(c.value) for c in at.caption)


def test_abc_shows_its_exact_dates_and_what_they_are(seeded, engine):
    """12 months on 4 December 2026: 1 January – 4 December 2026, eleven whole months and December to date."""
    russian(engine, "mgr_a")
    at = signed_in("mgr_a", "pages/abc.py")
    assert not at.exception
    today = access.today()
    start = shift(today, -11)
    assert (f"Период: {start:%d.%m.%Y} – {today:%d.%m.%Y}. "
            "Календарных месяцев: 12, последний — по сегодняшний день.") in captions(at)


def test_leaders_say_what_their_growth_compares(seeded, engine):
    at = signed_in("head_n", "pages/segments.py")
    at.radio(key="seg_view").set_value("leaders").run()
    assert not at.exception
    today = access.today()
    start = shift(today, -11)
    # The same dates 12 months earlier (29 February of a year without one would be the 28th).
    before = dt.date(today.year - 1, today.month, min(today.day, 28 if today.month == 2 else today.day))
    expected = (f"Growth compares like with like: {start:%b} {start.day}, {start.year} – {today:%b} {today.day}, "
                f"{today.year} against the same dates 12 months earlier, {start:%b} {start.day}, {start.year - 1} – "
                f"{before:%b} {before.day}, {before.year}.")
    assert expected in captions(at)


def test_the_forecast_shows_the_overdue_pipeline_apart(seeded, engine):
    """Anna's deal of 50 000 at 10 %, expected 100 days ago: not in this month's 0, but overdue pipeline."""
    today = access.today()
    with Session(engine) as s:
        s.add(Deal(title="Забытая", client_id=seeded.clients["a1"], owner_id=seeded.users["mgr_a"],
                   stage_id=seeded.stages["Lead"], amount=Decimal("50000.00"), probability=10,
                   expected_close_on=today - dt.timedelta(days=100)))
        s.commit()
    russian(engine, "mgr_a")
    at = signed_in("mgr_a", "pages/forecast.py")
    assert not at.exception
    assert at.dataframe[0].value["weighted"].tolist()[0] == 0
    before = today - dt.timedelta(days=30)
    warning = "\n".join(w.value for w in at.warning)
    assert f"Просроченная воронка: открытых сделок с ожидаемым закрытием до {before:%d.%m.%Y} — 1, на " in warning
    assert "50\u00a0000" in warning and "5\u00a0000" in warning
    assert "прошедшая не более 30 дн. назад" in captions(at)
