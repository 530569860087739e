"""Markdown injection (issue 15, item 5): whatever a person typed — a client's name, legal
name, addresses, website, notes; a contact's name; a deal's title; a product's name; a task;
a person's name — is shown as text on every page, as every role: no image fetched, no link,
no colour, no HTML, no formula rendered."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Activity, Client, Contact, Deal, Product, Role, Task, User
from ui.navigation import pages_for
from ui.text import md_escape

from .conftest import signed_in

EVIL = "![x](http://evil.example/a.png) [click](http://evil.example/) :red[red] <img src=x> $$x^2$$ **b**"
# What must never reach a markdown-rendering element unescaped:
RAW = [re.compile(r"(?<!\\)\]\(http"), re.compile(r"(?<!\\):red\[red"), re.compile(r"(?<!\\)<img"),
       re.compile(r"(?<![\\$])\$\$x"), re.compile(r"(?<!\\)\*\*b")]
LOGIN_OF = {Role.MANAGER: "mgr_a", Role.HEAD: "head_n", Role.DIRECTOR: "director", Role.ADMIN: "admin"}


@pytest.fixture
def hostile(seeded, engine):
    with Session(engine) as s:
        client = s.get(Client, seeded.clients["a1"])
        for field in ("name", "legal_name", "legal_address", "postal_address", "website", "notes"):
            setattr(client, field, f"{field} {EVIL}")
        client.search_text = client.name.lower()
        s.get(Client, seeded.clients["b1"]).parent_id = client.id  # a holding: names on both cards
        for contact in s.scalars(select(Contact).where(Contact.client_id == client.id)):
            contact.full_name = f"contact {EVIL}"
            contact.position = f"position {EVIL}"
        for deal in s.scalars(select(Deal).where(Deal.client_id == client.id)):
            deal.title = f"deal {EVIL}"
        for task in s.scalars(select(Task).where(Task.client_id == client.id)):
            task.title, task.description = f"task {EVIL}", f"details {EVIL}"
        for activity in s.scalars(select(Activity).where(Activity.client_id == client.id)):
            activity.subject, activity.body = f"subject {EVIL}", f"body {EVIL}"
        s.get(Product, seeded.product_id).name = f"product {EVIL}"
        s.scalar(select(User).where(User.login == "mgr_a")).full_name = f"Anna {EVIL}"
        deal_id = s.scalar(select(Deal.id).where(Deal.client_id == client.id))
        s.commit()
    return {"client": seeded.clients["a1"], "deal": deal_id, "product": seeded.product_id}


def _bodies(at) -> list[tuple[str, str]]:
    """(element kind, text) of everything Streamlit renders as markdown."""
    found = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success",
                 "toast"):
        for element in getattr(at, kind, []):
            found.append((kind, str(element.value)))
    for metric in at.metric:
        found.append(("metric", f"{metric.label} {metric.value}"))
    for kind in ("expander", "tabs"):
        for element in getattr(at, kind):
            found.append((kind, str(element.label)))
    for kind in ("selectbox", "multiselect", "radio", "text_input", "text_area", "number_input", "date_input",
                 "checkbox", "toggle", "button"):
        for widget in getattr(at, kind):
            found.append((f"{kind} label", str(widget.label)))
    for radio in at.radio:
        found.extend(("radio option", str(o)) for o in radio.options)
    for link in at.get("page_link"):
        found.append(("page_link", link.proto.label))
    return found


CASES = [(role, spec.path, spec.entity) for role in Role for spec in pages_for(role)]


@pytest.mark.parametrize(("role", "path", "entity"), CASES, ids=[f"{r.value}-{p}" for r, p, _ in CASES])
def test_typed_text_is_shown_as_text(hostile, role, path, entity):
    at = signed_in(LOGIN_OF[role], path, query_params={"id": hostile[entity]} if entity else None)
    assert not at.exception, at.exception[0].message if at.exception else ""
    assert not at.get("imgs"), "an image element"
    rendered = [f"{kind}: {body!r}" for kind, body in _bodies(at) if any(p.search(body) for p in RAW)]
    assert not rendered, f"{path} as {role.value} renders typed markdown:\n" + "\n".join(rendered)


def test_the_card_shows_the_typed_text_escaped(hostile):
    at = signed_in("director", "pages/client.py", query_params={"id": hostile["client"]})
    assert at.title[0].value.startswith(md_escape(f"name {EVIL}"))
    shown = "\n".join(body for _, body in _bodies(at))
    for field in ("legal_name", "legal_address", "postal_address", "website", "notes"):
        assert md_escape(f"{field} {EVIL}") in shown, field
    at = signed_in("director", "pages/deal.py", query_params={"id": hostile["deal"]})
    assert at.title[0].value == md_escape(f"deal {EVIL}")
    at = signed_in("director", "pages/product.py", query_params={"id": hostile["product"]})
    assert at.title[0].value.startswith(md_escape(f"product {EVIL}"))
