"""The activity report (issue 21, "What the team did") on hand-made data, figures worked out by hand.

Today is Wednesday 12 March 2025 (company time zone Europe/Moscow, UTC+3). The regulation is
made by hand: A every 10 days, B every 20, C every 40. Shipments of 15 January 2025 make the
classes of both February's end and 12 March: a1 850 (A, nothing ranked above it), b1 100
(85 % above it: B), c1 50 (95 % above: C); a2, u1 and the head's h1 shipped nothing: C.
The world's own activities and shipments are dated in the real present (after 2025): an
as-of-the-period's-end view must ignore them.
"""
import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from db.models import Activity, Client, Setting, Shipment
from queries.activity_report import activities, periods, report

MSK = ZoneInfo("Europe/Moscow")
TODAY = dt.date(2025, 3, 12)
LONG_AGO = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)


def at(y, m, d, hh=12, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=MSK).astimezone(dt.UTC)


@pytest.fixture
def team(world, db, monkeypatch):
    monkeypatch.setenv("CRM_TIMEZONE", "Europe/Moscow")
    u, c = world.users, world.clients
    db.execute(update(Client).values(created_at=LONG_AGO))
    h1 = Client(name="Нинин клиент", owner_id=u["head_n"], created_at=at(2025, 3, 5))
    db.add(h1)
    db.flush()
    c["h1"] = h1.id
    existing = db.get(Setting, "reminder_rules")
    rules = {"contact_days": {"A": 10, "B": 20, "C": 40}}
    if existing is None:
        db.add(Setting(key="reminder_rules", value=rules))
    else:
        existing.value = rules
    for key, amount in (("a1", "850"), ("b1", "100"), ("c1", "50")):
        db.add(Shipment(client_id=c[key], product_id=world.product_id, manager_id=u["mgr_a"],
                        shipped_on=dt.date(2025, 1, 15), quantity=Decimal("1"), amount=Decimal(amount)))

    def act(kind, who, client, moment):
        row = Activity(kind=kind, user_id=u[who], client_id=c[client], subject=f"{kind} {client}",
                       occurred_at=moment)
        db.add(row)
        db.flush()
        return row.id

    ids = {
        "jan31_call": act("call", "mgr_a", "a1", at(2025, 1, 31, 23, 30)),  # the day before February: outside
        "feb1_meeting": act("meeting", "mgr_a", "a1", at(2025, 2, 1, 0, 10)),  # 31 Jan 21:10 UTC: February
        "feb28_letter": act("letter", "mgr_a", "a2", at(2025, 2, 28, 23, 50)),  # February's last minutes
        "mar1_email": act("email", "mgr_a", "a1", at(2025, 3, 1, 0, 0)),  # March's first moment
        "mar5_note": act("note", "mgr_a", "a1", at(2025, 3, 5)),  # a note: not a contact
        "feb10_call": act("call", "mgr_b", "b1", at(2025, 2, 10)),
        "feb15_call_south": act("call", "mgr_c", "c1", at(2025, 2, 15)),  # another department
        "mar10_head_meeting": act("meeting", "head_n", "a2", at(2025, 3, 10, 10)),  # the head's own
    }
    db.commit()
    return world, ids


ZERO = {"call": 0, "email": 0, "meeting": 0, "letter": 0, "note": 0, "contacts": 0,
        "a_clients": 0, "a_in_time": 0, "b_clients": 0, "b_in_time": 0, "c_clients": 0, "c_in_time": 0}


def _rows(df):
    return {(r["manager"], r["period"]): {k: int(r[k]) for k in ZERO} for _, r in df.iterrows()}


# By hand, months (February: the regulation on 28 Feb; March: on today, 12 Mar):
# Anna Feb: meeting 1 Feb + letter 28 Feb (the 31 Jan call is January's). a1 (A) last contact 1 Feb → due
#   11 Feb: late; a2 (C) last contact 28 Feb → due 9 Apr: in time.
# Anna Mar: e-mail 1 Mar 00:00, note 5 Mar. a1 last contact 1 Mar (the note is no contact; the world's
#   present-day call is after 12 Mar) → due 11 Mar: late; a2 (C) in time.
# Boris Feb: call 10 Feb; b1 (B) due 2 Mar: in time. Mar: nothing logged; b1 due 2 Mar ≤ 12 Mar: late.
# Nina (the head) Feb: nothing, and h1 did not exist yet. Mar: her meeting on 10 Mar; h1 (C, made 5 Mar) in time.
# Vera (South) Feb: call 15 Feb; c1 (C) due 27 Mar: in time in both months.
FEB, MAR = dt.date(2025, 2, 1), dt.date(2025, 3, 1)
EXPECTED_MONTHS = {
    ("Anna Manager", FEB): ZERO | {"meeting": 1, "letter": 1, "contacts": 2, "a_clients": 1, "c_clients": 1,
                                   "c_in_time": 1},
    ("Anna Manager", MAR): ZERO | {"email": 1, "note": 1, "contacts": 1, "a_clients": 1, "c_clients": 1,
                                   "c_in_time": 1},
    ("Boris Manager", FEB): ZERO | {"call": 1, "contacts": 1, "b_clients": 1, "b_in_time": 1},
    ("Boris Manager", MAR): ZERO | {"b_clients": 1},
    ("Nina Head", FEB): ZERO,
    ("Nina Head", MAR): ZERO | {"meeting": 1, "contacts": 1, "c_clients": 1, "c_in_time": 1},
}
SOUTH = {
    ("Vera Manager", FEB): ZERO | {"call": 1, "contacts": 1, "c_clients": 1, "c_in_time": 1},
    ("Vera Manager", MAR): ZERO | {"c_clients": 1, "c_in_time": 1},
    # Semyon, the South head, owns no client and logs nothing: not a row of zeros (issue 18, item 7).
}


