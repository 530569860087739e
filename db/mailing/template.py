"""Letter templates: `{field}` placeholders filled per recipient; `{{` and `}}` are literal braces.

Only plain field names are allowed — no attribute access, indexing or format
specs — so a template can never reach into Python objects.
"""
from __future__ import annotations

import string

from i18n import N_
from i18n.formatting import blank

from ..rules.validate import Checks

# field -> what it holds (message ids, shown in the editor's help)
FIELDS: dict[str, str] = {
    "client": N_("the client's name"),
    "legal_name": N_("the client's legal name"),
    "contact": N_("the contact's full name"),
    "greeting": N_("how to address the contact (name and patronymic)"),
    "position": N_("the contact's position"),
    "manager": N_("the client's manager"),
    "manager_phone": N_("the manager's phone"),
    "manager_email": N_("the manager's e-mail"),
    "products": N_("the product groups the client buys"),
    "new_products": N_("the products marked new in the knowledge base"),
    "address": N_("the client's postal address"),
    "today": N_("today's date"),
}
_FORMATTER = string.Formatter()


def template_problem(text: str) -> tuple[str, dict] | None:
    """Why the template cannot be filled (a message id and its params), or None."""
    try:
        parts = list(_FORMATTER.parse(text))
    except ValueError:
        return N_("Unbalanced braces: write {{ and }} for a brace itself."), {}
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in FIELDS:
            return N_("Unknown field {{{name}}}. Available: {fields}."), {
                "name": name, "fields": ", ".join("{" + f + "}" for f in FIELDS)}
        if spec or conversion:
            return N_("Write the field as {{{name}}}, without a format."), {"name": name}
    return None


def check_template(v: Checks, field: str, text, *, max_len: int, multiline: bool) -> str | None:
    value = v.text(field, text, max_len=max_len, required=True, multiline=multiline)
    if value is not None:
        problem = template_problem(value)
        if problem:
            v.fail(field, problem[0], **problem[1])
            return None
    return value


def render(text: str, values: dict[str, str]) -> str:
    """The template with every field filled (an empty value for a missing one)."""
    out = []
    for literal, name, _spec, _conversion in _FORMATTER.parse(text):
        out.append(literal)
        if name is not None:
            out.append(blank(values.get(name), ""))
    return "".join(out)


def addressee(full_name: str | None) -> str:
    """Name and patronymic of a Russian full name ("Иванов Иван Петрович" → "Иван Петрович"),
    else the name as written."""
    parts = (full_name or "").split()
    if len(parts) == 3 and parts[2].lower().endswith(("вич", "вна", "ична", "ич")):
        return f"{parts[1]} {parts[2]}"
    return " ".join(parts)
