"""XYZ, movement and coverage, worked out by hand on the small world (2019–2020).

Monthly shipments in 2020 (12 whole months, total 4,500), counted from the first purchase's month:
    a1  100 every month              = 1,200   mean 100, sd 0      CV 0 %    -> X
    a2  25, 75, 25, 75, ...          =   600   mean 50,  sd 25     CV 50 %   -> X (with limits 25/50: Y, inclusive)
    b1  2,400 in June only (its first purchase: June to December, 7 months)
                                     = 2,400   mean 342.9, sd 839.8 CV 244.9% -> Z
    c1  50 in January..June          =   300   mean 25,  sd 25     CV 100 %  -> X (the limit is inclusive)
    u1  nothing                                                    no XYZ
Default limits: X up to 100 %, Y up to 150 %.
ABC: b1 (0 % above) A, a1 (53.3 %) A, a2 (80 %: not below 80) B, c1 (93.3 %) B, u1 C.
In 2019 only a2 bought (5,000): a2 A, everyone else C.
"""
import datetime as dt
from decimal import Decimal

import pytest

from db.models import Activity, Setting, Shipment
from queries import abc_report as r
from db.rules.abc import XyzLimits, client_abc_xyz, xyz_limits

TODAY = dt.date(2020, 12, 31)
ALL = {"a1", "a2", "b1", "c1", "u1"}
SEES = {"mgr_a": {"a1", "a2"}, "mgr_b": {"b1"}, "mgr_c": {"c1"}, "head_n": {"a1", "a2", "b1", "u1"},
        "head_s": {"c1", "u1"}, "director": ALL, "admin": ALL}


def ship(db, world, key, day, amount):
    db.add(Shipment(client_id=world.clients[key], product_id=world.product_id, shipped_on=day,
                    quantity=Decimal(1), amount=Decimal(amount)))


@pytest.fixture
def sales(world, db):
    for m in range(1, 13):
        ship(db, world, "a1", dt.date(2020, m, 10), 100)
        ship(db, world, "a2", dt.date(2020, m, 3), 25 if m % 2 else 75)
        if m <= 6:
            ship(db, world, "c1", dt.date(2020, m, 28), 50)
    ship(db, world, "b1", dt.date(2020, 6, 15), 2400)
    ship(db, world, "a2", dt.date(2019, 5, 5), 5000)
    db.flush()
    return world


def by_key(world, df, column):
    names = {v: k for k, v in world.clients.items()}
    return {names[int(row.client_id)]: getattr(row, column) for row in df.itertuples()}


def test_xyz_by_the_variation_of_monthly_purchases(sales, db):
    df = client_abc_xyz(db, start=dt.date(2020, 1, 1), end=dt.date(2021, 1, 1))
    assert by_key(sales, df, "abc") == {"b1": "A", "a1": "A", "a2": "B", "c1": "B", "u1": "C"}
    assert by_key(sales, df, "xyz") == {"a1": "X", "a2": "X", "b1": "Z", "c1": "X", "u1": None}
    assert by_key(sales, df, "months") == {"a1": 12, "a2": 12, "b1": 7, "c1": 12, "u1": 0}
    cv = by_key(sales, df, "cv")
    assert cv["a1"] == pytest.approx(0) and cv["a2"] == pytest.approx(50) and cv["c1"] == pytest.approx(100)
    assert cv["b1"] == pytest.approx(244.949, abs=1e-3) and cv["u1"] != cv["u1"]  # √6; NaN
    old = client_abc_xyz(db, start=dt.date(2020, 1, 1), end=dt.date(2021, 1, 1),
                         xyz=XyzLimits(Decimal(25), Decimal(50)))
    assert by_key(sales, old, "xyz") == {"a1": "X", "a2": "Y", "b1": "Z", "c1": "Z", "u1": None}


def test_xyz_limits_come_from_settings_and_are_inclusive(sales, db):
    db.add(Setting(key="xyz_thresholds", value={"x": 50, "y": 100}))
    db.flush()
    df = client_abc_xyz(db, start=dt.date(2020, 1, 1), end=dt.date(2021, 1, 1))
    assert by_key(sales, df, "xyz") == {"a1": "X", "a2": "X", "b1": "Z", "c1": "Y", "u1": None}
    df = client_abc_xyz(db, start=dt.date(2020, 1, 1), end=dt.date(2021, 1, 1), xyz=XyzLimits(Decimal(1), Decimal(2)))
    assert by_key(sales, df, "xyz")["a2"] == "Z"


def test_a_running_month_counts_for_abc_but_not_for_xyz(sales, db):
    ship(db, sales, "a1", dt.date(2020, 12, 10), 1000)  # a second December shipment: the month is not over
    db.flush()
    df = client_abc_xyz(db, start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 16))
    assert by_key(sales, df, "value")["a1"] == pytest.approx(2200)  # 11 × 100 + December to date: 100 + 1,000
    assert by_key(sales, df, "cv")["a1"] == pytest.approx(0)  # January..November: 100 each
    assert by_key(sales, df, "xyz")["a1"] == "X"


