"""Price lists (issue 20): which price a client pays on a date, validity periods, access to the lists."""
import datetime as dt
from decimal import Decimal

import pytest


from db.models import Client, Price, PriceType, PriceTypeKind, Product
from db.rules.prices import effective_discount, list_prices, price_for, prices_for

D = dt.date


def add_type(db, name, kind, client_id=None, active=True) -> int:
    row = PriceType(name=name, kind=kind, client_id=client_id, active=active)
    db.add(row)
    db.flush()
    return row.id


def add_price(db, type_id, product_id, price, start, end=None) -> None:
    db.add(Price(price_type_id=type_id, product_id=product_id, price=Decimal(price), valid_from=start, valid_to=end))
    db.flush()


def second_product(db) -> int:
    product = Product(sku="P-2", name="Второй", price=Decimal("10.00"))
    db.add(product)
    db.flush()
    return product.id


def test_price_for_falls_back_from_contract_to_type_to_base_to_catalogue(world, db):
    a1, p = world.clients["a1"], world.product_id  # the catalogue price is 2.50
    assert price_for(db, client_id=a1, product_id=p, on=D(2026, 3, 1)) == Decimal("2.50")
    base = add_type(db, "Базовая", PriceTypeKind.BASE)
    add_price(db, base, p, "2.40", D(2026, 1, 1))
    assert price_for(db, client_id=a1, product_id=p, on=D(2026, 3, 1)) == Decimal("2.40")
    assert price_for(db, client_id=a1, product_id=p, on=D(2025, 12, 31)) == Decimal("2.50")  # before the base
    wholesale = add_type(db, "Опт", PriceTypeKind.WHOLESALE)
    add_price(db, wholesale, p, "2.20", D(2026, 2, 1), D(2026, 2, 28))
    db.get(Client, a1).price_type_id = wholesale
    db.flush()
    assert price_for(db, client_id=a1, product_id=p, on=D(2026, 2, 28)) == Decimal("2.20")  # to inclusive
    assert price_for(db, client_id=a1, product_id=p, on=D(2026, 3, 1)) == Decimal("2.40")  # ended: the base
    assert price_for(db, client_id=world.clients["a2"], product_id=p, on=D(2026, 2, 15)) == Decimal("2.40")
    contract = add_type(db, "Договор Альфа", PriceTypeKind.CONTRACT, client_id=a1)
    add_price(db, contract, p, "2.00", D(2026, 2, 10))
    assert price_for(db, client_id=a1, product_id=p, on=D(2026, 2, 15)) == Decimal("2.00")
    listed = list_prices(db, client_id=a1, product_ids=[p], on=D(2026, 2, 15))[p]
    assert (listed.price_type_id, listed.price_type_name) == (contract, "Договор Альфа")
    db.get(PriceType, contract).active = False
    db.flush()
    assert price_for(db, client_id=a1, product_id=p, on=D(2026, 2, 15)) == Decimal("2.20")
    db.get(PriceType, wholesale).active = False
    db.flush()
    assert price_for(db, client_id=a1, product_id=p, on=D(2026, 2, 15)) == Decimal("2.40")
    assert price_for(db, client_id=a1, product_id=10 ** 6, on=D(2026, 2, 15)) is None


def test_batch_form_mixes_lists_per_product(world, db):
    a1, p = world.clients["a1"], world.product_id
    q = second_product(db)
    base = add_type(db, "Базовая", PriceTypeKind.BASE)
    add_price(db, base, q, "9.50", D(2026, 1, 1))
    wholesale = add_type(db, "Опт", PriceTypeKind.WHOLESALE)
    add_price(db, wholesale, p, "2.25", D(2026, 1, 1))
    db.get(Client, a1).price_type_id = wholesale
    db.flush()
    on = D(2026, 3, 1)
    assert prices_for(db, client_id=a1, product_ids=[p, q], on=on) == {p: Decimal("2.25"), q: Decimal("9.50")}
    # no client: the base list, else the catalogue
    assert prices_for(db, client_id=None, product_ids=[p, q], on=on) == {p: Decimal("2.50"), q: Decimal("9.50")}
    assert prices_for(db, client_id=a1, product_ids=[], on=on) == {}


def test_another_clients_contract_list_is_never_a_clients_price_type(world, db):
    p = world.product_id
    theirs = add_type(db, "Договор Бета", PriceTypeKind.CONTRACT, client_id=world.clients["b1"])
    add_price(db, theirs, p, "1.00", D(2026, 1, 1))
    db.execute(Client.__table__.update().where(Client.id == world.clients["a1"]).values(price_type_id=theirs))
    assert price_for(db, client_id=world.clients["a1"], product_id=p, on=D(2026, 3, 1)) == Decimal("2.50")


