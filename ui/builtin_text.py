"""Streamlit's own words in the person's language.

Streamlit writes some texts itself, in English only: "Press Enter to submit form" under a form's
field, "Upload" and "200MB per file" in a file drop zone, "No results" in a select's search,
the table's toolbar ("Search", "Download as CSV", "Fullscreen") and column menu ("Sort
ascending", "Hide column"), "Choose an option" in a select without a placeholder. It has no
setting for their language (1.67), and its "localized" number and date formats follow the
browser's locale, not the language the person chose here.

`apply()` runs once per script run (app.py) and sends a small script to the page that
- makes the page's `navigator.language(s)` the person's language, so what Streamlit formats
  "localized" (the editable cells of the plan grid) reads "4 266 945" in Russian whatever the
  browser's own locale; and
- translates those built-in texts where Streamlit puts them (its widgets, tooltips, menus and
  popovers only: a client called "Stop" in a table stays "Stop"), now and whenever they appear.

Tables with no rows are not drawn by Streamlit's grid at all (ui/tables.py): the grid paints
"empty" on its canvas, out of any script's reach.
"""
from __future__ import annotations

import functools
import json

import streamlit as st

from i18n import N_, translate

from .lang import language

# Streamlit 1.67's own texts (streamlit/static/static/js), each shown whole in one text node.
BUILTIN = [
    N_("Press Enter to submit form"), N_("Press Enter to apply"),
    N_("Press Ctrl+Enter to submit form"), N_("Press Ctrl+Enter to apply"),
    N_("Press ⌘+Enter to submit form"), N_("Press ⌘+Enter to apply"),
    N_("Choose options"), N_("Choose an option"), N_("No options to select"), N_("No results"),
    N_("Clear all"), N_("Clear value"), N_("Select all"), N_("Add an option"),
    N_("Upload"), N_("Drag and drop a file here"), N_("Drag and drop files here"), N_("Add files"),
    N_("Download as CSV"), N_("Search"), N_("Fullscreen"), N_("Close fullscreen"), N_("Show/hide columns"),
    N_("Add row"), N_("Sort ascending"), N_("Sort descending"), N_("Hide column"), N_("Pin column"),
    N_("Unpin column"), N_("Autosize"), N_("Format"), N_("Copy column name"), N_("Clear selection"),
    N_("Automatic"), N_("Localized"), N_("Plain"), N_("Compact"), N_("Percent"), N_("Scientific"),
    N_("Accounting"), N_("Show password"), N_("Hide password"), N_("Running..."), N_("Stop"),
    N_("Page not found"), N_("The page that you have requested does not seem to exist. Running the app's main page."),
    N_("Skip to main content"), N_("Choose date"), N_("Choose date range"), N_("Choose date and time"),
    N_("Use arrow keys to navigate dates. Enter to select. Escape to close."),
]
# Texts that begin with one of these, then ", ": the calendar's "Choose date, декабрь 2026 г.".
PREFIXED = ("Choose date range", "Choose date and time", "Choose date")
SIZE_LIMIT = N_("up to {size} MB per file")  # Streamlit: "200MB per file"

# Where Streamlit's own texts live; a text elsewhere (a heading, a cell, a label) is never touched.
SCOPES = ", ".join([
    "[data-testid='InputInstructions']", "[data-testid='stFileUploader']", "[data-baseweb='select']",
    "[data-baseweb='popover']", "[data-baseweb='tooltip']", "[data-baseweb='menu']", "[role='tooltip']",
    "[role='listbox']", "[role='menu']", "[data-testid='stElementToolbar']", "[data-testid='stTooltipContent']",
    "[data-testid='stStatusWidget']", "[data-testid='stDataFrameColumnMenu']",
    "[data-testid='stDataFrameColumnFormattingMenu']", "[data-testid='stTextInputRootElement']",
    "[role='dialog']", "[data-testid='stSkipToContent']", "[data-testid='stDateInputCalendar']",
    "[data-testid='stDateInputField']",
])

