"""Lists that open their record on a click, and phones and e-mails as links (issue 18).

A click on any cell of a row opens the record in this tab (the table's cell selection
reruns the page, which switches to the record's page with its id in the URL). The first,
narrow column is a real link to the same page (a LinkColumn, `client?id=5`): Streamlit
opens such links in a new tab, so a click on its icon keeps the list where it is; the
grid does not select a cell when its link is clicked. The record's page checks access
itself (a link to a record one may not see says "not found").

Phones and e-mails: `tel:` and `mailto:` links in tables (LinkColumn, showing the number or
the address) and in text (`phone_md`, `email_md`).
"""
from __future__ import annotations

import re
from urllib.parse import quote

import pandas as pd
import streamlit as st

from db.actions.activities import complete_task

from . import tables
from .calendar import time_text as task_time_text
from .forms import FormState
from .lang import date, t
from .text import md_escape

OPEN = "_open"  # the link column's name in the frame handed to the table
OPEN_ICON = ":material/open_in_new:"
TEL_TEXT = r"^tel:(.*)$"  # the LinkColumn's display_text: the number as typed
MAILTO_TEXT = r"^mailto:(.*)$"


def record_url(page: str, record_id) -> str:
    """The record page's address relative to the app's root, e.g. `client?id=5`."""
    return f"{page}?id={int(record_id)}"


def _present(value) -> bool:
    return not pd.isna(value) and str(value).strip() != ""


def tel(phone) -> str | None:
    """`tel:` + the number as typed, percent-encoded (a dialler ignores spaces, brackets and dashes);
    None when empty. Encoded because the grid decodes the shown part and reads a bare "+" as a space."""
    return f"tel:{quote(str(phone).strip(), safe='()-')}" if _present(phone) else None


def mailto(email) -> str | None:
    return f"mailto:{quote(str(email).strip(), safe='@.-_')}" if _present(email) else None


def _dial(phone: str) -> str:
    """The href of a phone: + and digits only (a space would end a markdown link)."""
    return re.sub(r"[^\d+]", "", phone)


def phone_md(phone) -> str:
    """A phone as a markdown `tel:` link showing the number as typed; "—" when empty."""
    if not _present(phone) or not _dial(str(phone)):
        return "—"
    return f"[{md_escape(str(phone).strip())}](tel:{_dial(str(phone))})"


def email_md(email) -> str:
    """An e-mail as a markdown `mailto:` link; as plain text when it could break the link."""
    if not _present(email):
        return "—"
    address = str(email).strip()
    if any(c in address for c in " <>()[]\\`"):
        return md_escape(address)
    return f"[{md_escape(address)}](mailto:{address})"


def contact_links(data: pd.DataFrame, *, phone: str = "phone", email: str = "email") -> tuple[pd.DataFrame, dict]:
    """The frame with its phone and e-mail columns made `tel:`/`mailto:` URLs, and the `links`
    argument of tables.show that shows them as the number and the address."""
    links: dict = {}
    data = data.copy()
    if phone in data:
        data[phone] = data[phone].map(tel)
        links[phone] = (None, TEL_TEXT)
    if email in data:
        data[email] = data[email].map(mailto)
        links[email] = (None, MAILTO_TEXT)
    return data, links


def clicked_row(event) -> int | None:
    """The position of the row clicked in a table shown with `record_list` (a cell or the row's box)."""
    selection = getattr(event, "selection", None)
    if selection is None:
        return None
    rows = list(selection.get("rows", []) if isinstance(selection, dict) else getattr(selection, "rows", []))
    if rows:
        return int(rows[0])
    cells = list(selection.get("cells", []) if isinstance(selection, dict) else getattr(selection, "cells", []))
    if cells:
        return int(cells[0][0])
    return None


def record_list(df: pd.DataFrame, labels: dict[str, str], *, page: str, key: str, id_column: str = "id",
                links: dict | None = None, **kwargs):
    """tables.show of `df` where a click on a row opens the record's page (`page`: "client" for
    pages/client.py) in this tab, and the first column links to it (a new tab). `links` as in
    tables.show (a header None: the column's label)."""
    data = df.assign(**{OPEN: [record_url(page, i) for i in df[id_column]]})
    event = tables.show(data, labels, links={OPEN: ("", OPEN_ICON), **(links or {})}, on_select="rerun",
                        selection_mode=["single-row", "single-cell"], key=key, **kwargs)
    row = clicked_row(event)
    if row is not None and 0 <= row < len(df):
        st.switch_page(f"pages/{page}.py", query_params={"id": int(df.iloc[row][id_column])})
    return event


def task_rows(tasks: pd.DataFrame, *, key: str, when: dict | None = None, close_key: str | None = None) -> None:
    """Open tasks as a compact list, each with its actions in the row (issue 18, item 3): "Done" in
    one click (db/actions/activities.complete_task), the client's card a link, and — with
    `close_key`, the key of the page's close-a-task select box — "Close with a note", which opens
    that form for the row's task. Rows wrap on a phone's screen. `when`: the bucket names."""
    for task in tasks.itertuples():
        task_id = int(task.id)
        with st.container(border=True, horizontal=True, vertical_alignment="center", gap="small",
                          key=f"{key}_row_{task_id}"):
            done = FormState(f"{key}_done_{task_id}_{int(task.version)}")
            if st.button(t("Done"), icon=":material/check:", key=f"{key}_done_{task_id}",
                         help=t("Mark the task done")):
                done.submit(complete_task, t("Task done: «{title}».", title=md_escape(task.title)),
                            task_id=task_id, expected_version=int(task.version))
            bucket = (when or {}).get(getattr(task, "bucket", None))
            theirs = getattr(task, "for_label", None)  # a colleague's task, for their stand-in
            theirs = md_escape(theirs) if _present(theirs) else None
            at = task_time_text({"due_time": getattr(task, "due_time", None),
                                 "duration_minutes": getattr(task, "duration_minutes", None)})  # issue 21
            head = " · ".join(filter(None, [bucket, date(task.due_on), at, theirs]))
            why = getattr(task, "why", None)
            details = " · ".join(md_escape(x) for x in (why, getattr(task, "description", None)) if _present(x))
            st.markdown(f"{head} · **{md_escape(task.title)}**", width="content", help=details or None)
            client_id = getattr(task, "client_id", None)
            if client_id is not None and not pd.isna(client_id) and not pd.isna(getattr(task, "client", None)):
                st.page_link("pages/client.py", label=md_escape(task.client), icon=":material/storefront:",
                             query_params={"id": int(client_id)})
            if close_key is not None:
                st.button(t("Close with a note"), icon=":material/edit_note:", key=f"{key}_close_{task_id}",
                          type="tertiary", on_click=st.session_state.__setitem__, args=(close_key, task_id))
            done.top()


ROW_CLICK = ["single-row", "single-cell"]  # a click on a cell or on the row's box


def pick_on_click(table_key: str, ids: list, target_key: str):
    """An on_select callback: a click on a row of the table `table_key` puts that row's id (of
    `ids`, in the table's row order) into the widget `target_key` — e.g. the contact to edit."""
    def pick() -> None:
        row = clicked_row(st.session_state.get(table_key))
        if row is not None and 0 <= row < len(ids):
            st.session_state[target_key] = ids[row]
    return pick