@pytest.mark.parametrize(("price", "discount", "listed", "expected"), [
    ("100", "0", "100", "0"),
    ("90", "0", "100", "10.00"),
    ("90", "10", "100", "19.00"),  # 1 − 0.9 × 0.9
    ("110", "5", "100", "5"),  # above the list: only its own discount
    ("2.37", "0", "2.50", "5.20"),
    ("50", "3", None, "3"),
])
def test_effective_discount(price, discount, listed, expected):
    got = effective_discount(price=Decimal(price), discount_pct=Decimal(discount),
                             list_price=None if listed is None else Decimal(listed))
    assert got == Decimal(expected)




# --- the actions: lists, periods, access ---------------------------------------------------------------
from db.actions.clients import update_client  # noqa: E402
from db.actions.deals import create_deal, set_deal_lines  # noqa: E402
from db.actions.prices import create_price_type, deactivate_price_type, set_price, update_price_type  # noqa: E402
from db.errors import AccessDenied, NotFound, StaleRecord, ValidationError  # noqa: E402
from db.models import ApprovalRequest, AuditEntry, Deal  # noqa: E402
from sqlalchemy import select  # noqa: E402


def periods(db, type_id, product_id):
    return [(p.price, p.valid_from, p.valid_to) for p in db.scalars(
        select(Price).where(Price.price_type_id == type_id, Price.product_id == product_id)
        .order_by(Price.valid_from))]


def test_a_new_price_closes_the_open_one_the_day_before_and_overlaps_are_refused(world, db):
    head, p = world.viewer("head_n"), world.product_id
    base = create_price_type(db, head, name="Базовая", kind="base")
    set_price(db, head, price_type_id=base.id, product_id=p, price="2.40", valid_from=D(2026, 1, 1))
    set_price(db, head, price_type_id=base.id, product_id=p, price="2,60", valid_from=D(2026, 3, 1))
    assert periods(db, base.id, p) == [(Decimal("2.40"), D(2026, 1, 1), D(2026, 2, 28)),
                                       (Decimal("2.60"), D(2026, 3, 1), None)]
    # the same again changes nothing; the same start edits that period
    assert set_price(db, head, price_type_id=base.id, product_id=p, price="2.60", valid_from=D(2026, 3, 1)) is None
    with pytest.raises(ValidationError) as refused:  # inside January–February
        set_price(db, head, price_type_id=base.id, product_id=p, price="2.50", valid_from=D(2026, 2, 1),
                  valid_to=D(2026, 2, 10))
    assert refused.value.field == "valid_from"
    assert refused.value.errors["valid_from"][1] == {"price": Decimal("2.40"), "start": D(2026, 1, 1),
                                                     "end": D(2026, 2, 28)}
    with pytest.raises(ValidationError):  # an open period before the open one overlaps it
        set_price(db, head, price_type_id=base.id, product_id=p, price="2.50", valid_from=D(2025, 6, 1))
    with pytest.raises(ValidationError) as refused:
        set_price(db, head, price_type_id=base.id, product_id=p, price="2.50", valid_from=D(2026, 5, 1),
                  valid_to=D(2026, 4, 1))
    assert refused.value.field == "valid_to"
    with pytest.raises(ValidationError):
        set_price(db, head, price_type_id=base.id, product_id=p, price="-1", valid_from=D(2026, 5, 1))
    assert len(periods(db, base.id, p)) == 2  # nothing refused was written
    set_price(db, head, price_type_id=base.id, product_id=p, price="2.65", valid_from=D(2026, 3, 1),
              valid_to=D(2026, 12, 31))
    assert periods(db, base.id, p)[-1] == (Decimal("2.65"), D(2026, 3, 1), D(2026, 12, 31))
    actions = db.scalars(select(AuditEntry.action).where(AuditEntry.entity == "price_type")).all()
    assert actions.count("set_price") == 3 and "create_price_type" in actions
    assert price_for(db, client_id=world.clients["a1"], product_id=p, on=D(2026, 2, 28)) == Decimal("2.40")


