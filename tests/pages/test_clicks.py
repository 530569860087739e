"""Issue 18: lists open their record on a click (item 3), a card's save leaves the person on their
tab with what was saved in view (item 4), phones and e-mails are tel:/mailto: links."""
import datetime as dt
import json

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.generation import bump_generation
from db.models import Activity, Client, Task, utcnow

from .conftest import signed_in


def column_config(frame) -> dict:
    return json.loads(frame.proto.columns)


def test_the_clients_list_links_each_row_to_its_card_and_opens_on_a_cell_click(seeded):
    at = signed_in("mgr_a", "pages/clients.py")
    frame = at.dataframe[0]
    config = column_config(frame)["_open"]
    assert config["type_config"] == {"type": "link", "display_text": ":material/open_in_new:"}
    assert list(frame.proto.column_order)[:2] == ["_open", "name"]  # the link first, then the name
    rows = frame.value.set_index("name")
    assert rows.loc["Альфа Строй", "_open"] == f"client?id={seeded.clients['a1']}"
    assert rows.loc["Арктика", "_open"] == f"client?id={seeded.clients['a2']}"
    # A click on any cell selects it (and the page opens the card), besides the row's box.
    modes = {frame.proto.SelectionMode.Name(m) for m in frame.proto.selection_mode}
    assert modes == {"SINGLE_ROW", "SINGLE_CELL"}


def test_my_day_lists_link_to_the_card(seeded, engine):
    with Session(engine) as s:  # both of Anna's clients silent for long: due for a contact
        s.execute(update(Client).values(created_at=utcnow() - dt.timedelta(days=365)))
        s.execute(update(Activity).values(occurred_at=utcnow() - dt.timedelta(days=200)))
        bump_generation(s)
        s.commit()
    at = signed_in("mgr_a", "pages/my_day.py")
    frame = next(f for f in at.dataframe if f.key == "my_day_contacts")
    assert column_config(frame)["_open"]["type_config"]["type"] == "link"
    assert set(frame.value["_open"]) == {f"client?id={seeded.clients['a1']}", f"client?id={seeded.clients['a2']}"}


def card(login: str, client_id: int, tab: str | None = None):
    params = {"id": client_id, **({"card_tab": tab} if tab else {})}
    return signed_in(login, "pages/client.py", query_params=params)


def test_a_call_logged_on_the_timeline_tab_leaves_the_person_there_seeing_it(seeded, engine):
    at = card("mgr_a", seeded.clients["a1"], tab="Timeline")
    assert at.session_state["card_tab"] == "Timeline"
    subject = next(ti for ti in at.text_input
                   if ti.key and ti.key.startswith("activity_") and ti.key.endswith(".subject"))
    subject.input("Договорились о встрече")
    next(b for b in at.button if b.label == "Log it").click().run()
    assert not at.exception
    # Still on the Timeline tab, the message inside it names what was logged.
    assert at.session_state["card_tab"] == "Timeline"
    timeline = next(tab for tab in at.tabs if tab.label == "Timeline")
    assert [s.value for s in timeline.success] == ["Logged: Call «Договорились о встрече»."]
    # The new entry is first in the feed, marked, and the form above it is folded.
    with Session(engine) as s:
        new_id = s.scalar(select(Activity.id).where(Activity.subject == "Договорились о встрече"))
    assert at.session_state["crm_just_logged"] == new_id
    marked = [m.value for m in timeline.markdown if "Just logged" in m.value]
    assert len(marked) == 1 and "Call" in marked[0]
    feed = [m.value for m in timeline.markdown if m.value.startswith("**")]
    assert feed[0] == "**Договорились о встрече**"  # newest first: the new one on top
    assert next(e for e in timeline.expander if e.label == "Log a call, letter or meeting").proto.expanded \
        is False


def test_a_contact_saved_on_the_contacts_tab_stays_there_named(seeded, engine):
    at = card("mgr_a", seeded.clients["a2"], tab="Contacts")
    name = next(ti for ti in at.text_input
                if ti.key and ti.key.startswith("contact_") and ti.key.endswith(".full_name"))
    name.input("Пётр Петров")
    next(b for b in at.button if b.label == "Add the contact").click().run()
    assert not at.exception
    assert at.session_state["card_tab"] == "Contacts"
    contacts = next(tab for tab in at.tabs if tab.label == "Contacts")
    assert [s.value for s in contacts.success] == ["Contact added: Пётр Петров."]
    assert [toast.value for toast in at.toast] == ["Contact added: Пётр Петров."]  # seen wherever scrolled
    # Editing one: chosen from the tab, saved, still on the tab, named.
    with Session(engine) as s:
        from db.models import Contact
        contact_id = s.scalar(select(Contact.id).where(Contact.full_name == "Контакт Арктика"))
    at.selectbox(key=f"edit_contact_{seeded.clients['a2']}").select(contact_id).run()
    position = next(ti for ti in at.text_input if ti.key and ti.key.startswith(f"contact_{seeded.clients['a2']}_"
                                                                              f"{contact_id}_")
                    and ti.key.endswith(".position"))
    position.input("Снабженец")
    contacts = next(tab for tab in at.tabs if tab.label == "Contacts")
    next(b for b in contacts.button if b.label == "Save").click()  # the contact form's, not the client's
    at.run()
    assert not at.exception
    assert at.session_state["card_tab"] == "Contacts"
    contacts = next(tab for tab in at.tabs if tab.label == "Contacts")
    assert [s.value for s in contacts.success] == ["Contact saved: Контакт Арктика."]