# A metric's value is cut with "…" when its column is narrow ("RUB 97,060,5…"): a sum must be read
# whole, so the value is a little smaller than Streamlit's and wraps instead of being cut.
BROWSER_LOCALES = {"ru": "ru-RU", "en": "en-US"}

_SCRIPT = """<script>
(() => {
  const w = window, doc = document;
  const locale = %(locale)s;
  for (const name of ["language", "languages"]) {
    try {
      Object.defineProperty(w.navigator, name, {configurable: true,
        get: () => name === "language" ? locale : [locale]});
    } catch (e) { /* a browser that refuses: its own locale stays */ }
  }
  const exact = new Map(%(exact)s);
  const sizeLimit = %(size)s;
  const scopes = %(scopes)s;
  const prefixed = %(prefixed)s;
  const translate = (node) => {
    const text = node.nodeValue;
    if (!text || !text.trim()) return;
    const parent = node.parentElement;
    if (!parent || !parent.closest(scopes)) return;
    const key = text.trim();
    let done = exact.get(key);
    if (done === undefined) {
      const start = prefixed.find((p) => key.startsWith(p + ",") && exact.has(p));
      const m = key.match(/^(\\d+(?:\\.\\d+)?)\\s?MB per file$/);
      if (start) done = exact.get(start) + key.slice(start.length);
      else if (m) done = sizeLimit.replace("{size}", m[1]);
      else return;
    }
    const changed = text.replace(key, done);
    if (changed !== text) node.nodeValue = changed;
  };
  const attrs = (el) => {
    for (const a of ["placeholder", "aria-label", "title"]) {
      const v = el.getAttribute && el.getAttribute(a);
      if (v && exact.has(v) && el.closest(scopes)) el.setAttribute(a, exact.get(v));
    }
  };
  const walk = (root) => {
    if (root.nodeType === 3) { translate(root); return; }
    if (root.nodeType !== 1) return;
    attrs(root);
    const it = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n = it.nextNode(); n; n = it.nextNode()) n.nodeType === 3 ? translate(n) : attrs(n);
  };
  if (w.__crmBuiltinText) w.__crmBuiltinText.disconnect();
  if (!exact.size) return;
  const observer = new MutationObserver((changes) => {
    for (const c of changes) {
      if (c.type === "characterData") translate(c.target);
      else if (c.type === "attributes") attrs(c.target);
      else c.addedNodes.forEach(walk);
    }
  });
  observer.observe(doc.body, {childList: true, subtree: true, characterData: true, attributes: true,
                              attributeFilter: ["placeholder", "aria-label", "title"]});
  w.__crmBuiltinText = observer;
  walk(doc.body);
})();
</script>"""


def translations(lang: str | None = None) -> dict[str, str]:
    """{Streamlit's English: the person's language} — empty in English."""
    lang = lang or language()
    if lang == "en":
        return {}
    pairs = ((msgid, translate(msgid, lang)) for msgid in BUILTIN)
    return {msgid: text for msgid, text in pairs if text != msgid}


def _js(value) -> str:
    """A value as a JavaScript literal inside <script>: a "</" in a text cannot close the element."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def script(lang: str | None = None) -> str:
    return _script(lang or language())


@functools.cache  # the same text for every run in a language (the catalogs load once per process)
def _script(lang: str) -> str:
    return _SCRIPT % {
        "locale": _js(BROWSER_LOCALES.get(lang, lang)),
        "exact": _js(sorted(translations(lang).items())),
        "size": _js(translate(SIZE_LIMIT, lang, size="{size}") if lang != "en" else "{size}MB per file"),
        "scopes": _js(SCOPES),
        "prefixed": _js(PREFIXED),
    }


def apply() -> None:
    """Send the script where the caller is (app.py: the end of the sidebar, or of the sign-in
    page): an element at the top of the page would leave a band."""
    # Only our own catalog's texts go into it, as JSON literals (`_js`); nothing a person typed.
    st.html(script(), unsafe_allow_javascript=True)
