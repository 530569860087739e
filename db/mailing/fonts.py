"""A TrueType font with Cyrillic letters for the PDFs (PDF's built-in fonts have none).

`CRM_PDF_FONT` (a .ttf path) wins; otherwise DejaVu Sans or Liberation Sans where
Debian (fonts-dejavu-core, fonts-liberation) and other systems put them, then fontconfig.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from ..errors import DomainError

CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/liberation/LiberationSans-Regular.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/arial.ttf",
]
BOLD = {"DejaVuSans.ttf": "DejaVuSans-Bold.ttf", "LiberationSans-Regular.ttf": "LiberationSans-Bold.ttf",
        "arial.ttf": "arialbd.ttf"}


@lru_cache(maxsize=1)
def font_files() -> tuple[str, str]:
    """(regular, bold) paths; bold is the regular one where no bold face is found."""
    regular = os.environ.get("CRM_PDF_FONT") or next((p for p in CANDIDATES if Path(p).is_file()), None)
    if regular is None and shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{file}", "sans-serif:lang=ru"], capture_output=True,
                               text=True, timeout=10, check=False).stdout.strip()
        regular = found if found.lower().endswith(".ttf") and Path(found).is_file() else None
    if regular is None or not Path(regular).is_file():
        raise DomainError("No font with Cyrillic letters was found for the PDF: install fonts-dejavu-core "
                          "or set CRM_PDF_FONT to a .ttf file.")
    bold = Path(regular).with_name(BOLD.get(Path(regular).name, Path(regular).name))
    return regular, str(bold if bold.is_file() else regular)
