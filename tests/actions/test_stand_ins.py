"""Absences: the stand-in's access starts and ends on the right dates; ownership stays."""
import datetime as dt

import pytest

from db import access
from db.actions.stand_ins import cancel_stand_in, create_stand_in
from db.errors import AccessDenied, DomainError, NotFound, ValidationError
from db.models import Client
from queries.stand_ins import list_stand_ins

DAY = dt.timedelta(days=1)


def sees_a1(db, world, login: str, on: dt.date) -> bool:
    db.info.clear()  # the scope is memoised per session and day
    owner = db.get(Client, world.clients["a1"]).owner_id
    return access.scope(db, world.viewer(login), on=on).allows_owner(owner)


def test_access_starts_on_the_first_day_and_ends_after_the_last(world, db):
    today = access.today()
    create_stand_in(db, world.viewer("head_n"), absent_user_id=world.users["mgr_a"],
                    stand_in_user_id=world.users["mgr_b"], starts_on=today + DAY, ends_on=today + 3 * DAY,
                    note="Отпуск")
    seen = {offset: sees_a1(db, world, "mgr_b", today + offset * DAY) for offset in range(0, 5)}
    assert seen == {0: False, 1: True, 2: True, 3: True, 4: False}
    assert db.get(Client, world.clients["a1"]).owner_id == world.users["mgr_a"]  # ownership unchanged
    # The absent manager keeps her own access, and nobody else gains any.
    assert sees_a1(db, world, "mgr_a", today + 2 * DAY)
    assert not sees_a1(db, world, "mgr_c", today + 2 * DAY)


def test_a_stand_in_from_today_works_the_clients_now_and_cancelling_ends_it(world, db):
    today = access.today()
    row = create_stand_in(db, world.viewer("director"), absent_user_id=world.users["mgr_a"],
                          stand_in_user_id=world.users["mgr_b"], starts_on=today, ends_on=today + DAY)
    db.info.clear()
    assert access.require_client(db, world.viewer("mgr_b"), world.clients["a1"]).name == "Альфа Строй"
    cancel_stand_in(db, world.viewer("head_n"), stand_in_id=row.id)
    db.info.clear()
    with pytest.raises(NotFound):
        access.require_client(db, world.viewer("mgr_b"), world.clients["a1"])


@pytest.mark.parametrize(("changes", "fields"), [
    ({"starts_on": -1}, {"starts_on"}),  # in the past
    ({"starts_on": 3, "ends_on": 1}, {"ends_on"}),  # ends before it starts
    ({"ends_on": 400}, {"ends_on"}),  # longer than a year
    ({"starts_on": None, "ends_on": None}, {"starts_on", "ends_on"}),
    ({"stand_in": "mgr_a"}, {"stand_in_user_id"}),  # herself
    ({"stand_in": "mgr_c"}, {"stand_in_user_id"}),  # another department
    ({"stand_in": "gleb"}, {"stand_in_user_id"}),  # has left
    ({"absent": "director"}, {"absent_user_id"}),  # holds no clients
])
def test_bad_input_is_refused_by_field(world, db, changes, fields):
    today = access.today()

    def day(offset):
        return None if offset is None else today + offset * DAY

    with pytest.raises(ValidationError) as info:
        create_stand_in(db, world.viewer("head_n"), absent_user_id=world.users[changes.get("absent", "mgr_a")],
                        stand_in_user_id=world.users[changes.get("stand_in", "mgr_b")],
                        starts_on=day(changes.get("starts_on", 1)), ends_on=day(changes.get("ends_on", 2)))
    assert set(info.value.errors) == fields


def test_overlaps_are_refused(world, db):
    today, head, u = access.today(), world.viewer("head_n"), world.users
    create_stand_in(db, head, absent_user_id=u["mgr_a"], stand_in_user_id=u["mgr_b"], starts_on=today + DAY,
                    ends_on=today + 5 * DAY)
    with pytest.raises(ValidationError) as info:  # Anna is covered already
        create_stand_in(db, head, absent_user_id=u["mgr_a"], stand_in_user_id=u["head_n"], starts_on=today + 5 * DAY,
                        ends_on=today + 6 * DAY)
    assert set(info.value.errors) == {"starts_on"}
    with pytest.raises(ValidationError) as info:  # Anna is away herself then
        create_stand_in(db, head, absent_user_id=u["mgr_b"], stand_in_user_id=u["mgr_a"], starts_on=today + 2 * DAY,
                        ends_on=today + 3 * DAY)
    assert "stand_in_user_id" in info.value.errors
    # After the absence, she can cover Boris.
    create_stand_in(db, head, absent_user_id=u["mgr_b"], stand_in_user_id=u["mgr_a"], starts_on=today + 6 * DAY,
                    ends_on=today + 7 * DAY)


def test_who_may_plan_and_cancel(world, db):
    today, u = access.today(), world.users
    with pytest.raises(AccessDenied):
        create_stand_in(db, world.viewer("mgr_a"), absent_user_id=u["mgr_a"], stand_in_user_id=u["mgr_b"],
                        starts_on=today, ends_on=today)
    row = create_stand_in(db, world.viewer("head_n"), absent_user_id=u["mgr_a"], stand_in_user_id=u["mgr_b"],
                          starts_on=today, ends_on=today)
    with pytest.raises(NotFound):
        cancel_stand_in(db, world.viewer("head_s"), stand_in_id=row.id)
    cancel_stand_in(db, world.viewer("admin"), stand_in_id=row.id)
    with pytest.raises(DomainError):
        cancel_stand_in(db, world.viewer("head_n"), stand_in_id=row.id)


@pytest.mark.parametrize(("login", "expected"), [
    ("head_n", {"Anna Manager"}), ("head_s", set()), ("director", {"Anna Manager"}), ("mgr_a", set()),
    ("mgr_b", set()),
])
def test_the_list_shows_only_the_viewers_people(world, db, login, expected):
    today = access.today()
    create_stand_in(db, world.viewer("head_n"), absent_user_id=world.users["mgr_a"],
                    stand_in_user_id=world.users["mgr_b"], starts_on=today, ends_on=today + DAY)
    rows = list_stand_ins(db, world.viewer(login))
    assert set(rows["absent"]) == expected
    if expected:
        assert list(rows["state"]) == ["now"] and list(rows["may_cancel"]) == [True]