def test_periods_weeks_and_months():
    assert periods("month", 2, TODAY) == [(FEB, dt.date(2025, 2, 28)), (MAR, dt.date(2025, 3, 31))]
    assert periods("month", 3, dt.date(2025, 1, 31))[0] == (dt.date(2024, 11, 1), dt.date(2024, 11, 30))
    assert periods("week", 2, TODAY) == [(dt.date(2025, 3, 3), dt.date(2025, 3, 9)),
                                         (dt.date(2025, 3, 10), dt.date(2025, 3, 16))]


def test_a_head_sees_their_department_and_themselves(team, db):
    world, _ = team
    df = report(db, world.viewer("head_n"), unit="month", count=2, today=TODAY)
    # Vera (South) is not counted; Gleb left and logged nothing: no row.
    assert _rows(df) == EXPECTED_MONTHS
    assert list(df["manager"]) == ["Anna Manager", "Boris Manager", "Nina Head"] * 2  # oldest period first


def test_the_director_sees_everyone(team, db):
    world, _ = team
    df = report(db, world.viewer("director"), unit="month", count=2, today=TODAY)
    assert _rows(df) == EXPECTED_MONTHS | SOUTH


def test_a_manager_sees_only_themselves(team, db):
    world, _ = team
    df = report(db, world.viewer("mgr_a"), unit="month", count=2, today=TODAY)
    assert set(df["manager"]) == {"Anna Manager"}


def test_weeks(team, db):
    """Weeks 3–9 and 10–16 March. Anna: the note of 5 Mar in the first (the 1 Mar e-mail is the week
    before); on Sunday 9 Mar a1's last contact (1 Mar) is 8 days old: in time; on 12 Mar: late.
    Nina's meeting falls on Monday 10 Mar, the second week's first day."""
    world, _ = team
    rows = _rows(report(db, world.viewer("head_n"), unit="week", count=2, today=TODAY))
    w1, w2 = dt.date(2025, 3, 3), dt.date(2025, 3, 10)
    assert rows[("Anna Manager", w1)] == ZERO | {"note": 1, "a_clients": 1, "a_in_time": 1, "c_clients": 1,
                                                 "c_in_time": 1}
    assert rows[("Anna Manager", w2)] == ZERO | {"a_clients": 1, "c_clients": 1, "c_in_time": 1}
    assert rows[("Nina Head", w1)] == ZERO | {"c_clients": 1, "c_in_time": 1}  # h1 made 5 Mar
    assert rows[("Nina Head", w2)] == ZERO | {"meeting": 1, "contacts": 1, "c_clients": 1, "c_in_time": 1}
    # b1: last contact 10 Feb, due 2 Mar: late on both Sundays' view.
    assert rows[("Boris Manager", w1)] == ZERO | {"b_clients": 1}


def test_drill_down_lists_the_activities_behind_a_row(team, db):
    world, ids = team
    u = world.users
    feb = activities(db, world.viewer("head_n"), user_id=u["mgr_a"], start=FEB, end=dt.date(2025, 2, 28))
    assert list(feb["id"]) == [ids["feb28_letter"], ids["feb1_meeting"]]  # newest first
    assert list(feb["client"]) == [world.client_names["a2"], world.client_names["a1"]]
    # Another department's manager: nothing for the head, the call for the director.
    assert activities(db, world.viewer("head_n"), user_id=u["mgr_c"], start=FEB, end=dt.date(2025, 2, 28)).empty
    south = activities(db, world.viewer("director"), user_id=u["mgr_c"], start=FEB, end=dt.date(2025, 2, 28))
    assert list(south["id"]) == [ids["feb15_call_south"]]
    # A manager cannot list a colleague's activities.
    assert activities(db, world.viewer("mgr_b"), user_id=u["mgr_a"], start=FEB, end=dt.date(2025, 2, 28)).empty