def test_a_task_is_done_in_one_click_on_my_day_and_on_the_card(seeded, engine):
    with Session(engine) as s:
        call_back = s.scalar(select(Task).where(Task.title == "Перезвонить"))
        offer = s.scalar(select(Task).where(Task.title == "Отправить КП"))
    at = signed_in("mgr_a", "pages/my_day.py")
    at.button(key=f"my_day_tasks_done_{call_back.id}").click().run()
    assert not at.exception
    assert "Task done: «Перезвонить»." in [s.value for s in at.success]
    at = card("mgr_a", seeded.clients["a2"], tab="Tasks and deals")
    at.button(key=f"card_tasks_{seeded.clients['a2']}_done_{offer.id}").click().run()
    assert not at.exception
    assert "Task done: «Отправить КП»." in [s.value for s in at.success]
    assert at.session_state["card_tab"] == "Tasks and deals"
    with Session(engine) as s:
        assert s.get(Task, call_back.id).done and s.get(Task, offer.id).done


def test_my_day_close_with_a_note_opens_the_form_for_that_row(seeded, engine):
    with Session(engine) as s:
        call_back = s.scalar(select(Task).where(Task.title == "Перезвонить"))
    at = signed_in("mgr_a", "pages/my_day.py")
    at.button(key=f"my_day_tasks_close_{call_back.id}").click().run()
    assert at.selectbox(key="my_day_close").value == call_back.id
    assert any(b.label == "Close the task" for b in at.button)


def test_phones_and_e_mails_are_links(seeded, engine):
    with Session(engine) as s:
        s.execute(update(Client).where(Client.id == seeded.clients["a1"])
                  .values(phone="+7 (495) 123-45-67", email="info@alfa.example.ru"))
        bump_generation(s)
        s.commit()
    at = card("mgr_a", seeded.clients["a1"])
    blob = "\n".join(m.value for m in at.markdown)
    assert r"[\+7 \(495\) 123\-45\-67](tel:+74951234567)" in blob
    assert r"[info@alfa\.example\.ru](mailto:info@alfa.example.ru)" in blob
    # The contacts table: the phone and the e-mail are link columns showing the number and the address.
    frame = next(f for f in at.dataframe if "full_name" in f.value.columns)
    config = column_config(frame)
    assert config["phone"]["type_config"] == {"type": "link", "display_text": "^tel:(.*)$"}
    assert config["email"]["type_config"] == {"type": "link", "display_text": "^mailto:(.*)$"}
    assert config["phone"]["label"] == "Phone"
    # Encoded: the grid shows the decoded part ("+7 (495) 000-00-01"), a bare "+" would read as a space.
    assert list(frame.value["phone"]) == ["tel:%2B7%20(495)%20000-00-01"]
    assert list(frame.value["email"]) == ["mailto:contact1@a1.example.ru"]


def test_the_products_lists_link_to_the_product(seeded):
    at = signed_in("mgr_c", "pages/products.py")
    frame = next(f for f in at.dataframe if f.key == "kb_table")
    assert column_config(frame)["_open"]["type_config"]["type"] == "link"
    assert list(frame.value["_open"]) == [f"product?id={seeded.product_id}"]
    card_at = card("mgr_a", seeded.clients["a1"], tab="Shipments")  # Альфа Строй bought the product this month
    frame = next(f for f in card_at.dataframe if f.key == f"client_products_{seeded.clients['a1']}")
    assert list(frame.value["_open"]) == [f"product?id={seeded.product_id}"]


