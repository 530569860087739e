"""A long list a page at a time (issue 19): what the browser is sent stays bounded however long
the list, and the reader is told how long it is ("Rows 1–20 of 5,312").

    pager = Pager("audit_page", size=200, scope=filters)   # a new scope (other filters): page 1
    rows = query(limit=pager.size, offset=pager.offset(total))
    ... show rows ...
    pager.controls(total)

The page number lives in the session (`key`); it is kept within the list's pages, so a list
that got shorter (a merge, a handover) never shows an empty page. The buttons change it in
their callbacks: the rerun they make already shows the new page.
"""
from __future__ import annotations

import streamlit as st

from .lang import number, t


class Pager:
    def __init__(self, key: str, *, size: int, scope: object = None) -> None:
        self.key, self.size = key, size
        scope_key = f"{key}__scope"
        if scope is not None and st.session_state.get(scope_key) != repr(scope):
            st.session_state[scope_key] = repr(scope)
            st.session_state[key] = 0

    def pages(self, total: int) -> int:
        return max(1, -(-int(total) // self.size))

    def page(self, total: int) -> int:
        """The page shown (from 0), within the list's pages."""
        stored = st.session_state.get(self.key, 0)
        page = min(max(int(stored) if isinstance(stored, int) else 0, 0), self.pages(total) - 1)
        st.session_state[self.key] = page
        return page

    def offset(self, total: int) -> int:
        return self.page(total) * self.size

    def slice(self, total: int) -> slice:
        start = self.offset(total)
        return slice(start, start + self.size)

    def reset(self) -> None:
        st.session_state[self.key] = 0

    def _go(self, page: int) -> None:
        st.session_state[self.key] = page

    def controls(self, total: int) -> None:
        """"Rows 21–40 of 312" and, when there is more than one page, Previous and Next."""
        total = int(total)
        if total <= 0:
            return
        page, pages = self.page(total), self.pages(total)
        first, last = page * self.size + 1, min((page + 1) * self.size, total)
        text = t("Rows {first}–{last} of {total}", first=number(first), last=number(last), total=number(total))
        if pages == 1:
            st.caption(text)
            return
        left, mid, right = st.columns([1, 3, 1], vertical_alignment="center")
        left.button(t("Previous"), disabled=page == 0, icon=":material/chevron_left:", key=f"{self.key}_prev",
                    on_click=self._go, args=(page - 1,))
        mid.caption(f"{text} · {t('Page {page} of {pages}', page=number(page + 1), pages=number(pages))}")
        right.button(t("Next"), disabled=page + 1 >= pages, icon=":material/chevron_right:", key=f"{self.key}_next",
                     on_click=self._go, args=(page + 1,))
