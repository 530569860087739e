"""Writes on deals: create one with lines from the catalogue, edit its details and lines.

Discounts: a line's discount up to the role's cap (or up to what the line
already had, e.g. after an approval) is saved as given; a higher one is saved
at that allowed level and the rest becomes one pending discount request per
deal, which a head approves or rejects (db/actions/approvals.py).

Prices (issue 20): a new line's price is the client's list price on the deal's
date (db/rules/prices.py: contract list, price type, base list, catalogue), unless
the row gives one. A price below the list price is a discount too: the line's
effective discount, its own combined with (1 − price / list price), is what the
cap sees. A line whose effective discount is above what is allowed is saved at
the list price with the allowed discount, and the effective discount is asked
for — approving it gives the same amount as the price and discount typed.
Stage moves are in db/actions/deal_moves.py.
"""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import access
from ..access import Can, Viewer, require, require_client, require_deal
from ..errors import DomainError, ValidationError
from ..models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    Deal,
    DealLine,
    DealState,
    PipelineStage,
    Product,
    utcnow,
)
from ..rules.deals import discount_cap
from ..rules.prices import effective_discount, price_date, prices_for
from . import notifications
from .base import apply_changes, audit, business_action, check_version, created, touch
from .mail_notices import approval_asked
from .stage_history import record_move
from ..rules.validate import MONEY_MAX, Checks

QUANTITY_MAX = Decimal("1000000000")
KOPECK = Decimal("0.01")


def line_amount(quantity: Decimal, price: Decimal, discount_pct: Decimal) -> Decimal:
    """quantity × price × (1 − discount), rounded half up to kopecks."""
    return (quantity * price * (100 - discount_pct) / 100).quantize(KOPECK, rounding=ROUND_HALF_UP)


def pending_request(session: Session, deal_id: int, kind: str) -> ApprovalRequest | None:
    return session.scalars(select(ApprovalRequest).where(
        ApprovalRequest.deal_id == deal_id, ApprovalRequest.kind == kind,
        ApprovalRequest.status == ApprovalStatus.PENDING).order_by(ApprovalRequest.id)).first()


def first_open_stage(session: Session) -> PipelineStage:
    stage = session.scalars(select(PipelineStage).where(
        PipelineStage.active.is_(True), PipelineStage.is_won.is_(False), PipelineStage.is_lost.is_(False))
        .order_by(PipelineStage.position)).first()
    if stage is None:
        raise DomainError("The funnel has no open stage: ask the administrator to set up the stages.")
    return stage


def _check_details(v: Checks, raw: dict, *, today: dt.date, current: Deal | None = None) -> dict[str, object]:
    values: dict[str, object] = {"title": v.text("title", raw.get("title"), max_len=300, required=True)}
    close = raw.get("expected_close_on")
    if current is not None and close == current.expected_close_on:
        values["expected_close_on"] = close  # an overdue date may stay while other fields change
    else:
        values["expected_close_on"] = v.date("expected_close_on", close, required=True, minimum=today,
                                             maximum=today + dt.timedelta(days=3 * 365))
    if "probability" in raw:
        values["probability"] = v.integer("probability", raw.get("probability"), minimum=0, maximum=100,
                                          required=True)
    return values


