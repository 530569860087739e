"""The approvals list (issue 18, item 5): the oldest first with its age, who decides (from the policy),
approve disabled with the reason above the viewer's cap, the menu's count for whoever must act, and
the manager told who decides.

Caps (db/defaults.py): manager 5 %, head 10 %, director 20 %. Requests, made by hand:
  - 8 % on Альфа Строй (Anna, North), 5 days old: within Nina's 10 % cap -> Nina Head decides;
  - 15 % on Арктика (Anna, North), 2 days old: above every head's 10 % -> Dmitry Director decides;
  - 7 % on Вега Пром (Vera, South), today: Semyon Head decides.
"""
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.actions.deals import create_deal
from db.models import ApprovalRequest, ApprovalStatus, Deal, utcnow

from .conftest import signed_in, texts


def _ask(s: Session, w, login: str, client: str, discount: str, days_ago: int, title: str) -> int:
    deal = create_deal(s, w.viewer(login), client_id=w.clients[client], title=title,
                       expected_close_on=dt.date.today() + dt.timedelta(days=30),
                       lines=[{"product_id": w.product_id, "quantity": "100", "discount_pct": discount}])
    request = s.scalars(select(ApprovalRequest).where(ApprovalRequest.deal_id == deal.id)).one()
    request.created_at = utcnow() - dt.timedelta(days=days_ago, hours=1)
    s.commit()
    return request.id


@pytest.fixture
def requests(seeded, engine):
    w = seeded
    with Session(engine, expire_on_commit=False) as s:
        ids = {"arktika": _ask(s, w, "mgr_a", "a2", "15", 2, "Арктика 15"),
               "alfa": _ask(s, w, "mgr_a", "a1", "8", 5, "Альфа 8"),
               "vega": _ask(s, w, "mgr_c", "c1", "7", 0, "Вега 7")}
    return w, ids


def test_the_head_sees_the_oldest_first_with_age_and_who_decides(requests):
    w, ids = requests
    at = signed_in("head_n", "pages/approvals.py")
    assert not at.exception
    marks = [m.value for m in at.markdown]
    # Nina's department only: Альфа (5 days) above Арктика (2 days); Вега is Semyon's.
    ages = [m for m in marks if m in ("**5 d**", "**2 d**", "**today**")]
    assert ages == ["**5 d**", "**2 d**"]
    deciders = [m for m in marks if m.endswith("(Head)") or m.endswith("(Director)")]
    assert deciders == ["Nina Head (Head)", "Dmitry Director (Director)"]
    blob = texts(at)
    assert "Вега" not in blob
    approve = [b for b in at.button if b.label == "Approve"]
    assert [b.disabled for b in approve] == [False, True]
    assert "Above your cap of 10 %: Dmitry Director decides." in [c.value for c in at.caption]
    assert "None" not in blob and "nan" not in blob


def test_approve_in_the_row(requests, engine):
    w, ids = requests
    at = signed_in("head_n", "pages/approvals.py")
    next(b for b in at.button if b.label == "Approve" and not b.disabled).click().run()
    assert not at.exception
    assert "Approved." in [s.value for s in at.success]
    with Session(engine) as s:
        assert s.get(ApprovalRequest, ids["alfa"]).status == ApprovalStatus.APPROVED
        assert s.get(ApprovalRequest, ids["arktika"]).status == ApprovalStatus.PENDING


def test_reject_in_the_row_needs_a_reason(requests, engine):
    w, ids = requests
    at = signed_in("director", "pages/approvals.py")
    assert [b.disabled for b in at.button if b.label == "Approve"] == [False, False, False]
    area = next(a for a in at.text_area if a.key and a.key.startswith(f"reject_{ids['alfa']}_"))
    area.input("Слишком много")
    next(b for b in at.button if b.label == "Reject" and f"reject_{ids['alfa']}_" in b.proto.form_id).click().run()
    assert not at.exception
    with Session(engine) as s:
        request = s.get(ApprovalRequest, ids["alfa"])
        assert request.status == ApprovalStatus.REJECTED and request.comment == "Слишком много"


