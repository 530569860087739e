"""Empty values (issue 17): a NULL read into a frame is None in a text column — falsy, never "nan" —
while numbers keep NaN and their values; `blank` turns any empty cell (None, NaN, NaT, pd.NA) into
"—" (or what is asked), and the letters' fields of a client lacking everything are empty strings."""
from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select, update

from db.models import Client, Contact, Shipment
from db.rules.mailing import merge_values
from i18n.formatting import blank, missing
from queries.frame import frame, text_as_objects


def test_a_null_in_a_text_column_is_none_and_numbers_keep_their_values(world, db):
    db.execute(update(Client).where(Client.id == world.clients["a1"]).values(legal_name=None))
    rows = frame(db, select(Client.id, Client.name, Client.legal_name, Client.credit_limit).order_by(Client.id))
    a1 = rows.set_index("id").loc[world.clients["a1"]]
    assert a1["legal_name"] is None and not a1["legal_name"]
    assert rows["legal_name"].dtype == object and rows["name"].dtype == object
    assert rows["legal_name"].notna().sum() == len(rows) - 1  # the others keep theirs
    assert [Decimal(str(v)) for v in rows["credit_limit"]] == [Decimal("500000")] * len(rows)
    sums = frame(db, select(Shipment.client_id, Shipment.amount).order_by(Shipment.id))
    assert sum(Decimal(str(v)) for v in sums["amount"]) == Decimal("150000.00")


def test_text_as_objects_leaves_numbers_dates_and_duplicate_names_alone():
    df = pd.DataFrame({"a": ["x", None], "n": [1, None], "d": [dt.date(2026, 1, 1), None]})
    df.insert(3, "a2", ["y", None])
    out = text_as_objects(df)
    assert out["a"].tolist() == ["x", None] and out["a2"].tolist() == ["y", None]
    assert out["n"].dtype == "float64" and math.isnan(out["n"][1])
    assert out["d"].tolist() == [dt.date(2026, 1, 1), None]


@pytest.mark.parametrize("value", [None, float("nan"), np.nan, pd.NaT, pd.NA, ""])
def test_blank_of_an_empty_value(value):
    assert blank(value) == "—" and blank(value, "") == ""
    assert missing(value) is not isinstance(value, str)  # "" is blank, but not a missing value


@pytest.mark.parametrize(("value", "text"), [(0, "0"), ("nan", "nan"), ("Анна", "Анна"), (Decimal("1.50"), "1.50")])
def test_blank_of_a_value(value, text):
    assert blank(value) == text and not missing(value)


def test_the_letters_fields_of_a_client_lacking_everything_are_empty(world, db):
    db.execute(update(Client).values(legal_name=None, postal_address=None, legal_address=None))
    db.execute(update(Contact).values(position=None))
    db.execute(update(Contact).where(Contact.client_id == world.clients["a2"]).values(active=False))
    values = merge_values(db, world.viewer("mgr_a"), client_ids=[world.clients["a1"], world.clients["a2"]])
    lonely = values[world.clients["a2"]]
    assert lonely["legal_name"] == "Арктика"  # the name stands in for the legal name
    assert lonely["contact"] == lonely["greeting"] == lonely["position"] == lonely["address"] == ""
    assert all(isinstance(v, str) and v.lower() not in ("nan", "none") for f in values.values() for v in f.values())


def test_a_runs_letters_of_clients_lacking_a_legal_name_contact_and_address_make_files(world, db):
    import io

    from pypdf import PdfReader

    from db.actions.mail_runs import create_mail_run
    from db.mailing.documents import letters_csv, letters_docx, letters_of, letters_pdf
    from queries import mail_runs

    db.execute(update(Client).values(legal_name=None, postal_address=None, legal_address=None))
    db.execute(update(Contact).values(active=False))
    viewer = world.viewer("mgr_a")
    run = create_mail_run(db, viewer, name="Пусто", channel="download", subject="{client} {legal_name}",
                          body="{greeting}, {position} {address} {manager_phone}",
                          client_ids=[world.clients["a1"], world.clients["a2"]])
    letters = letters_of(mail_runs.run_letters(db, viewer, run_id=run.id))
    assert sorted(letter.client for letter in letters) == ["Альфа Строй", "Арктика"]
    assert all(letter.address == "" and letter.to_address == "" for letter in letters)
    texts = [letters_csv(letters).decode(), "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(
        letters_pdf(letters))).pages)]
    letters_docx(letters)  # makes the file
    assert not [text for text in texts if any(w in text.split() for w in ("nan", "None", "NaT", "<NA>"))], texts