def _check_lines(session: Session, v: Checks, rows: list[dict], existing: dict[int, DealLine]) -> list[dict]:
    """Each row: product_id, quantity, discount_pct and, for a line already saved, its id."""
    checked = []
    if not rows:
        v.fail("lines", "A deal needs at least one line from the catalogue.")
    for n, row in enumerate(rows, start=1):
        line_id = row.get("id")
        line = existing.get(int(line_id)) if line_id is not None and _present(line_id) else None
        if _present(line_id) and line is None:
            v.fail("lines", "Line {line}: it is not a line of this deal. Reload the page.", line=n)
            continue
        product = session.get(Product, int(row["product_id"])) if _present(row.get("product_id")) else None
        same_product = line is not None and product is not None and product.id == line.product_id
        if product is None or (not product.active and not same_product):
            v.fail("lines", "Line {line}: choose a product from the catalogue.", line=n)
            continue
        quantity = _number(row.get("quantity"))
        if quantity is None or not Decimal("0") < quantity <= QUANTITY_MAX:
            v.fail("lines", "Line {line}: the quantity must be a number above zero.", line=n)
            continue
        discount = _number(row.get("discount_pct")) if _present(row.get("discount_pct")) else Decimal("0")
        if discount is None or not Decimal("0") <= discount <= Decimal("100"):
            v.fail("lines", "Line {line}: the discount must be between 0 and 100 %.", line=n)
            continue
        price = _number(row.get("price")) if _present(row.get("price")) else None  # None: the list price
        if _present(row.get("price")) and (price is None or not Decimal("0") <= price <= MONEY_MAX):
            v.fail("lines", "Line {line}: the price must be a number, zero or above.", line=n)
            continue
        checked.append({"line": line if same_product else None, "replaces": line, "product": product,
                        "quantity": quantity.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP),
                        "discount_pct": discount.quantize(KOPECK, rounding=ROUND_HALF_UP),
                        "price": None if price is None else price.quantize(KOPECK, rounding=ROUND_HALF_UP)})
    return checked


def _present(value) -> bool:
    return value is not None and value == value and str(value).strip() != ""  # NaN from an editor is absent


