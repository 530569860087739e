"""In-app notifications (issue 21): each trigger reaches its audience and nobody else — never a
manager about another manager's client — a rerun never notifies twice, the reader marks only their
own read, and the daily run deletes what is older than 90 days.

World (tests/world.py): North (head Nina, head_n): Anna (mgr_a: Альфа Строй a1, Арктика a2), Boris
(mgr_b: Бета Торг b1); South (head Semyon, head_s): Vera (mgr_c: Вега Пром c1). Discount caps:
manager 5 %, head 10 %, director 20 %.
"""
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from db import access
from db.actions import notifications
from db.actions.activities import schedule_task
from db.actions.approvals import decide_approval
from db.actions.deals import set_deal_lines
from db.actions.departure import complete_departure
from db.actions.handover import hand_over_clients
from db.actions.reminders import run_reminders
from db.actions.stand_ins import create_stand_in
from db.errors import NotFound
from db.models import Activity, ApprovalRequest, Client, Deal, Notification, Shipment, StandIn, Task, utcnow
from queries.departure_plan import plan_departure
from queries.notifications import list_notifications, unread_count
from tests.deal_fixtures import move, open_deal

TODAY = access.today()


def inbox(db, world, kind: str | None = None) -> list[tuple[str, str]]:
    """(recipient login, kind) of every notification (of `kind`), in order of making."""
    logins = {v: k for k, v in world.users.items()}
    stmt = select(Notification.user_id, Notification.kind).order_by(Notification.id)
    if kind:
        stmt = stmt.where(Notification.kind == kind)
    return [(logins[u], k) for u, k in db.execute(stmt)]


def one(db, kind: str) -> Notification:
    return db.scalars(select(Notification).where(Notification.kind == kind)).one()


def discount_request(db, world, discount: str, login: str = "mgr_a", client: str = "a1"):
    deal = open_deal(db, world, login, client, quantity="40000", discount=discount)
    return deal, db.scalars(select(ApprovalRequest).where(ApprovalRequest.deal_id == deal.id)).one()


# --- approvals ------------------------------------------------------------------------------------

def test_a_discount_request_reaches_the_head_of_the_clients_department_only(world, db):
    deal, request = discount_request(db, world, "8")
    assert inbox(db, world) == [("head_n", "approval_asked")]  # not head_s, the director, Boris or Anna
    note = one(db, "approval_asked")
    assert (note.client_id, note.deal_id, note.approval_id) == (world.clients["a1"], deal.id, request.id)
    assert note.params["by"] == "Anna Manager" and note.params["pct"] == "8"
    assert note.params["approval"] == "discount" and note.read_at is None


def test_a_discount_above_the_heads_cap_reaches_the_director(world, db):
    discount_request(db, world, "15")
    assert inbox(db, world) == [("director", "approval_asked")]


def test_a_credit_request_reaches_the_head(world, db):
    client = db.get(Client, world.clients["a2"])
    client.credit_limit = Decimal("1000")
    deal = Deal(title="Большая", client_id=client.id, owner_id=world.users["mgr_a"],
                stage_id=world.stages["Negotiation"], amount=Decimal("50000"), probability=60)
    db.add(deal)
    db.commit()
    outcome = move(db, world, "mgr_a", deal, "Contract", ask_approval=True)
    assert outcome.request is not None and outcome.request.kind == "credit"
    assert inbox(db, world) == [("head_n", "approval_asked")]
    assert one(db, "approval_asked").params["approval"] == "credit"


@pytest.mark.parametrize("approve", [True, False])
def test_the_decision_reaches_the_requester(world, db, approve):
    _deal, request = discount_request(db, world, "8")
    decide_approval(db, world.viewer("head_n"), request_id=request.id, expected_version=request.version,
                    approve=approve, comment=None if approve else "Слишком много")
    assert inbox(db, world, "approval_decided") == [("mgr_a", "approval_decided")]
    note = one(db, "approval_decided")
    assert note.params["status"] == ("approved" if approve else "rejected")
    assert note.params["by"] == "Nina Head" and note.approval_id == request.id
    if not approve:
        assert note.params["comment"] == "Слишком много"