def test_the_funnels_stalled_deals_and_the_abc_list_link_to_their_records(seeded, engine):
    from db.models import Deal, Shipment

    with Session(engine) as s:  # Anna's deal idle for 40 days
        s.execute(update(Deal).where(Deal.title == "Поставка крепежа")
                  .values(stage_entered_at=utcnow() - dt.timedelta(days=40)))
        deal_id = s.scalar(select(Deal.id).where(Deal.title == "Поставка крепежа"))
        assert s.scalar(select(Shipment.client_id).where(Shipment.manager_id == seeded.users["mgr_a"])) \
            == seeded.clients["a1"]
        bump_generation(s)
        s.commit()
    at = signed_in("mgr_a", "pages/funnel.py")
    frame = next(f for f in at.dataframe if f.key == "stalled_table")
    assert column_config(frame)["_open"]["type_config"]["type"] == "link"
    assert list(frame.value["_open"]) == [f"deal?id={deal_id}"]
    at = signed_in("mgr_a", "pages/abc.py")
    frame = next(f for f in at.dataframe if f.key == "abc_table")
    assert set(frame.value["_open"]) == {f"client?id={seeded.clients['a1']}", f"client?id={seeded.clients['a2']}"}


def test_the_cards_deals_and_contacts_open_on_a_click(seeded, engine):
    from db.models import Deal

    with Session(engine) as s:
        deal_id = s.scalar(select(Deal.id).where(Deal.title == "Поставка крепежа"))
    at = card("mgr_a", seeded.clients["a1"])
    deals = next(f for f in at.dataframe if f.key == f"client_deals_{seeded.clients['a1']}")
    assert list(deals.value["_open"]) == [f"deal?id={deal_id}"]
    contacts = next(f for f in at.dataframe if f.key == f"edit_contact_{seeded.clients['a1']}_table")
    modes = {contacts.proto.SelectionMode.Name(m) for m in contacts.proto.selection_mode}
    assert modes == {"SINGLE_ROW", "SINGLE_CELL"}  # a click on a contact's row opens it for editing


def test_the_chosen_tab_belongs_to_its_page(seeded):
    """Session state is shared by the pages of a session: the card's tab does not leak into My day's
    tabs, and the next card opens on its first tab."""
    at = card("mgr_a", seeded.clients["a1"], tab="Timeline")
    at.query_params.clear()
    at.switch_page("pages/my_day.py").run()
    assert not at.exception
    assert at.session_state["my_day_tab"] == "Tasks"
    at.query_params["id"] = str(seeded.clients["a2"])
    at.switch_page("pages/client.py").run()
    assert not at.exception
    assert at.title[0].value == "Арктика" and at.session_state["card_tab"] == "Overview"


def test_my_day_draws_the_most_overdue_tasks_and_more_on_request(seeded, engine):
    """A long task list is drawn TASK_PAGE rows at a time (issue 19: the rows were half the page's
    run); "Show more" adds the next ones, and every open task stays in the close-a-task box."""
    from db import access

    with Session(engine) as session:
        session.add_all([Task(assignee_id=seeded.users["mgr_a"], client_id=seeded.clients["a1"],
                              title=f"Call back {n}", due_on=access.today() - dt.timedelta(days=n % 5))
                         for n in range(40)])
        session.commit()
    at = signed_in("mgr_a", "pages/my_day.py")
    assert not at.exception
    done_buttons = [b for b in at.button if b.key and b.key.startswith("my_day_tasks_done_")]
    assert len(done_buttons) == 25  # TASK_PAGE
    total = 40 + 2  # and the world's own two
    assert any(f"25 most overdue of {total}" in c.value for c in at.caption)
    assert len(at.selectbox(key="my_day_close").options) == total
    at.button(key="my_day_more_tasks").click().run()
    assert len([b for b in at.button if b.key and b.key.startswith("my_day_tasks_done_")]) == total
    assert not [b for b in at.button if b.key == "my_day_more_tasks"]


def shape(node, path=()) -> list[tuple]:
    """Every element under `node` by its place: (indices from `node`, type, key)."""
    found = []
    for index, child in sorted(getattr(node, "children", {}).items()):
        here = (*path, index)
        found.append((here, child.type, getattr(child, "key", None)))
        found.extend(shape(child, here))
    return found


def test_a_tab_has_the_same_elements_whether_it_was_open_or_not(seeded):
    """The browser keeps what is being typed into a tab just clicked only if the tab's rerun draws the
    same elements in the same places: a slot added to the open tab alone moved the call form one place
    down, and a subject typed during that rerun was emptied (the multi-server run's lost subject)."""
    client_id = seeded.clients["a1"]
    closed = {tab.label: shape(tab) for tab in card("mgr_a", client_id, tab="Overview").tabs}
    opened = card("mgr_a", client_id, tab="Timeline")
    timeline = next(tab for tab in opened.tabs if tab.label == "Timeline")
    assert any(key and key.endswith(".subject") for _, _, key in shape(timeline))
    assert shape(timeline) == closed["Timeline"]
    contacts = {tab.label: shape(tab) for tab in card("mgr_a", client_id, tab="Contacts").tabs}
    assert contacts["Contacts"] == closed["Contacts"]