def test_every_count_is_the_length_of_its_drill_down(team, db):
    world, _ = team
    viewer = world.viewer("director")
    df = report(db, viewer, unit="week", count=8, today=TODAY)
    # Eight weeks back from the week of 10 March start on Monday 20 January: all eight activities.
    assert df[["call", "email", "meeting", "letter", "note"]].to_numpy().sum() == 8
    for _, r in df.iterrows():
        listed = activities(db, viewer, user_id=int(r["user_id"]), start=r["period"], end=r["period_end"])
        for kind in ("call", "email", "meeting", "letter", "note"):
            assert int((listed["kind"] == kind).sum()) == int(r[kind]), (r["manager"], r["period"], kind)


def test_nobody_to_show(world, db):
    df = report(db, world.viewer("head_s"), unit="month", count=3, today=TODAY)
    assert set(df["manager"]) == {"Vera Manager"}
    assert int(df["contacts"].sum()) == 0


def test_a_head_with_no_clients_and_no_activity_is_not_a_row_of_zeros(world, db):
    """Issue 18, item 7 (heads not listed among managers with zeros): Nina, the North head, owns no
    client and logs nothing in the window; her managers are listed, she is not."""
    from db.models import Activity

    db.execute(Activity.__table__.delete().where(Activity.user_id == world.users["head_n"]))
    rows = report(db, world.viewer("head_n"), unit="month", count=2, today=dt.date(2025, 3, 12))
    assert world.users["head_n"] not in set(rows["user_id"])
    assert {world.users["mgr_a"], world.users["mgr_b"]} <= set(rows["user_id"])


def test_a_handled_contact_reminder_counts_from_the_day_it_was_closed(team, db):
    """Issue 19 (the report reads the periods' regulation in one pass): a contact reminder closed
    counts as of its day, only in periods ending after it. Boris closed b1's on 28 Feb 23:30 (MSK):
    due 20 Mar, in time on 12 Mar (February already was). Anna closed a1's on 3 Mar 00:05 (2 Mar
    21:05 UTC): due 13 Mar, in time on 12 Mar; on 28 Feb still late. A manual task closed is no
    reminder. Boris's client last called in October 2024 is late in both months. The figures also
    equal regulations.contact_due taken on each period's last day."""
    from db.models import Task
    from db.routine_config import reminder_rules
    from db.rules import regulations
    from db.rules.abc import class_map

    world, _ = team
    u, c = world.users, world.clients
    for who, client, source, moment in (("mgr_b", "b1", "contact", at(2025, 2, 28, 23, 30)),
                                        ("mgr_a", "a1", "contact", at(2025, 3, 3, 0, 5)),
                                        ("mgr_a", "a1", "manual", at(2025, 3, 1, 0, 0))):
        db.add(Task(assignee_id=u[who], client_id=c[client], title="Call", due_on=moment.date(), done=True,
                    done_at=moment, source=source))
    # Boris's old client, last called in October 2024 (before the history the report reads): late (C).
    old = Client(name="Давний клиент", owner_id=u["mgr_b"], created_at=LONG_AGO)
    db.add(old)
    db.flush()
    db.add(Activity(kind="call", user_id=u["mgr_b"], client_id=old.id, subject="call", occurred_at=at(2024, 10, 1)))
    db.commit()
    df = report(db, world.viewer("head_n"), unit="month", count=2, today=TODAY)
    expected = dict(EXPECTED_MONTHS)
    expected[("Boris Manager", MAR)] = expected[("Boris Manager", MAR)] | {"b_in_time": 1, "c_clients": 1}
    expected[("Boris Manager", FEB)] = expected[("Boris Manager", FEB)] | {"c_clients": 1}
    expected[("Anna Manager", MAR)] = expected[("Anna Manager", MAR)] | {"a_in_time": 1}
    assert _rows(df) == expected
    # The same from contact_due, one period end at a time.
    ids = sorted({int(i) for i in df["user_id"]})
    for (_start, end), period in zip(periods("month", 2, TODAY), (FEB, MAR), strict=True):
        day = min(end, TODAY)
        classes = class_map(db, today=day)
        due = regulations.contact_due(db, owner_ids=ids, today=day, rules=reminder_rules(db), classes=classes,
                                      as_of=True)
        late = set(due["client_id"])
        owned = db.execute(select(Client.id, Client.owner_id).where(
            Client.owner_id.in_(ids), Client.status == "active",
            Client.created_at < regulations.day_start_utc(day + dt.timedelta(days=1)))).all()
        for uid in ids:
            row = df[(df["user_id"] == uid) & (df["period"] == period)].iloc[0]
            for k in ("A", "B", "C"):
                mine = [cid for cid, owner in owned if owner == uid and classes.get(cid, "C") == k]
                assert row[f"{k.lower()}_clients"] == len(mine)
                assert row[f"{k.lower()}_in_time"] == len([cid for cid in mine if cid not in late])