def test_a_withdrawn_request_notifies_nobody_of_a_decision(world, db):
    deal, request = discount_request(db, world, "8")
    line = deal.lines[0]
    set_deal_lines(db, world.viewer("mgr_a"), deal_id=deal.id, expected_version=deal.version,
                   lines=[{"id": line.id, "product_id": line.product_id, "quantity": "40000", "discount_pct": "3"}])
    db.refresh(request)
    assert request.status == "rejected" and request.decided_by_id == world.users["mgr_a"]
    assert inbox(db, world, "approval_decided") == []


def test_the_director_deciding_their_own_request_is_not_told_of_it(world, db):
    _deal, request = discount_request(db, world, "25", login="director")
    assert inbox(db, world) == []  # nobody is above the director, and they are not told of their own ask
    decide_approval(db, world.viewer("director"), request_id=request.id, expected_version=request.version,
                    approve=True)
    assert inbox(db, world) == []


def test_a_requester_who_no_longer_sees_the_client_is_not_told(world, db):
    _deal, request = discount_request(db, world, "8")
    hand_over_clients(db, world.viewer("head_n"), client_ids=[world.clients["a1"]], to_user_id=world.users["mgr_b"])
    db.refresh(request)
    decide_approval(db, world.viewer("head_n"), request_id=request.id, expected_version=request.version,
                    approve=True)
    assert inbox(db, world, "approval_decided") == []  # Anna's request, but now Boris's client


# --- handovers ------------------------------------------------------------------------------------

def test_a_handover_makes_one_notification_with_the_counts(world, db):
    u = world.users
    hand_over_clients(db, world.viewer("head_n"), client_ids=[world.clients["a1"], world.clients["a2"]],
                      to_user_id=u["mgr_b"])
    assert inbox(db, world) == [("mgr_b", "clients_handed")]
    note = one(db, "clients_handed")
    assert note.params == {"clients": 2, "deals": 1, "tasks": 2, "by": "Nina Head"}
    # The same handover again moves nothing and tells nobody.
    hand_over_clients(db, world.viewer("head_n"), client_ids=[world.clients["a1"]], to_user_id=u["mgr_b"])
    assert len(inbox(db, world)) == 1


def test_a_head_taking_clients_themselves_is_not_told(world, db):
    hand_over_clients(db, world.viewer("head_n"), client_ids=[world.clients["b1"]], to_user_id=world.users["head_n"])
    assert inbox(db, world) == []


def test_a_departure_tells_each_recipient_once(world, db):
    viewer = world.viewer("head_n")
    plan = plan_departure(db, viewer, leaving_id=world.users["mgr_a"], mode="one", successor_id=world.users["mgr_b"])
    mapping = dict(zip(plan.rows["client_id"], plan.rows["new_owner_id"], strict=True))
    complete_departure(db, viewer, leaving_id=world.users["mgr_a"], plan=mapping, successor_id=world.users["mgr_b"],
                       expected_version=1)
    assert inbox(db, world) == [("mgr_b", "clients_handed")]
    assert one(db, "clients_handed").params["clients"] == 2


# --- stand-ins ------------------------------------------------------------------------------------

def test_a_stand_in_starting_today_tells_both(world, db):
    create_stand_in(db, world.viewer("head_n"), absent_user_id=world.users["mgr_a"],
                    stand_in_user_id=world.users["mgr_b"], starts_on=TODAY, ends_on=TODAY + dt.timedelta(days=3))
    assert sorted(inbox(db, world)) == [("mgr_a", "stand_in_set"), ("mgr_b", "stand_in_starts")]
    assert one(db, "stand_in_starts").params["absent"] == "Anna Manager"
    run_reminders(db, None, today=TODAY)  # the daily run does not tell Boris again
    assert len(inbox(db, world, "stand_in_starts")) == 1