def test_who_manages_price_lists(world, db):
    with pytest.raises(AccessDenied):
        create_price_type(db, world.viewer("mgr_a"), name="Опт", kind="wholesale")
    wholesale = create_price_type(db, world.viewer("director"), name="Опт", kind="wholesale")
    with pytest.raises(AccessDenied):
        set_price(db, world.viewer("mgr_a"), price_type_id=wholesale.id, product_id=world.product_id, price="2",
                  valid_from=D(2026, 1, 1))
    # a contract list: only of a client the head sees
    with pytest.raises(NotFound):
        create_price_type(db, world.viewer("head_s"), name="Договор Альфа", kind="contract",
                          client_id=world.clients["a1"])
    contract = create_price_type(db, world.viewer("head_n"), name="Договор Альфа", kind="contract",
                                 client_id=world.clients["a1"])
    with pytest.raises(NotFound):
        set_price(db, world.viewer("head_s"), price_type_id=contract.id, product_id=world.product_id, price="2",
                  valid_from=D(2026, 1, 1))
    with pytest.raises(ValidationError):  # one contract list a client
        create_price_type(db, world.viewer("admin"), name="Ещё", kind="contract", client_id=world.clients["a1"])
    with pytest.raises(ValidationError):  # a contract list names its client
        create_price_type(db, world.viewer("admin"), name="Ничей", kind="contract")
    with pytest.raises(ValidationError):  # names are unique
        create_price_type(db, world.viewer("admin"), name="опт", kind="large_wholesale")
    create_price_type(db, world.viewer("admin"), name="Базовая", kind="base")
    with pytest.raises(ValidationError):  # one active base list
        create_price_type(db, world.viewer("admin"), name="Базовая 2", kind="base")


def test_edit_and_deactivate_are_version_checked(world, db):
    head = world.viewer("head_n")
    wholesale = create_price_type(db, head, name="Опт", kind="wholesale")
    seen = wholesale.version
    update_price_type(db, head, price_type_id=wholesale.id, expected_version=seen, name="Оптовая", active=True)
    with pytest.raises(StaleRecord):
        deactivate_price_type(db, head, price_type_id=wholesale.id, expected_version=seen)
    deactivate_price_type(db, head, price_type_id=wholesale.id, expected_version=wholesale.version)
    assert db.get(PriceType, wholesale.id).active is False and db.get(PriceType, wholesale.id).name == "Оптовая"


def test_a_clients_price_type_is_set_on_the_client_by_a_head(world, db):
    head, a1 = world.viewer("head_n"), world.clients["a1"]
    wholesale = create_price_type(db, head, name="Опт", kind="wholesale")
    set_price(db, head, price_type_id=wholesale.id, product_id=world.product_id, price="2.00",
              valid_from=D(2020, 1, 1))
    client = db.get(Client, a1)
    with pytest.raises(ValidationError) as refused:
        update_client(db, world.viewer("mgr_a"), client_id=a1, expected_version=client.version,
                      price_type_id=wholesale.id)
    assert refused.value.field == "price_type_id"
    update_client(db, head, client_id=a1, expected_version=client.version, price_type_id=wholesale.id)
    assert db.get(Client, a1).price_type_id == wholesale.id
    # the manager edits the client's other fields with the price type as it is
    update_client(db, world.viewer("mgr_a"), client_id=a1, expected_version=db.get(Client, a1).version,
                  notes="Звонить утром", price_type_id=wholesale.id)
    contract = create_price_type(db, head, name="Договор Бета", kind="contract", client_id=world.clients["b1"])
    with pytest.raises(ValidationError):  # another client's contract list is no price type
        update_client(db, head, client_id=a1, expected_version=db.get(Client, a1).version,
                      price_type_id=contract.id)


# --- deal lines: the list price by default, a price below it is a discount ------------------------------
def wholesale_client(db, world, price="2.00"):
    """Anna's a1 on a wholesale list pricing the world's product (2.50 in the catalogue) at `price`."""
    head = world.viewer("head_n")
    wholesale = create_price_type(db, head, name="Опт", kind="wholesale")
    set_price(db, head, price_type_id=wholesale.id, product_id=world.product_id, price=price,
              valid_from=D(2020, 1, 1))
    update_client(db, head, client_id=world.clients["a1"], expected_version=db.get(Client, world.clients["a1"]).version,
                  price_type_id=wholesale.id)
    return wholesale


def new_deal(db, world, line):
    return create_deal(db, world.viewer("mgr_a"), client_id=world.clients["a1"], title="Сделка",
                       expected_close_on=dt.date.today() + dt.timedelta(days=30),
                       lines=[{"product_id": world.product_id, "quantity": "100", **line}])


def pending(db, deal_id):
    return db.scalars(select(ApprovalRequest).where(ApprovalRequest.deal_id == deal_id)).all()


def test_a_new_line_takes_the_clients_list_price(world, db):
    wholesale_client(db, world)
    deal = new_deal(db, world, {})
    assert [(line.price, line.amount) for line in deal.lines] == [(Decimal("2.00"), Decimal("200.00"))]
    other = create_deal(db, world.viewer("mgr_a"), client_id=world.clients["a2"], title="Сделка",
                        expected_close_on=dt.date.today() + dt.timedelta(days=30),
                        lines=[{"product_id": world.product_id, "quantity": "1"}])
    assert other.lines[0].price == Decimal("2.50")  # a2 has no price type: the catalogue