def _menu(at) -> list[str]:
    return [link.proto.label for link in at.get("page_link")]


@pytest.mark.parametrize(("login", "title"), [("head_n", "Approvals (1)"), ("head_s", "Approvals (1)"),
                                              ("director", "Approvals (3)"), ("mgr_a", None), ("admin", None)])
def test_the_menu_counts_what_the_viewer_may_decide(requests, login, title):
    """Nina may decide Альфа (8 %) but not Арктика (15 %, above her cap); Semyon Вега; the director all three."""
    at = signed_in(login)
    assert not at.exception
    menu = _menu(at)
    if title is None:
        assert not any(label.startswith("Approvals") for label in menu)
    else:
        assert title in menu


def test_no_count_when_nothing_waits(seeded):
    at = signed_in("head_n")
    assert "Approvals" in _menu(at)


def test_the_manager_is_told_who_decides(seeded, engine):
    """A credit request on Арктика (limit 500 000): the deal of 600 000 past it; Nina heads Anna's department."""
    w = seeded
    with Session(engine) as s:
        deal = Deal(title="Большая", client_id=w.clients["a2"], owner_id=w.users["mgr_a"],
                    stage_id=w.stages["Negotiation"], amount=Decimal("600000"), probability=60)
        s.add(deal)
        s.commit()
        deal_id = deal.id
    at = signed_in("mgr_a", "pages/deal.py", query_params={"id": deal_id})
    form = next(b for b in at.button if b.label == "Move").proto.form_id
    next(c for c in at.checkbox if c.label == "Ask for approval").check()
    at.selectbox(key=next(k.key for k in at.selectbox if k.key and k.key.startswith(form)
                          and k.key.endswith("to_stage_id"))).set_value(w.stages["Contract"])
    next(b for b in at.button if b.label == "Move").click().run()
    assert not at.exception
    assert "The move waits for the decision of Nina Head (Head)." in [s.value for s in at.success]


def test_in_russian(requests, engine):
    from sqlalchemy import update

    from db.models import User

    with Session(engine) as s:
        s.execute(update(User).where(User.login == "head_n").values(language="ru"))
        s.commit()
    at = signed_in("head_n", "pages/approvals.py")
    assert not at.exception
    marks = [m.value for m in at.markdown]
    assert [m for m in marks if m in ("**5 дн.**", "**2 дн.**")] == ["**5 дн.**", "**2 дн.**"]
    assert "Nina Head (Руководитель)" in marks and "Dmitry Director (Директор)" in marks
    assert "Выше вашего предела 10 %: решает Dmitry Director." in [c.value for c in at.caption]
    assert "Согласования (1)" in [link.proto.label for link in at.get("page_link")]
    blob = texts(at)
    for english in ("Approve", "Who decides", "Above your cap", "today", "None", "nan"):
        assert english not in blob, english


def test_the_deal_page_says_who_approves_a_larger_discount(seeded, engine):
    """Anna (cap 5 %) on her deal: Nina approves up to 10 %, the director above; Nina herself (cap 10 %) on
    the same deal: only the director (her own request is not hers to decide)."""
    w = seeded
    with Session(engine) as s:
        deal_id = s.scalar(select(Deal.id).where(Deal.client_id == w.clients["a1"]).limit(1))
    at = signed_in("mgr_a", "pages/deal.py", query_params={"id": deal_id})
    assert not at.exception
    captions = [c.value.replace("\\", "") for c in at.caption]  # as read: no markdown escapes
    assert ("Your discount cap: 5.00 %. Who approves a larger one: up to 10.00 % — Nina Head (Head); "
            "above that — Dmitry Director (Director).") in captions, captions
    at = signed_in("head_n", "pages/deal.py", query_params={"id": deal_id})
    captions = [c.value.replace("\\", "") for c in at.caption]  # as read: no markdown escapes
    assert "Your discount cap: 10.00 %. Who approves a larger one: any — Dmitry Director (Director)." in captions