def test_a_later_stand_in_tells_the_stand_in_on_its_first_day(world, db):
    start = TODAY + dt.timedelta(days=2)
    create_stand_in(db, world.viewer("head_n"), absent_user_id=world.users["mgr_a"],
                    stand_in_user_id=world.users["mgr_b"], starts_on=start, ends_on=start + dt.timedelta(days=3))
    assert inbox(db, world) == [("mgr_a", "stand_in_set")]
    run_reminders(db, None, today=start - dt.timedelta(days=1))
    assert inbox(db, world, "stand_in_starts") == []
    run_reminders(db, None, today=start)
    run_reminders(db, None, today=start + dt.timedelta(days=1))
    assert inbox(db, world, "stand_in_starts") == [("mgr_b", "stand_in_starts")]


def test_a_cancelled_stand_in_tells_nobody_on_its_day(world, db):
    db.add(StandIn(absent_user_id=world.users["mgr_a"], stand_in_user_id=world.users["mgr_b"], starts_on=TODAY,
                   ends_on=TODAY, cancelled=True))
    db.commit()
    run_reminders(db, None, today=TODAY)
    assert inbox(db, world, "stand_in_starts") == []


# --- tasks ----------------------------------------------------------------------------------------

def test_a_task_from_someone_else_is_announced_and_ones_own_is_not(world, db):
    task = schedule_task(db, world.viewer("head_n"), client_id=world.clients["a1"], assignee_id=world.users["mgr_a"],
                         title="Позвонить директору", due_on=TODAY + dt.timedelta(days=1))
    schedule_task(db, world.viewer("mgr_a"), client_id=world.clients["a1"], title="Своё", due_on=TODAY)
    assert inbox(db, world, "task_new") == [("mgr_a", "task_new")]
    note = one(db, "task_new")
    assert note.task_id == task.id and note.params["by"] == "Nina Head"
    assert note.params["title"] == "Позвонить директору"


def test_due_and_overdue_tasks_once_a_day_to_the_assignee(world, db):
    # The world: Anna's «Перезвонить» (a1) due two days ago, «Отправить КП» (a2) due today.
    run_reminders(db, None, today=TODAY)
    mine = {(n.kind, n.params["title"]) for n in db.scalars(select(Notification)
                                                            .where(Notification.kind.like("task_%")))}
    assert mine == {("task_overdue", "Перезвонить"), ("task_due", "Отправить КП")}
    assert {u for u, _k in inbox(db, world) if _k.startswith("task_")} == {"mgr_a"}
    before = len(inbox(db, world))
    run_reminders(db, None, today=TODAY)  # a rerun the same day: nothing new
    assert len(inbox(db, world)) == before
    run_reminders(db, None, today=TODAY + dt.timedelta(days=1))  # the next day: «Отправить КП» is overdue now
    overdue = [n.params["title"] for n in db.scalars(select(Notification)
                                                     .where(Notification.kind == "task_overdue"))]
    assert sorted(overdue) == ["Отправить КП", "Перезвонить"]


def test_the_days_reminders_are_one_count_per_person(world, db):
    db.execute(update(Client).values(created_at=utcnow() - dt.timedelta(days=365)))
    db.execute(update(Activity).values(occurred_at=utcnow() - dt.timedelta(days=200)))
    db.commit()
    run_reminders(db, None, today=TODAY)
    counts = {(login, n.params["n"]) for (login, _k), n in zip(
        inbox(db, world, "reminders_today"),
        db.scalars(select(Notification).where(Notification.kind == "reminders_today").order_by(Notification.id)),
        strict=True)}
    assert counts == {("mgr_a", 2), ("mgr_b", 1), ("mgr_c", 1)}  # contacts due: a1, a2 · b1 · c1
    due = [n.params["title"] for n in db.scalars(select(Notification).where(Notification.kind == "task_due"))]
    assert due == ["Отправить КП"]  # the task set by hand; the reminders are in the count


