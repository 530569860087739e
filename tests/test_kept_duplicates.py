"""The duplicates of every client kept once for the viewers who see everything (issue 19,
queries/duplicates.every_client_twin / every_contact_twin through queries/kept.py): the director's
and the admin's groups come from one computation, equal to a fresh one from the raw tables; a head's
are his own; a client written makes them found again."""
from __future__ import annotations

import streamlit as st
from sqlalchemy.orm import Session

from db.generation import bump_generation
from db.models import Client, Contact
from db.search import client_search_text
from queries import duplicates
from ui import data

from .kept_runs import count_runs


def _commit(engine, *rows) -> list[int]:
    with Session(engine) as session:
        session.add_all(rows)
        session.flush()
        ids = [row.id for row in rows]
        bump_generation(session)
        session.commit()
    st.session_state.pop("crm_generation", None)
    return ids


def _client(name: str, owner_id: int, **fields) -> Client:
    return Client(name=name, owner_id=owner_id, search_text=client_search_text(name, None, None), **fields)


def _fresh(engine, viewer):
    with Session(engine) as session:
        return duplicates.client_twins(session, viewer), duplicates.contact_twins(session, viewer)


def _loaded():
    return data.loader(duplicates.client_twins)(), data.loader(duplicates.contact_twins)()


def test_one_computation_serves_everyone_who_sees_everything(as_viewer, engine, seeded, monkeypatch):
    ran = count_runs(monkeypatch, duplicates, "every_client_twin", "every_contact_twin")
    users = seeded.users
    zenit, _ = _commit(engine, _client("Зенит", users["mgr_b"]), _client("ЗАО «Зенит»", users["mgr_a"]))
    _commit(engine, Contact(client_id=seeded.clients["a1"], full_name="Иван Петров", phone="+7 900 000-00-01"),
            Contact(client_id=seeded.clients["a1"], full_name="Петров Иван", email="ivan@example.ru"))
    director = as_viewer("director")
    first = _loaded()
    assert sorted(ran) == ["every_client_twin", "every_contact_twin"]
    assert first == _fresh(engine, director)
    assert any(zenit in ids for ids, _reasons in first[0]) and first[1]

    ran.clear()
    admin = as_viewer("admin")
    assert _loaded() == first == _fresh(engine, admin)
    assert ran == []  # the director's computation served the admin

    head = as_viewer("head_n")  # a head's own scope: found for him, not the company's
    assert _loaded() == _fresh(engine, head)
    assert ran == []

    _commit(engine, _client("Зенитт", users["mgr_c"]))  # a client written: found again
    director = as_viewer("director")
    again = _loaded()
    assert "every_client_twin" in ran
    assert again == _fresh(engine, director) != first
