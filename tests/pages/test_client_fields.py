"""The client's editable fields are declared once, on the model's columns (db/models/fields.py):
the edit form, the new-client form, the card, update_client, the import and the export all
offer exactly the declared fields. Adding a field is then the column, its migration and its
Russian label; these tests fail if any of those places keeps a list of its own."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from sqlalchemy import ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from db.actions.clients import update_client
from db.rules.validate import Checks
from db.io.kinds.clients import Clients
from db.models import Client, SizeSegment
from db.models.fields import editable, editable_fields, field_names
from queries.client_card import get_client_card
from queries.exports import export_statement

from .conftest import signed_in, texts

DECLARED = field_names(Client)
REFERENCES = {spec.name: spec.ref for spec in editable_fields(Client) if spec.kind == "reference"}


def form_fields(at, form: str) -> set[str]:
    """The fields of a form: its widgets' keys are "<form name>.<round>.<field>" (ui/forms.py)."""
    widgets = [*at.text_input, *at.text_area, *at.number_input, *at.selectbox, *at.checkbox]
    keys = (re.fullmatch(rf"{form}\.\d+\.(?P<field>\w+)", w.key or "") for w in widgets)
    return {k.group("field") for k in keys if k}


def test_the_declaration_is_the_models_editable_columns():
    # What a person edits on a client, in the model's order; bookkeeping columns are not among them.
    assert DECLARED == ("name", "legal_name", "inn", "kpp", "industry_id", "territory_id", "parent_id",
                        "size_segment", "credit_limit", "payment_deferral_days", "phone", "email", "website",
                        "legal_address", "postal_address", "notes",
                        "price_type_id",  # issue 20: the price list the client buys at (None: the base list)
                        # issue 20: the bank requisites an invoice needs, checked by db/rules/requisites.py
                        "ogrn", "bank_name", "bic", "settlement_account", "correspondent_account")
    spec = {s.name: s for s in editable_fields(Client)}
    assert spec["name"].required and spec["name"].max_len == 200  # NOT NULL, String(200)
    assert spec["legal_name"].max_len == 300 and spec["kpp"].max_len == 9
    assert [spec[n].kind for n in ("inn", "kpp", "ogrn", "bic", "settlement_account", "correspondent_account")] == [
        "inn", "kpp", "ogrn", "bic", "account", "account"]
    assert spec["size_segment"].choices == tuple(s.value for s in SizeSegment)
    assert spec["credit_limit"].kind == "money" and spec["credit_limit"].empty == Decimal("0")
    assert (spec["payment_deferral_days"].kind, spec["payment_deferral_days"].empty) == ("integer", 0)
    assert spec["postal_address"].kind == "area" and spec["territory_id"].ref == "territory"


def test_the_edit_form_offers_every_declared_field_and_the_card_shows_them(seeded, engine):
    client_id = seeded.clients["a1"]
    with Session(engine) as session:
        client = session.get(Client, client_id)
        client.postal_address, client.website = "Казань, ул. Баумана, 5", "alfa.example"
        session.commit()
        version = client.version
    at = signed_in("mgr_a", "pages/client.py", query_params={"id": client_id})
    assert not at.exception
    # the price type is a pricing decision: a head's form offers it, a manager's keeps it as it is
    assert form_fields(at, rf"edit_client_{client_id}(?:_{version})?") == set(DECLARED) - {"price_type_id"}
    blob = texts(at)
    for spec in editable_fields(Client):
        if spec.group in ("requisites", "classification", "contact", "address"):
            assert f"**{spec.label}:**" in "\n".join(m.value for m in at.markdown), spec.name
    assert "Казань, ул. Баумана, 5" in blob and "alfa.example" in blob


def test_the_new_client_form_offers_every_declared_field(seeded):
    at = signed_in("mgr_a", "pages/clients.py")
    assert not at.exception
    offered = form_fields(at, "new_client")
    # The owner and "it is a different company" are the creation's own; a new client has no
    # parent company yet (it is chosen on the card).
    assert offered == set(DECLARED) - {"parent_id", "price_type_id"} | {"owner_id", "allow_similar"}


