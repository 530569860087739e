"""Import and export: files in, files out, every row accounted for.

    reading.py   a CSV or .xlsx file as a table: encoding, separator, decimal mark and
                 date format detected (and reported, for the person to confirm)
    values.py    cells to numbers and dates in the file's own conventions
    mapping.py   which column feeds which field, value translations, defaults (a JSON format)
    kinds/       what can be imported: clients, contacts, deals, shipments, products,
                 users, departments — each checks a row with the app's own rules and
                 writes in bulk, upserting by a key
    importer.py  the run: whole-file checks first, then rows in batches; the summary
    export.py    lists to .xlsx and CSV (always through an access-filtered query)
    __main__.py  `python -m db.io import|export ...` for scripts and large files

Never imports streamlit: the command line and the tests use it as it is.
"""
