"""Showing text people typed inside markdown, as the text itself."""
from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~=$:])")


def md_escape(text) -> str:
    """Escape markdown (and with it any HTML) so typed text shows verbatim; keep line breaks."""
    if text is None:
        return ""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
    return escaped.replace("\r\n", "\n").replace("\n", "  \n")