def test_a_done_task_or_one_on_someone_elses_client_is_not_announced(world, db):
    db.execute(update(Task).values(done=True))
    # A task wrongly left with Anna on Boris's client: she does not see the client, so she is not told of it.
    db.add(Task(assignee_id=world.users["mgr_a"], client_id=world.clients["b1"], title="Чужое", due_on=TODAY))
    db.commit()
    run_reminders(db, None, today=TODAY)
    assert [k for _u, k in inbox(db, world) if k.startswith("task_")] == []


def test_notify_drops_a_recipient_who_does_not_see_the_client(world, db):
    made = notifications.notify(db, [
        {"user_id": world.users["mgr_b"], "kind": "task_due", "key": "x:1", "client_id": world.clients["a1"]},
        {"user_id": world.users["mgr_c"], "kind": "task_due", "key": "x:2", "client_id": world.clients["a1"]},
        {"user_id": world.users["head_s"], "kind": "task_due", "key": "x:3", "client_id": world.clients["a1"]},
        {"user_id": world.users["head_n"], "kind": "task_due", "key": "x:4", "client_id": world.clients["a1"]},
        {"user_id": world.users["gleb"], "kind": "task_due", "key": "x:5"},  # has left
    ])
    assert made == 1 and inbox(db, world) == [("head_n", "task_due")]


# --- ABC movement ---------------------------------------------------------------------------------

def _slip_boris(db, world):
    """Бета Торг (Boris's) bought 900 000 some 13 months ago — class A in the previous 12 months — and
    nothing since: class C now."""
    db.add(Shipment(client_id=world.clients["b1"], product_id=world.product_id, manager_id=world.users["mgr_b"],
                    shipped_on=TODAY.replace(day=1) - dt.timedelta(days=400), quantity=Decimal("1"),
                    amount=Decimal("900000")))
    db.commit()


def test_an_a_client_slipping_makes_a_task_for_its_manager_and_tells_the_head(world, db):
    _slip_boris(db, world)
    result = run_reminders(db, None, today=TODAY)
    assert result.abc_slips == 1
    task = db.scalars(select(Task).where(Task.source == "abc_slip")).one()
    assert (task.assignee_id, task.client_id, task.due_on) == (world.users["mgr_b"], world.clients["b1"], TODAY)
    assert "Бета Торг" in task.title and task.description and "class C" in task.description
    assert inbox(db, world, "abc_slip") == [("head_n", "abc_slip")]  # Boris's head; not Semyon, not Anna
    note = one(db, "abc_slip")
    assert note.task_id == task.id and note.params["manager"] == "Boris Manager" and note.params["abc"] == "C"
    # Rerun, and the next day: made once.
    again = run_reminders(db, None, today=TODAY)
    later = run_reminders(db, None, today=TODAY + dt.timedelta(days=1))
    assert again.abc_slips == later.abc_slips == 0
    assert len(inbox(db, world, "abc_slip")) == 1
    # Closed: still not again within the year.
    task.done = True
    db.commit()
    assert run_reminders(db, None, today=TODAY + dt.timedelta(days=40)).abc_slips == 0


def test_the_slip_task_of_an_absent_manager_goes_to_the_stand_in(world, db):
    _slip_boris(db, world)
    db.add(StandIn(absent_user_id=world.users["mgr_b"], stand_in_user_id=world.users["mgr_a"], starts_on=TODAY,
                   ends_on=TODAY + dt.timedelta(days=2)))
    db.commit()
    run_reminders(db, None, today=TODAY)
    task = db.scalars(select(Task).where(Task.source == "abc_slip")).one()
    assert task.assignee_id == world.users["mgr_a"]
    assert inbox(db, world, "abc_slip") == [("head_n", "abc_slip")]


def test_a_persons_own_run_makes_no_abc_tasks(world, db):
    _slip_boris(db, world)
    run_reminders(db, world.viewer("mgr_b"), today=TODAY)  # "My day" opened
    assert db.scalars(select(Task).where(Task.source == "abc_slip")).all() == []