def _number(value) -> Decimal | None:
    if not _present(value):
        return None
    try:
        number = Decimal(str(value).replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _plain_amount(value: Decimal) -> str:
    return f"{value:,.2f}".replace(",", "\u00a0")


def _save_lines(session: Session, viewer: Viewer, deal: Deal, checked: list[dict]) -> dict[DealLine, Decimal]:
    """Change the lines in memory (the caller flushes once); return {line: asked discount} above the allowed."""
    with session.no_autoflush:  # the deal is written once, with its final amount
        cap = discount_cap(session, viewer.role)
        listed = prices_for(session, client_id=deal.client_id, product_ids=[row["product"].id for row in checked],
                            on=price_date(deal.created_at, access.today()))
        kept_ids = {row["replaces"].id for row in checked if row["replaces"] is not None}
        for line in list(deal.lines):
            if line.id not in kept_ids:
                deal.lines.remove(line)
                session.delete(line)  # a line is part of the deal's edit; the audit keeps the old lines
        asked: dict[DealLine, Decimal] = {}
        for row in checked:
            line = row["line"]
            if line is None:
                if row["replaces"] is not None:  # product changed: a new line at today's list price
                    deal.lines.remove(row["replaces"])
                    session.delete(row["replaces"])
                line = DealLine(product_id=row["product"].id, price=listed[row["product"].id],
                                discount_pct=Decimal("0"), quantity=row["quantity"], amount=Decimal("0"))
                deal.lines.append(line)
                allowed = cap
            else:  # what the line has (an approval's, a discount given before the cap fell) stays allowed
                allowed = max(cap, effective_discount(price=line.price, discount_pct=line.discount_pct,
                                                      list_price=listed[line.product_id]))
            list_price = listed[row["product"].id]
            if row["price"] is not None:
                line.price = row["price"]
            wanted = row["discount_pct"]
            effective = effective_discount(price=line.price, discount_pct=wanted, list_price=list_price)
            if effective > allowed:
                asked[line] = effective
                if effective != wanted:  # below the list: at the list price, the discount asked covers both
                    line.price = list_price
                wanted = allowed
            line.quantity, line.discount_pct = row["quantity"], wanted
            line.amount = line_amount(line.quantity, line.price, wanted)
            if line.amount > MONEY_MAX:  # Numeric(14, 2): PostgreSQL refuses it, SQLite would store nonsense
                raise ValidationError({"lines": ("Line {line}: quantity × price is {amount}, more than an amount can "
                                                 "be ({largest}). Lower the quantity.",
                                                 {"line": checked.index(row) + 1, "amount": _plain_amount(line.amount),
                                                  "largest": _plain_amount(MONEY_MAX)})})
        deal.amount = sum((line.amount for line in deal.lines), Decimal("0"))
        if deal.amount > MONEY_MAX:
            raise ValidationError({"lines": ("The deal's lines add up to {amount}, more than an amount can be "
                                             "({largest}). Lower the quantities.",
                                             {"amount": _plain_amount(deal.amount),
                                              "largest": _plain_amount(MONEY_MAX)})})
        deal.discount_pct = deal_discount(session, deal, listed)
    return asked


def deal_discount(session: Session, deal: Deal, listed: dict[int, Decimal] | None = None) -> Decimal:
    """The deal's discount: the largest effective discount of its lines against the client's list prices
    on the deal's date (`listed`, when the caller has them)."""
    if listed is None:
        listed = prices_for(session, client_id=deal.client_id, product_ids=[line.product_id for line in deal.lines],
                            on=price_date(deal.created_at, access.today()))
    return max((effective_discount(price=line.price, discount_pct=line.discount_pct,
                                   list_price=listed.get(line.product_id)) for line in deal.lines),
               default=Decimal("0"))


def _by_id(asked: dict[DealLine, Decimal]) -> dict[str, str]:
    """After the flush: {line id: asked discount} for the request's payload."""
    return {str(line.id): format(pct.normalize(), "f") for line, pct in asked.items()}


def _sync_discount_request(session: Session, viewer: Viewer, deal: Deal, asked: dict[str, str],
                           untouched: set[str]) -> ApprovalRequest | None:
    """Keep one pending discount request per deal in step with the lines just saved.

    A line still asked for (its saved discount unchanged) stays in the request;
    a line removed or given a discount within the cap leaves it; new asks join.
    """
    request = pending_request(session, deal.id, "discount")
    lines = {}
    if request is not None:
        for line_id, pct in request.payload.get("lines", {}).items():
            if line_id in untouched:  # still there, discount sent back as it was
                lines[line_id] = pct
    lines.update(asked)
    if not lines:
        if request is not None:
            _withdraw(session, viewer, request)
        return None
    payload = {"discount_pct": max(lines.values(), key=Decimal), "lines": lines}
    if request is None:
        request = ApprovalRequest(kind=ApprovalKind.DISCOUNT, deal_id=deal.id, requested_by_id=viewer.user_id,
                                  payload=payload)
        session.add(request)
        session.flush()
        audit(session, viewer, action="request_discount", entity="approval_request", entity_id=request.id,
              changes={"deal_id": (None, deal.id), "payload": (None, payload)})
        notifications.approval_requested(session, request)
        approval_asked(session, viewer, request)
    elif request.payload != payload:
        audit(session, viewer, action="update_discount_request", entity="approval_request", entity_id=request.id,
              changes={"payload": (request.payload, payload)})
        request.payload = payload
        touch(request, viewer)
        approval_asked(session, viewer, request)  # a larger discount may now be the director's to decide
    return request


def _withdraw(session: Session, viewer: Viewer, request: ApprovalRequest) -> None:
    # Decided by the requester: the queue shows it as withdrawn, not as a head's rejection.
    changes = apply_changes(request, {"status": ApprovalStatus.REJECTED, "decided_by_id": viewer.user_id,
                                      "decided_at": utcnow()})
    touch(request, viewer)
    audit(session, viewer, action="withdraw_request", entity="approval_request", entity_id=request.id,
          changes=changes)


def _lines_snapshot(deal: Deal) -> list[dict]:
    return [{"product_id": line.product_id, "quantity": str(line.quantity), "price": str(line.price),
             "discount_pct": str(line.discount_pct), "amount": str(line.amount)} for line in deal.lines]


@business_action
def create_deal(session: Session, viewer: Viewer, *, client_id: int, title: str, expected_close_on: dt.date,
                lines: list[dict]) -> Deal:
    """A new deal in the first open stage, owned by the client's manager (or the viewer, for an unassigned client)."""
    require(viewer, Can.WORK_DEALS)
    client = require_client(session, viewer, client_id)
    if client.status != "active":
        raise DomainError("The client is archived: restore it before opening a deal.")
    v = Checks()
    values = _check_details(v, {"title": title, "expected_close_on": expected_close_on}, today=access.today())
    checked = _check_lines(session, v, lines or [], {})
    v.raise_if_any()
    stage = first_open_stage(session)
    now = utcnow()
    deal = Deal(client_id=client.id, owner_id=client.owner_id or viewer.user_id, stage_id=stage.id,
                state=DealState.OPEN.value, probability=stage.default_probability, stage_entered_at=now,
                amount=Decimal("0"), created_at=now, **values)
    session.add(deal)
    asked = _save_lines(session, viewer, deal, checked)
    session.flush()
    record_move(session, deal_id=deal.id, from_stage_id=None, target=stage, user_id=viewer.user_id, at=now)
    audit(session, viewer, action="create_deal", entity="deal", entity_id=deal.id,
          changes=created({"client_id": client.id, "owner_id": deal.owner_id, "stage_id": stage.id,
                           "probability": deal.probability, "amount": deal.amount, **values,
                           "lines": _lines_snapshot(deal)}))
    _sync_discount_request(session, viewer, deal, _by_id(asked), set())
    return deal


@business_action
def update_deal(session: Session, viewer: Viewer, *, deal_id: int, expected_version: int | None,
                title: str, expected_close_on: dt.date, probability: int) -> Deal:
    """Title, expected close date and probability of an open deal."""
    require(viewer, Can.WORK_DEALS)
    deal = require_deal(session, viewer, deal_id, for_update=True)
    check_version(session, deal, expected_version)
    if deal.state != DealState.OPEN:
        raise DomainError("The deal is closed: only an open deal can be edited.")
    v = Checks()
    values = _check_details(v, {"title": title, "expected_close_on": expected_close_on, "probability": probability},
                            today=access.today(), current=deal)
    v.raise_if_any()
    changes = apply_changes(deal, values)
    if changes:
        touch(deal, viewer)
        audit(session, viewer, action="update_deal", entity="deal", entity_id=deal.id, changes=changes)
    return deal


@business_action
def set_deal_lines(session: Session, viewer: Viewer, *, deal_id: int, expected_version: int | None,
                   lines: list[dict]) -> tuple[Deal, ApprovalRequest | None]:
    """Replace the lines of an open deal with `lines` (rows with an `id` keep that line and its price).

    Returns the deal and the pending discount request, if any discount is waiting for approval.
    """
    require(viewer, Can.WORK_DEALS)
    deal = require_deal(session, viewer, deal_id, for_update=True)
    check_version(session, deal, expected_version)
    if deal.state != DealState.OPEN:
        raise DomainError("The deal is closed: only an open deal can be edited.")
    v = Checks()
    existing = {line.id: line for line in deal.lines}
    checked = _check_lines(session, v, lines or [], existing)
    v.raise_if_any()
    before = {"amount": deal.amount, "discount_pct": deal.discount_pct, "lines": _lines_snapshot(deal)}
    # Lines whose discount the form sent back as it was: their part of a pending request stands.
    untouched = {str(row["line"].id) for row in checked
                 if row["line"] is not None and row["discount_pct"] == row["line"].discount_pct
                 and row["price"] in (None, row["line"].price)}
    asked = _save_lines(session, viewer, deal, checked)
    after = {"amount": deal.amount, "discount_pct": deal.discount_pct, "lines": _lines_snapshot(deal)}
    changes = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    if changes:
        touch(deal, viewer)  # the lines are part of the deal: its version moves with them
    session.flush()
    if changes:
        audit(session, viewer, action="set_deal_lines", entity="deal", entity_id=deal.id, changes=changes)
    request = _sync_discount_request(session, viewer, deal, _by_id(asked), untouched)
    return deal, request