def test_no_whole_month_means_no_xyz(sales, db):
    df = client_abc_xyz(db, start=dt.date(2020, 12, 1), end=dt.date(2020, 12, 16))
    assert set(by_key(sales, df, "xyz").values()) == {None}


@pytest.mark.parametrize("login", sorted(SEES))
def test_the_report_holds_the_viewers_clients_with_the_company_class(sales, db, login):
    report = r.abc_report(db, sales.viewer(login), months=12, today=TODAY)
    got = by_key(sales, report.clients, "abc")
    assert set(got) == SEES[login]
    expected = {"b1": "A", "a1": "A", "a2": "B", "c1": "B", "u1": "C"}
    assert got == {k: expected[k] for k in SEES[login]}
    assert (report.start, report.end, report.prev_start, report.xyz_end) == (
        dt.date(2020, 1, 1), dt.date(2021, 1, 1), dt.date(2019, 1, 1), dt.date(2021, 1, 1))


def test_a_past_end_month_makes_the_period(sales, db):
    report = r.abc_report(db, sales.viewer("director"), months=6, end_month=dt.date(2020, 6, 1), today=TODAY)
    assert (report.start, report.end) == (dt.date(2020, 1, 1), dt.date(2020, 7, 1))
    # January..June: b1 2,400, a1 600, a2 300, c1 300 (a tie) — total 3,600
    assert by_key(sales, report.clients, "abc") == {"b1": "A", "a1": "A", "a2": "B", "c1": "B", "u1": "C"}


@pytest.mark.parametrize("login", sorted(SEES))
def test_movement_since_the_previous_period(sales, db, login):
    viewer = sales.viewer(login)
    report = r.abc_report(db, viewer, months=12, today=TODAY)
    previous = r.previous_classes(db, viewer, start=report.prev_start, end=report.start)
    assert set(by_key(sales, previous, "prev_abc")) == SEES[login]
    moved = r.with_movement(report, previous)
    expected = {"a1": "up", "a2": "down", "b1": "up", "c1": "up", "u1": "same"}
    assert by_key(sales, moved, "move") == {k: expected[k] for k in SEES[login]}
    if login == "director":
        table = r.transitions(moved)
        assert table.loc["A", "B"] == 1 and table.loc["C", "A"] == 2 and table.loc["C", "B"] == 1
        assert table.loc["C", "C"] == 1 and int(table.to_numpy().sum()) == 5


def test_class_matrix(sales, db):
    cells = r.class_matrix(r.abc_report(db, sales.viewer("director"), today=TODAY))
    got = {(row.abc, row.xyz): (row.clients, row.value) for row in cells.itertuples()}
    assert got == {("A", "X"): (1, 1200), ("A", "Z"): (1, 2400), ("B", "X"): (2, 900), ("C", "—"): (1, 0)}


@pytest.fixture
def contacts(sales, db):
    """a1's last call was on 1 Nov 2020 (and a note on 30 Dec, which is no contact); b1 was called on 20 Dec."""
    at = lambda day: dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)  # noqa: E731
    for activity in db.query(Activity).filter(Activity.client_id.in_([sales.clients["a1"], sales.clients["b1"]])):
        activity.occurred_at = at(dt.date(2020, 11, 1) if activity.client_id == sales.clients["a1"]
                                  else dt.date(2020, 12, 20))
    db.add(Activity(kind="note", client_id=sales.clients["a1"], user_id=sales.users["mgr_a"], subject="Заметка",
                    occurred_at=at(dt.date(2020, 12, 30))))
    db.flush()
    return sales


def with_contacts(db, viewer):
    """The report as the coverage view shows it: the A-clients' last contacts read apart."""
    report = r.abc_report(db, viewer, today=TODAY)
    return r.with_contacts(report, r.last_contacts(db, viewer, client_ids=r.a_clients(report)))


def test_last_contacts_are_the_latest_contact_of_each_a_client_the_viewer_sees(contacts, db):
    """Against the raw activities: the latest call, letter, e-mail or meeting per A-client (notes
    left out); a client of another manager is not told to one who cannot see it."""
    director = with_contacts(db, contacts.viewer("director")).clients
    a = director[director["abc"] == "A"]
    for row in a.itertuples():
        times = [x.occurred_at for x in db.query(Activity).filter(Activity.client_id == row.client_id,
                                                                   Activity.kind != "note")]
        expected = max(times) if times else None
        got = row.last_contact if row.last_contact == row.last_contact else None
        assert (got is None and expected is None) or got.replace(tzinfo=None) == expected.replace(tzinfo=None)
    assert director.loc[director["abc"] != "A", "last_contact"].isna().all()
    foreign = r.last_contacts(db, contacts.viewer("mgr_b"), client_ids=(contacts.clients["a1"],))
    assert foreign == {}


