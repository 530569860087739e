"""Showing text people typed inside markdown, as the text itself."""
from __future__ import annotations

import re

from i18n.formatting import blank, missing

__all__ = ["EMPTY", "blank", "md_escape", "missing"]

# What an empty value reads on screen; tables get it as placeholder=EMPTY (Streamlit's own is "None").
EMPTY = "—"

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~=$:])")


def md_escape(text) -> str:
    """Escape markdown (and with it any HTML) so typed text shows verbatim; keep line breaks."""
    if missing(text):  # None, NaN, NaT, pd.NA: nothing to show (not "nan")
        return ""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
    return escaped.replace("\r\n", "\n").replace("\n", "  \n")