def test_update_client_accepts_the_declared_fields_and_no_other(world, db):
    viewer = world.viewer("mgr_a")
    client_id = world.clients["a1"]
    card = get_client_card(db, viewer, client_id=client_id)
    assert set(card.values) == set(DECLARED)
    # Every declared field at once, each given back as the card holds it: accepted.
    update_client(db, viewer, client_id=client_id, expected_version=card.version,
                  **(card.values | {"postal_address": "Москва, а/я 12"}))
    assert get_client_card(db, viewer, client_id=client_id).postal_address == "Москва, а/я 12"
    with pytest.raises(TypeError, match="unknown fields"):
        update_client(db, viewer, client_id=client_id, expected_version=None, fax="123")


def test_the_import_and_the_export_know_the_declared_fields(world, db):
    in_file = [REFERENCES.get(name, name) for name in DECLARED]
    assert [f.name for f in Clients.fields] == ["external_id", *in_file, "owner"]
    labels = {f.name: f.label for f in Clients.fields}
    assert all(labels[REFERENCES.get(s.name, s.name)] == s.label for s in editable_fields(Client))
    exported = [c.name for c in export_statement(db, world.viewer("director"), kind="clients").selected_columns]
    assert exported == ["external_id", *in_file, "owner", "status"]


class Scratch(DeclarativeBase):
    pass


class Thing(Scratch):
    """A model with one field of each kind, as a new client field would be declared."""
    __tablename__ = "things"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), info=editable("Code", group="requisites"))
    memo: Mapped[str | None] = mapped_column(Text, info=editable("Memo", group="notes", max_len=50))
    floors: Mapped[int] = mapped_column(Integer, default=1, info=editable("Floors", group="terms", minimum=1,
                                                                          maximum=99))
    budget: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), info=editable("Budget", group="terms"))
    size: Mapped[str | None] = mapped_column(String(20), info=editable("Size", group="classification",
                                                                       choices=SizeSegment))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("things.id"), info=editable("Owner", group="holding",
                                                                                        ref="owner"))
    created_on: Mapped[dt.date | None]  # not declared: not editable


def test_a_new_column_brings_its_checks_from_the_column():
    specs = {s.name: s for s in editable_fields(Thing)}
    assert list(specs) == ["code", "memo", "floors", "budget", "size", "owner_id"]
    assert [specs[n].kind for n in specs] == ["text", "area", "integer", "money", "choice", "reference"]
    assert specs["code"].required and not specs["floors"].required  # NOT NULL; a default fills it
    v = Checks()
    assert v.field(specs["code"], " AB-1 ") == "AB-1"
    assert v.field(specs["floors"], None) == 1  # the column's default for an empty input
    assert v.field(specs["memo"], "two\nlines") == "two\nlines"
    assert not v.errors
    v.field(specs["code"], "")
    v.field(specs["memo"], "x" * 51)
    v.field(specs["floors"], 100)
    v.field(specs["budget"], "много")
    v.field(specs["size"], "huge")
    assert set(v.errors) == {"code", "memo", "floors", "budget", "size"}
    assert v.errors["code"][0] == "This field is required."
    assert v.errors["memo"][0].startswith("Too long")


def test_a_long_text_must_say_its_length():
    class Bare(Scratch):
        __tablename__ = "bare"
        id: Mapped[int] = mapped_column(primary_key=True)
        story: Mapped[str | None] = mapped_column(Text, info=editable("Story", group="notes"))

    with pytest.raises(ValueError, match="max_len"):
        editable_fields(Bare)


def test_a_heads_edit_form_offers_the_price_type(seeded):
    client_id = seeded.clients["a1"]
    at = signed_in("head_n", "pages/client.py", query_params={"id": client_id})
    assert not at.exception
    assert "price_type_id" in form_fields(at, rf"edit_client_{client_id}(?:_\d+)?")
