"""Importing price lists (issue 20): kind "prices" — a list by name, a product by SKU, a price and its period."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from db.actions.prices import create_price_type, set_price
from db.io.__main__ import main as cli
from db.io.importer import import_table
from db.io.mapping import Mapping
from db.io.reading import read_table
from db.models import AuditEntry, Price, PriceType, Product
from db.rules.prices import price_for
from queries.exports import export_frame

D = dt.date
HEADER = "Тип цен;Артикул;Цена;Действует с;Действует по\r\n"


def lists(db, world):
    admin = world.viewer("admin")
    base = create_price_type(db, admin, name="Базовая", kind="base")
    wholesale = create_price_type(db, admin, name="Оптовая", kind="wholesale")
    db.add(Product(sku="GT-200", name="Гайка", price=Decimal("12.00")))
    db.commit()
    return base, wholesale


def run(db, viewer, text: str, **kwargs):
    table = read_table(text.encode("cp1251"), "prices.csv")
    return table, import_table(db, viewer, table=table, mapping=Mapping(kind="prices"), **kwargs)


def periods(db, type_id):
    return [(sku, p.price, p.valid_from, p.valid_to) for p, sku in db.execute(
        select(Price, Product.sku).join(Product, Product.id == Price.product_id)
        .where(Price.price_type_id == type_id).order_by(Product.sku, Price.valid_from))]


def sku_of(db, world):
    return db.get(Product, world.product_id).sku


def test_a_cp1251_semicolon_file_with_decimal_commas_and_its_reimport(world, db):
    base, wholesale = lists(db, world)
    sku = sku_of(db, world)
    text = (HEADER + f"Базовая;{sku};2,40;01.01.2026;\r\n"
            f"Оптовая;{sku};2,10;01.01.2026;28.02.2026\r\n"
            f"оптовая;{sku};2,20;01.03.2026;\r\n"
            "Базовая;GT-200;1 234,565;01.01.2026;\r\n")
    table, summary = run(db, world.viewer("admin"), text)
    assert (table.encoding, table.separator, table.decimal) == ("cp1251", ";", ",")
    assert (summary.created, summary.rejected) == (4, [])
    assert periods(db, wholesale.id) == [(sku, Decimal("2.10"), D(2026, 1, 1), D(2026, 2, 28)),
                                         (sku, Decimal("2.20"), D(2026, 3, 1), None)]
    assert periods(db, base.id)[0] == ("GT-200", Decimal("1234.57"), D(2026, 1, 1), None)  # to_cents: half up
    audits = db.scalars(select(AuditEntry).where(AuditEntry.action == "import_price")).all()
    assert len(audits) == 4
    # the same file again changes nothing
    _table, again = run(db, world.viewer("admin"), text)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 4, [])
    assert len(db.scalars(select(AuditEntry).where(AuditEntry.action == "import_price")).all()) == 4
    assert len(periods(db, wholesale.id)) == 2


def test_a_new_price_closes_the_open_one_and_an_overlap_is_refused(world, db):
    base, _wholesale = lists(db, world)
    sku = sku_of(db, world)
    run(db, world.viewer("admin"), HEADER + f"Базовая;{sku};2,40;01.01.2026;\r\n")
    _t, summary = run(db, world.viewer("admin"), HEADER + f"Базовая;{sku};2,60;01.04.2026;\r\n"
                      f"Базовая;{sku};2,50;01.02.2026;10.02.2026\r\n")
    assert summary.created == 1
    (rejected,) = summary.rejected  # a period with an end inside the open one: refused, not closing it
    ((field, message, params),) = rejected.reasons
    assert rejected.number == 3 and field == "valid_from" and "with no end" in message
    assert params == {"price": Decimal("2.40"), "start": D(2026, 1, 1)}
    assert periods(db, base.id) == [(sku, Decimal("2.40"), D(2026, 1, 1), D(2026, 3, 31)),
                                    (sku, Decimal("2.60"), D(2026, 4, 1), None)]
    assert price_for(db, client_id=None, product_id=world.product_id, on=D(2026, 3, 31)) == Decimal("2.40")
    # the same start with another price edits that period
    _t, summary = run(db, world.viewer("admin"), HEADER + f"Базовая;{sku};2,65;01.04.2026;\r\n")
    assert summary.updated == 1 and periods(db, base.id)[-1][1] == Decimal("2.65")


def test_bad_rows_are_refused_with_a_reason_and_write_nothing(world, db):
    lists(db, world)
    sku = sku_of(db, world)
    _t, summary = run(db, world.viewer("admin"), HEADER + "Розничная;GT-200;1;01.01.2026;\r\n"
                      "Базовая;NOPE;1;01.01.2026;\r\n"
                      f"Базовая;{sku};-1;01.01.2026;\r\n"
                      f"Базовая;{sku};1;01.05.2026;01.04.2026\r\n")
    assert summary.created == 0 and [r.number for r in summary.rejected] == [2, 3, 4, 5]
    reasons = str([r.reasons for r in summary.rejected])
    assert "No price list is called" in reasons and "No product has the SKU" in reasons
    assert db.scalar(select(Price.id)) is None


def test_a_head_imports_into_a_contract_list_only_of_a_client_they_see(world, db):
    lists(db, world)
    contract = create_price_type(db, world.viewer("head_n"), name="Договор Альфа", kind="contract",
                                 client_id=world.clients["a1"])
    text = HEADER + f"Договор Альфа;{sku_of(db, world)};2,00;01.01.2026;\r\n"
    _t, summary = run(db, world.viewer("head_s"), text)  # another department's client: no such list for them
    assert summary.created == 0 and "No price list is called" in str(summary.rejected[0].reasons)
    _t, summary = run(db, world.viewer("head_n"), text)
    assert summary.created == 1 and periods(db, contract.id)[0][1] == Decimal("2.00")


def test_an_empty_valid_from_is_today_unless_the_price_stands(world, db):
    base, _wholesale = lists(db, world)
    sku = sku_of(db, world)
    set_price(db, world.viewer("admin"), price_type_id=base.id, product_id=world.product_id, price="2.40",
              valid_from=D(2020, 1, 1))
    _t, summary = run(db, world.viewer("admin"), "Тип цен;Артикул;Цена\r\n" f"Базовая;{sku};2,40\r\n")
    assert summary.unchanged == 1
    _t, summary = run(db, world.viewer("admin"), "Тип цен;Артикул;Цена\r\n" f"Базовая;{sku};2,45\r\n")
    assert summary.created == 1 and len(periods(db, base.id)) == 2


def test_the_export_imports_back_unchanged(world, db, tmp_path):
    base, wholesale = lists(db, world)
    admin = world.viewer("admin")
    set_price(db, admin, price_type_id=base.id, product_id=world.product_id, price="2.40", valid_from=D(2026, 1, 1))
    set_price(db, admin, price_type_id=wholesale.id, product_id=world.product_id, price="2.10",
              valid_from=D(2026, 1, 1), valid_to=D(2026, 6, 30))
    contract = create_price_type(db, admin, name="Договор Бета", kind="contract", client_id=world.clients["b1"])
    set_price(db, admin, price_type_id=contract.id, product_id=world.product_id, price="1.90",
              valid_from=D(2026, 1, 1))
    df = export_frame(db, admin, kind="prices")
    assert list(df.columns) == ["price_type", "sku", "product", "price", "valid_from", "valid_to"]
    assert len(df) == 3
    assert "Договор Бета" not in set(export_frame(db, world.viewer("mgr_a"), kind="prices")["price_type"])
    path = tmp_path / "prices.csv"
    df.to_csv(path, sep=";", index=False)
    table = read_table(path.read_bytes(), "prices.csv")
    summary = import_table(db, admin, table=table, mapping=Mapping(kind="prices"))
    assert (summary.created, summary.updated, summary.unchanged, summary.rejected) == (0, 0, 3, [])
    assert db.get(PriceType, contract.id).active


def test_the_command_line_imports_prices(seeded, engine, tmp_path, capsys):
    from sqlalchemy.orm import Session
    with Session(engine) as session:
        admin_id = session.scalar(select(PriceType.id).limit(1))
        assert admin_id is None
        session.add(PriceType(name="Базовая", kind="base"))
        sku = session.scalar(select(Product.sku).limit(1))
        session.commit()
    path = tmp_path / "prices.csv"
    path.write_bytes((HEADER + f"Базовая;{sku};2,40;01.01.2026;\r\n").encode("cp1251"))
    assert cli(["--lang", "en", "import", "--kind", "prices", "--file", str(path)]) == 0
    assert "created 1" in capsys.readouterr().out
    assert cli(["--lang", "en", "import", "--kind", "prices", "--file", str(path)]) == 0
    assert "unchanged 1" in capsys.readouterr().out
    assert cli(["--lang", "en", "import", "--kind", "prices", "--file", str(path), "--as", "mgr_a"]) == 1
    out = tmp_path / "out.csv"
    assert cli(["--lang", "en", "export", "--kind", "prices", "--file", str(out)]) == 0
    assert "Базовая" in out.read_text(encoding="utf-8-sig")


def test_the_clients_import_sets_the_price_type_by_name(world, db):
    _base, wholesale = lists(db, world)
    from db.models import Client
    name = db.get(Client, world.clients["a1"]).name
    text = f"Наименование;Тип цен\r\n{name};оптовая\r\n"
    table = read_table(text.encode("cp1251"), "clients.csv")
    summary = import_table(db, world.viewer("head_n"), table=table, mapping=Mapping(kind="clients"))
    assert (summary.updated, summary.rejected) == (1, [])
    assert db.get(Client, world.clients["a1"]).price_type_id == wholesale.id
    table = read_table(f"Наименование;Тип цен\r\n{name};Розничная\r\n".encode("cp1251"), "clients.csv")
    summary = import_table(db, world.viewer("head_n"), table=table, mapping=Mapping(kind="clients"))
    assert "No active price list is called" in str(summary.rejected[0].reasons)
    assert db.get(Client, world.clients["a1"]).price_type_id == wholesale.id
    exported = export_frame(db, world.viewer("head_n"), kind="clients")
    assert set(exported.loc[exported["name"] == name, "price_type"]) == {"Оптовая"}
