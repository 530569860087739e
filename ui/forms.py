"""Forms that keep what a person typed and show each problem next to its field.

    f = FormState("new_client")
    with st.form(f.key):
        name = f.text("name", t("Name"))
        if st.form_submit_button(t("Create")):
            f.submit(create_client, t("Client created"), name=name)

On refusal nothing is written, the typed values stay, and the messages
appear under their fields. On success the form is emptied (a new key) and
the page reruns with a confirmation. `f.attempt(action, ...)` runs the action
and hands back its result instead (None when refused), for a page that goes on
with it.

The keywords are the action's own: a type checker checks them against the
action's signature (ParamSpec), and a keyword the action does not take raises
TypeError at once, before anything runs (tests/test_form_calls.py checks every
call in pages/ and ui/ without submitting a form).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

import streamlit as st
from sqlalchemy.orm import Session

from db.access import Viewer

from db.errors import DomainError, ValidationError

from .data import run_action
from .lang import error_text, plain_params, t

_FLASH = "crm_flash"
P = ParamSpec("P")
R = TypeVar("R")


def flash(message: str) -> None:
    st.session_state.setdefault(_FLASH, []).append(message)


def show_flash(*, toast: bool = False) -> None:
    """The messages of the last save. With `toast`, each also pops up in the corner, seen
    wherever the person has scrolled to (a long page's message at its top is not)."""
    for message in st.session_state.pop(_FLASH, []):
        st.success(message, icon=":material/check_circle:")
        if toast:
            st.toast(message, icon=":material/check_circle:")


class FormState:
    def __init__(self, name: str):
        self.name = name
        self._round_key = f"crm_form_round.{name}"
        self.slots: dict[str, st.delta_generator.DeltaGenerator] = {}
        self.general: st.delta_generator.DeltaGenerator | None = None

    @property
    def key(self) -> str:
        return f"{self.name}.{st.session_state.get(self._round_key, 0)}"

    def field(self, field: str) -> str:
        """A widget key that changes when the form is emptied after a success."""
        return f"{self.key}.{field}"

    def slot(self, field: str) -> None:
        """Where this field's message goes: call right after the widget."""
        self.slots[field] = st.empty()

    def widget(self, field: str, make, *args, **kwargs):
        """`make(label, ..., key=...)` — any st input — followed by this field's message slot."""
        value = make(*args, key=self.field(field), **kwargs)
        self.slot(field)
        return value

    def text(self, field: str, label: str, **kwargs) -> str:
        return self.widget(field, st.text_input, label, **kwargs)

    def area(self, field: str, label: str, **kwargs) -> str:
        return self.widget(field, st.text_area, label, **kwargs)

    def select(self, field: str, label: str, options, **kwargs):
        return self.widget(field, st.selectbox, label, options, **kwargs)

    def number(self, field: str, label: str, **kwargs):
        kwargs.setdefault("format", number_format(kwargs.get("step")))
        return self.widget(field, st.number_input, label, **kwargs)

    def date(self, field: str, label: str, **kwargs):
        return self.widget(field, st.date_input, label, **kwargs)

    def top(self) -> None:
        """Where messages not about one field go (call at the top of the form)."""
        self.general = st.empty()

    def show(self, exc: DomainError) -> None:
        unplaced = []
        if isinstance(exc, ValidationError):
            for field, (message, params) in exc.errors.items():
                slot = self.slots.get(field)
                text = t(message, **plain_params(params))
                if slot is None:
                    unplaced.append(text)
                else:
                    slot.error(text, icon=":material/error:")
        else:
            unplaced.append(error_text(exc))
        for text in unplaced:
            (self.general or st).error(text, icon=":material/error:")

    def submit(self, action: Callable[Concatenate[Session, Viewer, P], R], success: str | None = None, /,
               *args: P.args, **kwargs: P.kwargs) -> None:
        """Run the action; on success flash `success`, empty the form and rerun; on refusal show why."""
        refused, _ = self._run(action, *args, **kwargs)
        if refused:
            return
        if success:
            flash(success)
        self.renew()
        st.rerun()

    def renew(self) -> None:
        """Empty the form: a new key, so its widgets start from their defaults on the next run."""
        st.session_state[self._round_key] = st.session_state.get(self._round_key, 0) + 1

    def attempt(self, action: Callable[Concatenate[Session, Viewer, P], R], /,
                *args: P.args, **kwargs: P.kwargs) -> R | None:
        """Run the action and return its result; on refusal show why and return None.
        The form keeps its values and the page goes on (flash, switch page or rerun yourself)."""
        return self._run(action, *args, **kwargs)[1]

    def _run(self, action: Callable[Concatenate[Session, Viewer, P], R], /,
             *args: P.args, **kwargs: P.kwargs) -> tuple[bool, R | None]:
        try:
            return False, run_action(action, *args, **kwargs)
        except DomainError as exc:
            self.show(exc)
            return True, None


def number_format(step) -> str | None:
    """A number input's printf format: as many decimals as its step has ("%.0f" for whole
    roubles, "%.1f" for a step of 0.5), never Streamlit's "%0.2f" default ("15190000.00").
    None for a whole-number input (Streamlit's "%d")."""
    if step is None or isinstance(step, int):
        return None
    decimals = 0
    while decimals < 4 and round(step * 10 ** decimals) != step * 10 ** decimals:
        decimals += 1
    return f"%.{decimals}f"
