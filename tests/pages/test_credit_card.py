"""The client card's credit block shows each part of the exposure; the deal page says when overdue debt
blocks committing (issue 17, item 1). Figures worked out by hand in the comments."""
import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from db import access, config
from db.models import Client, Deal, DealState, Shipment
from i18n import formatting as fmt

from .conftest import signed_in, texts

D = Decimal


def money(value: str) -> str:
    v = D(value)
    return fmt.money(v, "en", config.currency(), kopecks=v != v.to_integral_value())


def test_the_card_shows_each_part_and_the_block(seeded, engine):
    """Арктика: 220 000 limit. A contract of 131 999,50 (committed), a won deal of 50 000 of which 20 000 was
    shipped (unpaid, 40 days past due): unpaid 20 000 + committed 131 999,50 + won not shipped 30 000
    = 181 999,50; 38 000,50 available; 20 000 overdue for 40 days > 30: committing is blocked."""
    w = seeded
    today = access.today()
    with Session(engine) as s:
        client = s.get(Client, w.clients["a2"])
        client.credit_limit, client.payment_deferral_days = D("220000"), 30
        common = {"client_id": w.clients["a2"], "owner_id": w.users["mgr_a"]}
        s.add(Deal(title="Договор на поставку", stage_id=w.stages["Contract"], amount=D("131999.50"), probability=80,
                   **common))
        won = Deal(title="Выигранная", stage_id=w.stages["Won"], state=DealState.WON, amount=D("50000"),
                   probability=100, **common)
        s.add(Deal(title="Открытая", stage_id=w.stages["Negotiation"], amount=D("1000"), probability=60, **common))
        s.add(won)
        s.flush()
        s.add(Shipment(client_id=w.clients["a2"], product_id=w.product_id, manager_id=w.users["mgr_a"],
                       deal_id=won.id, shipped_on=today - dt.timedelta(days=70), quantity=D("1"), amount=D("20000"),
                       payment_due_on=today - dt.timedelta(days=40)))
        s.commit()
        open_id = s.query(Deal.id).filter(Deal.title == "Открытая").scalar()
    at = signed_in("mgr_a", "pages/client.py", query_params={"id": w.clients["a2"]})
    assert not at.exception
    shown = {m.label: m.value for m in at.metric}
    assert shown["Credit limit"] == money("220000")
    assert shown["Unpaid shipments"] == money("20000")
    assert shown["Committed open deals"] == money("131999.50")
    assert shown["Won, not shipped"] == money("30000")
    assert shown["Total exposure"] == money("181999.50")
    assert shown["Available"] == money("38000.50")
    assert shown["Overdue"] == money("20000") and shown["Oldest overdue, days"] == "40"
    errors = " ".join(e.value for e in at.error)
    assert "more than the 30 days allowed" in errors and money("20000") in errors
    at = signed_in("mgr_a", "pages/deal.py", query_params={"id": open_id})
    assert not at.exception
    blob = texts(at)
    assert "is 40 days past due, more than the 30 days allowed" in blob and money("20000") in blob


def test_the_admin_sets_the_overdue_days_on_the_funnel_settings(seeded, engine):
    from db.rules import credit as rules

    at = signed_in("admin", "pages/pipeline_settings.py")
    assert not at.exception
    days = next(w for w in at.number_input if w.key and w.key.endswith(".overdue_block_days"))
    assert days.value == 30
    days.set_value(45)
    next(b for b in at.button if b.label == "Save" and "credit_rules" in b.proto.form_id).click().run()
    assert not at.exception and "Saved." in [s.value for s in at.success]
    with Session(engine) as s:
        assert rules.overdue_block_days(s) == 45
    days = next(w for w in at.number_input if w.key and w.key.endswith(".overdue_block_days"))
    assert days.value == 45


def _two_deals_of_131_999_50(s: Session, w) -> Deal:
    """The issue's example on client a2 (limit 220 000): a contract of 131 999,50 and a second deal
    of 131 999,50 at negotiation; returns the second."""
    client = s.get(Client, w.clients["a2"])
    client.credit_limit, client.payment_deferral_days = D("220000"), 30
    common = {"client_id": w.clients["a2"], "owner_id": w.users["mgr_a"], "amount": D("131999.50")}
    s.add(Deal(title="Первая", stage_id=w.stages["Contract"], probability=80, **common))
    second = Deal(title="Вторая", stage_id=w.stages["Negotiation"], probability=60, **common)
    s.add(second)
    s.commit()
    return second


def test_the_deal_page_names_the_parts_before_the_move(seeded, engine):
    """The issue's example: a contract of 131 999,50 and a second deal of 131 999,50 at negotiation, limit
    220 000: 131 999,50 + 131 999,50 = 263 999,00, 43 999,00 over."""
    w = seeded
    with Session(engine) as s:
        second = _two_deals_of_131_999_50(s, w)
        second_id = second.id
    at = signed_in("mgr_a", "pages/deal.py", query_params={"id": second_id})
    assert not at.exception
    notice = " ".join(i.value for i in at.info)
    k = lambda v: fmt.money(D(v), "en", config.currency(), kopecks=True)  # noqa: E731
    assert (f"exposure {k('131999.50')} (unpaid shipments {k('0')}, committed open deals {k('131999.50')}, won but "
            f"not shipped {k('0')}) + this deal {k('131999.50')} > limit {k('220000')} by {k('43999.00')}") in notice


def test_the_head_sees_the_parts_in_the_approval_queue(seeded, engine):
    """Anna asks for the second 131 999,50 deal; Nikolai (her head) sees 131 999,50 committed in the queue."""
    from db.actions.deal_moves import move_deal

    w = seeded
    with Session(engine) as s:
        second = _two_deals_of_131_999_50(s, w)
        outcome = move_deal(s, w.viewer("mgr_a"), deal_id=second.id, expected_version=second.version,
                            to_stage_id=w.stages["Contract"], ask_approval=True)
        assert not outcome.moved
        s.commit()
    at = signed_in("head_n", "pages/approvals.py")
    assert not at.exception
    what = " ".join(m.value for m in at.markdown)
    assert (f"exposure {money('131999.50')} (unpaid shipments {money('0')}, committed open deals "
            f"{money('131999.50')}, won but not shipped {money('0')}) + deal {money('131999.50')} > limit "
            f"{money('220000')}") in what
