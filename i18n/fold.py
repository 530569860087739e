"""Fold the feature dicts (i18n/ru_<feature>.py) into the .po and bring it up to date with the code.

    .venv/bin/python -m i18n.fold            # write the .po; list what the dicts had that the code no longer uses
    .venv/bin/python -m i18n.fold --delete   # ... and delete the dict files once folded

It does what `pybabel extract` + `pybabel update --ignore-obsolete --no-fuzzy-matching`
do, after filling the .po's empty entries from the dicts. A dict translation
that differs from the .po's is reported and the .po's is kept.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from . import DOMAIN, _split, dict_catalogs, po_path
from .extract import extract_catalog


def fold(lang: str = "ru", *, delete: bool = False, out=sys.stdout) -> Catalog:
    path = po_path(lang)
    if path.exists():
        with path.open("rb") as f:
            catalog = read_po(f, locale=lang, domain=DOMAIN)
    else:
        catalog = Catalog(locale=lang, domain=DOMAIN, project="Sales CRM", charset="utf-8",
                          msgid_bugs_address="", copyright_holder="", language_team="Russian")
    dicts = dict_catalogs(lang)
    for name, entries in dicts.items():
        for key, text in entries.items():
            context, msgid = _split(key)
            known = catalog.get(msgid, context)
            if known is None:
                catalog.add(msgid, text, context=context)
            elif not known.string or known.fuzzy:
                known.string, known.flags = text, known.flags - {"fuzzy"}
            elif known.string != text:
                print(f"{name}: {msgid!r} kept as {known.string!r}, not {text!r}", file=out)
    template = extract_catalog()
    catalog.update(template, no_fuzzy_matching=True)
    for key in sorted(catalog.obsolete, key=str):
        print(f"unused, dropped: {key!r}", file=out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, ignore_obsolete=True)
    untranslated = [m.id for m in catalog if m.id and not m.string]
    for msgid in untranslated:
        print(f"untranslated: {msgid!r}", file=out)
    if delete:
        for name in dicts:
            Path(__file__).with_name(f"{name}.py").unlink()
            print(f"deleted i18n/{name}.py", file=out)
    return catalog


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="ru")
    parser.add_argument("--delete", action="store_true", help="delete the folded dict files")
    args = parser.parse_args()
    fold(args.lang, delete=args.delete)
