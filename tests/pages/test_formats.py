"""Numbers, money, percentages and dates in the reader's language, everywhere (issue 18, item 1),
and none of Streamlit's own English on a Russian page (item 2)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
import json

import pandas as pd
import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import Deal, Role, User
from i18n import formatting as fmt
from ui import tables
from ui.navigation import pages_for

from .conftest import signed_in

LOGIN_OF = {Role.MANAGER: "mgr_a", Role.HEAD: "head_n", Role.DIRECTOR: "director", Role.ADMIN: "admin"}


def test_money_in_english_sets_the_code_apart_and_russian_groups_with_spaces():
    assert fmt.money(6400725, "en", kopecks=False) == "RUB\u00a06,400,725"
    assert fmt.money(Decimal("1234567.89"), "en") == "RUB\u00a01,234,567.89"
    assert fmt.money(-5, "en") == "-RUB\u00a05.00"
    assert fmt.money(3400, "ru") == "3\u00a0400,00\u00a0₽"
    assert fmt.money(4266945, "ru", kopecks=False) == "4\u00a0266\u00a0945\u00a0₽"
    assert fmt.money(5, "en", "USD") == "$5.00"  # a symbol, not a code: no space


FRAME = pd.DataFrame({
    "client_id": [12345, 7],
    "amount": [1555383.4, 811354.0],
    "share": [64.7, 3.5],
    "deals": [1200, 3],
    "ratio": [9.5, None],
    "year": [2026, 2025],
    "due_on": [dt.date(2026, 3, 9), None],
    "seen_at": [dt.datetime(2026, 3, 9, 7, 5), dt.datetime(2025, 12, 31, 20, 0)],
    "name": ["Вега", "Альфа"],
})


def _prepared(lang: str):
    return tables.table_data(FRAME, money=("amount",), percent=("share",), integer=("deals",), lang=lang)


def test_table_columns_in_russian():
    """The grid writes the cells (issue 19): numbers "localized" in the person's language (the page's
    script makes navigator.languages Russian), percentages Intl's "64,7 %" from fractions, dates in
    i18n.formatting's pattern; the values rounded as Babel rounds. What the grid then shows equals
    Babel's text: tests/e2e/test_table_formats.py, with Streamlit's own formatter."""
    data, specs = _prepared("ru")
    assert specs["amount"] == {"kind": "number", "format": "localized", "step": 1}
    assert list(data["amount"]) == [1555383.0, 811354.0]
    assert specs["share"] == {"kind": "number", "format": "percent", "step": 0.001}
    assert list(data["share"]) == [0.647, 0.035]
    assert specs["deals"]["format"] == "localized" and specs["ratio"]["format"] == "localized"
    assert list(data["ratio"])[0] == 9.5 and pd.isna(list(data["ratio"])[1])
    assert specs["client_id"]["format"] is None and specs["year"]["format"] is None  # codes, no grouping
    assert specs["due_on"] == {"kind": "date", "format": "DD.MM.YYYY"}
    assert list(data["due_on"]) == [dt.date(2026, 3, 9), None]
    assert specs["seen_at"] == {"kind": "datetime", "format": "DD.MM.YYYY HH:mm"}
    assert data["seen_at"].iloc[0] == pd.Timestamp(2026, 3, 9, 10, 5)  # UTC 07:05 in Moscow
    assert "name" not in specs and list(data["name"]) == ["Вега", "Альфа"]


def test_table_columns_in_english():
    data, specs = _prepared("en")
    assert specs["share"] == {"kind": "number", "format": "%,.1f %%"} and list(data["share"]) == [64.7, 3.5]
    assert specs["due_on"]["format"] == "MMM D, YYYY" and specs["seen_at"]["format"] == "MMM D, YYYY, HH:mm"
    assert specs["amount"]["format"] == "localized"


def test_the_table_keeps_the_numbers_to_sort_by():
    data, _ = tables.table_data(FRAME, money=("amount",), kopecks=True, lang="ru")
    assert data["amount"].tolist() == [1555383.4, 811354.0]  # what the grid sorts by
    assert data["due_on"].tolist()[0] == dt.date(2026, 3, 9)
    assert pd.api.types.is_datetime64_any_dtype(data["seen_at"])


def test_values_are_rounded_as_babel_rounds():
    """Half to even on the decimal text: 2.675 is 2.68 to Babel (its binary value is 2.67499…)."""
    assert tables.rounded(pd.Series([2.675, 0.125, 2.5, 3.5, None]), 2).tolist()[:4] == [2.68, 0.12, 2.5, 3.5]
    assert tables.rounded(pd.Series([2.5, 3.5, -0.5]), 0).tolist() == [2.0, 4.0, -0.0]
    assert [fmt.number(v, "en") for v in (2.5, 3.5)] == ["2", "4"]


# --- every page, as every role, in Russian -----------------------------------------------------

def _read_only_tables(at):
    return [t for t in at.dataframe if t.proto.editing_mode == 0 or t.editing_mode == "read_only"]


def _number_problems(at, where: str) -> list[str]:
    problems = []
    for i, table in enumerate(_read_only_tables(at)):
        data = table.value
        if data.empty:
            problems.append(f"{where}: table {i} has no rows (Streamlit paints \"empty\" in English)")
            continue
        config = json.loads(table.proto.columns or "{}")
        numeric = [c for c in data.columns if pd.api.types.is_numeric_dtype(data[c])
                   and not pd.api.types.is_bool_dtype(data[c])]
        for column in numeric:
            fmt_set = (config.get(str(column)) or {}).get("type_config", {}).get("format")
            if tables._is_code(column):
                continue
            if fmt_set not in ("localized", "percent"):
                # Streamlit's default writes "1555383.4"; a printf pattern has no Russian grouping.
                problems.append(f"{where}: table {i} column {column!r} has the format {fmt_set!r}, "
                                "not one in the reader's language")
        if table.proto.arrow_data.styler.display_values:
            problems.append(f"{where}: table {i} is a pandas Styler (sent twice; issue 19)")
    for box in at.number_input:
        step = box.proto.step
        shown = box.proto.format % (box.value if box.value is not None else 0)
        if step == int(step) and "." in shown:
            problems.append(f"{where}: number input {box.label!r} shows {shown!r} (decimals for a whole step)")
    for box in at.multiselect:
        if not box.proto.placeholder or box.proto.placeholder in ("Choose options", "Choose an option"):
            problems.append(f"{where}: multiselect {box.label!r} shows Streamlit's own placeholder")
    for box in at.selectbox:
        if not box.proto.HasField("default") and box.proto.placeholder in ("", "Choose an option"):
            problems.append(f"{where}: selectbox {box.label!r} shows Streamlit's own placeholder")
    return problems


CASES = [(role, spec.path, spec.entity) for role in Role for spec in pages_for(role)]


@pytest.mark.parametrize(("role", "path", "entity"), CASES, ids=[f"{r.value}-{p}" for r, p, _ in CASES])
def test_every_page_writes_numbers_in_russian(seeded, engine, role, path, entity):
    login = LOGIN_OF[role]
    with Session(engine) as s:
        s.execute(update(User).where(User.login == login).values(language="ru"))
        ids = {"client": seeded.clients["a1"], "product": seeded.product_id,
               "deal": s.scalar(select(Deal.id).where(Deal.client_id == seeded.clients["a1"]))}
        s.commit()
    at = signed_in(login, path, query_params={"id": ids[entity]} if entity else None)
    assert not at.exception, at.exception[0].message if at.exception else ""
    problems = _number_problems(at, path)
    assert not problems, "\n".join(problems)


# --- Streamlit's own English ---------------------------------------------------------------------

def test_every_streamlit_text_we_translate_is_still_streamlits_and_has_russian():
    """ui/builtin_text translates Streamlit's own texts by their exact English: a Streamlit upgrade
    that rewords one would silently bring English back, so each must still be in its frontend."""
    from pathlib import Path

    import streamlit

    from ui import builtin_text

    bundle = "".join(p.read_text(encoding="utf-8", errors="ignore")
                     for p in (Path(streamlit.__file__).parent / "static" / "static" / "js").glob("*.js"))
    templated = {"Press Enter to submit form", "Press Enter to apply", "Press Ctrl+Enter to submit form",
                 "Press Ctrl+Enter to apply", "Press ⌘+Enter to submit form", "Press ⌘+Enter to apply",
                 "The page that you have requested does not seem to exist. Running the app's main page."}
    gone = [text for text in builtin_text.BUILTIN if text not in templated and text not in bundle]
    assert not gone, f"no longer in Streamlit's frontend: {gone}"
    assert "submit form" in bundle and "Press ${" in bundle and " per file" in bundle  # assembled at run time
    assert "The page that you have requested does not seem to exist" in bundle
    assert ". Running the app's main page." in bundle
    russian = builtin_text.translations("ru")
    assert set(russian) == set(builtin_text.BUILTIN), set(builtin_text.BUILTIN) - set(russian)
    script = builtin_text.script("ru")
    assert '"ru-RU"' in script and "Нажмите Enter, чтобы отправить форму" in script and "до {size} МБ на файл" in script
    assert builtin_text.translations("en") == {}