@pytest.mark.parametrize(("login", "rows", "flagged"), [
    ("mgr_a", {"Anna Manager": (1, 1)}, {"a1"}),
    ("mgr_b", {"Boris Manager": (1, 0)}, set()),
    ("mgr_c", {}, set()),
    ("head_n", {"Anna Manager": (1, 1), "Boris Manager": (1, 0)}, {"a1"}),
    ("head_s", {}, set()),
    ("director", {"Anna Manager": (1, 1), "Boris Manager": (1, 0)}, {"a1"}),
])
def test_coverage_flags_a_clients_without_a_contact_for_30_days(contacts, db, login, rows, flagged):
    report = with_contacts(db, contacts.viewer(login))
    per = r.coverage(report, TODAY)
    assert {row.owner: (row.a_clients, row.uncovered) for row in per.itertuples()} == rows
    if rows.get("Anna Manager"):
        assert per.set_index("owner").loc["Anna Manager", "covered_pct"] == 0
    assert set(by_key(contacts, r.uncovered(report, TODAY), "abc")) == flagged


def test_a_contact_exactly_30_days_ago_still_counts(contacts, db):
    a1 = db.query(Activity).filter(Activity.client_id == contacts.clients["a1"], Activity.kind == "call").one()
    a1.occurred_at = r.coverage_since(TODAY)  # midnight of 1 December, company time
    db.flush()
    report = with_contacts(db, contacts.viewer("mgr_a"))
    assert r.uncovered(report, TODAY).empty


@pytest.fixture
def newcomers(world, db):
    """The months before a client's first purchase are not held against it (2020, whole months).

    a1  first bought in September 2020: 100 in September, 100 in November
        Sep–Dec 2020, 4 months: 100, 0, 100, 0   mean 50, sd 50    CV 100 %  -> X
        (all 12 months, as before: mean 16.7, sd 37.3, CV 223.6 %  -> Z)
    a2  first bought in May 2019 (500), then 300 in March and in September 2020
        all 12 months of 2020: 2 × 300          mean 50, sd 111.8 CV 223.6 % -> Z
    b1  first bought in November 2020: 500      2 months (< 3): no XYZ yet
    c1  300 in every month of 2020, and 900 in December 2019 (before the period: its months all count)
                                                CV 0 %                       -> X
    Limits 100 / 150 (the defaults).
    """
    ship(db, world, "a1", dt.date(2020, 9, 15), 100)
    ship(db, world, "a1", dt.date(2020, 11, 15), 100)
    ship(db, world, "a2", dt.date(2019, 5, 5), 500)
    ship(db, world, "a2", dt.date(2020, 3, 5), 300)
    ship(db, world, "a2", dt.date(2020, 9, 5), 300)
    ship(db, world, "b1", dt.date(2020, 11, 20), 500)
    ship(db, world, "c1", dt.date(2019, 12, 20), 900)
    for m in range(1, 13):
        ship(db, world, "c1", dt.date(2020, m, 1), 300)
    db.flush()
    return world


def test_months_before_the_first_purchase_do_not_count(newcomers, db):
    df = client_abc_xyz(db, start=dt.date(2020, 1, 1), end=dt.date(2021, 1, 1))
    assert by_key(newcomers, df, "first_month") == {
        "a1": dt.date(2020, 9, 1), "a2": dt.date(2019, 5, 1), "b1": dt.date(2020, 11, 1), "c1": dt.date(2019, 12, 1),
        "u1": None}
    assert by_key(newcomers, df, "months") == {"a1": 4, "a2": 12, "b1": 2, "c1": 12, "u1": 0}
    cv = by_key(newcomers, df, "cv")
    assert cv["a1"] == pytest.approx(100) and cv["a2"] == pytest.approx(223.607, abs=1e-3)
    assert cv["c1"] == pytest.approx(0) and cv["b1"] != cv["b1"] and cv["u1"] != cv["u1"]
    assert by_key(newcomers, df, "xyz") == {"a1": "X", "a2": "Z", "b1": None, "c1": "X", "u1": None}


def test_the_xyz_limits_are_the_settings_ones(newcomers, db):
    db.add(Setting(key="xyz_thresholds", value={"x": 80, "y": 250}))
    db.flush()
    assert xyz_limits(db) == XyzLimits(Decimal(80), Decimal(250))
    df = client_abc_xyz(db, start=dt.date(2020, 1, 1), end=dt.date(2021, 1, 1))
    assert by_key(newcomers, df, "xyz") == {"a1": "Y", "a2": "Y", "b1": None, "c1": "X", "u1": None}