def test_a_price_below_the_list_within_the_cap_needs_no_approval(world, db):
    wholesale_client(db, world)  # the manager's cap is 5 %
    deal = new_deal(db, world, {"price": "1.92", "discount_pct": "1"})  # 1 − 0.96 × 0.99 = 4.96 %
    line = deal.lines[0]
    assert (line.price, line.discount_pct, line.amount) == (Decimal("1.92"), Decimal("1.00"), Decimal("190.08"))
    assert deal.discount_pct == Decimal("4.96") and pending(db, deal.id) == []


def test_a_price_below_the_list_beyond_the_cap_asks_for_approval(world, db):
    wholesale_client(db, world)
    deal = new_deal(db, world, {"price": "1.80"})  # 10 % below the list, the cap is 5 %
    line = deal.lines[0]
    # saved at the list price and the allowed 5 %; the 10 % waits for a head
    assert (line.price, line.discount_pct, line.amount) == (Decimal("2.00"), Decimal("5.00"), Decimal("190.00"))
    (request,) = pending(db, deal.id)
    assert request.payload == {"discount_pct": "10", "lines": {str(line.id): "10"}}
    from db.actions.approvals import decide_approval
    decide_approval(db, world.viewer("head_n"), request_id=request.id, expected_version=request.version,
                    approve=True)
    db.refresh(line)
    assert line.amount == Decimal("180.00")  # as the price typed
    assert db.get(Deal, deal.id).discount_pct == Decimal("10.00")


def test_editing_a_lines_price_below_the_list_counts_as_a_discount(world, db):
    wholesale_client(db, world)
    deal = new_deal(db, world, {})
    line = deal.lines[0]
    rows = [{"id": line.id, "product_id": line.product_id, "quantity": "100", "discount_pct": "0", "price": "1.95"}]
    deal, request = set_deal_lines(db, world.viewer("mgr_a"), deal_id=deal.id, expected_version=deal.version,
                                   lines=rows)
    assert request is None and deal.lines[0].price == Decimal("1.95")
    rows[0]["price"] = "1.50"
    deal, request = set_deal_lines(db, world.viewer("mgr_a"), deal_id=deal.id, expected_version=deal.version,
                                   lines=rows)
    assert request is not None and request.payload["discount_pct"] == "25"
    assert (deal.lines[0].price, deal.lines[0].discount_pct) == (Decimal("2.00"), Decimal("5.00"))


def test_a_period_with_an_end_inside_an_open_one_is_refused_not_closing_it(world, db):
    head, p = world.viewer("head_n"), world.product_id
    base = create_price_type(db, head, name="Базовая", kind="base")
    set_price(db, head, price_type_id=base.id, product_id=p, price="2.40", valid_from=D(2026, 1, 1))
    with pytest.raises(ValidationError) as refused:
        set_price(db, head, price_type_id=base.id, product_id=p, price="2.20", valid_from=D(2026, 2, 1),
                  valid_to=D(2026, 2, 10))
    assert "with no end" in refused.value.errors["valid_from"][0]
    assert periods(db, base.id, p) == [(Decimal("2.40"), D(2026, 1, 1), None)]
    # ended first, the promotion fits; after it, no price in this list (the catalogue's)
    set_price(db, head, price_type_id=base.id, product_id=p, price="2.40", valid_from=D(2026, 1, 1),
              valid_to=D(2026, 1, 31))
    set_price(db, head, price_type_id=base.id, product_id=p, price="2.20", valid_from=D(2026, 2, 1),
              valid_to=D(2026, 2, 10))
    assert price_for(db, client_id=None, product_id=p, on=D(2026, 2, 10)) == Decimal("2.20")
    assert price_for(db, client_id=None, product_id=p, on=D(2026, 2, 11)) == Decimal("2.50")


def test_a_price_form_loaded_before_a_change_of_the_list_is_stale(world, db):
    head, p = world.viewer("head_n"), world.product_id
    base = create_price_type(db, head, name="Базовая", kind="base")
    seen = base.version
    set_price(db, head, price_type_id=base.id, product_id=p, price="2.40", valid_from=D(2026, 1, 1),
              expected_version=seen)
    assert db.get(PriceType, base.id).version == seen + 1  # the list's version moves with its prices
    with pytest.raises(StaleRecord):
        set_price(db, world.viewer("director"), price_type_id=base.id, product_id=p, price="2.30",
                  valid_from=D(2026, 1, 1), expected_version=seen)
    assert periods(db, base.id, p) == [(Decimal("2.40"), D(2026, 1, 1), None)]
