"""What a table shows equals what Babel writes (issue 19). Since issue 19 the grid writes the cells
itself, from the column formats ui/tables.table_data chooses: this runs Streamlit's own formatter
(its frontend's formatNumber and formatMoment modules, the very files the app serves) in Chromium,
under ui/builtin_text's script (navigator.languages the person's language, the browser itself
English), on values Hypothesis makes, and compares each cell with i18n.formatting's text."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
import streamlit
from babel.numbers import format_decimal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from i18n import formatting as fmt
from ui import builtin_text, tables

from .conftest import _require_browser

STATIC = Path(streamlit.__file__).parent / "static" / "static" / "js"
ORIGIN = "http://bundle.test"
TZ = "Europe/Moscow"


def _module(prefix: str) -> str:
    (found,) = STATIC.glob(f"{prefix}.*.js")
    return found.name


@pytest.fixture(scope="module")
def grid(browser):
    """A page of ORIGIN serving Streamlit's frontend modules, the language script applied per call."""
    _require_browser()
    context = browser.new_context(locale="en-US")  # an English browser: Russian must come from the script
    page = context.new_page()

    def serve(route):
        name = route.request.url.removeprefix(ORIGIN + "/")
        if name == "index.html":
            route.fulfill(body="<html><body></body></html>", content_type="text/html")
        else:
            route.fulfill(path=str(STATIC / name), content_type="text/javascript")

    page.route(f"{ORIGIN}/**", serve)
    page.goto(f"{ORIGIN}/index.html")
    yield page
    context.close()


def _precision(step) -> int | None:
    """The grid's decimals of a NumberColumn: those of its step."""
    return None if step is None else max(0, -Decimal(str(step)).as_tuple().exponent)


def shown(page, data: pd.DataFrame, specs: dict, lang: str) -> dict[str, list[str]]:
    """Each formatted column's cells as the grid writes them (a missing one: the placeholder)."""
    script = builtin_text.script(lang)
    body = script.removeprefix("<script>").removesuffix("</script>")
    page.evaluate(body)
    cells = {}
    for key, spec in specs.items():
        if spec["kind"] == "number":
            values = [None if pd.isna(v) else float(v) for v in data[key]]
        elif spec["kind"] == "date":
            values = [None if v is None else dt.datetime(v.year, v.month, v.day, tzinfo=dt.UTC).timestamp() * 1000
                      for v in data[key]]
        else:
            values = [None if pd.isna(v) else v.replace(tzinfo=dt.UTC).timestamp() * 1000 for v in data[key]]
        cells[key] = page.evaluate(
            """async ([values, kind, format, precision, number, moment, when]) => {
                const {n: formatNumber} = await import(number);
                const {n: init, t: momentOf} = await import(moment);
                init();
                const {t: formatMoment} = await import(when);
                return values.map((v) => v === null ? "—" : kind === "number"
                    ? formatNumber(v, format, precision ?? undefined)
                    : formatMoment(momentOf.utc(v), format, kind));
            }""",
            [values, spec["kind"], spec["format"], _precision(spec.get("step")),
             f"{ORIGIN}/{_module('formatNumber')}", f"{ORIGIN}/{_module('moment')}",
             f"{ORIGIN}/{_module('formatMoment')}"])
    return cells


def _signed(text: str) -> str:
    """Babel writes a negative that rounds to zero "-0" ("-0,0 %"); the table writes it "0"."""
    return text[1:] if text.startswith("-") and not any(c in "123456789" for c in text) else text


def babel(frame: pd.DataFrame, lang: str, *, kopecks: bool) -> dict[str, list[str]]:
    """i18n.formatting's text of each cell: what the Styler showed before issue 19."""
    import zoneinfo

    tz = zoneinfo.ZoneInfo(TZ)
    return {
        "amount": [fmt.number(v, lang, 2 if kopecks else 0) for v in frame["amount"]],
        "share": [fmt.percent(v, lang) for v in frame["share"]],
        "deals": [fmt.number(v, lang) for v in frame["deals"]],
        "ratio": ["—" if fmt.missing(v) else format_decimal(v, format="#,##0.##", locale=fmt.LOCALES[lang])
                  for v in frame["ratio"]],
        "due_on": [fmt.date(v, lang) for v in frame["due_on"]],
        # A column of moments all at midnight (UTC) is a column of days, as it always was.
        "seen_at": [fmt.date(v.date(), lang) if tables._when_kind(frame["seen_at"]) == "date"
                    else fmt.datetime(v.replace(tzinfo=dt.UTC), lang, tz) for v in frame["seen_at"]],
    }


money = st.one_of(st.none(), st.decimals(min_value=-10**11, max_value=10**11, places=2,
                                          allow_nan=False, allow_infinity=False).map(float))
shares = st.one_of(st.none(), st.floats(min_value=-5000, max_value=5000, allow_nan=False).map(lambda x: round(x, 4)))
counts = st.integers(min_value=-10**9, max_value=10**12)
ratios = st.one_of(st.none(), st.floats(min_value=-10**7, max_value=10**7, allow_nan=False))
days = st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)))
moments = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2099, 12, 31))
rows = st.lists(st.tuples(money, shares, counts, ratios, days, moments), min_size=1, max_size=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows, lang=st.sampled_from(["ru", "en"]), kopecks=st.booleans())
def test_the_grid_shows_what_babel_writes(grid, monkeypatch, rows, lang, kopecks):
    monkeypatch.setattr("db.config.timezone", lambda: __import__("zoneinfo").ZoneInfo(TZ))
    frame = pd.DataFrame(rows, columns=["amount", "share", "deals", "ratio", "due_on", "seen_at"])
    frame["amount"] = frame["amount"].astype("float64")
    frame["share"] = frame["share"].astype("float64")
    frame["ratio"] = frame["ratio"].astype("float64")
    data, specs = tables.table_data(frame, money=("amount",), percent=("share",), integer=("deals",),
                                    kopecks=kopecks, lang=lang)
    got = shown(grid, data, specs, lang)
    want = {key: [_signed(x) for x in texts] for key, texts in babel(frame, lang, kopecks=kopecks).items()}
    for key, texts in want.items():
        if key not in specs:  # a column with nothing in it: no type to see, every cell the placeholder
            assert set(texts) == {"—"}, key
            continue
        # Babel's Russian percent is "64,7 %" with a plain space, Intl's with a no-break one: the same on screen.
        assert [g.replace("\u00a0%", " %") for g in got[key]] == texts, (key, json.dumps(rows, default=str))