def test_an_a_client_without_a_contact_tells_the_managers_head(world, db):
    # Nobody was contacted for 200 days; a1 (Anna's) and c1 (Vera's) are class A, the others C.
    db.execute(update(Client).values(created_at=utcnow() - dt.timedelta(days=365)))
    db.execute(update(Activity).values(occurred_at=utcnow() - dt.timedelta(days=200)))
    db.commit()
    run_reminders(db, None, today=TODAY)
    got = {(login, db.get(Client, n.client_id).name) for (login, _k), n in
           zip(inbox(db, world, "abc_uncontacted"),
               db.scalars(select(Notification).where(Notification.kind == "abc_uncontacted")
                          .order_by(Notification.id)), strict=True)}
    assert got == {("head_n", "Альфа Строй"), ("head_s", "Вега Пром")}
    # The manager's task is the contact reminder, which names the class and the interval.
    contact = db.scalars(select(Task).where(Task.source == "contact", Task.client_id == world.clients["a1"])).one()
    assert contact.assignee_id == world.users["mgr_a"] and "Class A" in (contact.description or "")
    run_reminders(db, None, today=TODAY)
    assert len(inbox(db, world, "abc_uncontacted")) == 2


# --- reading, marking, purging --------------------------------------------------------------------

def _note(db, user_id: int, key: str, created_at=None) -> int:
    row = Notification(user_id=user_id, kind="task_due", key=key, params={"title": key, "due": TODAY.isoformat()},
                       created_at=created_at or utcnow())
    db.add(row)
    db.commit()
    return row.id


def test_mark_read_only_ones_own(world, db):
    anna_s, boris_s = _note(db, world.users["mgr_a"], "a"), _note(db, world.users["mgr_b"], "b")
    with pytest.raises(NotFound):
        notifications.mark_read(db, world.viewer("mgr_b"), notification_id=anna_s)
    assert db.get(Notification, anna_s).read_at is None
    assert unread_count(db, world.viewer("mgr_a")) == 1
    notifications.mark_read(db, world.viewer("mgr_a"), notification_id=anna_s)
    assert db.get(Notification, anna_s).read_at is not None
    assert unread_count(db, world.viewer("mgr_a")) == 0
    _note(db, world.users["mgr_a"], "a2")
    assert notifications.mark_all_read(db, world.viewer("mgr_b")) == 1
    db.expire_all()
    assert db.get(Notification, boris_s).read_at is not None
    assert unread_count(db, world.viewer("mgr_a")) == 1  # Boris's "all" is his own only


def test_the_list_is_the_readers_own_newest_first(world, db):
    first = _note(db, world.users["mgr_a"], "first", utcnow() - dt.timedelta(hours=2))
    second = _note(db, world.users["mgr_a"], "second")
    _note(db, world.users["mgr_b"], "boris")
    rows = list_notifications(db, world.viewer("mgr_a"))
    assert list(rows["id"]) == [second, first] and rows.attrs["total"] == 2
    notifications.mark_read(db, world.viewer("mgr_a"), notification_id=second)
    assert list(list_notifications(db, world.viewer("mgr_a"), unread_only=True)["id"]) == [first]
    assert list_notifications(db, world.viewer("admin")).empty


def test_the_daily_run_purges_what_is_older_than_90_days(world, db):
    old = _note(db, world.users["mgr_a"], "old", utcnow() - dt.timedelta(days=92))
    kept = _note(db, world.users["mgr_a"], "kept", utcnow() - dt.timedelta(days=88))
    result = run_reminders(db, None, today=TODAY)
    assert result.purged == 1
    assert db.get(Notification, old) is None and db.get(Notification, kept) is not None


def test_a_rerun_of_notify_inserts_nothing_twice(world, db):
    row = {"user_id": world.users["mgr_a"], "kind": "task_due", "key": "same", "client_id": world.clients["a1"]}
    assert notifications.notify(db, [row]) == 1
    assert notifications.notify(db, [row]) == 0
